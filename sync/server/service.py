"""One exchange: push first (so the page already holds its effects), then one page of the pull.

The push is one write transaction; the pull reads a snapshot afterwards. A lost answer is harmless:
the desk sends the same events again and gets `duplicate` for each (sync.md 6.12).
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError

from sync.protocol import CLOCK_WARN_MS, PROTOCOL_VERSION, ExchangeRequest, ExchangeResponse, PushResult
from sync.server import desk_accounts, devices, ingest, pull, reference
from sync.server.clock import now_ms
from sync.server.db import CityDB
from sync.server.devices import Device
from sync.server.ingest import StoredHook

_ACKED = ("stored", "duplicate")
_RETRIES = 3  # two devices of one point replaying the same event race on its unique key


def exchange(db: CityDB, device: Device, request: ExchangeRequest, on_stored: StoredHook | None = None,
             ) -> ExchangeResponse:
    offset = now_ms() - request.client_time_ms
    results = _push_with_retry(db, device, request, offset, on_stored)
    with db.read() as conn:
        skip = None if request.include_own else device.id
        events, cursor, more = pull.page(conn, device.unit_code, skip, request.cursor, request.page_limit)
        checksum = None if more else pull.checksum(conn, device.unit_code)
        epoch, ref_version = db.meta(conn, "epoch"), reference.current_version(conn)
        accounts_version = desk_accounts.version(conn, device.unit_code)
    return ExchangeResponse(
        protocol=PROTOCOL_VERSION, epoch=epoch, server_time_ms=now_ms(), clock_offset_ms=offset,
        clock_warning=_clock_warning(offset), results=[r for r in results if r.status not in _ACKED],
        stored=_count(results, "stored"), duplicates=_count(results, "duplicate"), events=events, cursor=cursor,
        has_more=more, checksum=checksum, reference_version=ref_version,
        accounts_version=accounts_version,
    )


def _push_with_retry(db: CityDB, device: Device, request: ExchangeRequest, offset: int,
                     on_stored: StoredHook | None = None) -> list[PushResult]:
    for attempt in range(_RETRIES):
        try:
            with db.write() as conn:
                waiting = None if request.outbox is None else max(0, request.outbox - len(request.push))
                devices.record_offset(conn, device.id, offset, waiting, request.app_version)
                return ingest.push(conn, device, list(request.push), on_stored) if request.push else []
        except (IntegrityError, OperationalError):
            if attempt == _RETRIES - 1:
                raise
    return []


def _count(results: list[PushResult], status: str) -> int:
    return sum(1 for r in results if r.status == status)


def _clock_warning(offset_ms: int) -> str:
    if abs(offset_ms) < CLOCK_WARN_MS:
        return ""
    minutes = round(offset_ms / 60000)
    direction = "chậm" if minutes > 0 else "nhanh"
    return f"Đồng hồ máy tính {direction} khoảng {abs(minutes)} phút so với máy chủ thành phố. Hãy chỉnh lại giờ."
