"""What desks call: health, enrollment, the exchange (push + pull in one round trip), reference bundles."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from sync import wire
from sync.protocol import (
    EVENT_PAYLOADS,
    MAX_EVENT_BYTES,
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    EnrollRequest,
    EnrollResponse,
    ExchangeRequest,
    ExchangeResponse,
    ReferenceBundle,
)
from sync.server import devices, reference, revoked, service
from sync.server.body import media_type, read_body
from sync.server.db import CityDB
from sync.server.deps import DbDep, DeviceDep, PushingDeviceDep
from sync.server.errors import ApiError, invalid
from sync.server.ingest import Forbidden

log = logging.getLogger("city_server.sync")
router = APIRouter()
Model = TypeVar("Model", bound=BaseModel)
_IMMUTABLE = "public, max-age=31536000, immutable"


def _body_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Bodies are read by hand (gzip, size caps); this still publishes their schema in OpenAPI."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


@router.get("/v1/health")
def health() -> dict[str, Any]:
    return {"status": "ok", "protocol": PROTOCOL_VERSION, "min_protocol": MIN_PROTOCOL_VERSION}


@router.get("/v1/schema/payloads")
def payload_schemas() -> dict[str, Any]:
    """Each event kind's payload schema with the shared limits, and the largest event the server takes."""
    return {"max_event_bytes": MAX_EVENT_BYTES,
            "payloads": {kind: model.model_json_schema() for kind, model in EVENT_PAYLOADS.items()}}


@router.post("/v1/enroll", response_model=EnrollResponse, openapi_extra=_body_schema(EnrollRequest))
async def enroll(request: Request, db: DbDep) -> EnrollResponse:
    body = parse(EnrollRequest, await read_body(request))
    check_protocol(body.protocol)
    return await run_in_threadpool(_enroll, db, body)


async def _exchange_slot(request: Request) -> AsyncIterator[None]:
    """Admission control, the exchange's first dependency: before the token is looked up in the database and
    before the body is read, on the event loop (no thread), so a deferred desk costs the server next to
    nothing. Full: the desk comes back after Retry-After rather than wait past its time-out."""
    slots = request.app.state.exchange_slots
    if not slots.acquire(blocking=False):
        raise ApiError(503, "busy", "Máy chủ thành phố đang bận; máy sẽ tự gửi lại sau ít phút.",
                       "Too many exchanges at once; try again later.",
                       headers={"Retry-After": str(request.app.state.settings.busy_retry_s)})
    try:
        yield
    finally:
        slots.release()


@router.post("/v1/sync/exchange", response_model=ExchangeResponse, openapi_extra=_body_schema(ExchangeRequest))
async def exchange(request: Request, _slot: Annotated[None, Depends(_exchange_slot)], db: DbDep,
                   device: PushingDeviceDep) -> ExchangeResponse | Response:
    check_protocol_header(request.headers.get(PROTOCOL_HEADER, ""))
    return await _admitted(request, db, device)


async def _admitted(request: Request, db: CityDB, device: devices.Device) -> ExchangeResponse | Response:
    compact = media_type(request) == wire.MEDIA_TYPE
    if compact and request.headers.get("content-encoding", "").lower() != "zstd":
        raise ApiError(415, "unsupported_encoding", "Dạng gọn phải được nén zstd.",
                       f"{wire.MEDIA_TYPE} comes with Content-Encoding: zstd.")
    raw = await read_body(request)
    # One trip off the event loop for the whole exchange: decoding, hashing, the database and encoding the
    # answer (each hop to the thread pool cost the herd as much as a small push's own work).
    zstd_dict = request.state.zstd_dict if compact else None
    answer = await run_in_threadpool(_serve, db, device, raw, compact, request.app.state.notifier,
                                     request.url.path, zstd_dict)
    if isinstance(answer, bytes):
        return Response(answer, media_type=wire.ANSWER_TYPE)
    return Response(answer.model_dump_json(), media_type="application/json")


def _serve(db: CityDB, device: devices.Device, raw: bytes, compact: bool, notifier: Any, path: str,
           zstd_dict: Any) -> ExchangeResponse | bytes:
    """The exchange on a worker thread: the compact answer packed, the JSON one as its model."""
    body = parse_compact(raw) if compact else parse(ExchangeRequest, raw)
    check_protocol(body.protocol)
    if device.revoked:
        _hold_revoked(db, device, body, path)
    try:
        answer = service.exchange(db, device, body, notifier)
    except Forbidden as exc:
        _log_denied(db, device, path, str(exc))
        raise ApiError(403, "other_point", "Thiết bị chỉ được ghi hồ sơ của điểm tiếp nhận mình.",
                       str(exc)) from None
    return wire.compress(wire.encode_response(answer), zstd_dict) if compact else answer


