"""City administration that is not HTTP: clerk accounts and the epoch. Every write goes through a
function here or in devices/reference, never through ad-hoc SQL (so no write path bypasses the
change log, sync.md F8)."""

from __future__ import annotations

import uuid

from sqlalchemy import Connection, update

from sync.server import desk_accounts, tables

ROLES = ("clerk", "supervisor", "admin")


def create_account(conn: Connection, username: str, full_name: str, unit_code: str, role: str, password: str) -> None:
    """A point's account from the terminal: the same rules and delivery to desks as the console's
    (desk_accounts.py), with the password the operator chose (no change forced)."""
    desk_accounts.create(conn, username, full_name, unit_code, role, password, must_change=False, roles=ROLES)


def rotate_epoch(conn: Connection) -> str:
    """Run after restoring a backup: desks that see the new epoch replay what the backup lacks."""
    epoch = str(uuid.uuid4())
    conn.execute(update(tables.meta).where(tables.meta.c.key == "epoch").values(value=epoch))
    return epoch
