"""Keyboard-first entry: Enter moves to the next field, once, for a whole form (style_ux B1).

The filter steps aside when a completer popup is open (Enter picks), in multi-line editors, and on
buttons (Enter presses them). A pending input-method pre-edit is committed before focus moves, so a
Telex word being composed is not lost (style_ux B10 rule 4).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterAdvances(QObject):
    def __init__(self, form: QWidget) -> None:
        super().__init__(form)
        self.form = form

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in _ENTER or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not isinstance(watched, QWidget) or not self._advances(watched):
            return False
        QGuiApplication.inputMethod().commit()
        self.form.focusNextPrevChild(True)  # a QDateTimeEdit's own override only steps between sections
        return True

    @staticmethod
    def _advances(widget: QWidget) -> bool:
        if isinstance(widget, (QTextEdit, QPlainTextEdit, QAbstractButton)):
            return False
        if isinstance(widget, QLineEdit):
            completer = widget.completer()
            return not (completer and completer.popup() and completer.popup().isVisible())
        if isinstance(widget, QComboBox):
            return not widget.view().isVisible()
        return True

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)


def enter_advances(form: QWidget, last: tuple[QWidget, ...] = ()) -> EnterAdvances:
    """Install Enter-to-advance on every input under `form` present now (call after building it).

    Widgets in `last` keep their own Enter (the final field, where Enter submits)."""
    advance = EnterAdvances(form)
    for widget in form.findChildren(QWidget):
        if widget in last:
            continue
        if isinstance(widget, QLineEdit | QComboBox) or widget.inherits("QAbstractSpinBox"):
            advance.watch(widget)
    return advance


def shortcut_hint(text: str, keys: str) -> str:
    """Tooltip text that shows the key, so the shortcut is learnt from the mouse too."""
    return f"{text} ({keys})"
