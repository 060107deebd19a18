"""Snapshots of a point for new desks (issue 13; the format is sync/snapshot.py): built once per point and
sequence number S, kept on disk, found by their SHA-256.

A snapshot holds every event of the point with seq <= S, read in one consistent read (sequence numbers
become visible in commit order, so nothing <= S can commit later: sync.md I6). Events are never changed
or deleted, so within one epoch the file stays true for good; a desk pulls what came after S through the
ordinary exchange. Files live under <folder>/<epoch>/<unit>/: a city restored from a backup (a new epoch)
never serves a snapshot of the old one. A snapshot is reused while few events came after it, so the desks
of a point enrolled the same week share one build; the newest few per point are kept for downloads in
progress, older ones are removed once a newer one is built. Builds of one point take turns on a file
lock (several server processes on one machine agree), and a file appears only whole (rename).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select

from desk_app.private_files import FILE_MODE, private_folder
from sync import snapshot
from sync.server import reference, tables
from sync.server.db import CityDB
from sync.server.settings import ServerSettings

_SUFFIX = ".snap"


def manifest(db: CityDB, settings: ServerSettings, unit: str) -> snapshot.SnapshotManifest:
    """The snapshot a new desk of `unit` should download: a cached one with a short enough tail, or one
    built now at the point's latest sequence number; "replay" for a point whose log is short."""
    with db.read() as conn:
        epoch = db.meta(conn, "epoch")
        count = conn.execute(select(tables.scopes.c.count).where(tables.scopes.c.unit_code == unit)).scalar() or 0
        version = reference.current_version(conn)
    if count < settings.snapshot_min_events:
        return snapshot.SnapshotManifest(status="replay")
    folder = private_folder(settings.snapshot_folder() / epoch / unit)
    with _locked(folder):
        found = _reusable(db, folder, unit, settings.snapshot_reuse_events)
        if found is None:
            found = _build(db, folder, unit, settings.snapshot_level)
            _prune(folder, settings.snapshot_keep)
    return found.model_copy(update={"reference_version": version})


def find(settings: ServerSettings, epoch: str, unit: str, sha256: str) -> tuple[Path, snapshot.SnapshotManifest] | None:
    """The file of this point's snapshot with this hash (under the current epoch), with its manifest."""
    folder = settings.snapshot_folder() / epoch / unit
    for path in folder.glob(f"*-{sha256}{_SUFFIX}"):
        meta = path.with_suffix(".json")
        if meta.exists():
            return path, snapshot.SnapshotManifest.model_validate_json(meta.read_text(encoding="utf-8"))
    return None


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _cached(folder: Path) -> list[snapshot.SnapshotManifest]:
    """This point's snapshots on disk, newest first."""
    found = []
    for meta in folder.glob("*.json"):
        if meta.with_suffix(_SUFFIX).exists():
            found.append(snapshot.SnapshotManifest.model_validate_json(meta.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.seq, reverse=True)


def _reusable(db: CityDB, folder: Path, unit: str, tail_limit: int) -> snapshot.SnapshotManifest | None:
    e = tables.events
    with db.read() as conn:
        top = conn.execute(select(func.max(e.c.seq)).where(e.c.unit_code == unit)).scalar() or 0
        for cached in _cached(folder):
            if cached.seq > top or cached.format != snapshot.FORMAT:
                continue  # never a snapshot ahead of the log (a restore without a new epoch)
            tail = conn.execute(select(func.count()).select_from(e)
                                .where(e.c.unit_code == unit, e.c.seq > cached.seq)).scalar_one()
            return cached if tail <= tail_limit else None
    return None


def _build(db: CityDB, folder: Path, unit: str, level: int) -> snapshot.SnapshotManifest:
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".build-", suffix=_SUFFIX)
    temp = Path(temp_name)
    try:
        with db.read() as conn, os.fdopen(handle, "wb") as out:
            top = _top(conn, unit)
            order = _dossier_order(conn, unit, top)
            header = {"unit": unit, "seq": top, "epoch": db.meta(conn, "epoch"), "dossiers": len(order)}
            sha, size, count = snapshot.write(out, header, _blocks(conn, unit, top, order), level)
            out.flush()
            os.fsync(out.fileno())
        made = snapshot.SnapshotManifest(status="ready", sha256=sha, size=size, seq=top, unit_code=unit,
                                         epoch=header["epoch"], events=count, dossiers=len(order))
        final = folder / f"{top:015d}-{sha}{_SUFFIX}"
        meta = final.with_suffix(".json")
        meta.write_text(made.model_dump_json(), encoding="utf-8")  # the manifest first: a file is listed whole
        os.chmod(meta, FILE_MODE)
        temp.replace(final)
        return made
    finally:
        temp.unlink(missing_ok=True)


def _top(conn: Connection, unit: str) -> int:
    e = tables.events
    return int(conn.execute(select(func.max(e.c.seq)).where(e.c.unit_code == unit)).scalar() or 0)


def _dossier_order(conn: Connection, unit: str, top: int) -> list[str]:
    """The point's dossiers in the order their first event was stored: the order a replaying desk creates
    their rows in, so both number them alike (the list's "newest first")."""
    e = tables.events
    first = func.min(e.c.seq)
    query = (select(e.c.dossier_id).where(e.c.unit_code == unit, e.c.seq <= top)
             .group_by(e.c.dossier_id).order_by(first))
    return list(conn.execute(query).scalars())


def _blocks(conn: Connection, unit: str, top: int, order: list[str]) -> Iterator[list[dict[str, Any]]]:
    e = tables.events
    columns = (e.c.event_id, e.c.dossier_id, e.c.kind, e.c.payload, e.c.actor, e.c.desk_id, e.c.hlc,
               e.c.wall_time, e.c.content_hash)
    for start in range(0, len(order), snapshot.BLOCK_DOSSIERS):
        ids = order[start:start + snapshot.BLOCK_DOSSIERS]
        rows = conn.execute(select(*columns).where(e.c.dossier_id.in_(ids), e.c.unit_code == unit, e.c.seq <= top)
                            .order_by(e.c.seq)).mappings().all()
        # Whole dossiers in seq order: receipts sit together and steps together, as in a pushed batch.
        yield [{**row, "payload": json.loads(row["payload"])} for row in rows]


def _prune(folder: Path, keep: int) -> None:
    for old in _cached(folder)[keep:]:
        path = folder / f"{old.seq:015d}-{old.sha256}{_SUFFIX}"
        path.unlink(missing_ok=True)
        path.with_suffix(".json").unlink(missing_ok=True)
