"""The desk's device token (what the city knows this PC by), kept apart from the database.

Whoever holds the token can push and pull the point's dossiers, so it is not kept in the database file,
which is copied for backups and support. It goes to the OS keyring where one is usable (Windows Credential
Manager, macOS Keychain, the Secret Service of a Linux desktop), one entry per database file; otherwise to
a file of its own beside the database, readable by its owner only (0600 in the 0700 data folder).
Desks that kept it in the database (`settings` key `sync.token`) have it moved out on open.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path
from typing import Any

from desk_app.private_files import restrict, write_private

SERVICE = "MotCuaDesk"
LEGACY_KEY = "sync.token"
log = logging.getLogger(__name__)


class DeviceToken:
    """The token of the desk whose database is `db_path`."""

    def __init__(self, db_path: Path | str) -> None:
        path = Path(db_path).resolve()
        self.entry = f"device-token:{path}"  # one keyring entry per database (the training twin has none)
        self.file = path.with_name(path.name + ".token")

    def get(self) -> str:
        ring = usable_keyring()
        if ring is not None:
            try:
                value = ring.get_password(SERVICE, self.entry)
            except Exception as exc:  # a locked or broken keyring: the file may still hold it
                log.warning("keyring read failed: %s", exc)
            else:
                if value:
                    return str(value)
        try:
            return self.file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""

    def set(self, value: str) -> str:
        """Store `value` ("" forgets it); returns where it went: "keyring" or the file's path."""
        ring = usable_keyring()
        if ring is not None:
            try:
                if value:
                    ring.set_password(SERVICE, self.entry, value)
                else:
                    _forget(ring, self.entry)
            except Exception as exc:
                log.warning("keyring write failed, keeping the token in a private file: %s", exc)
            else:
                self.file.unlink(missing_ok=True)
                return "keyring"
        if value:
            write_private(self.file, value.encode("utf-8"))
        else:
            self.file.unlink(missing_ok=True)
        return str(self.file)


def usable_keyring() -> Any | None:
    """The OS keyring backend, or None where keyring is absent or found no backend (a server, a bare Linux)."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:
        return None
    ring = keyring.get_keyring()
    if isinstance(ring, fail.Keyring) or (isinstance(ring, chainer.ChainerBackend) and not ring.backends):
        return None
    return ring


def _forget(ring: Any, entry: str) -> None:
    from keyring.errors import PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError):  # nothing stored
        ring.delete_password(SERVICE, entry)


def move_out_of_database(db_path: Path) -> None:
    """A token an older version kept in the database goes to the keyring (or file), then leaves the
    database; it is deleted only once it reads back, so a crash in between loses nothing."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (LEGACY_KEY,)).fetchone()
        if row is None:
            return
        token, store = row[0], DeviceToken(db_path)
        if token and store.get() != token:
            store.set(token)
            if store.get() != token:
                raise OSError(f"the device token could not be stored apart from {db_path}")
        conn.execute("PRAGMA secure_delete = ON")  # zero the freed bytes, not just unlink the row
        conn.execute("DELETE FROM settings WHERE key = ?", (LEGACY_KEY,))
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
    finally:
        conn.close()
    restrict(db_path)
