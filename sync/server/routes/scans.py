"""The scan transfer (issue 12), apart from the event exchange: offer, resumable chunks, download.

A desk calls these only after its events of the round have gone (sync/scan_client.py), so scans never
delay a dossier. Every route takes a device token; a device sends and reads only scans that a dossier of
its own point names (the city's devices: any point's).
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from sync.scan_wire import (
    MAX_CHUNK_BYTES,
    MAX_SCAN_BYTES,
    OFFSET_HEADER,
    ChunkAnswer,
    ScanOffer,
    ScanOfferAnswer,
    ScanWanted,
)
from sync.server import devices, tables
from sync.server.body import read_body
from sync.server.clock import now_iso
from sync.server.db import CityDB
from sync.server.deps import DbDep, DeviceDep, SettingsDep
from sync.server.errors import ApiError
from sync.server.routes.desk_sync import _body_schema, parse
from sync.server.scans import refs
from sync.server.scans.staging import HashMismatch, OffsetMismatch, Staging
from sync.server.scans.store import ScanDamaged, ScanMissing, ScanStore

log = logging.getLogger("city_server.scans")
router = APIRouter()
ShaPath = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
DossierPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9A-Za-z-]+$")]


def _store(request: Request) -> ScanStore:
    store: ScanStore = request.app.state.scan_store
    return store


def _staging(request: Request) -> Staging:
    staging: Staging = request.app.state.scan_staging
    return staging


@router.post("/v1/scans/offer", response_model=ScanOfferAnswer, openapi_extra=_body_schema(ScanOffer))
async def offer(request: Request, db: DbDep, device: DeviceDep, settings: SettingsDep) -> ScanOfferAnswer:
    body = parse(ScanOffer, await read_body(request))
    store, staging = _store(request), _staging(request)
    answers = await run_in_threadpool(_answer_offer, db, device, body, store, staging)
    return ScanOfferAnswer(scans=answers, chunk_bytes=settings.scans_chunk_bytes,
                           budget_bytes=settings.scan_budget(device.unit_code))


def _answer_offer(db: CityDB, device: devices.Device, body: ScanOffer, store: ScanStore,
                  staging: Staging) -> list[ScanWanted]:
    hashes = [scan.sha256 for scan in body.scans]
    with db.read() as conn:
        named = refs.wanted_by(conn, device, hashes)
        listed = set(conn.execute(select(tables.scans.c.sha256).where(tables.scans.c.sha256.in_(hashes))).scalars())
    answers = []
    for sha in dict.fromkeys(hashes):
        if store.has(sha):
            answers.append(ScanWanted(sha256=sha, status="have"))
            if sha not in listed:  # in the store but not in the database (restored from an older backup)
                _kept(db, sha, store.size(sha) or 0, device.id)
        elif sha in named:
            answers.append(ScanWanted(sha256=sha, status="want", offset=staging.offset(sha)))
        else:
            answers.append(ScanWanted(sha256=sha, status="refused"))
    return answers


@router.put("/v1/scans/{sha256}", response_model=ChunkAnswer)
async def chunk(sha256: ShaPath, request: Request, db: DbDep, device: DeviceDep,
                offset: Annotated[int, Query(ge=0, le=MAX_SCAN_BYTES)],
                size: Annotated[int, Query(ge=1, le=MAX_SCAN_BYTES)]) -> Response:
    await run_in_threadpool(_check_named, db, device, sha256)  # before reading a stranger's megabyte
    data = await _read_chunk(request)
    store, staging = _store(request), _staging(request)
    try:
        held, stored = await run_in_threadpool(staging.append, store, sha256, offset, data, size)
    except OffsetMismatch as exc:
        raise ApiError(409, "offset_mismatch", "Máy chủ đang giữ phần khác của tệp; gửi tiếp từ chỗ máy chủ báo.",
                       f"The city holds {exc.held} bytes of this scan.", {OFFSET_HEADER: str(exc.held)}) from None
    except HashMismatch:
        log.warning("device %s sent scan %s whose bytes do not match its hash; dropped", device.id, sha256)
        raise ApiError(422, "scan_hash_mismatch", "Tệp bản quét nhận được không khớp mã băm; máy chủ đã bỏ, "
                       "máy sẽ gửi lại từ đầu.", "The uploaded bytes do not match the scan's SHA-256.") from None
    if stored:
        await run_in_threadpool(_kept, db, sha256, size, device.id)
    answer = ChunkAnswer(sha256=sha256, offset=held, stored=stored)
    return Response(answer.model_dump_json(), media_type="application/json", headers={OFFSET_HEADER: str(held)})


@router.get("/v1/scans/{sha256}/offset", response_model=ChunkAnswer)
def held_offset(sha256: ShaPath, request: Request, db: DbDep, device: DeviceDep) -> ChunkAnswer:
    _check_named(db, device, sha256)
    size = _store(request).size(sha256)
    if size is not None:
        return ChunkAnswer(sha256=sha256, offset=size, stored=True)
    return ChunkAnswer(sha256=sha256, offset=_staging(request).offset(sha256))


@router.get("/v1/dossiers/{dossier_id}/scans/{sha256}")
def download(dossier_id: DossierPath, sha256: ShaPath, request: Request, db: DbDep, device: DeviceDep) -> Response:
    """A scan for a desk that opens it (a new desk of the point fetches scans only then)."""
    with db.read() as conn:
        unit = conn.execute(select(tables.dossiers.c.unit_code).where(tables.dossiers.c.id == dossier_id)).scalar()
        named = unit is not None and refs.names(conn, dossier_id, sha256)
    if unit is not None and unit != device.unit_code and not device.is_city:
        with db.write() as conn:
            devices.log_denied(conn, device.id, request.url.path, f"scan of point {unit}")
        raise ApiError(403, "other_point", "Thiết bị chỉ được xem bản quét của hồ sơ thuộc điểm tiếp nhận mình.",
                       f"Dossier {dossier_id} belongs to point {unit}.")
    if not named:
        raise ApiError(404, "no_such_scan", "Hồ sơ này không có bản quét đó.",
                       "This dossier names no such scan.")
    try:
        data = _store(request).get(sha256)
    except ScanMissing:
        raise ApiError(404, "scan_not_uploaded", "Bản quét chưa được gửi về thành phố; hãy thử lại sau.",
                       "The scan has not reached the city yet.") from None
    except ScanDamaged:
        log.error("scan %s in the store does not match its hash", sha256)
        raise ApiError(503, "scan_damaged", "Bản quét trên máy chủ bị hỏng; hãy báo quản trị thành phố.",
                       "The stored scan does not match its hash.") from None
    # "identity": a scan does not compress, so the gzip middleware leaves it alone instead of trying.
    return Response(data, media_type="application/pdf",
                    headers={"X-Content-SHA256": sha256, "Cache-Control": "private, max-age=0, no-store",
                             "Content-Encoding": "identity"})


async def _read_chunk(request: Request) -> bytes:
    """One chunk whole, or nothing: a body cut by the link is never appended."""
    declared = request.headers.get("content-length", "")
    if not (declared.isascii() and declared.isdigit()):
        raise ApiError(411, "length_required", "Thiếu độ dài gói dữ liệu.", "Content-Length is required.")
    if int(declared) > MAX_CHUNK_BYTES:
        raise ApiError(413, "chunk_too_large", "Gói bản quét quá lớn.", f"A chunk is at most {MAX_CHUNK_BYTES} bytes.")
    data = bytearray()
    try:
        async for piece in request.stream():
            data += piece
            if len(data) > int(declared):
                break
    except ClientDisconnect:
        raise ApiError(400, "client_disconnected", "Kết nối bị ngắt khi đang gửi.", "Client disconnected.") from None
    if len(data) != int(declared) or not data:
        raise ApiError(400, "incomplete_chunk", "Gói bản quét không đủ độ dài đã khai.",
                       "The chunk does not match its Content-Length.")
    return bytes(data)


def _check_named(db: CityDB, device: devices.Device, sha256: str) -> None:
    with db.read() as conn:
        named = refs.wanted_by(conn, device, [sha256])
    if not named:
        raise ApiError(403, "scan_not_named", "Không hồ sơ nào của điểm tiếp nhận này có bản quét đó.",
                       "No live scan of this device's point names this hash.")


def _kept(db: CityDB, sha256: str, size: int, device_id: str) -> None:
    try:
        with db.write() as conn:
            refs.kept(conn, sha256, size, device_id, now_iso())
    except IntegrityError:  # two desks finished the same scan at once: one row is enough
        pass
