"""The desk's bookkeeping for sending scans to the city (issue 12): which scans to offer, and what the
city answered. The bytes are in the desk's scan store, `<database folder>/<database stem>-scans/`.

A scan is offered once the event that attached it has reached the city (its pushed_at is set), so a
scan never travels ahead of its dossier, and until the city says it holds it (or will not take it); that
answer is kept per server epoch, so a city restored from a backup is asked again.
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desk_app.store.blobs import BlobStore
from desk_app.store.models import ScanSyncRow

ON_SERVER, REFUSED = "on_server", "refused"


def folder_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + "-scans")


def store_for(db_path: Path) -> BlobStore:
    return BlobStore(folder_for(db_path))


def to_offer(session: Session, epoch: str, limit: int) -> list[tuple[str, int]]:
    """(sha256, size) of this desk's attached scans whose event the city holds and whose bytes it has not
    confirmed under `epoch`, oldest first."""
    return _unconfirmed(session, epoch, "AND e.pushed_at IS NOT NULL ", limit)


def to_export(session: Session, epoch: str) -> list[tuple[str, int]]:
    """(sha256, size) of the scans a sealed outbox file carries (sync/sneakernet.py): this desk's attached scans
    the city has not confirmed under `epoch`, whether their event went or not (the file carries the unsent
    events too), oldest first. The city's word comes later, through the next network round's offer."""
    return _unconfirmed(session, epoch, "", None)


def _unconfirmed(session: Session, epoch: str, sent_only: str, limit: int | None) -> list[tuple[str, int]]:
    rows = session.execute(text(
        "SELECT e.payload FROM events e WHERE e.kind = 'scan_attached' AND e.origin = 'local' " + sent_only +
        "AND NOT EXISTS (SELECT 1 FROM scan_sync s "
        "WHERE s.sha256 = json_extract(e.payload, '$.sha256') AND s.epoch = :epoch) ORDER BY e.seq"),
        {"epoch": epoch}).scalars()
    found: dict[str, int] = {}
    for payload in rows:
        data = json.loads(payload)
        found.setdefault(str(data["sha256"]), int(data["size"]))
        if limit is not None and len(found) >= limit:
            break
    return list(found.items())


def mark(session: Session, answers: dict[str, str], epoch: str, at: str) -> None:
    """Record the city's word on each hash (ON_SERVER or REFUSED)."""
    for sha256, state in answers.items():
        row = session.get(ScanSyncRow, sha256)
        if row is None:
            session.add(ScanSyncRow(sha256=sha256, state=state, epoch=epoch, at=at))
        else:
            row.state, row.epoch, row.at = state, epoch, at


def states(session: Session) -> dict[str, str]:
    return dict(session.execute(select(ScanSyncRow.sha256, ScanSyncRow.state)).tuples().all())
