"""A revoked device's queued events: held for an administrator, never accepted (sync.md F25).

Revoking a desk must not strand the dossiers it received and could not send yet, nor let its token write
anything. So a push with a revoked token is stored in the quarantine table (device, reason
"revoked_device", the event as sent) and answered 401: nothing reaches the event log, the dossiers or
any desk, and the answer confirms nothing about what the city holds. Storing is bounded per device
(a stolen token cannot fill the disk) and each event is held once however often it is pushed again.
If the desk is enrolled again, it sends the same events through the ordinary push (by event id,
idempotent); otherwise an administrator decides from the quarantine.
"""

from __future__ import annotations

from sqlalchemy import Connection, func, select

from sync.protocol import WireEvent
from sync.server import tables
from sync.server.clock import now_iso
from sync.server.devices import Device

REASON = "revoked_device"
MAX_HELD = 50_000  # events held per revoked device: months of a busy point's work


def hold(conn: Connection, device: Device, batch: list[WireEvent], path: str) -> tuple[int, bool]:
    """Quarantine the events not held yet; (how many this device has held in all, whether all fit)."""
    q = tables.quarantine
    mine = (q.c.device_id == device.id) & (q.c.reason == REASON)
    ids = [e.event_id for e in batch]
    held = set(conn.execute(select(q.c.event_id).where(mine, q.c.event_id.in_(ids))).scalars())
    count = conn.execute(select(func.count()).select_from(q).where(mine)).scalar_one()
    new = [e for e in {e.event_id: e for e in batch if e.event_id not in held}.values()]
    room = max(0, MAX_HELD - count)
    now = now_iso()
    if new[:room]:
        conn.execute(q.insert(), [{"device_id": device.id, "event_id": e.event_id, "content_hash": e.content_hash,
                                   "reason": REASON, "body": e.model_dump_json(), "received_at": now}
                                  for e in new[:room]])
    conn.execute(tables.security_log.insert().values(
        at=now, device_id=device.id, path=path[:200],
        reason=f"revoked device pushed {len(batch)} events; {min(len(new), room)} newly held for review"))
    return count + min(len(new), room), len(new) <= room
