"""Choosing one of the city's 126 units by name: type with or without marks, Up/Down, Enter.

Reusable: the intake page uses it for the competent authority of a dossier that belongs to another
commune, and the transfer dialog (issue 18) can take it as is. The search is core.unit_search.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desk_app.core.unit_search import UnitEntry, find_units

_CODE_ROLE = Qt.ItemDataRole.UserRole
_ROWS = 5


class UnitPicker(QWidget):
    """Emits `chosen(code)` when a unit is picked; `code()` is "" until then."""

    chosen = Signal(str)

    def __init__(self, entries: Sequence[UnitEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries = entries
        self._code = ""
        self.search = QLineEdit(self)
        self.search.setObjectName("unitSearch")
        self.search.setPlaceholderText(self.tr("Gõ tên xã, phường (có dấu hay không dấu) hoặc mã"))
        self.search.setClearButtonEnabled(True)
        self.search.textEdited.connect(self._typed)  # textEdited: not when a pick writes the name back
        self.search.installEventFilter(self)
        self.results = QListWidget(self)
        self.results.setObjectName("unitResults")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.itemClicked.connect(lambda item: self.choose(item.data(_CODE_ROLE)))
        self.results.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.results)

    def code(self) -> str:
        return self._code

    def set_code(self, code: str) -> None:
        """Show a unit already chosen (a restored draft); an unknown code clears the picker."""
        entry = next((e for e in self.entries if e.code == code), None)
        self._code = entry.code if entry else ""
        self.search.setText(self._label(entry) if entry else "")
        self.results.hide()

    def clear(self) -> None:
        self.set_code("")

    def _label(self, entry: UnitEntry) -> str:
        return f"{entry.name} ({entry.code})"

    def _typed(self, text: str) -> None:
        if self._code:
            self._code = ""
            self.chosen.emit("")  # what is typed no longer names the chosen unit
        self.results.clear()
        for entry in find_units(self.entries, text, limit=20) if text.strip() else ():
            item = QListWidgetItem(self._label(entry), self.results)
            item.setData(_CODE_ROLE, entry.code)
        self.results.setVisible(self.results.count() > 0)
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setMaximumHeight((self.results.sizeHintForRow(0) + 2) * _ROWS)

    def choose(self, code: str) -> None:
        self.set_code(code)
        self.chosen.emit(self._code)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.results.isVisible():
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.results.isVisible():
                item = self.results.currentItem()
                if item is not None:
                    self.choose(item.data(_CODE_ROLE))
                return True
        return super().eventFilter(watched, event)
