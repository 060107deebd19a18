"""Pull: a bounded page of a scope's events after the desk's cursor, plus the scope fingerprint
when the page reaches the end, read from one snapshot so the two agree."""

from __future__ import annotations

import json

from sqlalchemy import Connection, RowMapping, func, select

from sync.protocol import ScopeChecksum, ServerEvent
from sync.server import tables


def page(conn: Connection, unit: str, device_id: str | None, cursor: int, limit: int
         ) -> tuple[list[ServerEvent], int, bool]:
    """Events of the scope after `cursor`, except those this device sent (it holds them already:
    echoing a week's push back down the island link would double its cost); None: all of them."""
    e = tables.events
    query = select(e).where(e.c.unit_code == unit, e.c.seq > cursor)
    if device_id is not None:
        query = query.where(e.c.device_id != device_id)
    rows = conn.execute(query.order_by(e.c.seq).limit(limit + 1)).mappings().all()
    if len(rows) > limit:
        return [_event(row) for row in rows[:limit]], rows[limit - 1]["seq"], True
    top = conn.execute(select(func.max(e.c.seq)).where(e.c.unit_code == unit)).scalar() or 0
    return [_event(row) for row in rows], max(cursor, top), False


def _event(row: RowMapping) -> ServerEvent:
    return ServerEvent(
        event_id=row["event_id"], dossier_id=row["dossier_id"], kind=row["kind"], payload=json.loads(row["payload"]),
        actor=row["actor"], desk_id=row["desk_id"], hlc=row["hlc"], wall_time=row["wall_time"],
        content_hash=row["content_hash"], seq=row["seq"], received_at=row["received_at"],
    )


def checksum(conn: Connection, unit: str) -> ScopeChecksum:
    row = conn.execute(select(tables.scopes.c.count, tables.scopes.c.xor)
                       .where(tables.scopes.c.unit_code == unit)).first()
    return ScopeChecksum(count=row.count, xor=row.xor) if row else ScopeChecksum(count=0, xor=f"{0:016x}")
