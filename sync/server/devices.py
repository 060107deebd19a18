"""Reception-point devices: creation with a one-time code, enrollment, token checks, revocation.

Only SHA-256 hashes of codes and tokens are stored: a copy of the database does not let anyone
act as a desk. Tokens are 256-bit random values, so a fast hash is enough (no password stretching).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, select, update

from sync.server import tables
from sync.server.clock import now_iso

CODE_TTL = timedelta(days=7)
CITY_UNIT = "01"  # the city's own devices (back office) write status events on any point's dossiers


@dataclass(frozen=True)
class Device:
    id: str
    unit_code: str
    revoked: bool = False  # only the exchange route sees one: to hold its push for review (revoked.py)

    @property
    def is_city(self) -> bool:
        return self.unit_code == CITY_UNIT


class EnrollmentError(Exception):
    pass


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create(conn: Connection, unit_code: str, label: str = "") -> tuple[str, str]:
    """A new device for a point and its one-time enrollment code (shown once, stored hashed)."""
    device_id, code = str(uuid.uuid4()), _new_code()
    expires = (datetime.now(UTC) + CODE_TTL).isoformat()
    conn.execute(tables.devices.insert().values(
        id=device_id, unit_code=unit_code, label=label, code_hash=digest(code), code_expires_at=expires,
        desk_id="", created_at=now_iso(), clock_offset_ms=0,
    ))
    return device_id, code


def _new_code() -> str:
    """12 characters from an alphabet without look-alikes, grouped for reading over the phone."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def enroll(conn: Connection, code: str, desk_id: str) -> tuple[Device, str]:
    """Trade a valid unused code for a token; the code stops working at once."""
    row = conn.execute(select(tables.devices).where(tables.devices.c.code_hash == digest(code.strip().upper()))
                       ).mappings().first()
    if row is None or row["revoked_at"] or row["code_expires_at"] < datetime.now(UTC).isoformat():
        raise EnrollmentError(code)
    token = secrets.token_urlsafe(32)
    conn.execute(update(tables.devices).where(tables.devices.c.id == row["id"]).values(
        code_hash=None, code_expires_at=None, token_hash=digest(token), desk_id=desk_id, enrolled_at=now_iso()))
    return Device(row["id"], row["unit_code"]), token


def authenticate(conn: Connection, token: str) -> Device | None:
    row = conn.execute(
        select(tables.devices.c.id, tables.devices.c.unit_code)
        .where(tables.devices.c.token_hash == digest(token), tables.devices.c.revoked_at.is_(None))
    ).first()
    return Device(row.id, row.unit_code) if row else None


def find_revoked(conn: Connection, token: str) -> Device | None:
    """The revoked device this token belonged to (its pushes are held for review, never accepted)."""
    row = conn.execute(
        select(tables.devices.c.id, tables.devices.c.unit_code)
        .where(tables.devices.c.token_hash == digest(token), tables.devices.c.revoked_at.is_not(None))
    ).first()
    return Device(row.id, row.unit_code, revoked=True) if row else None


def revoke(conn: Connection, device_id: str) -> bool:
    result = conn.execute(update(tables.devices).where(
        tables.devices.c.id == device_id, tables.devices.c.revoked_at.is_(None)).values(revoked_at=now_iso()))
    return result.rowcount == 1


def record_offset(conn: Connection, device_id: str, offset_ms: int, outbox: int | None = None,
                  app_version: str = "") -> None:
    """Called in every exchange's write transaction: its commit is the device's last successful exchange.
    A desk that says how many events still wait on it (and its version) has that kept for the dashboard."""
    told = {"outbox": outbox, "app_version": app_version} if outbox is not None else {}
    conn.execute(update(tables.devices).where(tables.devices.c.id == device_id).values(
        clock_offset_ms=offset_ms, last_seen_at=now_iso(), **told))


def log_denied(conn: Connection, device_id: str, path: str, reason: str) -> None:
    conn.execute(tables.security_log.insert().values(at=now_iso(), device_id=device_id, path=path[:200],
                                                     reason=reason[:400]))
