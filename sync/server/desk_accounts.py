"""Clerk and supervisor accounts of the points, kept at the centre and delivered to the desks of their
point by sync (docs/sync.md, "Accounts from the centre").

Only argon2 hashes are stored and sent, never a password. An account made or reset at the centre gets a
temporary password (shown once to the administrator) and `must_change`: the desk makes the clerk choose a
new one at the first log-in and sends the new hash back. Each password has a generation: a desk's change
names the generation it replaced and is taken only if that is still the current one, so a reset at the
centre after it (or another desk's change from the same temporary password, which reached the city first)
wins. Every change takes the next number of the `accounts` counter into `changed_seq`; a point's version
is the highest of its accounts', which the exchange answer carries so a desk fetches only when it moved.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import Connection, func, select, update

from sync.server import tables
from sync.server.clock import now_iso

CLERK, SUPERVISOR = "clerk", "supervisor"
ROLES = {CLERK: "Cán bộ tiếp nhận", SUPERVISOR: "Lãnh đạo/giám sát"}
LEGACY_ROLES = ("admin",)  # `city-server account create --role admin` still makes one (a desk administrator)
MIN_PASSWORD = 8  # the desk's own rule (desk_app.core.accounts)
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")  # the desk's user names: 3-32 characters
_ARGON2 = re.compile(r"^\$argon2(id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$")
_hasher = PasswordHasher()
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no look-alikes: read aloud over the phone


class DeskAccountError(ValueError):
    """Bad input for a point's account; the message is Vietnamese, for the person who typed it."""


@dataclass(frozen=True)
class DeskAccount:
    username: str
    full_name: str
    unit_code: str
    role: str
    active: bool
    must_change: bool
    password_gen: int
    changed_seq: int
    updated_at: str = ""

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


def temporary_password() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def _next_seq(conn: Connection) -> int:
    c = tables.counters
    return int(conn.execute(update(c).where(c.c.name == "accounts").values(value=c.c.value + 1)
                            .returning(c.c.value)).scalar_one())


def create(conn: Connection, username: str, full_name: str, unit_code: str, role: str, password: str,
           must_change: bool = True, roles: tuple[str, ...] = tuple(ROLES)) -> DeskAccount:
    """Check everything, then store; raises DeskAccountError naming what is wrong."""
    username, full_name = username.strip().lower(), full_name.strip()
    if not _USERNAME.match(username):
        raise DeskAccountError("Tên đăng nhập phải dài 3–32 ký tự, chỉ gồm chữ thường không dấu, số, dấu chấm, "
                               "gạch ngang hoặc gạch dưới.")
    if not full_name or len(full_name) > 200:
        raise DeskAccountError("Họ và tên không được để trống (tối đa 200 ký tự).")
    if role not in roles:
        raise DeskAccountError(f"Vai trò «{role[:20]}» không có; chọn cán bộ tiếp nhận hoặc lãnh đạo/giám sát.")
    known = conn.execute(select(tables.units.c.code).where(tables.units.c.code == unit_code)).first()
    if known is None:
        raise DeskAccountError(f"Không có điểm tiếp nhận mã «{unit_code[:20]}» trong danh mục đã công bố.")
    if len(password) < MIN_PASSWORD:
        raise DeskAccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    if find(conn, username) is not None:
        raise DeskAccountError(f"Tài khoản «{username}» đã có (tên đăng nhập dùng chung cho mọi điểm).")
    now = now_iso()
    conn.execute(tables.accounts.insert().values(
        username=username, full_name=full_name, unit_code=unit_code, role=role,
        password_hash=_hasher.hash(password), active=1, created_at=now, must_change=int(must_change),
        password_gen=1, changed_seq=_next_seq(conn), updated_at=now))
    found = find(conn, username)
    assert found is not None
    return found


