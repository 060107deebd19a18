"""Opening the desk's SQLite file: durable pragmas, explicit transactions, one writer at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session

from desk_app.paths import default_db_path
from desk_app.private_files import create_private, private_folder
from desk_app.store import device_token, migrations


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself; pysqlite's implicit transactions are
    # unreliable around DDL and savepoints.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")  # a returned save survives power loss
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


def _on_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get("begin_mode", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


class Store:
    """The desk database. `write()` takes the write lock up front so two writers never deadlock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.engine: Engine = create_engine(f"sqlite:///{self.path}", future=True)
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._writer = self.engine.execution_options(begin_mode="IMMEDIATE")

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Create or upgrade the file to the latest schema, then open it."""
        path = Path(path)
        if path.parent == default_db_path().parent:
            private_folder(path.parent)  # our own data folder: narrowed even if an older version made it 0755
        create_private(path)  # another folder (--db) is left as it is; the files are the owner's only
        migrations.upgrade(path)
        device_token.move_out_of_database(path)
        return cls(path)

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()
