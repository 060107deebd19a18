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
from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Table,
    bindparam,
    create_engine,
    event,
    literal_column,
    make_url,
    select,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desk_app.private_files import create_private
from sync.server import tables

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]],
                add_on_conflict: bool = False, on_conflict: dict[str, str] | None = None) -> None:
    """Insert many rows (each naming the same columns) in one go. On PostgreSQL one statement of fixed text
    whatever the number of rows, `INSERT ... SELECT * FROM unnest(arrays)`, its text built once: SQLAlchemy's
    per-row parameters or multi-row VALUES cost more Python than the database's work. On SQLite
    (in-process, no round trips) an executemany. `add_on_conflict`: a row whose key is taken adds its other
    columns to the stored row's (counters); `on_conflict` gives the SQL of a column's new value instead
    (`t` is the stored row, `excluded` the new one)."""
    if not rows:
        return
    names = list(rows[0])
    if conn.dialect.name != "postgresql":
        statement = table.insert()
        if add_on_conflict:
            insert = sqlite_insert(table)
            statement = insert.on_conflict_do_update(
                index_elements=[c.name for c in table.primary_key.columns],
                set_={name: literal_column(_sqlite_set(table, name, on_conflict)) for name in names
                      if name not in table.primary_key.columns})
        conn.execute(statement, rows)
        return
    sql = _unnest_insert(table, tuple(names), add_on_conflict, tuple(sorted((on_conflict or {}).items())))
    conn.exec_driver_sql(sql, {name: [row[name] for row in rows] for name in names})


def _sqlite_set(table: Table, name: str, on_conflict: dict[str, str] | None) -> str:
    if on_conflict and name in on_conflict:
        return on_conflict[name].replace("t.", f"{table.name}.")
    return f"{table.name}.{name} + excluded.{name}"


@lru_cache(maxsize=64)
def _unnest_insert(table: Table, names: tuple[str, ...], add_on_conflict: bool,
                   on_conflict: tuple[tuple[str, str], ...]) -> str:
    arrays = ", ".join(f"%({name})b::{_pg_array(table.c[name].type)}" for name in names)  # binary: no escaping
    sql = f"INSERT INTO {table.name} AS t ({', '.join(names)}) SELECT * FROM unnest({arrays})"
    if add_on_conflict:
        keys = [c.name for c in table.primary_key.columns]
        given = dict(on_conflict)
        sets = ", ".join(f"{name} = {given.get(name, f't.{name} + excluded.{name}')}" for name in names
                         if name not in keys)
        sql += f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {sets}"
    return sql


def update_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Write many rows by primary key (a one-column key, every row naming the same columns) in one
    statement: `UPDATE ... FROM unnest(arrays)` on PostgreSQL, an executemany on SQLite."""
    if not rows:
        return
    names = list(rows[0])
    (key,) = [c.name for c in table.primary_key.columns]
    if conn.dialect.name != "postgresql":
        conn.execute(update(table).where(table.c[key] == bindparam("b_" + key))
                     .values({name: bindparam("b_" + name) for name in names if name != key}),
                     [{"b_" + name: value for name, value in row.items()} for row in rows])
        return
    conn.exec_driver_sql(_unnest_update(table, tuple(names), key),
                         {name: [row[name] for row in sorted(rows, key=lambda r: r[key])] for name in names})


@lru_cache(maxsize=64)
def _unnest_update(table: Table, names: tuple[str, ...], key: str) -> str:
    arrays = ", ".join(f"%({name})b::{_pg_array(table.c[name].type)}" for name in names)  # binary: no escaping
    sets = ", ".join(f"{name} = u.{name}" for name in names if name != key)
    return (f"UPDATE {table.name} AS t SET {sets} FROM unnest({arrays}) AS u({', '.join(names)}) "
            f"WHERE t.{key} = u.{key}")


def _pg_array(kind: Any) -> str:
    return "bigint[]" if isinstance(kind, Integer) else "text[]"  # Integer covers BigInteger


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
    def __init__(self, url: str, pool_size: int = 8) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        self.engine: Engine = self._make_engine(pool_size)
        self._writer = self.engine.execution_options(begin_mode="IMMEDIATE") if self.is_sqlite else self.engine
        self._reader = self.engine if self.is_sqlite else self.engine.execution_options(
            isolation_level="REPEATABLE READ")

    def _make_engine(self, pool_size: int) -> Engine:
        if not self.is_sqlite:
            # No server-side prepared statements: PostgreSQL would plan one once, generic, often while the table
            # is small (a scan of every row), and keep the plan as the table grows; planned each time with its
            # values, the lookups of a push use their indexes (bench/sync.py ingest: 12 ms -> <1 ms a lookup).
            return create_engine(self.url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                                 connect_args={"prepare_threshold": None})
        path = make_url(self.url).database
        if path and path != ":memory:":
            create_private(Path(path))  # 0600 (WAL and SHM follow it), a new folder 0700: see the admin guide
        engine = create_engine(self.url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine

    @classmethod
    def open(cls, url: str, *, migrate: bool = False, pool_size: int = 8) -> CityDB:
        """Open; with `migrate`, bring the schema up to date first, otherwise refuse an out-of-date one."""
        db = cls(url, pool_size)
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
