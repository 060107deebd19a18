"""Who decides the dossier: shown for every procedure; for a commune procedure the clerk may pick
another commune (since July 2025 a point receives for every commune of the city, Decree 118/2025)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QSizePolicy, QVBoxLayout, QWidget

from desk_app.domain.catalogue import ProcedureDefinition
from desk_app.ui.context import DeskContext
from desk_app.ui.widgets.unit_picker import UnitPicker


class AuthorityChooser(QWidget):
    """`value()` is the competent unit's code, or "" for the procedure's own default."""

    edited = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.level = ""
        self.label = QLabel(self)
        self.label.setObjectName("authorityLabel")
        self.label.setWordWrap(True)
        self.other = QCheckBox(self.tr("Hồ sơ thuộc thẩm quyền của xã, phường khác"), self)
        self.other.setObjectName("authorityOther")
        self.other.toggled.connect(self._toggled)
        self.picker = UnitPicker(ctx.desk.unit_entries(), self)
        self.picker.setObjectName("authorityPicker")
        self.picker.chosen.connect(self._chosen)
        self.picker.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.label, self.other, self.picker):
            layout.addWidget(widget)
        layout.addStretch(1)  # spare height goes below, keeping the three lines together
        # Only as tall as its lines: the procedure list above takes the column's spare height.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.build(None)

    def build(self, defn: ProcedureDefinition | None) -> None:
        self.level = defn.authority_level if defn else ""
        self.other.blockSignals(True)
        self.other.setChecked(False)
        self.other.blockSignals(False)
        self.picker.clear()
        self.picker.hide()
        self.setVisible(defn is not None)
        self.other.setVisible(self.level in ("commune", "commune_police"))
        self._show_name(self.ctx.desk.settings.unit_code if defn and self.level != "city" else "01",
                        defn.competent_authority if defn else "")

    def _show_name(self, code: str, named: str = "") -> None:
        name = self.ctx.desk.authority_name(code, self.level, named) if self.level else ""
        self.label.setText(self.tr("Cơ quan giải quyết: %1").replace("%1", name))

    def _toggled(self, on: bool) -> None:
        self.picker.setVisible(on)
        if on:
            self.picker.search.setFocus()
        else:
            self.picker.clear()
            self._chosen("")

    def _chosen(self, code: str) -> None:
        self._show_name(code or self.ctx.desk.settings.unit_code)
        self.edited.emit()

    def value(self) -> str:
        return self.picker.code() if self.other.isChecked() else ""

    def set_value(self, code: str) -> None:
        if not code or (not self.other.isVisible() and self.level not in ("commune", "commune_police")):
            return
        self.other.setChecked(True)
        self.picker.set_code(code)
        self._show_name(self.picker.code() or self.ctx.desk.settings.unit_code)
