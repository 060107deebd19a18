"""The procedure's own inputs (the child's name for a birth, the number of copies...), built from its
definition each time the procedure changes; values under the same key carry over."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from desk_app.core.messages import Issue, Severity
from desk_app.domain.catalogue import FieldSpec, ProcedureDefinition
from desk_app.ui.intake.applicant_form import field_cell, message_label, show_messages
from desk_app.ui.keys import with_mnemonic


class ProcedureFields(QWidget):
    edited = Signal()
    finished = Signal(str)  # "field:<key>"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs: list[FieldSpec] = []
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.messages: dict[str, QLabel] = {}
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.form.addRow(self.empty)
        self.build(None)

    def build(self, defn: ProcedureDefinition | None, taken: set[str] | None = None) -> list[QWidget]:
        """Replace the inputs with those of `defn`; returns the new inputs (for Enter-to-advance). Each label
        gets an Alt letter that `taken` (the page's other letters) does not hold."""
        taken = set(taken or ())
        kept = self.values()
        while self.form.rowCount() > 1:
            self.form.removeRow(1)
        self.specs = list(defn.fields) if defn else []
        self.inputs, self.messages = {}, {}
        for spec in self.specs:
            widget = self._input(spec)
            widget.setObjectName(f"field_{spec.key}")
            widget.setAccessibleName(spec.label)
            self.inputs[spec.key] = widget
            self.messages[spec.key] = message_label(self, f"field_{spec.key}")
            label = QLabel(with_mnemonic(spec.label + (" *" if spec.required else ""), taken), self)
            label.setBuddy(widget)
            label.setWordWrap(True)
            self.form.addRow(label, field_cell(self, widget, self.messages[spec.key]))
        self.empty.setText(self.tr("Thủ tục này không có thông tin riêng.") if defn
                           else self.tr("Chọn thủ tục để hiện các thông tin riêng của thủ tục."))
        self.empty.setVisible(not self.specs)
        self.set_values(kept)
        return list(self.inputs.values())

    def _input(self, spec: FieldSpec) -> QLineEdit | QComboBox:
        if spec.type == "choice":
            box = QComboBox(self)
            box.addItems(["—", *spec.choices])
            box.activated.connect(lambda _i, key=f"field:{spec.key}": self._chosen(key))
            return box
        line = QLineEdit(self)
        if spec.type == "date":
            line.setPlaceholderText(self.tr("dd/mm/yyyy"))
        elif spec.type == "int":
            line.setPlaceholderText(self.tr("số"))
        line.textEdited.connect(self.edited)
        line.editingFinished.connect(lambda: self.finished.emit(f"field:{spec.key}"))
        return line

    def _chosen(self, key: str) -> None:
        self.edited.emit()
        self.finished.emit(key)

    def values(self) -> dict[str, str]:
        out = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                out[key] = widget.currentText() if widget.currentIndex() > 0 else ""
            else:
                out[key] = widget.text()
        return out

    def set_values(self, values: dict[str, str]) -> None:
        for key, widget in self.inputs.items():
            value = values.get(key, "")
            if isinstance(widget, QComboBox):
                index = widget.findText(value) if value else 0
                widget.setCurrentIndex(max(index, 0))
            else:
                widget.setText(value)

    def show_issues(self, issues: Iterable[tuple[Issue, str]]) -> None:
        by_key: dict[str, list[tuple[str, Severity]]] = {key: [] for key in self.messages}
        for issue, words in issues:
            key = issue.field.removeprefix("field:")
            if issue.field.startswith("field:") and key in by_key:
                by_key[key].append((words, issue.severity))
        for key, lines in by_key.items():
            show_messages(self.messages[key], lines)
