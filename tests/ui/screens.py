"""Every screen of the clerk's window, built with sample data and shown at its normal size, for the audits that
go over all of them (tests/ui/test_font_scaling.py, tests/ui/test_keyboard_reach.py).

`open_screen(name, qtbot, request)` returns the shown, active top-level and the input the keyboard starts in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QWidget

from desk_app.core import actions
from desk_app.demo import STORY
from desk_app.domain.model import EventKind
from desk_app.printing import FormKind
from desk_app.ui.dossiers.action_dialogs import STEP_KEYS
from tests.conftest import applicant, request
from tests.ui.conftest import press, type_text

K = EventKind
WINDOW_SIZE = (1280, 800)
STEPS = tuple(STEP_KEYS)
SCREENS = ("login", "login-first-run", "intake-empty", "intake-birth", "dossiers", "report", "detail",
           *(f"step-{kind.value}" for kind in STEPS), "settings-clerk", "settings-supervisor", "preview")

NAMES = ("Lê Thị Hồng Nhung", "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Đặng Đức Anh", "Phạm Quang Huy")


@dataclass
class Screen:
    name: str
    window: QWidget  # the shown top-level
    first: QWidget  # where the keyboard starts


def activate(qtbot, window: QWidget, on: QScreen | None = None) -> None:
    """Offscreen, keys and window shortcuts reach a window only once it is the active one. With `on`, the
    window opens on that screen: the main window as the clerk's start opens it (maximized), a dialog at
    the screen's corner at the size it gives itself."""
    if on is not None and hasattr(window, "show_placed"):
        window.show_placed(on)
    elif on is not None:
        window.setScreen(on)
        window.move(on.availableGeometry().topLeft())
        window.show()
    else:
        window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    QApplication.processEvents()


def seed(desk, clock) -> str:
    """A few dossiers received over the last week (one with the STORY); returns the STORY's dossier id."""
    now = clock()
    ids = []
    for day, name in enumerate(NAMES):
        clock.set(datetime(2026, 3, 2 + day, 8, 40))
        ids.append(desk.dossiers.receive(request(applicant=applicant(name)), "canbo1").dossier.dossier_id)
    for moment, kind, given in STORY:
        clock.set(moment)
        desk.dossiers.apply(ids[0], kind, actions.payload(kind, given), "canbo1")
    clock.set(now)
    return ids[0]


def _main_window(qtbot, ctx, on=None):
    from desk_app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    activate(qtbot, window, on)
    return window


def _intake(qtbot, fixtures, birth: bool, on=None) -> Screen:
    window = _main_window(qtbot, fixtures("ctx"), on)
    page = window.intake
    if birth:
        type_text(page.picker.search, "1.001193")
        press(page.picker.search, Qt.Key.Key_Return)
        assert page.definition is not None and page.definition.code == "1.001193"
    return Screen("intake-birth" if birth else "intake-empty", window, page.picker.search)


def _dossiers(qtbot, fixtures, on=None) -> Screen:
    ctx = fixtures("ctx")
    seed(ctx.desk, fixtures("clock"))
    window = _main_window(qtbot, ctx, on)
    window.show_dossiers()
    QApplication.processEvents()
    assert window.dossiers.model.rowCount() == len(NAMES)
    return Screen("dossiers", window, window.dossiers.search)


def _report(qtbot, fixtures, on=None) -> Screen:
    ctx = fixtures("supervisor_ctx")
    seed(ctx.desk, fixtures("clock"))
    window = _main_window(qtbot, ctx, on)
    window.show_report()
    QApplication.processEvents()
    assert window.report.procedures.rowCount() > 0
    return Screen("report", window, window.report.kind)


def _login(qtbot, fixtures, first_run: bool, on=None) -> Screen:
    from desk_app.ui.login import LoginDialog

    dialog = LoginDialog(fixtures("empty_desk") if first_run else fixtures("ctx").desk)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog, on)
    return Screen("login-first-run" if first_run else "login", dialog,
                  dialog.full_name if first_run else dialog.username)


def _detail(qtbot, fixtures, on=None) -> Screen:
    from desk_app.ui.dossiers.detail import DossierDetailDialog

    ctx = fixtures("ctx")
    dialog = DossierDetailDialog(ctx, seed(ctx.desk, fixtures("clock")))
    qtbot.addWidget(dialog)
    activate(qtbot, dialog, on)
    return Screen("detail", dialog, next(iter(dialog.step_buttons.values())))


def _step(qtbot, fixtures, kind: EventKind, on=None) -> Screen:
    from desk_app.ui.dossiers.action_dialogs import StepDialog

    ctx = fixtures("ctx")
    dossier = ctx.desk.dossiers.get(seed(ctx.desk, fixtures("clock")))
    dialog = StepDialog(ctx, dossier, kind)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog, on)
    first = next(iter(dialog.fields.values()))
    return Screen(f"step-{kind.value}", dialog, first.focusProxy() or first)  # the unit picker: its search


def _settings(qtbot, fixtures, who: str, on=None) -> Screen:
    from desk_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(fixtures("supervisor_ctx" if who == "supervisor" else "ctx"))
    qtbot.addWidget(dialog)
    activate(qtbot, dialog, on)
    first = dialog.server_url if dialog.server_url.isEnabled() else dialog.printer
    return Screen(f"settings-{who}", dialog, first)


def _preview(qtbot, fixtures, on=None) -> Screen:
    from desk_app.ui.printing.preview import PrintPreviewDialog

    desk = fixtures("ctx").desk
    dossier_id = desk.dossiers.receive(request(), "canbo1").dossier.dossier_id
    pdf = desk.print_form(FormKind.RECEIPT, dossier_id, "canbo1")
    dialog = PrintPreviewDialog(pdf, "Giấy tiếp nhận hồ sơ 000.00.07.H26-260310-0001")
    qtbot.addWidget(dialog)
    activate(qtbot, dialog, on)
    qtbot.waitUntil(lambda: not dialog.rendering and bool(dialog.page_labels), timeout=10_000)
    return Screen("preview", dialog, dialog.print_button)


def open_screen(name: str, qtbot, pytest_request, on: QScreen | None = None) -> Screen:
    """The screen `name`, shown (on the screen `on`, where given) and active."""
    fixtures = pytest_request.getfixturevalue
    if name.startswith("step-"):
        return _step(qtbot, fixtures, EventKind(name.removeprefix("step-")), on)
    builders = {
        "login": lambda: _login(qtbot, fixtures, False, on),
        "login-first-run": lambda: _login(qtbot, fixtures, True, on),
        "intake-empty": lambda: _intake(qtbot, fixtures, False, on),
        "intake-birth": lambda: _intake(qtbot, fixtures, True, on),
        "dossiers": lambda: _dossiers(qtbot, fixtures, on), "report": lambda: _report(qtbot, fixtures, on),
        "detail": lambda: _detail(qtbot, fixtures, on),
        "settings-clerk": lambda: _settings(qtbot, fixtures, "clerk", on),
        "settings-supervisor": lambda: _settings(qtbot, fixtures, "supervisor", on),
        "preview": lambda: _preview(qtbot, fixtures, on),
    }
    return builders[name]()
