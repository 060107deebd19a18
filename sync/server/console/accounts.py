"""Console accounts (not the clerks' desk accounts): who may open the console and what they may see,
their passwords (argon2), the lock-out after repeated failures, and server-side sessions.

A session is a random 256-bit id in an HttpOnly, SameSite=Strict cookie; only its SHA-256 is stored,
with the session's CSRF token and the time of its last request (idle time-out).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, select, update

from sync.server import tables
from sync.server.clock import now_iso

CITY_ADMIN, SUPERVISOR, OFFICER = "city_admin", "supervisor", "officer"
ROLE_LABELS = {
    CITY_ADMIN: "Quản trị thành phố",
    SUPERVISOR: "Lãnh đạo bộ phận một cửa",
    OFFICER: "Cán bộ cơ quan giải quyết",
}
MIN_PASSWORD = 10
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
_UNIT = re.compile(r"^\d{5}$")
_AUTHORITY = re.compile(r"^\d{2,5}$")
_hasher = PasswordHasher()
# Verified against when the user is unknown, so a wrong name costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """Bad input for an account; the message is Vietnamese, for the person who typed it."""


@dataclass(frozen=True)
class Account:
    username: str
    full_name: str
    role: str
    unit_code: str = ""
    authority: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == CITY_ADMIN

    def may_see_point(self, unit_code: str) -> bool:
        return self.is_admin or (self.role == SUPERVISOR and self.unit_code == unit_code)


def any_account(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(tables.console_accounts)).scalar_one() > 0


def create(conn: Connection, username: str, full_name: str, role: str, password: str,
           unit_code: str = "", authority: str = "") -> Account:
    """Check everything, then store; raises AccountError naming the field that is wrong."""
    account = _checked(conn, username.strip(), full_name.strip(), role, password, unit_code.strip(),
                       authority.strip())
    conn.execute(tables.console_accounts.insert().values(
        username=account.username, full_name=account.full_name, role=account.role, unit_code=account.unit_code,
        authority=account.authority, password_hash=_hasher.hash(password), active=1, failures=0,
        locked_until=None, created_at=now_iso()))
    return account


def _checked(conn: Connection, username: str, full_name: str, role: str, password: str, unit_code: str,
             authority: str) -> Account:
    if not _USERNAME.match(username):
        raise AccountError("Tên đăng nhập phải dài 3–40 ký tự, chỉ gồm chữ thường không dấu, số, dấu chấm, "
                           "gạch ngang hoặc gạch dưới.")
    if not full_name or len(full_name) > 200:
        raise AccountError("Họ và tên không được để trống (tối đa 200 ký tự).")
    if role not in ROLE_LABELS:
        raise AccountError(f"Vai trò «{role}» không có; chọn một trong: {', '.join(ROLE_LABELS)}.")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if role == SUPERVISOR:
        _check_unit(conn, unit_code)
    else:
        unit_code = ""
    if role == OFFICER and not _AUTHORITY.match(authority):
        raise AccountError("Cán bộ cơ quan giải quyết cần mã cơ quan (2–5 chữ số).")
    if role != OFFICER:
        authority = ""
    if _row(conn, username) is not None:
        raise AccountError(f"Tài khoản «{username}» đã có.")
    return Account(username, full_name, role, unit_code, authority)


def _check_unit(conn: Connection, unit_code: str) -> None:
    if not _UNIT.match(unit_code):
        raise AccountError("Lãnh đạo bộ phận một cửa cần mã điểm tiếp nhận (5 chữ số).")
    known = conn.execute(select(tables.units.c.code).where(tables.units.c.code == unit_code)).first()
    if known is None:
        raise AccountError(f"Không có điểm tiếp nhận mã {unit_code} trong danh mục đã công bố.")


def _row(conn: Connection, username: str) -> dict[str, object] | None:
    row = conn.execute(select(tables.console_accounts).where(tables.console_accounts.c.username == username)
                       ).mappings().first()
    return dict(row) if row else None


def _account(row: dict[str, object]) -> Account:
    return Account(str(row["username"]), str(row["full_name"]), str(row["role"]), str(row["unit_code"]),
                   str(row["authority"]))


def listing(conn: Connection) -> list[tuple[Account, bool, str | None]]:
    """Every account with whether it is active and until when it is locked."""
    rows = conn.execute(select(tables.console_accounts).order_by(tables.console_accounts.c.username)).mappings()
    return [(_account(dict(r)), bool(r["active"]), r["locked_until"]) for r in rows]


def set_active(conn: Connection, username: str, active: bool) -> bool:
    """Disable (its sessions stop at their next request) or re-enable an account, clearing any lock-out."""
    done = conn.execute(update(tables.console_accounts).where(tables.console_accounts.c.username == username)
                        .values(active=int(active), failures=0, locked_until=None)).rowcount
    return bool(done)


# --- log-in and lock-out ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LoginResult:
    account: Account | None
    refusal: str = ""  # "bad", "locked" or "disabled" when account is None
    locked_until: str = ""


def authenticate(conn: Connection, username: str, password: str, limit: int, lock_minutes: int,
                 now: datetime | None = None) -> LoginResult:
    """Check a password; counts failures and locks the account after `limit` in a row. Run it in a
    write transaction that commits even when the answer is a refusal (the count must stick)."""
    moment = now or datetime.now(UTC)
    row = _row(conn, username.strip())
    if row is None:
        _verify(_DUMMY_HASH, password)
        return LoginResult(None, "bad")
    locked = row["locked_until"]
    if isinstance(locked, str) and locked > moment.isoformat():
        return LoginResult(None, "locked", locked)
    if not _verify(str(row["password_hash"]), password):
        return _failed(conn, row, limit, lock_minutes, moment)
    if not row["active"]:
        return LoginResult(None, "disabled")
    _set(conn, str(row["username"]), failures=0, locked_until=None)
    return LoginResult(_account(row))


def _failed(conn: Connection, row: dict[str, object], limit: int, lock_minutes: int, moment: datetime) -> LoginResult:
    failures = int(str(row["failures"])) + 1
    if failures < limit:
        _set(conn, str(row["username"]), failures=failures)
        return LoginResult(None, "bad")
    until = (moment + timedelta(minutes=lock_minutes)).isoformat()
    _set(conn, str(row["username"]), failures=0, locked_until=until)
    return LoginResult(None, "locked", until)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _set(conn: Connection, username: str, **values: object) -> None:
    conn.execute(update(tables.console_accounts).where(tables.console_accounts.c.username == username)
                 .values(**values))


# --- sessions ---------------------------------------------------------------------------------------

def _digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def open_session(conn: Connection, username: str, now_ms: int, idle_ms: int) -> tuple[str, str]:
    """A new session (cookie value, CSRF token); sessions idle for longer than `idle_ms` are cleared."""
    s = tables.console_sessions
    conn.execute(delete(s).where(s.c.last_seen_ms < now_ms - idle_ms))
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    conn.execute(s.insert().values(id_hash=_digest(session_id), username=username, csrf=csrf,
                                   created_at=now_iso(), last_seen_ms=now_ms))
    return session_id, csrf


@dataclass(frozen=True)
class Session:
    account: Account
    csrf: str


def resume(conn: Connection, session_id: str, now_ms: int, idle_ms: int) -> Session | None:
    """The session behind a cookie, if it is live and its account still active; touches it."""
    s, a = tables.console_sessions, tables.console_accounts
    found = conn.execute(select(s.c.csrf, s.c.last_seen_ms, a).join(a, a.c.username == s.c.username)
                         .where(s.c.id_hash == _digest(session_id))).mappings().first()
    if found is None:
        return None
    if found["last_seen_ms"] < now_ms - idle_ms or not found["active"]:
        conn.execute(delete(s).where(s.c.id_hash == _digest(session_id)))
        return None
    if now_ms - found["last_seen_ms"] > 10_000:  # not a write per request for a busy page
        conn.execute(update(s).where(s.c.id_hash == _digest(session_id)).values(last_seen_ms=now_ms))
    return Session(_account(dict(found)), str(found["csrf"]))


def close_session(conn: Connection, session_id: str) -> None:
    conn.execute(delete(tables.console_sessions).where(tables.console_sessions.c.id_hash == _digest(session_id)))
