"""Log-in as the clerk meets it: wrong password inline, lock-out, and the first account on a fresh desk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from desk_app.ui.login import LoginDialog
from tests.ui.conftest import PASSWORD, press, save_shot, scaled_font, type_text


def test_a_clerk_logs_in_with_the_keyboard_only(qtbot, clerk_desk):
    dialog = LoginDialog(clerk_desk)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.username, "canbo1")
    press(dialog.username, Qt.Key.Key_Return)
    assert dialog.password.hasFocus()  # Enter moved on, it did not submit
    type_text(dialog.password, PASSWORD)
    press(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.user.full_name == "Nguyễn Thị Hoà"
    assert clerk_desk.audit.entries("canbo1", "login")


def test_a_wrong_password_is_said_next_to_the_form_and_the_dialog_stays(qtbot, clerk_desk):
    dialog = LoginDialog(clerk_desk)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.username, "canbo1")
    type_text(dialog.password, "sai-mat-khau")
    dialog.submit.click()
    assert dialog.isVisible() and dialog.user is None
    assert dialog.error.isVisible()
    assert "mật khẩu" in dialog.error.text().lower()
    assert dialog.password.text() == ""


# A Windows title bar besides its title: the icon with its padding (~40 px) and three 46-px caption buttons.
WINDOWS_TITLE_BAR = 40 + 3 * 46


@pytest.mark.parametrize("percent", [100, 150])
def test_the_wrong_password_message_is_whole_and_the_title_is_not_cut(qtbot, qapp, clerk_desk, percent):
    """The message was cut to its first two lines, and the title read "MotCua …ng nhập": the dialog was
    narrower than its title plus the title bar's buttons."""
    with scaled_font(qapp, percent):
        dialog = LoginDialog(clerk_desk)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        type_text(dialog.username, "canbo1")
        type_text(dialog.password, "sai-mat-khau")
        dialog.submit.click()
        for _ in range(3):
            QApplication.processEvents()
        label = dialog.error
        assert "Còn 4 lần thử" in label.text()
        assert label.height() >= label.heightForWidth(label.width())  # every wrapped line
        assert label.height() >= label.sizeHint().height() and label.width() >= label.minimumSizeHint().width()
        assert dialog.rect().contains(label.geometry())
        title = dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
        assert dialog.width() >= title + WINDOWS_TITLE_BAR
        dialog.close()


def test_the_fifth_wrong_password_locks_the_account(qtbot, clerk_desk):
    dialog = LoginDialog(clerk_desk)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(5):
        dialog.username.setText("canbo1")
        dialog.password.setText("sai-mat-khau")
        dialog.submit.click()
    dialog.password.setText(PASSWORD)
    dialog.submit.click()
    assert dialog.user is None
    assert "khóa" in dialog.error.text().lower() or "khoá" in dialog.error.text().lower()


def test_a_fresh_desk_creates_its_first_administrator_here(qtbot, empty_desk):
    desk = empty_desk
    dialog = LoginDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.first_run and dialog.full_name.isVisible()
    type_text(dialog.full_name, "Lê Thị Ánh")
    type_text(dialog.username, "quantri")
    type_text(dialog.password, PASSWORD)
    type_text(dialog.repeat, PASSWORD + "x")
    dialog.submit.click()
    assert dialog.error.isVisible() and not desk.accounts.list()  # mismatch: nothing created
    dialog.repeat.setText(PASSWORD)
    dialog.password.setText(PASSWORD)
    dialog.submit.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [u.full_name for u in desk.accounts.list()] == ["Lê Thị Ánh"]
    save_shot(dialog, "login_first")
