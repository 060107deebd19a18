"""The main window as a clerk meets it: who and where, the pages, every shortcut, supervisor-only parts."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.ui.main_window import MainWindow
from desk_app.ui.shell import Shell
from tests.ui.conftest import PASSWORD, press


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


# --- where the window opens ------------------------------------------------------------------------------


def clerk_screen(name: str = "wxga"):
    """One of the commune PCs' screens (tests/ui/conftest.py): 1366x768 less the taskbar by default."""
    found = [s for s in QApplication.screens() if s.name() == name]
    if not found:
        pytest.skip("needs the offscreen screens of tests/ui/conftest.py (QT_QPA_PLATFORM=offscreen)")
    return found[0]


def test_a_clerks_start_opens_the_window_maximized(qtbot, clerk_desk):
    """Through the app's own start (the shell after log-in): the whole window on the clerk's screen, save
    bar and sync bar included; before, it opened at 1280x800 whatever the screen."""
    shell = Shell(QApplication.instance(), clerk_desk, "vi")
    shell.screen = clerk_screen()  # the clerk logged in on a 1366x768 screen
    shell.show(clerk_desk.accounts.authenticate("canbo1", PASSWORD))
    win = shell.window
    qtbot.addWidget(win)
    qtbot.waitExposed(win)
    room = shell.screen.availableGeometry()
    assert win.isMaximized()
    qtbot.waitUntil(lambda: win.frameGeometry() == room)  # the platform applies the state in an event
    assert room.contains(win.intake.save_button.mapToGlobal(win.intake.save_button.rect().bottomRight()))
    assert room.contains(win.statusBar().mapToGlobal(win.statusBar().rect().bottomLeft()))
    win.close()


def test_each_clerk_finds_the_window_where_they_left_it(qtbot, ctx, supervisor_ctx):
    screen = clerk_screen()
    room = screen.availableGeometry()
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show_placed(screen)
    qtbot.waitExposed(first)
    first.showNormal()
    first.setGeometry(room.x() + 40, room.y() + 30, 1200, 660)
    QApplication.processEvents()
    left_at = first.geometry()
    first.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show_placed(screen)
    qtbot.waitExposed(again)
    assert not again.isMaximized() and again.geometry() == left_at
    again.close()
    other = MainWindow(supervisor_ctx)  # the supervisor never moved it: maximized
    qtbot.addWidget(other)
    other.show_placed(screen)
    qtbot.waitExposed(other)
    assert other.isMaximized()
    other.close()


def test_a_size_left_on_a_bigger_screen_is_not_kept_on_a_smaller_one(qtbot, ctx):
    big, small = clerk_screen("wxga"), clerk_screen("hd720")
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show_placed(big)
    qtbot.waitExposed(first)
    first.showNormal()
    first.setGeometry(big.availableGeometry().adjusted(10, 10, -10, -10))
    QApplication.processEvents()
    first.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    again.show_placed(small)
    qtbot.waitExposed(again)
    assert again.isMaximized()
    qtbot.waitUntil(lambda: again.frameGeometry() == small.availableGeometry())
    again.close()


# What the window must NOT load while it opens: each costs the clerk start-up time, and each is loaded
# on first use instead (the dossier detail and its PDF preview, the report, the sync client, reportlab).
LATE_MODULES = ("desk_app.ui.dossiers.detail", "desk_app.ui.report.page", "pypdfium2", "reportlab",
                "sync.client", "requests")
OPENING = f"""
import sys, threading, time
import desk_app.ui.shell  # the app's own entry order: the Qt-free core before PySide6
order = list(sys.modules)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desk_app.services import Desk
from desk_app.ui.context import DeskContext
from desk_app.ui.main_window import MainWindow
from desk_app.ui.shell import Shell
from desk_app.ui.shell import create_application

sync_client_imported_on_ui_thread = []
class Spy:  # notes which thread first asks for the sync client
    def find_spec(self, name, path=None, target=None):
        if name == "sync.client":
            sync_client_imported_on_ui_thread.append(threading.current_thread() is threading.main_thread())
sys.meta_path.insert(0, Spy())

app = create_application()
desk = Desk.open(sys.argv[1])
window = MainWindow(DeskContext(desk, desk.accounts.authenticate("canbo1", {PASSWORD!r})))
window.show()
QTimer.singleShot(50, app.quit)  # the first paint, before the deferred loads
app.exec()
print(order.index("sqlalchemy") < order.index("PySide6"), [m for m in {LATE_MODULES!r} if m in sys.modules])
deadline = time.monotonic() + 30
while not window.sync_bar._sync_loaded and time.monotonic() < deadline:
    QApplication.processEvents()
    time.sleep(0.01)
print(window.sync_bar._sync_loaded, sync_client_imported_on_ui_thread)
window.sync_bar.shutdown()
"""


def test_opening_the_window_leaves_the_pdf_report_and_sync_modules_for_later(desk_path):
    done = subprocess.run([sys.executable, "-c", OPENING, str(desk_path)], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    first_paint, later = done.stdout.splitlines()[:2]
    assert first_paint == "True []"
    assert later == "True [False]"  # the sync client came, on a worker thread


def test_the_objects_of_an_open_window_are_kept_out_of_full_collections_until_it_closes(qtbot, ctx):
    import gc

    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    assert gc.get_freeze_count() > 100_000  # the long full passes that froze the UI during sync
    win.close()
    assert gc.get_freeze_count() == 0
