"""A point's snapshot applied in bulk (issue 13; the file and its download are sync/snapshot.py and
sync/bootstrap.py): the desk becomes a replica of the point up to the snapshot's sequence number in one
local transaction, with no fold per event and no query per dossier.

The snapshot carries the events only; each dossier's row is computed here by the same pure projection a
replay uses (`projection.projected_values`), from all its events at once, so the rows and the events are
exactly those a replaying desk ends with: same columns, same values, dossiers numbered in the order their
first event reached the city (the list's "newest first"). What a replay would treat specially takes the
replay's own path (`replica.ingest`): a dossier or event this desk already holds (its own, or everything
after a city restore), a dossier that does not fold, a code another dossier holds. The download's
progress (which snapshot, so that a resumed download of another one is detected) is a setting.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from desk_app.core import replica
from desk_app.core.projection import projected_values
from desk_app.core.settings import get_values, set_value
from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import ordered
from desk_app.domain.model import Event, EventKind
from desk_app.store.models import DossierRow, EventRow

_PROGRESS = "sync.snapshot"
_DOSSIERS = Table(DossierRow.__tablename__, DossierRow.metadata)  # the mapped tables, for Core executemany
_EVENTS = Table(EventRow.__tablename__, EventRow.metadata)


def load_progress(session: Session) -> dict[str, Any] | None:
    """The manifest of the snapshot being downloaded, or None."""
    raw = get_values(session, [_PROGRESS]).get(_PROGRESS, "")
    return json.loads(raw) if raw else None


def save_progress(session: Session, manifest: dict[str, Any] | None) -> None:
    set_value(session, _PROGRESS, json.dumps(manifest, sort_keys=True) if manifest else "")


class _Known:
    """What the desk holds before the snapshot: such dossiers and events take the replay's path."""

    def __init__(self, session: Session) -> None:
        self.events = set(session.scalars(select(EventRow.event_id)))
        self.dossiers = set(session.scalars(select(DossierRow.id)))
        self.codes = set(session.scalars(select(DossierRow.code)))


# A prepared dossier: its row's values and its events' rows (without pushed_at), or None when it does not fold
# (the replay's path decides), with its events as they came (wire dicts).
Prepared = tuple[dict[str, Any] | None, list[dict[str, Any]], list[dict[str, Any]]]


def prepare(block: list[dict[str, Any]]) -> list[Prepared]:
    """The rows for a block's dossiers (wire dicts with their content hash, whole dossiers, in the order the
    city stored them): pure, no database, so it can run while the rest of the file is still arriving."""
    dossiers: dict[str, list[dict[str, Any]]] = {}
    for event in block:
        dossiers.setdefault(event["dossier_id"], []).append(event)
    return [_prepared(batch) for batch in dossiers.values()]


def _prepared(batch: list[dict[str, Any]]) -> Prepared:
    """The events as they came are kept only for a dossier that does not fold; the others can be rebuilt
    from their rows (`_as_wire`) should the apply find the desk holds them already."""
    try:
        values = projected_values(ordered([_event(event) for event in batch]))
        return values, [replica.remote_row_values(event) for event in batch], []
    except (DeskError, ValueError, KeyError, TypeError):
        return None, [], batch


def _as_wire(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**{k: v for k, v in row.items() if k != "origin"}, "payload": json.loads(row["payload"])}
            for row in rows]


def apply(session: Session, blocks: Iterable[list[dict[str, Any]]], at: str) -> replica.Ingested:
    """Insert each block's dossiers and events in the caller's transaction (the caller sets the cursor)."""
    return apply_prepared(session, (prepare(block) for block in blocks), at)


def apply_prepared(session: Session, blocks: Iterable[list[Prepared]], at: str) -> replica.Ingested:
    """Insert prepared blocks: a dossier this desk holds (or an event), one that does not fold, or a code
    another dossier holds goes through the replay's own path instead (`replica.ingest`)."""
    with _names_indexed_after(session):
        return _insert(session, blocks, at)


@contextmanager
def _names_indexed_after(session: Session) -> Iterator[None]:
    """The name index (FTS5, migration 7) filled once for every new row rather than by its insert trigger
    row by row: half the time of the insert at 100,000 dossiers. Same transaction, so no reader ever sees
    the trigger gone; without FTS5 there is nothing to do."""
    trigger = session.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger' "
                                   "AND name = 'dossiers_fts_insert'")).scalar()
    if trigger is None:
        yield
        return
    before = session.scalar(select(func.max(DossierRow.num))) or 0
    session.execute(text("DROP TRIGGER dossiers_fts_insert"))
    session.execute(text("PRAGMA cache_size = -262144"))  # 256 MB while the indexes take 100,000s of rows
    try:
        yield
        session.execute(text("INSERT INTO dossier_fts (rowid, name_key) SELECT num, name_key FROM dossiers "
                             "WHERE num > :before"), {"before": before})
        session.execute(text(trigger))
    finally:
        session.execute(text("PRAGMA cache_size = -2000"))  # SQLite's default again for this connection


def _insert(session: Session, blocks: Iterable[list[Prepared]], at: str) -> replica.Ingested:
    known = _Known(session)
    report = replica.Ingested()
    latest = ""
    connection = session.connection()
    for block in blocks:
        rows, events, slow = [], [], []
        for values, event_rows, batch in block:
            if values is None:
                slow += batch
                continue
            dossier_id = values["id"]
            if dossier_id in known.dossiers or values["code"] in known.codes \
                    or any(row["event_id"] in known.events for row in event_rows):
                slow += _as_wire(event_rows)
                continue
            known.dossiers.add(dossier_id)
            known.codes.add(values["code"])
            known.events.update(row["event_id"] for row in event_rows)
            rows.append(values)
            events += [{**row, "pushed_at": at} for row in event_rows]
            report.dossiers.add(dossier_id)
        if rows:  # Core inserts (executemany): the ORM's bulk path costs as much again in Python
            connection.execute(insert(_DOSSIERS), rows)
            connection.execute(insert(_EVENTS), events)
            report.new += len(events)
            latest = max([latest, *(event["hlc"] for event in events)])
        if slow:
            _merge(report, replica.ingest(session, slow, at))
    if latest:
        replica.observe_clock(session, [latest])  # the clock passes the newest stamp, as after a replay
    return report


def _event(event: dict[str, Any]) -> Event:
    return Event(event["event_id"], event["dossier_id"], EventKind(event["kind"]), event["payload"], event["actor"],
                 event["desk_id"], event["hlc"], datetime.fromisoformat(event["wall_time"]))


def _merge(report: replica.Ingested, other: replica.Ingested) -> None:
    report.new += other.new
    report.duplicates += other.duplicates
    report.quarantined += other.quarantined
    report.dossiers |= other.dossiers
