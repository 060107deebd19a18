"""The device token lives apart from the database (issue 17 #10): in the OS keyring where one is usable, else
in a 0600 file beside it; a desk that kept it in the database has it moved out on open, still syncing.

This Linux box has no keyring backend, so the fallback runs for real; the keyring path runs with a small
in-memory backend registered through keyring's own `set_keyring` (the API Windows Credential Manager's
backend plugs into the same way)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import keyring
import pytest
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from desk_app import cli
from desk_app.cli import sync_cmd
from desk_app.store.device_token import SERVICE, usable_keyring
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import open_desk, receive


class MemoryKeyring(KeyringBackend):
    """A keyring backend holding entries in a dict, as Credential Manager holds them on Windows."""

    @properties.classproperty
    def priority(cls) -> float:
        # keyring discovers every KeyringBackend subclass; this one must only ever be set explicitly
        raise RuntimeError("set with keyring.set_keyring, never chosen by discovery")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture
def desk_db(city, seeded_template, tmp_path, monkeypatch) -> str:
    if sync_cmd not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, sync_cmd])
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    receive(desk, 2)
    desk.close()
    return str(tmp_path / "ban1.sqlite3")


def _enroll_and_sync(city, db: str, capsys) -> None:
    assert cli.main(["--db", db, "enroll", "--server", city.base_url, "--code", city.new_device(MINH_CHAU)]) == 0
    assert cli.main(["--db", db, "sync"]) == 0
    assert "Đã gửi 2 sự kiện" in capsys.readouterr().out


def _database_bytes(db: str) -> bytes:
    return b"".join(Path(db + suffix).read_bytes() for suffix in ("", "-wal") if Path(db + suffix).exists())


def _token_row(db: str) -> list:
    return sqlite3.connect(db).execute("SELECT value FROM settings WHERE key = 'sync.token'").fetchall()


def test_without_a_keyring_the_token_is_a_private_file_beside_the_database(city, desk_db, capsys):
    assert usable_keyring() is None  # as on this box: the real fallback, not a stand-in
    _enroll_and_sync(city, desk_db, capsys)
    token_file = Path(desk_db + ".token")
    token = token_file.read_text(encoding="utf-8")
    assert len(token) >= 32 and _token_row(desk_db) == []
    assert token.encode() not in _database_bytes(desk_db)
    if os.name == "posix":
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600


def test_with_a_keyring_the_token_is_stored_there_and_nowhere_else(city, desk_db, capsys, memory_keyring):
    _enroll_and_sync(city, desk_db, capsys)
    [(service, entry)] = memory_keyring.entries
    token = memory_keyring.entries[(service, entry)]
    assert service == SERVICE and entry.endswith("ban1.sqlite3")
    assert not Path(desk_db + ".token").exists() and _token_row(desk_db) == []
    assert token.encode() not in _database_bytes(desk_db)


@pytest.mark.parametrize("with_keyring", [False, True])
def test_a_token_an_older_version_kept_in_the_database_moves_out_and_still_syncs(city, desk_db, capsys, request,
                                                                                 with_keyring):
    ring = request.getfixturevalue("memory_keyring") if with_keyring else None
    _enroll_and_sync(city, desk_db, capsys)
    token = ring.entries.popitem()[1] if ring else Path(desk_db + ".token").read_text(encoding="utf-8")
    Path(desk_db + ".token").unlink(missing_ok=True)
    conn = sqlite3.connect(desk_db)  # what the previous version left: the token in the settings table
    conn.execute("INSERT INTO settings (key, value) VALUES ('sync.token', ?)", (token,))
    conn.commit()
    conn.close()

    assert cli.main(["--db", desk_db, "sync"]) == 0  # opening moves it; the sync then uses it
    assert "Đã gửi 0 sự kiện" in capsys.readouterr().out
    assert _token_row(desk_db) == [] and token.encode() not in _database_bytes(desk_db)
    kept = list(ring.entries.values()) if ring else [Path(desk_db + ".token").read_text(encoding="utf-8")]
    assert kept == [token]
