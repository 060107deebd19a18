"""Files holding personal data are their owner's only (issue 17 #10): the desk database with its WAL and SHM,
its backups, and the city server's SQLite file are created 0600, new folders 0700, older 0644 files narrowed."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from desk_app.services import Desk
from desk_app.store import migrations
from sync.server import cli as server_cli
from tests.conftest import request

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows keeps its folder ACLs")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    """The umask most systems run with, which left the files readable by every user."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_desk_database_and_its_wal_and_shm_are_the_owners_only(tmp_path):
    path = tmp_path / "moi" / "desk.sqlite3"
    with Desk.open(path) as desk:
        desk.dossiers.receive(request(), "canbo1")  # the WAL and SHM exist while the desk is open
        files = {p.name: mode(p) for p in path.parent.iterdir()}
        assert {"desk.sqlite3", "desk.sqlite3-wal", "desk.sqlite3-shm"} <= set(files)
        assert set(files.values()) == {0o600}
    assert mode(path.parent) == 0o700


def test_an_older_readable_database_is_narrowed_and_its_backup_is_private(tmp_path):
    path = tmp_path / "old.sqlite3"
    migrations.upgrade(path, target=1)  # as the first release left it: 0644
    os.chmod(path, 0o644)
    Desk.open(path).close()  # upgrades, so a backup is made first
    assert mode(path) == 0o600
    [backup] = (tmp_path / "backups").iterdir()
    assert mode(backup) == 0o600 and mode(tmp_path / "backups") == 0o700
    assert sqlite3.connect(backup).execute("SELECT count(*) FROM schema_migrations").fetchone() == (1,)


def test_the_city_servers_sqlite_file_is_the_owners_only(tmp_path, capsys):
    path = tmp_path / "thanh-pho" / "city.sqlite3"
    assert server_cli.main(["--db", str(path), "migrate"]) == 0
    assert mode(path) == 0o600 and mode(path.parent) == 0o700
