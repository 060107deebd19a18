"""Which dossier names which scan, kept as "scan attached" and "scan removed" events are stored.

Written in the push's own transaction (ingest), so a scan is wanted from a desk exactly when the city
holds an event of that desk's point naming it, and the console lists a dossier's scans without reading
its events. A removal applies to the attachments of the same dossier, paper and file stamped before it,
whichever of the two events arrived first.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, and_, exists, select, update

from desk_app.domain.model import EventKind
from sync.protocol import WireEvent
from sync.server import devices, tables

r = tables.scan_refs


def record(conn: Connection, stored: Sequence[tuple[WireEvent, str]]) -> None:
    """Called with the events a push just stored and their points."""
    for event, unit in stored:
        if event.kind == EventKind.SCAN_ATTACHED:
            _attach(conn, event, unit)
    for event, _unit in stored:
        if event.kind == EventKind.SCAN_REMOVED:
            _remove(conn, event.dossier_id, str(event.payload["document"]), str(event.payload["sha256"]),
                    event.hlc, str(event.payload.get("reason", "")), event.wall_time)


def _attach(conn: Connection, event: WireEvent, unit: str) -> None:
    p = event.payload
    conn.execute(r.insert().values(
        event_id=event.event_id, sha256=str(p["sha256"]), dossier_id=event.dossier_id, unit_code=unit,
        document=str(p["document"]), pages=int(p["pages"]), size=int(p["size"]), hlc=event.hlc,
        attached_at=event.wall_time, removed_at=None, removed_reason=""))
    e = tables.events
    earlier_removals = conn.execute(select(e.c.payload, e.c.hlc, e.c.wall_time).where(
        e.c.dossier_id == event.dossier_id, e.c.kind == str(EventKind.SCAN_REMOVED))).all()
    for payload_text, hlc, wall_time in earlier_removals:
        removal = json.loads(payload_text)
        _remove(conn, event.dossier_id, str(removal["document"]), str(removal["sha256"]), hlc,
                str(removal.get("reason", "")), wall_time)


def _remove(conn: Connection, dossier_id: str, document: str, sha256: str, hlc: str, reason: str,
            at: str) -> None:
    conn.execute(update(r).where(r.c.dossier_id == dossier_id, r.c.document == document, r.c.sha256 == sha256,
                                 r.c.hlc < hlc, r.c.removed_at.is_(None))
                 .values(removed_at=at, removed_reason=reason))


def wanted_by(conn: Connection, device: devices.Device, hashes: Sequence[str]) -> set[str]:
    """The hashes a live scan of this device's point names (the city's devices: any point's)."""
    if not hashes:
        return set()
    query = select(r.c.sha256).where(r.c.sha256.in_(list(hashes)), r.c.removed_at.is_(None))
    if not device.is_city:
        query = query.where(r.c.unit_code == device.unit_code)
    return set(conn.execute(query).scalars())


def names(conn: Connection, dossier_id: str, sha256: str) -> bool:
    """Whether this dossier names this scan (removed or not: the archive keeps what was attached)."""
    return bool(conn.execute(select(exists().where(and_(r.c.dossier_id == dossier_id, r.c.sha256 == sha256))))
                .scalar())


@dataclass(frozen=True)
class DossierScan:
    sha256: str
    document: str
    pages: int
    size: int
    attached_at: str
    removed_at: str | None
    removed_reason: str
    stored: bool  # the bytes have reached the city


def of_dossier(conn: Connection, dossier_id: str) -> list[DossierScan]:
    s = tables.scans
    rows = conn.execute(
        select(r.c.sha256, r.c.document, r.c.pages, r.c.size, r.c.attached_at, r.c.removed_at, r.c.removed_reason,
               s.c.sha256.is_not(None).label("stored"))
        .select_from(r.outerjoin(s, s.c.sha256 == r.c.sha256))
        .where(r.c.dossier_id == dossier_id).order_by(r.c.hlc)).all()
    return [DossierScan(row.sha256, row.document, row.pages, row.size, row.attached_at, row.removed_at,
                        row.removed_reason, bool(row.stored)) for row in rows]


def kept(conn: Connection, sha256: str, size: int, device_id: str, at: str) -> None:
    """Note a scan the store now holds (once: the second desk's copy of the same file adds nothing)."""
    s = tables.scans
    if conn.execute(select(s.c.sha256).where(s.c.sha256 == sha256)).first() is None:
        conn.execute(s.insert().values(sha256=sha256, size=size, stored_at=at, device_id=device_id))
