"""The server's database: SQLite file by default, PostgreSQL in production. The schema is brought up to
date by `city-server migrate` (and when `serve` starts), not by every open: on PostgreSQL a migration is
a deliberate step of the IT administrator, and a process meeting an old schema says so and stops.

Write transactions are serialised where it matters: on SQLite by BEGIN IMMEDIATE (a deferred
transaction that upgrades to a write can fail with SQLITE_BUSY without waiting), on PostgreSQL by
row locks taken inside the transaction (see ingest.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, make_url, select

from desk_app.private_files import create_private
from sync.server import tables

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class SchemaNotCurrent(RuntimeError):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def normalise_url(url: str) -> str:
    """A bare path means a SQLite file; postgresql:// URLs use psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's begin event issues BEGIN itself
    cursor = dbapi_conn.cursor()
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "busy_timeout = 30000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('begin_mode', 'DEFERRED')}")


class CityDB:
    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.engine: Engine = self._make_engine()
        self._writer = self.engine.execution_options(begin_mode="IMMEDIATE") if self.is_sqlite else self.engine
        self._reader = self.engine if self.is_sqlite else self.engine.execution_options(
            isolation_level="REPEATABLE READ")

    def _make_engine(self) -> Engine:
        if not self.is_sqlite:
            return create_engine(self.url, pool_size=8, max_overflow=8, pool_pre_ping=True)
        path = make_url(self.url).database
        if path and path != ":memory:":
            create_private(Path(path))  # 0600 (WAL and SHM follow it), a new folder 0700: see the admin guide
        engine = create_engine(self.url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine

    @classmethod
    def open(cls, url: str, *, migrate: bool = False) -> CityDB:
        """Open; with `migrate`, bring the schema up to date first, otherwise refuse an out-of-date one."""
        db = cls(url)
        if migrate:
            db.migrate()
        else:
            db.require_current()
        return db

    def migrate(self) -> None:
        config = _alembic_config()
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def require_current(self) -> None:
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
        if current != head:
            raise SchemaNotCurrent(
                f"Cơ sở dữ liệu máy chủ ở phiên bản «{current or 'trống'}», chương trình cần «{head}»: "
                "chạy city-server migrate.",
                f"The database schema is at {current or 'nothing'}, this program needs {head}: "
                "run `city-server migrate`.")

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self._writer.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent snapshot: a page and the scope checksum sent with it agree."""
        with self._reader.begin() as conn:
            yield conn

    def meta(self, conn: Connection, key: str) -> str:
        return str(conn.execute(select(tables.meta.c.value).where(tables.meta.c.key == key)).scalar_one())

    def close(self) -> None:
        self.engine.dispose()
