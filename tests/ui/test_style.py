"""The keyboard's place is always visible: a focused drop-down list is drawn with a ring."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QVBoxLayout, QWidget

from desk_app.ui.shell import create_application
from desk_app.ui.style import FocusRingStyle


@pytest.fixture
def app_style(qapp):
    """The style the app's own start installs; the test style put back afterwards."""
    before = qapp.style().name()
    create_application()
    yield qapp.style()
    qapp.setStyle(before)


def test_a_focused_combo_box_has_a_ring_the_others_not(qtbot, app_style):
    assert isinstance(app_style, FocusRingStyle)
    window = QWidget()
    qtbot.addWidget(window)
    combo, edit = QComboBox(window), QLineEdit(window)
    combo.addItems(["Nam", "Nữ"])
    layout = QVBoxLayout(window)
    layout.addWidget(combo)
    layout.addWidget(edit)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    edit.setFocus()
    QApplication.processEvents()
    plain = combo.grab().toImage()
    combo.setFocus()
    QApplication.processEvents()
    ringed = combo.grab().toImage()
    assert combo.hasFocus() and plain != ringed
    ring = app_style.standardPalette().highlight().color().rgb() & 0xFFFFFF
    near = [ringed.pixel(x, ringed.height() // 2) & 0xFFFFFF for x in range(3)]
    assert any(abs((p >> 16) - (ring >> 16)) < 40 and abs((p & 0xFF) - (ring & 0xFF)) < 40 for p in near)


def test_the_window_uses_the_bundled_font_with_every_vietnamese_letter(qapp):
    """The same font on every PC (Noto Sans or Segoe UI otherwise changed where labels fit), and a clerk's
    larger-text setting keeps it."""
    from PySide6.QtGui import QFontInfo, QFontMetrics

    from desk_app.ui.settings_dialog import apply_font

    assert QFontInfo(qapp.font()).family() == "Liberation Sans"
    metrics = QFontMetrics(qapp.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữỳýỵỷỹĐƯƠ")
    before = qapp.font()
    try:
        apply_font(14)
        assert QFontInfo(qapp.font()).family() == "Liberation Sans" and qapp.font().pointSize() == 14
    finally:
        qapp.setFont(before)
