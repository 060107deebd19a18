"""Buttons that carry a keyboard shortcut shown in their tooltip, for the preview and dossier dialogs.

`QAbstractButton.setShortcut` answers with `animateClick()`, which clicks 100 ms later; a QShortcut
calling `click()` acts at once, so a fast clerk's next key already sees the result. No button is ever
a default button (style_ux B1: Enter in a field must not fire it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

from desk_app.ui.keys import shortcut_hint


def keyed_button(parent: QWidget, text: str, keys: str | Sequence[str], slot: Callable[[], object],
                 tip: str = "") -> QPushButton:
    """A push button, its shortcut(s) (live in the button's window while it is shown and enabled) and a
    tooltip naming the first one. The shortcuts belong to the button, so they go when it is deleted."""
    sequences = [keys] if isinstance(keys, str) else list(keys)
    button = QPushButton(text, parent)
    button.setAutoDefault(False)
    button.setDefault(False)
    shown = QKeySequence(sequences[0]).toString(QKeySequence.SequenceFormat.NativeText) or sequences[0]
    button.setToolTip(shortcut_hint(tip or text.replace("&", "").rstrip("…"), shown))
    button.clicked.connect(lambda _checked=False: slot())
    for keys_text in sequences:
        if keys_text == "Esc":
            continue  # QDialog already closes on Esc
        shortcut = QShortcut(QKeySequence(keys_text), button)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(lambda b=button: _press(b))
    return button


def _press(button: QPushButton) -> None:
    if button.isVisible() and button.isEnabled():
        button.click()
