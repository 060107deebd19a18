"""Clerk, supervisor and admin accounts: argon2 password hashes and lock-out after failures.

Every login attempt, good or bad, goes to the audit log. A locked account says until when, so the
clerk knows whether to wait or call the supervisor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from desk_app.core import audit
from desk_app.domain.errors import (
    AccountLocked,
    AuthenticationFailed,
    InvalidInput,
    PasswordChangeRequired,
    PermissionDenied,
)
from desk_app.domain.text import nfc
from desk_app.store.engine import Store
from desk_app.store.models import UserRow

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 8
_hasher = PasswordHasher()


class Role(StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


_RANK = {Role.CLERK: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}
ROLE_LABELS_VI = {Role.CLERK: "Cán bộ tiếp nhận", Role.SUPERVISOR: "Lãnh đạo/giám sát", Role.ADMIN: "Quản trị"}


@dataclass(frozen=True)
class User:
    username: str
    full_name: str
    role: Role

    def require(self, role: Role) -> None:
        if _RANK[self.role] < _RANK[role]:
            raise PermissionDenied(
                f"Tài khoản {self.username} ({ROLE_LABELS_VI[self.role]}) không có quyền này; "
                f"cần quyền {ROLE_LABELS_VI[role]}.",
                f"Account {self.username} ({self.role}) may not do this; it needs {role}.",
            )


class AccountService:
    def __init__(self, store: Store, now: Callable[[], datetime] = datetime.now) -> None:
        self.store = store
        self.now = now

    def create(self, username: str, full_name: str, role: Role | str, password: str, actor: str = "system") -> User:
        username, full_name, role = _check_username(username), nfc(full_name), _check_role(role)
        _check_password(password)
        if not full_name:
            raise InvalidInput("Họ và tên người dùng không được để trống.", "Full name is required.")
        with self.store.write() as session:
            if session.get(UserRow, username):
                raise InvalidInput(f"Tài khoản «{username}» đã tồn tại.", f"Account {username!r} already exists.")
            session.add(
                UserRow(
                    username=username, full_name=full_name, role=str(role), password_hash=_hasher.hash(password),
                    created_at=self.now().isoformat(timespec="seconds"),
                )
            )
            audit.append(session, actor, "account.created", username, {"role": str(role)})
        return User(username, full_name, role)

    def authenticate(self, username: str, password: str) -> User:
        """The user, or AuthenticationFailed / AccountLocked; the attempt is audited either way. A right
        but temporary password (from the centre) raises PasswordChangeRequired: `change_password` first."""
        with self.store.write() as session:
            outcome = self._check_login(session, username.strip().lower(), password)
            temporary = not isinstance(outcome, AuthenticationFailed) and self._temporary(session, outcome)
        if isinstance(outcome, AuthenticationFailed):
            raise outcome  # raised after the commit, so the failed attempt stays recorded
        if temporary:
            raise _change_required(outcome.username)
        return outcome

    @staticmethod
    def _temporary(session, user: User) -> bool:
        row = session.get(UserRow, user.username)
        if row is None or not row.must_change:
            return False
        audit.append(session, user.username, "login.change_required", user.username, {})
        return True

    def change_password(self, username: str, old: str, new: str) -> User:
        """The account's own change: the current password (a temporary one too) proves who asks. For an
        account from the centre the new hash is also queued for the city, which hands it to the point's
        other desks (docs/sync.md, "Accounts from the centre")."""
        from desk_app.core import city_accounts

        _check_password(new)
        if new == old:
            raise InvalidInput("Mật khẩu mới phải khác mật khẩu hiện tại.",
                               "The new password must differ from the current one.")
        username = username.strip().lower()
        with self.store.write() as session:
            outcome = self._check_login(session, username, old)
            if not isinstance(outcome, AuthenticationFailed):
                row = _existing(session, username)
                row.password_hash, row.must_change = _hasher.hash(new), 0
                if row.origin == city_accounts.CITY:
                    city_accounts.record_change(session, row, row.password_hash, self.now().isoformat())
                audit.append(session, username, "account.password_changed", username, {"origin": row.origin})
        if isinstance(outcome, AuthenticationFailed):
            raise outcome
        return outcome

    def _check_login(self, session, username: str, password: str) -> User | AuthenticationFailed:
        row = session.get(UserRow, username)
        now = self.now()
        if row is None or not row.active:
            audit.append(session, username or "?", "login.failed", username, {"reason": "unknown"})
            return _bad_credentials()
        if row.locked_until and datetime.fromisoformat(row.locked_until) > now:
            audit.append(session, username, "login.refused", username, {"reason": "locked"})
            return _locked(datetime.fromisoformat(row.locked_until))
        if not _password_matches(row.password_hash, password):
            return self._record_failure(session, row, now)
        row.failed_attempts, row.locked_until = 0, None
        audit.append(session, username, "login", username, {})
        return User(row.username, row.full_name, Role(row.role))

    def _record_failure(self, session, row: UserRow, now: datetime) -> AuthenticationFailed:
        row.failed_attempts += 1
        audit.append(session, row.username, "login.failed", row.username, {"attempt": row.failed_attempts})
        if row.failed_attempts >= MAX_FAILURES:
            until = now + LOCK_FOR
            row.locked_until, row.failed_attempts = until.isoformat(timespec="seconds"), 0
            audit.append(session, "system", "account.locked", row.username, {"until": row.locked_until})
            return _locked(until)
        return _bad_credentials(MAX_FAILURES - row.failed_attempts)

    def unlock(self, username: str, actor: str) -> None:
        with self.store.write() as session:
            row = _existing(session, username)
            row.failed_attempts, row.locked_until = 0, None
            audit.append(session, actor, "account.unlocked", username, {})

    def set_password(self, username: str, password: str, actor: str) -> None:
        _check_password(password)
        with self.store.write() as session:
            _existing(session, username).password_hash = _hasher.hash(password)
            audit.append(session, actor, "account.password_set", username, {})

    def copy_from(self, source: AccountService, username: str) -> None:
        """Copy one account, password hash included, from another desk file (the training twin uses it)."""
        with source.store.read() as session:
            row = _existing(session, username)
            values = {c: getattr(row, c) for c in ("username", "full_name", "role", "password_hash", "active",
                                                   "created_at")}
        with self.store.write() as session:
            if session.get(UserRow, username) is None:
                session.add(UserRow(**values))
                audit.append(session, "system", "account.copied", username, {})

    def list(self) -> list[User]:
        with self.store.read() as session:
            rows = session.scalars(select(UserRow).order_by(UserRow.username))
            return [User(r.username, r.full_name, Role(r.role)) for r in rows]


def _password_matches(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _bad_credentials(left: int | None = None) -> AuthenticationFailed:
    tail_vi = f" Còn {left} lần thử trước khi tài khoản bị khóa." if left else ""
    tail_en = f" {left} attempts left before the account is locked." if left else ""
    return AuthenticationFailed("Sai tên đăng nhập hoặc mật khẩu." + tail_vi, "Wrong user name or password." + tail_en)


def _change_required(username: str) -> PasswordChangeRequired:
    return PasswordChangeRequired(
        f"Mật khẩu của «{username}» là mật khẩu tạm do quản trị thành phố cấp: "
        "hãy đặt mật khẩu mới trước khi làm việc.",
        f"The password of {username!r} is a temporary one from the city: choose a new password first.",
    )


def _locked(until: datetime) -> AccountLocked:
    return AccountLocked(
        f"Tài khoản bị khóa đến {until:%H:%M %d/%m/%Y} do nhập sai mật khẩu nhiều lần. Liên hệ quản trị để mở khóa.",
        f"The account is locked until {until:%Y-%m-%d %H:%M} after repeated failures.",
    )


def _existing(session, username: str) -> UserRow:
    row = session.get(UserRow, username.strip().lower())
    if row is None:
        raise InvalidInput(f"Không có tài khoản «{username}».", f"No account {username!r}.")
    return row


def _check_username(username: str) -> str:
    username = username.strip().lower()
    if not (3 <= len(username) <= 32) or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in username):
        raise InvalidInput(
            "Tên đăng nhập phải dài 3–32 ký tự, chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới.",
            "User name: 3-32 characters, ASCII letters, digits, '.', '-', '_'.",
        )
    return username


def _check_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        raise InvalidInput(
            f"Vai trò «{role}» không hợp lệ (clerk, supervisor, admin).", f"Unknown role {role!r}."
        ) from exc


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.", f"The password needs at least {MIN_PASSWORD} characters."
        )
