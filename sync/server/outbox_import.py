"""The city's half of the sneakernet: `city-server import-outbox FILE`.

The file is opened with the key of the device it names (derived from the token hash this server stores,
sync/outbox_file.py) and refused whole if a byte was changed, if it was sealed by another device, or if
this server does not know the device. Its events then go through the same `ingest.push` as the network
path, in one transaction: stored once by event id, so importing twice, or the same events arriving later
by network, changes nothing; refused and conflicting events are quarantined as always. A revoked
device's file is held for review like its pushes (revoked.py), never accepted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from sync import outbox_file
from sync.outbox_file import OutboxFileError
from sync.server import ingest, revoked, tables
from sync.server.db import CityDB
from sync.server.devices import Device
from sync.server.ingest import StoredHook


@dataclass
class ImportReport:
    device_id: str
    unit_code: str
    events: int
    statuses: Counter[str]
    held_for_review: bool = False


def import_outbox(db: CityDB, data: bytes, on_stored: StoredHook | None = None) -> ImportReport:
    header = outbox_file.read_header(data)
    with db.read() as conn:
        d = tables.devices
        row = conn.execute(select(d.c.id, d.c.unit_code, d.c.token_hash, d.c.revoked_at)
                           .where(d.c.id == header.device_id)).first()
    if row is None or row.token_hash is None:
        raise OutboxFileError(f"Máy chủ này không có thiết bị {header.device_id[:40]!r} đã đăng ký: tệp không phải "
                              "của một máy tiếp nhận thuộc máy chủ này. Từ chối cả tệp, chưa nhập gì.")
    _, events = outbox_file.open_sealed(data, bytes.fromhex(row.token_hash))
    device = Device(row.id, row.unit_code, revoked=row.revoked_at is not None)
    report = ImportReport(device.id, device.unit_code, len(events), Counter(), device.revoked)
    with db.write() as conn:
        if device.revoked:
            revoked.hold(conn, device, events, "import-outbox")
            report.statuses["held"] = len(events)
            return report
        try:
            results = ingest.push(conn, device, events, on_stored) if events else []
        except ingest.Forbidden:
            raise OutboxFileError("Tệp có sự kiện của hồ sơ thuộc điểm tiếp nhận khác với thiết bị đã niêm phong "
                                  "tệp. Từ chối cả tệp, chưa nhập gì.") from None
    report.statuses.update(r.status for r in results)
    return report
