"""Keyboard-wedge scans of the chip ID card's QR, typed by the scanner into whatever field has focus.

A scanner types the payload (`ID12|old ID|name|ddmmyyyy|Nam|address|ddmmyyyy`) at machine speed and
ends with Enter. `WedgeBuffer` (no Qt) watches the key text of one field: a run of 9+ digits followed by
"|" is a scan, not typing, from then on the keys are swallowed and Enter (or a pause, for scanners set
without a suffix) ends it. The field is put back as it was before the payload's first character, so the
clerk's own typing in that field survives and the raw payload never stays (style_ux B3).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desk_app.core.wedge import WedgeBuffer, printable
from desk_app.ui.qtapp import qapp

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Keys that show the clerk is editing by hand; Shift and friends (scanners press Shift for "|" and
# capitals) must not end a burst.
_EDITING = (Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up,
            Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Escape)


def _restorer(widget: QWidget) -> Callable[[], None]:
    """A function putting `widget` back as it is now (scan keys may reach it before the scan is known)."""
    if isinstance(widget, QLineEdit):
        line, text, pos = widget, widget.text(), widget.cursorPosition()

        def restore_line() -> None:
            line.setText(text)
            line.setCursorPosition(pos)
        return restore_line
    if isinstance(widget, QComboBox):
        box, index, edit = widget, widget.currentIndex(), widget.currentText()

        def restore_box() -> None:
            box.setCurrentIndex(index)
            if box.isEditable():
                box.setEditText(edit)
        return restore_box
    if isinstance(widget, QSpinBox):
        count, number = widget, widget.value()
        return lambda: count.setValue(number)
    if isinstance(widget, QDoubleSpinBox):
        spin, value = widget, widget.value()
        return lambda: spin.setValue(value)
    if isinstance(widget, QDateEdit):
        day = widget.date()
        return lambda: widget.setDate(day)
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        checked = widget.isChecked()
        return lambda: widget.setChecked(checked)
    if isinstance(widget, QPlainTextEdit):
        plain = widget.toPlainText()
        return lambda: widget.setPlainText(plain)
    return lambda: None


class ScanFilter(QObject):
    """Application-level key filter for one page; install while the page is shown."""

    def __init__(self, page: QWidget, on_scan: Callable[[str], None], pause_ms: int = 300) -> None:
        super().__init__(page)
        self.page, self.on_scan = page, on_scan
        self.buffer = WedgeBuffer()
        self._pause = QTimer(self)  # a scanner set without an Enter suffix just stops typing
        self._pause.setSingleShot(True)
        self._pause.setInterval(pause_ms)
        self._pause.timeout.connect(self._end_scan)

    def attach(self) -> None:
        qapp().installEventFilter(self)

    def detach(self) -> None:
        qapp().removeEventFilter(self)
        self.buffer.reset()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        # A key not taken by the focused field travels up to its parents: look at it only once.
        if watched is not watched.window().focusWidget() or not self.page.isAncestorOf(watched):
            return False
        assert isinstance(event, QKeyEvent)
        return self._key(watched, event)

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        ends = event.key() in _ENTER or (event.key() == Qt.Key.Key_Tab and self.buffer.scanning)
        if ends:
            return self._end_scan()
        if not printable(event.text()):
            if self.buffer.scanning:
                return True  # a scanner's control characters: swallowed with the rest of the scan
            if event.key() in _EDITING:
                self.buffer.reset()  # the clerk is editing by hand
            return False
        swallow = self.buffer.feed(event.text(), widget, time.monotonic(), lambda: _restorer(widget))
        if swallow:
            self._pause.start()
        return swallow

    def _end_scan(self) -> bool:
        self._pause.stop()
        found = self.buffer.finish()
        if found is None:
            return False
        payload, restore = found
        if restore is not None:
            restore()
        self.on_scan(payload)
        return True
