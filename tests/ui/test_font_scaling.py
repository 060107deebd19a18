"""Readable at 125-150 % font scaling, nothing clipped: every screen at 100, 125 and 150 % of the app font, shown
at its normal size (the window at 1280x800, each dialog at its own size), and every visible label, button, field
and table heading has at least the room its text needs (tests/ui/audit.py says how each is measured).

And on the commune's PCs: every screen opened as the clerk opens it on a 1280x720 screen at 100 % and on a
1366x768 screen at 150 % (each less a 40-pixel taskbar: the offscreen screens of tests/ui/conftest.py) lies
inside the screen's available area, with the same room for every text.

With MOTCUA_TEST_SHOTS=<folder> each screen at 150 % is also saved there as a PNG, to look at."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QFontMetrics, QScreen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
)

from tests.ui.audit import room_problems
from tests.ui.conftest import save_shot, scaled_font
from tests.ui.screens import SCREENS, WINDOW_SIZE, open_screen


def settle(qtbot) -> None:
    """Layouts run in posted events; a wrapped label's height settles on the pass after its width."""
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def save_shots(screen, percent: int) -> None:
    """The screen, and again with its form scrolled to the end where a form scrolls (the checklist)."""
    if not os.environ.get("MOTCUA_TEST_SHOTS") or percent != 150:
        return
    save_shot(screen.window, f"font150-{screen.name}")
    for n, area in enumerate(a for a in screen.window.findChildren(QScrollArea) if a.isVisible()):
        bar = area.verticalScrollBar()
        if bar.maximum() > 0:
            before = bar.value()
            bar.setValue(bar.maximum())
            QApplication.processEvents()
            save_shot(screen.window, f"font150-{screen.name}-scrolled{n}")
            bar.setValue(before)


def size_problems(window) -> list[str]:
    """The window must stay at 1280x800 (its minimum would otherwise push it past the clerk's screen); a
    dialog, at the size it gave itself, must fit on the screen."""
    if not isinstance(window, QDialog):
        size = window.size().toTuple()
        return [] if size == WINDOW_SIZE else [f"the window needs {size}, more than {WINDOW_SIZE}"]
    room, frame = window.screen().availableGeometry(), window.frameGeometry()
    if frame.width() <= room.width() and frame.height() <= room.height():
        return []
    return [f"the dialog needs {frame.size().toTuple()}, more than the screen's {room.size().toTuple()}"]


CLERK_PCS = {"1280x720 at 100%": ("hd720", 100), "1366x768 at 150%": ("wxga", 150)}


def named_screen(name: str) -> QScreen:
    found = [s for s in QApplication.screens() if s.name() == name]
    if not found:
        pytest.skip(f"no offscreen screen «{name}»: run with QT_QPA_PLATFORM=offscreen (tests/ui/conftest.py)")
    return found[0]


def off_screen(window, screen: QScreen) -> list[str]:
    """The window's frame outside the screen's available area, and a window too small to show its parts."""
    room, frame = screen.availableGeometry(), window.frameGeometry()
    out = [] if room.contains(frame) else [f"frame {frame.getRect()} outside the screen's {room.getRect()}"]
    need = window.minimumSizeHint()
    if need.width() > window.width() or need.height() > window.height():
        out.append(f"needs {need.toTuple()} at least, has {window.size().toTuple()}")
    return out


@pytest.mark.parametrize("pc", CLERK_PCS)
@pytest.mark.parametrize("name", SCREENS)
def test_every_screen_fits_the_communes_pcs(qtbot, request, qapp, name, pc):
    screen_name, percent = CLERK_PCS[pc]
    target = named_screen(screen_name)
    with scaled_font(qapp, percent):
        screen = open_screen(name, qtbot, request, on=target)
        settle(qtbot)
        problems = off_screen(screen.window, target) + room_problems(screen.window)
        screen.window.close()  # within: the settings dialog puts back the font it found when it closes
    assert not problems, f"{name} on {pc}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", SCREENS)
def test_every_text_has_room(qtbot, request, font_percent, name):
    screen = open_screen(name, qtbot, request)
    if not isinstance(screen.window, QDialog):
        screen.window.resize(*WINDOW_SIZE)
    settle(qtbot)
    save_shots(screen, font_percent)
    problems = room_problems(screen.window) + size_problems(screen.window)
    assert not problems, f"{name} at {font_percent} %:\n  " + "\n  ".join(problems)


def test_the_audit_reports_each_kind_of_text_without_room(qtbot):
    """The measure itself: a label, a wrapped label, a button, a field, a list and a table heading, each
    squeezed below its text, are each reported (so a pass above means room, not a blind audit)."""
    dialog = QDialog()
    qtbot.addWidget(dialog)
    label = QLabel("Thời hạn giải quyết", dialog)
    wrapped = QLabel("Quét mã QR trên thẻ căn cước khi con trỏ ở bất kỳ ô nào để điền tự động.", dialog)
    wrapped.setWordWrap(True)
    button = QPushButton("Lưu và in giấy tiếp nhận", dialog)
    edit = QLineEdit(dialog)
    edit.setPlaceholderText("Gõ tên hoặc mã thủ tục")
    combo = QComboBox(dialog)
    combo.addItems(["Tại Bộ phận Một cửa", "Qua dịch vụ bưu chính"])
    table = QTableWidget(1, 1, dialog)
    table.setHorizontalHeaderLabels(["Người thực hiện"])
    for n, widget in enumerate((label, wrapped, button, edit, combo)):
        widget.setObjectName(f"squeezed{n}")
    dialog.resize(400, 300)
    dialog.show()
    for widget in (label, wrapped, button, edit, combo):  # no layout: the sizes stay as set
        widget.setGeometry(0, 0, 40, QFontMetrics(widget.font()).height() + 8)
    table.setGeometry(0, 100, 300, 120)
    table.setColumnWidth(0, 30)
    problems = room_problems(dialog)
    for n in range(5):
        assert any(p.startswith(f"squeezed{n} ") or p.startswith(f"squeezed{n}:") for p in problems), (n, problems)
    assert any("QHeaderView: section «Người thực hiện»" in p for p in problems), problems
