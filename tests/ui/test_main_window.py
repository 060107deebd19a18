"""The main window as a clerk meets it: who and where, the pages, every shortcut, supervisor-only parts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.ui.main_window import MainWindow
from tests.ui.conftest import press


def show_active(qtbot, win) -> None:
    """Offscreen, window shortcuts fire only once the window is the active one."""
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    show_active(qtbot, win)
    yield win
    win.close()


def test_the_header_names_the_point_the_desk_the_clerk_and_the_date(window):
    text = window.header.text()
    assert "Xã Minh Châu" in text and "Bàn số 1" in text
    assert "Nguyễn Thị Hoà" in text and "10/03/2026" in text
    assert not window.training_banner.isVisible()
    assert window.windowTitle() == "MotCua Desk"


def test_function_keys_move_between_pages(window):
    press(window, Qt.Key.Key_F3)
    assert window.tabs.currentWidget() is window.dossiers
    press(window, Qt.Key.Key_F2)
    assert window.tabs.currentWidget() is window.intake


def test_a_clerk_has_no_report_page_and_a_supervisor_has_one(qtbot, window, supervisor_ctx):
    assert window.report is None
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == ["Tiếp nhận (F2)", "Hồ sơ (F3)"]
    boss = MainWindow(supervisor_ctx)
    qtbot.addWidget(boss)
    show_active(qtbot, boss)
    press(boss, Qt.Key.Key_F4)
    assert boss.tabs.currentWidget() is boss.report
    boss.close()


def test_every_menu_action_shows_its_shortcut_and_the_help_lists_them(window):
    actions = [a for a in window.actions() if a.text()]
    assert len(actions) >= 10
    for action in actions:
        key = action.shortcut().toString()
        assert key and key in action.toolTip(), action.text()
    lines = window.shortcut_lines()
    assert any(line.startswith("F5\t") for line in lines)
    assert any(line.startswith("F2\t") for line in lines)