@router.get("/v1/reference/{version}", response_model=ReferenceBundle)
def reference_version(version: Annotated[int, Path(ge=1, le=2**31 - 1)], db: DbDep, _d: DeviceDep) -> Response:
    with db.read() as conn:
        body = reference.bundle_json(conn, version)
    if body is None:
        raise ApiError(404, "no_such_version", "Không có phiên bản danh mục này.", f"No reference version {version}.")
    # Published versions never change: proxies and desks may cache them for good.
    return Response(body, media_type="application/json", headers={"Cache-Control": _IMMUTABLE})


def parse(model: type[Model], raw: bytes) -> Model:
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        problem = invalid(exc.errors())
        raise ApiError(422, "invalid", problem.reason, problem.reason_en) from None


def parse_compact(raw: bytes) -> ExchangeRequest:
    """The compact request (sync/wire.py): events rebuilt, hashes computed here and checked against the
    digest of the desk's own; on a mismatch the desk sends the batch again as plain JSON."""
    try:
        fields = wire.decode_request(raw)
    except wire.DigestMismatch:
        raise ApiError(409, "resend_plain", "Dữ liệu gọn không khớp; máy sẽ gửi lại dạng thường.",
                       "The events rebuilt from the compact body hash otherwise than the desk's; send JSON.") from None
    except wire.WireError as exc:
        raise ApiError(400, "bad_compact", "Gói dữ liệu gọn bị hỏng.", f"Malformed compact body: {exc}") from None
    try:
        return ExchangeRequest.model_validate(fields)
    except ValidationError as exc:
        problem = invalid(exc.errors())
        raise ApiError(422, "invalid", problem.reason, problem.reason_en) from None


def check_protocol_header(header: str) -> None:
    """Only ASCII digits: str.isdigit() also accepts '²', which int() then refuses (a 500)."""
    if not header:
        return
    if not (header.isascii() and header.isdigit() and len(header) <= 9):
        raise ApiError(400, "bad_protocol_header", f"Tiêu đề {PROTOCOL_HEADER} không hợp lệ.",
                       f"{PROTOCOL_HEADER} must be a protocol number.")
    check_protocol(int(header))


def check_protocol(version: int) -> None:
    if version < MIN_PROTOCOL_VERSION:
        raise ApiError(426, "upgrade_required",
                       "Phiên bản MotCua Desk quá cũ để đồng bộ. Hãy cập nhật chương trình; "
                       "dữ liệu trên máy vẫn an toàn.",
                       f"Desk protocol {version} is older than {MIN_PROTOCOL_VERSION}: update MotCua Desk.")
    if version > PROTOCOL_VERSION:
        raise ApiError(426, "server_too_old",
                       "Máy chủ thành phố cũ hơn chương trình trên máy; hãy báo quản trị thành phố.",
                       f"Desk protocol {version} is newer than the server's {PROTOCOL_VERSION}.")


def _enroll(db: CityDB, body: EnrollRequest) -> EnrollResponse:
    try:
        with db.write() as conn:
            device, token = devices.enroll(conn, body.code, body.desk_id)
            epoch = db.meta(conn, "epoch")
    except devices.EnrollmentError:
        raise ApiError(403, "bad_code", "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn.",
                       "The enrollment code is wrong, used or expired.") from None
    return EnrollResponse(device_id=device.id, token=token, unit_code=device.unit_code, epoch=epoch)


def _hold_revoked(db: CityDB, device: devices.Device, body: ExchangeRequest, path: str) -> None:
    """Store a revoked device's push for an administrator and say so; never accept it (revoked.py)."""
    with db.write() as conn:
        held, fits = revoked.hold(conn, device, body.push, path)
    log.warning("revoked device %s pushed %d events; %d held for review", device.id, len(body.push), held)
    if not fits:
        raise ApiError(401, "revoked_device_full",
                       "Thiết bị này đã bị thu hồi và máy chủ đã giữ đủ số dữ liệu cho phép từ thiết bị này. "
                       "Dữ liệu chưa gửi vẫn còn trên máy: hãy báo quản trị thành phố để đăng ký lại máy.",
                       "Device revoked; its held-for-review quota is full.", {"WWW-Authenticate": "Bearer"})
    raise ApiError(401, "revoked_device",
                   f"Thiết bị này đã bị thu hồi. Máy chủ thành phố đã giữ {held} sự kiện chưa gửi của máy để "
                   "quản trị xem xét (chưa ghi vào hồ sơ). Dữ liệu vẫn còn trên máy và sẽ được gửi khi máy "
                   "được đăng ký lại (desk-app enroll với mã mới).",
                   f"Device revoked: {held} events held in quarantine for review, none accepted.",
                   {"WWW-Authenticate": "Bearer"})


def _log_denied(db: CityDB, device: devices.Device, path: str, reason: str) -> None:
    log.warning("denied device %s on %s: %s", device.id, path, reason)
    with db.write() as conn:
        devices.log_denied(conn, device.id, path, reason)
