"""Keyboard-first entry: Enter moves to the next field, once, for a whole form (style_ux B1).

The filter steps aside when a completer popup is open (Enter picks), in multi-line editors, and on
buttons (Enter presses them). A pending input-method pre-edit is committed before focus moves, so a
Telex word being composed is not lost (style_ux B10 rule 4).
"""

from __future__ import annotations

from collections.abc import Sequence

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
            popup = completer.popup() if completer else None
            return not (popup is not None and popup.isVisible())
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


def mnemonic_letters(widgets: Sequence[QObject]) -> set[str]:
    """The Alt letters the texts of `widgets` already use ("&Họ và tên" -> "h")."""
    taken = set()
    for widget in widgets:
        text = widget.text() if hasattr(widget, "text") and callable(widget.text) else ""
        at = text.replace("&&", "").find("&")
        if 0 <= at < len(text) - 1:
            taken.add(text.replace("&&", "")[at + 1].lower())
    return taken


def with_mnemonic(label: str, taken: set[str]) -> str:
    """`label` with an Alt letter not in `taken` (which it joins): a word's first letter if one is free, else any
    letter, ASCII only (Alt with a Vietnamese letter cannot be typed through an input method); when all are taken,
    a free digit after it ("Nơi sinh (1)"), and as it is when none is left."""
    text = label.replace("&", "&&")
    letters = [i for i, char in enumerate(text) if char.isascii() and char.isalpha()]
    starts = [i for i in letters if i == 0 or not text[i - 1].isalnum()]
    for i in [*starts, *(i for i in letters if i not in starts)]:
        if text[i].lower() not in taken:
            taken.add(text[i].lower())
            return text[:i] + "&" + text[i:]
    digit = next((d for d in "123456789" if d not in taken), None)
    if digit is None:
        return text
    taken.add(digit)
    return f"{text} (&{digit})"
