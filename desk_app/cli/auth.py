"""Who acts at the terminal. Commands that record a step need the acting account's password; commands that
change accounts or the desk's set-up need an administrator's (a supervisor's to enroll, as in the window).
The check is the window's log-in (`AccountService.authenticate`): the same lock-out after failed
attempts, every attempt in the audit log, and the account's own name recorded as the actor.

The password comes from the environment variable MOTCUA_PASSWORD (for scripts) or is asked without echo
at the terminal; with neither, the command stops before writing anything.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from desk_app.cli.errors import CliError
from desk_app.core.accounts import ROLE_LABELS_VI, Role, User
from desk_app.domain.errors import PasswordChangeRequired

if TYPE_CHECKING:
    from desk_app.services import Desk

PASSWORD_ENV = "MOTCUA_PASSWORD"


def acting_user(desk: Desk, username: str, role: Role = Role.CLERK) -> User:
    """The account `username` once its password checks out and its role is at least `role`."""
    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        password = _ask(username, role)
    try:
        user = desk.accounts.authenticate(username, password)  # AuthenticationFailed / AccountLocked: exit 2
    except PasswordChangeRequired as exc:
        raise CliError(f"{exc.vi} Đổi bằng: desk-app user password {username}. Chưa ghi gì.") from None
    user.require(role)
    return user


def current_password(username: str) -> str:
    """The account's current password, for changing it: MOTCUA_PASSWORD, or asked at the terminal."""
    password = os.environ.get(PASSWORD_ENV)
    return password if password is not None else _ask(username, Role.CLERK)


def administrator(desk: Desk, username: str, role: Role = Role.ADMIN) -> User | None:
    """An administrator's check for account and set-up commands; None on a desk with no account yet
    (the first set-up, as the window's first start creates the first administrator)."""
    if not desk.accounts.list():
        return None
    return acting_user(desk, username, role)


def _ask(username: str, role: Role) -> str:
    if not _has_terminal():
        raise CliError(f"Cần mật khẩu của tài khoản «{username}» ({ROLE_LABELS_VI[role]} trở lên): đặt biến môi "
                       f"trường {PASSWORD_ENV} hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập. Chưa ghi gì.")
    try:
        return getpass.getpass(f"Mật khẩu của {username}: ")
    except EOFError:
        raise CliError("Chưa nhập mật khẩu. Chưa ghi gì.") from None


def _has_terminal() -> bool:
    """getpass would otherwise read the password from stdin, which may be the dossier being received."""
    if os.name != "posix":
        return sys.stdin is not None and sys.stdin.isatty()
    try:
        with open("/dev/tty", "rb"):
            return True
    except OSError:
        return False
