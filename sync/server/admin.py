"""City administration that is not HTTP: clerk accounts and the epoch. Every write goes through a
function here or in devices/reference, never through ad-hoc SQL (so no write path bypasses the
change log, sync.md F8)."""

from __future__ import annotations

import uuid

from argon2 import PasswordHasher
from sqlalchemy import Connection, select, update

from sync.server import tables
from sync.server.clock import now_iso

ROLES = ("clerk", "supervisor", "admin")


def create_account(conn: Connection, username: str, full_name: str, unit_code: str, role: str, password: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if conn.execute(select(tables.accounts.c.username).where(tables.accounts.c.username == username)).first():
        raise ValueError(f"account {username!r} exists")
    conn.execute(tables.accounts.insert().values(
        username=username, full_name=full_name, unit_code=unit_code, role=role,
        password_hash=PasswordHasher().hash(password), active=1, created_at=now_iso()))


def rotate_epoch(conn: Connection) -> str:
    """Run after restoring a backup: desks that see the new epoch replay what the backup lacks."""
    epoch = str(uuid.uuid4())
    conn.execute(update(tables.meta).where(tables.meta.c.key == "epoch").values(value=epoch))
    return epoch
