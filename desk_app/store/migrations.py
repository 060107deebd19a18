"""Numbered schema steps for the desk's SQLite file.

Each step runs in one transaction together with the row that records it, so a crash leaves the file
at the previous version or the next, never between. The file is copied aside before an upgrade.
An in-code runner rather than Alembic: Alembic is known to hang inside frozen Windows builds
(style_ux.md B12), and the desk schema is small.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desk_app.domain.errors import SchemaTooNew
from desk_app.domain.text import fold, sort_key
from desk_app.paths import resource_path
from desk_app.private_files import create_private, private_folder

_SQL_DIR = "desk_app/store/migrations"
_KEEP_BACKUPS = 5


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    sql_file: str | None = None
    python: Callable[[sqlite3.Connection], None] | None = None


def _fill_search_keys(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT num, applicant_name FROM dossiers").fetchall()
    conn.executemany(
        "UPDATE dossiers SET name_key = ?, name_sort = ? WHERE num = ?",
        [(fold(name), sort_key(name), num) for num, name in rows],
    )
    procs = conn.execute("SELECT code, version, name FROM procedures").fetchall()
    conn.executemany(
        "UPDATE procedures SET name_key = ? WHERE code = ? AND version = ?",
        [(fold(f"{code} {name}"), code, version) for code, version, name in procs],
    )
    _create_fts(conn, prefixes="1 2 3")


# Keep the external-content index in step with the name key (executed one by one: executescript
# would commit the step's transaction).
_FTS_TRIGGERS = (
    "CREATE TRIGGER dossiers_fts_insert AFTER INSERT ON dossiers BEGIN "
    "INSERT INTO dossier_fts (rowid, name_key) VALUES (new.num, new.name_key); END",
    "CREATE TRIGGER dossiers_fts_delete AFTER DELETE ON dossiers BEGIN "
    "INSERT INTO dossier_fts (dossier_fts, rowid, name_key) VALUES ('delete', old.num, old.name_key); END",
    "CREATE TRIGGER dossiers_fts_update AFTER UPDATE OF name_key ON dossiers BEGIN "
    "INSERT INTO dossier_fts (dossier_fts, rowid, name_key) VALUES ('delete', old.num, old.name_key); "
    "INSERT INTO dossier_fts (rowid, name_key) VALUES (new.num, new.name_key); END",
)


def _create_fts(conn: sqlite3.Connection, prefixes: str) -> None:
    """Full-text index over folded names; skipped where SQLite was built without FTS5. `prefixes`: the
    prefix lengths FTS5 indexes ready-made (a longer prefix merges every word that starts with it)."""
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE dossier_fts USING fts5(name_key, content='dossiers', "
            f"content_rowid='num', tokenize='unicode61', prefix='{prefixes}')"
        )
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc):
            return
        raise
    for trigger in _FTS_TRIGGERS:
        conn.execute(trigger)
    conn.execute("INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild')")


def _index_longer_name_prefixes(conn: sqlite3.Connection) -> None:
    """Rebuild the name index with ready-made prefixes up to 7 letters, the longest folded Vietnamese
    syllable: at a million dossiers "nguy" or "nguyen" as a prefix took 17-18 ms (FTS5 merges the
    whole doclist of every word that starts so), 0.2 ms with its prefix index (the index: 52 -> 81 MB)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'dossier_fts'").fetchone() is None:
        return  # SQLite without FTS5: names are matched without it
    for trigger in ("dossiers_fts_insert", "dossiers_fts_delete", "dossiers_fts_update"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("DROP TABLE dossier_fts")
    _create_fts(conn, prefixes="1 2 3 4 5 6 7")


def _create_drafts(conn: sqlite3.Connection) -> None:
    """The clerk's unsaved intake form, one per desk user, so a crash or a closed window loses nothing."""
    conn.execute(
        "CREATE TABLE drafts (username TEXT PRIMARY KEY, body TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )


STEPS: tuple[Step, ...] = (
    Step(1, "initial", sql_file="0001_initial.sql"),
    Step(2, "accounts_audit", sql_file="0002_accounts_audit.sql"),
    Step(3, "search", sql_file="0003_search.sql", python=_fill_search_keys),
    Step(4, "sync", sql_file="0004_sync.sql"),
    Step(5, "published_wording", sql_file="0005_published_wording.sql"),
    Step(6, "drafts", python=_create_drafts),
    Step(7, "name_prefixes", python=_index_longer_name_prefixes),
    Step(8, "published_handbook", sql_file="0008_published_handbook.sql"),
    Step(9, "city_accounts", sql_file="0009_city_accounts.sql"),
    Step(10, "fee_days", sql_file="0010_fee_days.sql"),
    Step(11, "scan_sync", sql_file="0011_scan_sync.sql"),
)
LATEST = STEPS[-1].version


def current_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if not exists:
        return 0
    return int(conn.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0])


def upgrade(db_path: Path, target: int = LATEST) -> list[int]:
    """Bring the file to `target`; returns the versions applied. Backs the file up first."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        version = current_version(conn)
        if version > LATEST:
            raise SchemaTooNew(
                f"Cơ sở dữ liệu ở phiên bản {version}, mới hơn chương trình (phiên bản {LATEST}). "
                "Hãy cập nhật MotCua Desk.",
                f"The database is at schema {version}, newer than this program ({LATEST}). Update MotCua Desk.",
            )
        pending = [step for step in STEPS if version < step.version <= target]
        if pending and version > 0:
            backup(conn, db_path, version)
        for step in pending:
            _apply(conn, step)
        return [step.version for step in pending]
    finally:
        conn.close()


def _apply(conn: sqlite3.Connection, step: Step) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        if step.sql_file:
            for statement in _statements(step.sql_file):
                conn.execute(statement)
        if step.python:
            step.python(conn)
        conn.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (step.version, step.name, datetime.now().isoformat(timespec="seconds")),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _statements(sql_file: str) -> list[str]:
    """Split a step's SQL into statements (executescript would commit our transaction). SQLite's own
    parser says where each ends, so a trigger's BEGIN ... END or a ';' inside a string stays whole."""
    text = resource_path(_SQL_DIR, sql_file).read_text(encoding="utf-8")
    statements, pending = [], ""
    for line in text.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if not _only_comments(pending):
        raise ValueError(f"{sql_file}: the last statement has no closing ';'")
    return statements


def _only_comments(statement: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("--") for line in statement.splitlines())


def backup(conn: sqlite3.Connection, db_path: Path, version: int) -> Path:
    """Consistent copy of the live file (SQLite backup API), keeping the newest few."""
    folder = private_folder(db_path.parent / "backups")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = create_private(folder / f"{db_path.stem}.v{version}.{stamp}.sqlite3")
    with sqlite3.connect(target) as copy:
        conn.backup(copy)
    copy.close()
    for old in _backups_oldest_first(folder, db_path.stem)[:-_KEEP_BACKUPS]:
        old.unlink()
    return target


def _backups_oldest_first(folder: Path, stem: str) -> list[Path]:
    """This file's backups by schema version, then time: by name "v10" would sort before "v9" and the
    newest copy would be the one rotated away. Files named otherwise are not ours to delete."""
    pattern = re.compile(rf"{re.escape(stem)}\.v(\d+)\.(\d{{8}}-\d{{6}}-\d{{6}})\.sqlite3")
    found = [(int(m[1]), m[2], path) for path in folder.iterdir() if (m := pattern.fullmatch(path.name))]
    return [path for _version, _stamp, path in sorted(found)]
