"""A new desk's first sync (issue 13): the manifest of its point's snapshot, and the file itself with resume.

`GET /v1/sync/snapshot` answers which snapshot to take (built now if none fits; sync/server/snapshots.py)
or "replay" for a short log. `GET /v1/sync/snapshot/{sha256}` serves the file, whole or from a byte
offset (`Range: bytes=N-` or `bytes=N-M`, answered 206 with Content-Range), as a stream read from disk a
piece at a time. A snapshot of another point, or one no longer kept, is 404 `snapshot_gone`: the desk
drops its partial file and asks for the manifest again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from sync import snapshot
from sync.protocol import PROTOCOL_HEADER
from sync.server import snapshots
from sync.server.deps import DbDep, DeviceDep, SettingsDep
from sync.server.errors import ApiError
from sync.server.routes.desk_sync import check_protocol_header

router = APIRouter()
ShaPath = Annotated[str, PathParam(pattern=r"^[0-9a-f]{64}$")]
_RANGE = re.compile(r"^bytes=(\d{1,15})-(\d{0,15})$")
_PIECE = 64 * 1024


@router.get(snapshot.SNAPSHOT_PATH, response_model=snapshot.SnapshotManifest)
async def manifest(request: Request, db: DbDep, device: DeviceDep, settings: SettingsDep) -> snapshot.SnapshotManifest:
    check_protocol_header(request.headers.get(PROTOCOL_HEADER, ""))
    return await run_in_threadpool(snapshots.manifest, db, settings, device.unit_code)


@router.get(snapshot.SNAPSHOT_PATH + "/{sha256}")
def download(sha256: ShaPath, request: Request, db: DbDep, device: DeviceDep,
             settings: SettingsDep) -> StreamingResponse:
    with db.read() as conn:
        epoch = db.meta(conn, "epoch")
    found = snapshots.find(settings, epoch, device.unit_code, sha256)
    if found is None:
        raise ApiError(404, "snapshot_gone", "Bản chụp dữ liệu này không còn trên máy chủ; máy sẽ tải bản mới.",
                       "This snapshot is not kept any more (or is not of this point): ask for the manifest again.")
    path, made = found
    start, end = _range(request.headers.get("range", ""), made.size)
    headers = {"Accept-Ranges": "bytes", "ETag": f'"{sha256}"', "Content-Length": str(end - start),
               "Cache-Control": "private, max-age=0, no-store",
               "Content-Encoding": "identity"}  # zstd already: the gzip middleware leaves it alone
    status = 200
    if start or end < made.size:
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{made.size}"
    return StreamingResponse(_pieces(path, start, end), status_code=status, headers=headers,
                             media_type="application/octet-stream")


def _range(header: str, size: int) -> tuple[int, int]:
    """[start, end) of the bytes asked for; the whole file without a Range header."""
    if not header:
        return 0, size
    match = _RANGE.match(header.strip())
    if match is None:
        raise ApiError(416, "bad_range", "Yêu cầu một đoạn tệp không hợp lệ.", "Only 'bytes=N-' or 'bytes=N-M'.",
                       {"Content-Range": f"bytes */{size}"})
    start = int(match.group(1))
    end = int(match.group(2)) + 1 if match.group(2) else size
    if start >= size or end <= start:
        raise ApiError(416, "bad_range", "Đoạn tệp yêu cầu nằm ngoài bản chụp.",
                       f"The snapshot has {size} bytes.", {"Content-Range": f"bytes */{size}"})
    return start, min(end, size)


def _pieces(path: Path, start: int, end: int) -> Iterator[bytes]:
    with path.open("rb") as f:
        f.seek(start)
        left = end - start
        while left > 0:
            piece = f.read(min(_PIECE, left))
            if not piece:
                return
            left -= len(piece)
            yield piece
