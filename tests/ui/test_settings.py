"""Settings as a supervisor and a clerk meet them: enrolling against the real city server (good code, wrong
code, a code for another point), locked fields for clerks, font size live, printer/paper/language saved."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QGroupBox, QLabel, QMainWindow

from desk_app.core import replica
from desk_app.ui.context import DeskContext
from desk_app.ui.settings_dialog import SettingsDialog
from desk_app.ui.sync_status import SyncStatusBar
from sync.enrollment import enroll_desk
from tests.conftest import request
from tests.sync.conftest import BA_DINH, MINH_CHAU, CityServer
from tests.ui.conftest import press, save_shot, type_text


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    server = CityServer(str(folder / "city.sqlite3"), folder / "server.log").start()
    yield server
    server.stop()
    server.db.close()


@pytest.fixture(autouse=True)
def app_font(qapp):
    """The font is application-wide: put it back for the next test."""
    before = QFont(QApplication.font())
    yield
    QApplication.setFont(before)


def opened(qtbot, ctx: DeskContext) -> SettingsDialog:
    ctx.desk.configure(desk_id=str(uuid.uuid4()))  # every test file is a copy of one template
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def shortcut(dialog: QDialog, keys: str) -> QShortcut:
    """The dialog's shortcut for `keys` (offscreen windows never become active, so key presses cannot
    reach window shortcuts; the test fires the one bound to the keys)."""
    return next(s for s in dialog.findChildren(QShortcut) if s.key() == QKeySequence(keys))


def sync_state(ctx: DeskContext) -> replica.SyncState:
    return ctx.desk.sync_overview(review=False).state


def test_a_supervisor_enrolls_with_the_keyboard_and_the_bar_goes_online(qtbot, supervisor_ctx, city):
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = SyncStatusBar(supervisor_ctx, window)
    window.statusBar().addPermanentWidget(bar, 1)
    window.show()
    assert bar.status.text() == "Chưa đăng ký máy chủ"
    dialog = opened(qtbot, supervisor_ctx)
    assert dialog.enrolled.text() == "Máy chưa đăng ký với máy chủ thành phố."
    type_text(dialog.server_url, city.base_url)
    press(dialog.server_url, Qt.Key.Key_Return)
    assert dialog.code.hasFocus()  # Enter moved on
    type_text(dialog.code, city.new_device(MINH_CHAU, "bàn 1"))
    press(dialog.code, Qt.Key.Key_Return)  # Enter in the code field enrolls
    qtbot.waitUntil(lambda: dialog.enrolled.text().startswith("Đã đăng ký"), timeout=10_000)
    state = sync_state(supervisor_ctx)
    assert state.enrolled and state.server_url == city.base_url and state.unit_code == MINH_CHAU
    assert state.device_id in dialog.enrolled.text() and "Minh Châu" in dialog.enrolled.text()
    assert not dialog.server_error.isVisible() and dialog.code.text() == ""
    assert supervisor_ctx.desk.audit.entries(state.device_id, "sync.enrolled")[0]["actor"] == "giamsat"
    qtbot.waitUntil(lambda: bar.status.text() == "Trực tuyến", timeout=10_000)  # the dialog asked for a round
    qtbot.waitUntil(lambda: dialog.enrolled.height() >= dialog.enrolled.sizeHint().height())  # not clipped
    save_shot(dialog, "settings")
    dialog.reject()
    bar.shutdown()


def test_a_wrong_code_is_said_inline_and_the_desk_stays_unenrolled(qtbot, supervisor_ctx, city):
    dialog = opened(qtbot, supervisor_ctx)
    type_text(dialog.server_url, city.base_url)
    type_text(dialog.code, "SAI0-MA00")
    dialog.enroll_button.click()
    qtbot.waitUntil(dialog.server_error.isVisible, timeout=10_000)
    assert "Mã đăng ký không đúng" in dialog.server_error.text()
    assert dialog.isVisible() and dialog.enroll_button.isEnabled() and dialog.code.hasFocus()
    assert not sync_state(supervisor_ctx).enrolled
    save_shot(dialog, "settings_error")


def test_an_address_that_is_not_a_url_is_refused_before_any_network(qtbot, supervisor_ctx):
    dialog = opened(qtbot, supervisor_ctx)
    type_text(dialog.server_url, "motcua hanoi")
    type_text(dialog.code, "ABCD-EFGH")
    dialog.enroll_button.click()
    qtbot.waitUntil(dialog.server_error.isVisible, timeout=5_000)
    assert "https://" in dialog.server_error.text()


def test_a_code_for_another_point_is_refused_once_the_desk_has_dossiers(qtbot, supervisor_ctx, city):
    desk = supervisor_ctx.desk
    desk.dossiers.receive(request(), "giamsat")
    dialog = opened(qtbot, supervisor_ctx)
    type_text(dialog.server_url, city.base_url)
    type_text(dialog.code, city.new_device(BA_DINH))
    dialog.enroll_button.click()
    qtbot.waitUntil(dialog.server_error.isVisible, timeout=10_000)
    assert f"dành cho đơn vị {BA_DINH}" in dialog.server_error.text()
    assert not sync_state(supervisor_ctx).enrolled  # not left registered for the wrong point
    assert desk.settings.unit_code == MINH_CHAU


def test_a_desk_with_nothing_yet_takes_the_point_of_its_code(clerk_desk, city):
    clerk_desk.configure(desk_id=str(uuid.uuid4()))
    state = enroll_desk(clerk_desk, city.base_url + "/", city.new_device(BA_DINH))
    assert state.unit_code == BA_DINH and clerk_desk.settings.unit_code == BA_DINH
    assert state.server_url == city.base_url
    changed = clerk_desk.audit.entries(action="settings.changed")[-1]
    assert changed["details"] == {"unit_code": BA_DINH}


def test_a_clerk_sees_the_server_fields_locked_with_the_reason(qtbot, ctx):
    dialog = opened(qtbot, ctx)
    assert not dialog.server_url.isEnabled() and not dialog.code.isEnabled()
    assert not dialog.enroll_button.isEnabled()
    assert dialog.server_reason.isVisible() and "không có quyền" in dialog.server_reason.text()
    assert dialog.printer.isEnabled() and dialog.paper.isEnabled() and dialog.font_size.isEnabled()
    save_shot(dialog, "settings_clerk")


def test_the_font_size_applies_at_once_and_esc_puts_it_back(qtbot, ctx):
    before = QApplication.font().pointSize()
    dialog = opened(qtbot, ctx)
    dialog.font_size.setValue(16)
    assert QApplication.font().pointSize() == 16
    QApplication.processEvents()
    assert dialog.save_button.font().pointSize() == 16  # the open dialog follows at once
    qtbot.wait(50)  # the new sizes are laid out through posted events
    assert dialog.height() >= dialog.sizeHint().height()  # and the dialog grew: nothing clipped
    save_shot(dialog, "settings_16pt")
    dialog.font_size.setValue(dialog.font_size.minimum())
    assert dialog.font_size.text() == "Tự động (theo hệ thống)"
    dialog.font_size.setValue(18)
    press(dialog.font_size, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert QApplication.font().pointSize() == before and ctx.desk.settings.font_size == 0


def test_printer_paper_font_and_language_are_saved_with_ctrl_enter_and_audited(qtbot, ctx):
    dialog = opened(qtbot, ctx)
    assert dialog.printer.itemText(0) == "Máy in mặc định"
    dialog.paper.setCurrentIndex(dialog.paper.findData("A5"))
    dialog.font_size.setValue(14)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert "khi mở lại" in " ".join(label.text() for label in dialog.findChildren(type(dialog.enrolled)))
    assert {"Ctrl+Return", "Ctrl+Enter"} <= {s.key().toString() for s in dialog.findChildren(QShortcut)}
    shortcut(dialog, "Ctrl+Return").activated.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = ctx.desk.settings
    assert (settings.paper, settings.font_size, settings.language, settings.printer_name) == ("A5", 14, "en", "")
    assert QApplication.font().pointSize() == 14
    [entry] = [e for e in ctx.desk.audit.entries(action="settings.changed") if e["actor"] == "canbo1"]
    assert entry["details"] == {"paper": "A5", "font_size": "14", "language": "en"}
    again = opened(qtbot, ctx)  # reopened: shows what was saved
    assert again.paper.currentData() == "A5" and again.font_size.value() == 14
    assert again.language.currentData() == "en"


def test_a_printer_no_longer_installed_is_still_shown_as_missing(qtbot, ctx):
    ctx.desk.configure(printer_name="HP LaserJet Phòng 2")
    dialog = opened(qtbot, ctx)
    assert dialog.printer.currentData() == "HP LaserJet Phòng 2"
    assert "không tìm thấy" in dialog.printer.currentText()


def test_the_practice_desk_cannot_enroll(qtbot, clerk_desk, supervisor_ctx):
    clerk_desk.configure(training=True)
    dialog = opened(qtbot, supervisor_ctx)
    assert not dialog.enroll_button.isEnabled() and "thực hành" in dialog.server_reason.text()


def mnemonics(dialog: QDialog) -> list[str]:
    """Every Alt+letter the dialog's labels and buttons announce (underlined letters)."""
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)]
    texts += [box.title() for box in dialog.findChildren(QGroupBox)]
    keys = [QKeySequence.mnemonic(text).toString() for text in texts]
    return [key.casefold() for key in keys if key]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_alt_letter_in_settings_goes_to_one_field(qtbot, supervisor_ctx, switch_language, lang):
    switch_language(lang)
    dialog = opened(qtbot, supervisor_ctx)
    assert dialog.windowTitle() == {"vi": "Cài đặt", "en": "Settings"}[lang]
    keys = mnemonics(dialog)
    assert len(keys) >= 6 and len(keys) == len(set(keys)), sorted(keys)
    labels = [w for w in dialog.findChildren(QLabel) if QKeySequence.mnemonic(w.text()).toString()]
    assert all(label.buddy() is not None for label in labels)  # each letter leads somewhere
    if lang == "vi":
        code_label = next(w for w in labels if w.buddy() is dialog.code)
        assert QKeySequence.mnemonic(code_label.text()).toString() == "Alt+G"
