"""A temporary password from the centre at the desk's log-in: the dialog asks for a new one before the
clerk can work, and the new hash waits to go back to the city (docs/sync.md, "Accounts from the centre")."""

from __future__ import annotations

from argon2 import PasswordHasher
from PySide6.QtWidgets import QDialog

from desk_app.core import city_accounts
from desk_app.ui.login import LoginDialog
from tests.ui.conftest import type_text

TEMP, NEW = "tam-thoi-123", "mat-khau-moi-456"


def _city_account(desk, must_change: bool = True) -> None:
    account = {"username": "lan", "full_name": "Lê Thị Lan", "role": "clerk", "active": True,
               "password_hash": PasswordHasher().hash(TEMP), "must_change": must_change, "password_gen": 1}
    with desk.store.write() as session:
        city_accounts.apply(session, [account], 1, "2026-12-06T10:00:00")


def test_a_temporary_password_opens_the_new_password_rows_and_the_change_logs_in(qtbot, clerk_desk):
    _city_account(clerk_desk)
    dialog = LoginDialog(clerk_desk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.new_password.isVisible()
    type_text(dialog.username, "lan")
    type_text(dialog.password, TEMP)
    dialog.submit.click()
    assert dialog.user is None and dialog.isVisible()
    assert dialog.new_password.isVisible() and dialog.new_repeat.isVisible()
    assert "mật khẩu tạm" in dialog.error.text()
    type_text(dialog.new_password, NEW)
    type_text(dialog.new_repeat, "khac-han-789")
    dialog.submit.click()
    assert dialog.user is None and "không khớp" in dialog.error.text()
    type_text(dialog.password, TEMP)
    dialog.new_password.clear()
    dialog.new_repeat.clear()
    type_text(dialog.new_password, NEW)
    type_text(dialog.new_repeat, NEW)
    dialog.submit.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.user.username == "lan"
    assert clerk_desk.accounts.authenticate("lan", NEW).full_name == "Lê Thị Lan"
    with clerk_desk.store.read() as session:
        assert [name for name, _hash, gen in city_accounts.pending(session)] == ["lan"]
