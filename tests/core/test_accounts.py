"""Accounts: argon2 hashes, lock-out after repeated failures, roles, every attempt audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from desk_app.core.accounts import MAX_FAILURES, Role
from desk_app.domain.errors import AccountLocked, AuthenticationFailed, InvalidInput, PermissionDenied
from desk_app.store.models import UserRow


def test_password_is_stored_as_an_argon2_hash_and_login_works(desk):
    desk.accounts.create("canbo1", "Phạm Thu Hà", Role.CLERK, "mat-khau-1")
    with desk.store.read() as session:
        stored = session.scalar(select(UserRow.password_hash).where(UserRow.username == "canbo1"))
    assert stored.startswith("$argon2") and "mat-khau-1" not in stored
    user = desk.accounts.authenticate("CanBo1", "mat-khau-1")
    assert (user.username, user.full_name, user.role) == ("canbo1", "Phạm Thu Hà", Role.CLERK)


def test_wrong_password_says_how_many_tries_are_left(desk):
    desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", "mat-khau-1")
    with pytest.raises(AuthenticationFailed, match=f"Còn {MAX_FAILURES - 1} lần thử"):
        desk.accounts.authenticate("canbo1", "sai")


def test_lock_out_after_repeated_failures_then_unlock_after_the_period(desk, clock):
    desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", "mat-khau-1")
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthenticationFailed):
            desk.accounts.authenticate("canbo1", "sai")
    with pytest.raises(AccountLocked, match="bị khóa đến"):
        desk.accounts.authenticate("canbo1", "sai")
    with pytest.raises(AccountLocked):  # even the right password is refused while locked
        desk.accounts.authenticate("canbo1", "mat-khau-1")
    clock.set(clock.moment + timedelta(minutes=16))
    assert desk.accounts.authenticate("canbo1", "mat-khau-1").username == "canbo1"


def test_an_admin_can_unlock_at_once(desk):
    desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", "mat-khau-1")
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthenticationFailed):
            desk.accounts.authenticate("canbo1", "sai")
    desk.accounts.unlock("canbo1", "quantri")
    assert desk.accounts.authenticate("canbo1", "mat-khau-1")


def test_every_attempt_is_in_the_audit_log(desk):
    desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", "mat-khau-1")
    with pytest.raises(AuthenticationFailed):
        desk.accounts.authenticate("canbo1", "sai")
    desk.accounts.authenticate("canbo1", "mat-khau-1")
    with pytest.raises(AuthenticationFailed):
        desk.accounts.authenticate("khongco", "x")
    actions = [e["action"] for e in desk.audit.entries() if e["action"].startswith("login")]
    assert actions == ["login.failed", "login", "login.failed"]


@pytest.mark.parametrize(
    ("username", "name", "role", "password"),
    [("ab", "Tên", "clerk", "12345678"), ("cán bộ", "Tên", "clerk", "12345678"),
     ("canbo2", "", "clerk", "12345678"), ("canbo2", "Tên", "boss", "12345678"), ("canbo2", "Tên", "clerk", "ngan")],
)
def test_bad_account_data_is_refused(desk, username, name, role, password):
    with pytest.raises(InvalidInput):
        desk.accounts.create(username, name, role, password)
    assert desk.accounts.list() == []


def test_duplicate_username_is_refused(desk):
    desk.accounts.create("canbo1", "A", "clerk", "12345678")
    with pytest.raises(InvalidInput, match="đã tồn tại"):
        desk.accounts.create("canbo1", "B", "admin", "12345678")


def test_roles_rank_clerk_supervisor_admin(desk):
    clerk = desk.accounts.create("canbo1", "A", "clerk", "12345678")
    boss = desk.accounts.create("lanhdao", "B", "supervisor", "12345678")
    boss.require(Role.CLERK)
    with pytest.raises(PermissionDenied, match="không có quyền"):
        clerk.require(Role.SUPERVISOR)