def find(conn: Connection, username: str) -> DeskAccount | None:
    row = conn.execute(select(tables.accounts).where(tables.accounts.c.username == username)).mappings().first()
    return _account(row) if row else None


def _account(row: object) -> DeskAccount:
    r = dict(row)  # type: ignore[call-overload]
    return DeskAccount(str(r["username"]), str(r["full_name"]), str(r["unit_code"]), str(r["role"]),
                       bool(r["active"]), bool(r["must_change"]), int(r["password_gen"]), int(r["changed_seq"]),
                       str(r["updated_at"] or ""))


def listing(conn: Connection, unit_code: str | None = None) -> list[DeskAccount]:
    a = tables.accounts
    query = select(a).order_by(a.c.unit_code, a.c.username)
    if unit_code is not None:
        query = query.where(a.c.unit_code == unit_code)
    return [_account(r) for r in conn.execute(query).mappings()]


def reset(conn: Connection, username: str, password: str) -> DeskAccount | None:
    """A new temporary password (a new generation): the desks take it at their next sync."""
    if len(password) < MIN_PASSWORD:
        raise DeskAccountError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    a = tables.accounts
    done = conn.execute(update(a).where(a.c.username == username).values(
        password_hash=_hasher.hash(password), must_change=1, password_gen=a.c.password_gen + 1,
        changed_seq=_next_seq(conn), updated_at=now_iso())).rowcount
    return find(conn, username) if done else None


def set_active(conn: Connection, username: str, active: bool) -> DeskAccount | None:
    a = tables.accounts
    done = conn.execute(update(a).where(a.c.username == username).values(
        active=int(active), changed_seq=_next_seq(conn), updated_at=now_iso())).rowcount
    return find(conn, username) if done else None


def version(conn: Connection, unit_code: str) -> int:
    """The point's accounts version: the number of the last change to any of them (0: none)."""
    a = tables.accounts
    return int(conn.execute(select(func.max(a.c.changed_seq)).where(a.c.unit_code == unit_code)).scalar() or 0)


def for_desks(conn: Connection, unit_code: str) -> list[dict[str, object]]:
    """What the desks of a point receive: every account of the point, disabled ones too (so a desk
    disables its copy), with the argon2 hash and never anything else secret."""
    a = tables.accounts
    rows = conn.execute(select(a.c.username, a.c.full_name, a.c.role, a.c.password_hash, a.c.active,
                               a.c.must_change, a.c.password_gen).where(a.c.unit_code == unit_code)
                        .order_by(a.c.username)).mappings()
    return [{"username": r["username"], "full_name": r["full_name"], "role": r["role"],
             "password_hash": r["password_hash"], "active": bool(r["active"]), "must_change": bool(r["must_change"]),
             "password_gen": int(r["password_gen"])} for r in rows]


class ChangeRefused(Exception):
    """A desk's password change that is not taken; `code` says why (for the desk, not for people)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def take_change(conn: Connection, unit_code: str, username: str, password_hash: str, from_gen: int) -> DeskAccount:
    """A clerk's new password chosen at a desk of `unit_code`, replacing generation `from_gen`."""
    if not _ARGON2.match(password_hash) or len(password_hash) > 200:
        raise ChangeRefused("not_argon2")
    a = tables.accounts
    row = conn.execute(select(a).where(a.c.username == username).with_for_update()).mappings().first()
    if row is None or row["unit_code"] != unit_code:
        raise ChangeRefused("unknown_account")  # another point's account is as unknown as a missing one
    if not row["active"]:
        raise ChangeRefused("disabled")
    if int(row["password_gen"]) != from_gen:
        raise ChangeRefused("superseded")  # a reset at the centre, or another desk's change, came first
    conn.execute(update(a).where(a.c.username == username).values(
        password_hash=password_hash, must_change=0, password_gen=from_gen + 1, changed_seq=_next_seq(conn),
        updated_at=now_iso()))
    found = find(conn, username)
    assert found is not None
    return found
