"""Fixtures for the window's tests: offscreen Qt, a desk with a clerk and a supervisor, and typing that
carries text the way Unikey and wedge scanners deliver it (QKeyEvent with key 0 and the text), because
`qtbot.keyClicks` aborts on any non-ASCII character."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Offscreen Qt with three screens (the offscreen plugin's own config file): "desk", the primary, as the plugin's
# default (800x800), and the two commune PCs the window must fit, each less Windows' 40-pixel taskbar:
# "hd720" 1280x720 -> 1280x680 and "wxga" 1366x768 -> 1366x728 (tests/ui/test_font_scaling.py).
SCREENS_CONFIG = Path(__file__).with_name("offscreen-screens.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREENS_CONFIG}"

import pytest  # noqa: E402 (after the platform is chosen)
from PySide6.QtCore import QEvent, QLocale, QSettings, Qt  # noqa: E402 (after the platform is chosen)
from PySide6.QtGui import QFont, QKeyEvent  # noqa: E402 (after the platform is chosen)
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402 (after the platform is chosen)

from desk_app.core.accounts import Role  # noqa: E402 (after the platform is chosen)
from desk_app.services import Desk  # noqa: E402 (after the platform is chosen)
from desk_app.ui import i18n, style  # noqa: E402 (after the platform is chosen)
from desk_app.ui.context import DeskContext  # noqa: E402 (after the platform is chosen)

PASSWORD = "mat-khau-2026"


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` into `widget` one character at a time, as key events carrying the text (key 0)."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    QApplication.processEvents()


def press(widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """One real key (Enter, Tab, F2, ...) to the widget that has focus, or to `widget`."""
    target = QApplication.focusWidget() or widget
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, key, modifiers))
    QApplication.processEvents()


@pytest.fixture(scope="session", autouse=True)
def the_windows_own_style(qapp) -> None:
    """As `motcua-desk` starts: the focus-ring style and the bundled font (layout the same on every PC)."""
    style.install(qapp)


@pytest.fixture(autouse=True)
def window_settings_in_tmp(tmp_path) -> None:
    """The window's remembered geometry (QSettings, INI) goes to this test's folder, not the user's."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture(scope="session")
def accounts_template(tmp_path_factory, seeded_template) -> Path:
    """The seeded database plus a clerk and a supervisor (argon2 hashing once, not in every test)."""
    path = tmp_path_factory.mktemp("ui-template") / "desk.sqlite3"
    shutil.copyfile(seeded_template, path)
    with Desk.open(path) as desk:
        desk.accounts.create("canbo1", "Nguyễn Thị Hoà", Role.CLERK, PASSWORD)
        desk.accounts.create("giamsat", "Trần Văn Đức", Role.SUPERVISOR, PASSWORD)
    return path


@pytest.fixture
def desk_path(tmp_path, accounts_template) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(accounts_template, path)
    return path


@pytest.fixture
def empty_desk(tmp_path, seeded_template, clock):
    """A desk with no account yet (first start)."""
    path = tmp_path / "empty.sqlite3"
    shutil.copyfile(seeded_template, path)
    with Desk.open(path, now=clock) as opened:
        yield opened


@pytest.fixture
def clerk_desk(desk):
    return desk


@pytest.fixture
def ctx(qapp, clerk_desk) -> DeskContext:
    return DeskContext(clerk_desk, clerk_desk.accounts.authenticate("canbo1", PASSWORD))


@pytest.fixture
def supervisor_ctx(qapp, clerk_desk) -> DeskContext:
    return DeskContext(clerk_desk, clerk_desk.accounts.authenticate("giamsat", PASSWORD))


@pytest.fixture
def switch_language(qapp):
    """`switch_language("en")` within one test; afterwards the app is back to its test default (the
    Vietnamese source strings, no translator), whatever the test switched to."""
    locale = QLocale()
    yield lambda lang: i18n.install(qapp, lang)
    i18n.uninstall(qapp)
    qapp.setProperty("motcua_lang", None)
    QLocale.setDefault(locale)


@contextmanager
def scaled_font(app: QApplication, percent: int) -> Iterator[None]:
    """The app font at `percent` of its size (a clerk's "larger text" setting), put back afterwards."""
    before = QFont(app.font())
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * percent / 100)
    app.setFont(font)
    try:
        yield
    finally:
        app.setFont(before)


@pytest.fixture
def big_font(qapp):
    """The app font at 150 %."""
    with scaled_font(qapp, 150):
        yield


@pytest.fixture(params=[100, 125, 150], ids=lambda p: f"{p}%")
def font_percent(request, qapp) -> Iterator[int]:
    """Each screen at 100 %, 125 % and 150 % of the app font."""
    with scaled_font(qapp, request.param):
        yield request.param


def save_shot(widget: QWidget, name: str) -> None:
    """A PNG of `widget` for a person to look at, only when MOTCUA_TEST_SHOTS names a folder (the committed
    screenshots come from scripts/screenshots.py)."""
    folder = os.environ.get("MOTCUA_TEST_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(folder) / f"{name}.png"))
