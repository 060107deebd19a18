"""What the server derives from its event log, in the same transaction as the events: the
per-scope fingerprints and the dossier rows (status by the same deterministic fold as the desks)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from desk_app.domain.lifecycle import fold, ordered, received
from desk_app.domain.model import Event, EventKind
from sync.protocol import checksum_digest
from sync.server import tables, tallies
from sync.server.db import insert_rows, update_rows


def update_scopes(conn: Connection, added: list[tuple[str, str]]) -> None:
    """Fold (unit, content_hash) pairs into each scope's count and XOR fingerprint."""
    delta: dict[str, tuple[int, int]] = {}
    for unit, content_hash in added:
        count, xor = delta.get(unit, (0, 0))
        delta[unit] = (count + 1, xor ^ checksum_digest(content_hash))
    if conn.dialect.name == "postgresql":  # one statement; the XOR of two hex strings done in SQL
        _bump_scopes_pg(conn, delta)
        return
    for unit in sorted(delta):
        _bump_scope(conn, unit, *delta[unit])


# The XOR of two fingerprints as 16 hex digits, in SQL: each read as a bigint (two's complement, which is how
# to_hex writes a negative one back).
_XOR_SQL = "lpad(to_hex(('x' || t.xor)::bit(64)::bigint # ('x' || excluded.xor)::bit(64)::bigint), 16, '0')"


def _bump_scopes_pg(conn: Connection, delta: dict[str, tuple[int, int]]) -> None:
    insert_rows(conn, tables.scopes, [{"unit_code": unit, "count": delta[unit][0], "xor": f"{delta[unit][1]:016x}"}
                                      for unit in sorted(delta)], add_on_conflict=True, on_conflict={"xor": _XOR_SQL})


def _bump_scope(conn: Connection, unit: str, count: int, xor: int) -> None:
    s = tables.scopes
    row = conn.execute(select(s.c.count, s.c.xor).where(s.c.unit_code == unit).with_for_update()).first()
    if row is None:
        conn.execute(s.insert().values(unit_code=unit, count=count, xor=f"{xor:016x}"))
        return
    new_xor = int(row.xor, 16) ^ xor
    conn.execute(update(s).where(s.c.unit_code == unit).values(count=row[0] + count, xor=f"{new_xor:016x}"))


def refold(conn: Connection, dossier_ids: Iterable[str], now: str,
           fresh: dict[str, list[Event]] | None = None) -> dict[str, list[Event]]:
    """Rebuild these dossiers' rows from their events; returns the events read, by dossier. `fresh` holds
    the whole history of dossiers that had no row before this transaction (their events are all in hand, so
    the log is not read again); should one have got a row meanwhile, its insert fails and the push retries."""
    fresh = fresh or {}
    stored = [dossier_id for dossier_id in dossier_ids if dossier_id not in fresh]
    history = {**_histories(conn, stored), **fresh} if stored else dict(fresh)
    d = tables.dossiers
    existing = dict(conn.execute(select(d.c.id, d.c.report).where(d.c.id.in_(stored))).tuples().all()) \
        if stored else {}
    rows, shares = [], []
    for events in history.values():
        row, share = _row(events, now)
        rows.append(row)
        shares.append((existing.get(row["id"]), share))
    new = [row for row in rows if row["id"] not in existing]
    if new:
        insert_rows(conn, tables.dossiers, new)
        count_received(conn, new)
    update_rows(conn, d, [row for row in rows if row["id"] in existing])
    tallies.apply(conn, shares)
    return history


def count_received(conn: Connection, new_rows: list[dict[str, Any]]) -> None:
    """Bump the per-point, per-day reception counters the console reads (one per new dossier)."""
    days = Counter((row["unit_code"], row["received_at"][:10]) for row in new_rows)
    tallies.bump_many(conn, tables.unit_days, [{"unit_code": unit, "day": day, "received": n}
                                               for (unit, day), n in sorted(days.items())])


def histories(conn: Connection, ids: list[str]) -> dict[str, list[Event]]:
    """The stored events of these dossiers, as Events (the city's own steps check against them)."""
    return _histories(conn, ids)


def _histories(conn: Connection, ids: list[str]) -> dict[str, list[Event]]:
    e = tables.events
    found: dict[str, list[Event]] = defaultdict(list)
    query = select(e.c.event_id, e.c.dossier_id, e.c.kind, e.c.payload, e.c.actor, e.c.desk_id, e.c.hlc,
                   e.c.wall_time).where(e.c.dossier_id.in_(ids))
    for r in conn.execute(query):
        found[r.dossier_id].append(Event(r.event_id, r.dossier_id, EventKind(r.kind), json.loads(r.payload),
                                         r.actor, r.desk_id, r.hlc, when(r.wall_time)))
    return found


def when(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:  # the fold never reads it; a desk with a broken clock string still folds
        return datetime.min


def _row(events: list[Event], now: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The dossier's row, and its share of the report tallies (also stored in the row)."""
    state = fold(events)
    first = ordered(events)[0]
    r = received(first)
    share = tallies.contribution(events)
    return {"id": first.dossier_id, "unit_code": r.receiving_unit, "code": r.code, "lookup_key": r.lookup_key,
            "authority": r.authority, "status": str(state.status), "due_at": state.due_at.isoformat(),
            "conflicts": len(state.conflicts), "updated_at": now, "received_at": r.received_at.isoformat(),
            "procedure_code": r.procedure_code, "report": tallies.dumps(share)}, share
