"""The document checklist with originals/copies counts, then sets, fee and how the result goes back.

Counts come from the definition; a paper that is only shown (identity card) has a box but no counts
and is not kept with the dossier.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.drafts import DocumentLine, IntakeForm
from desk_app.core.messages import Issue, Severity
from desk_app.domain.catalogue import DocumentSpec, ProcedureDefinition
from desk_app.domain.model import Delivery
from desk_app.ui.intake.applicant_form import field_cell, message_label, show_messages
from desk_app.ui.intake.fee import FeePart

_DELIVERIES = (Delivery.COUNTER.value, Delivery.POST.value)
_CHANNELS = ("", "sms", "zalo")  # the notify box's rows: none, SMS, Zalo


class _Row:
    def __init__(self, spec: DocumentSpec, box: QCheckBox, originals: QSpinBox, copies: QSpinBox,
                 message: QLabel) -> None:
        self.spec, self.box, self.originals, self.copies, self.message = spec, box, originals, copies, message


class _ToggleLabel(QLabel):
    """The document's name, wrapped (a QCheckBox's own text never wraps) and clickable like the box."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event) -> None:
        self.box.toggle()
        self.box.setFocus()


def _ticked_line(parent: QWidget, box: QCheckBox, text: str) -> QWidget:
    line = QWidget(parent)
    layout = QHBoxLayout(line)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(box)
    layout.addWidget(_ToggleLabel(text, box, line), 1)
    return line


class DocumentChecklist(QWidget):
    edited = Signal()
    finished = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_Row] = []
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.documents_message = message_label(self, "documents")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid_host)
        layout.addWidget(self.documents_message)
        layout.addLayout(self._build_extras())
        self._space_columns()
        self.build(None)

    def _space_columns(self) -> None:
        # The style's few pixels between columns do not grow with the font: at 150 % the headings
        # "Bản chính" and "Bản sao" ran into each other. Keep about two letters between columns.
        letter = self.fontMetrics().averageCharWidth()
        self.grid.setHorizontalSpacing(2 * letter)
        self.grid.setVerticalSpacing(letter)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._space_columns()

    def _build_extras(self) -> QFormLayout:
        self.sets = self._spin(1, 99, "sets")
        self.sets.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # no need for full width
        self.fee_part = FeePart(self)  # asks what the fee rule reads, shows the amount live
        self.fee_part.edited.connect(self.edited)
        self.fee = self.fee_part.amount  # the amount, typed where no rule gives it
        self.delivery = QComboBox(self)
        self.delivery.setObjectName("delivery")
        self.delivery.addItems([self.tr("Tại Bộ phận Một cửa"), self.tr("Qua dịch vụ bưu chính")])
        self.delivery.activated.connect(lambda _i: self._delivery_changed())
        self.address = QLineEdit(self)
        self.address.setObjectName("delivery_address")
        self.address.setPlaceholderText(self.tr("Địa chỉ nhận kết quả qua bưu điện"))
        self.address.setEnabled(False)
        self.address.textEdited.connect(self.edited)
        self.address.editingFinished.connect(lambda: self.finished.emit("delivery_address"))
        self.address_message = message_label(self, "delivery_address")
        self._build_notify()
        form = QFormLayout()
        for text, widget in ((self.tr("Số &bộ hồ sơ"), self.sets), (self.tr("&Lệ phí"), self.fee_part),
                             (self.tr("&Nhận kết quả"), self.delivery)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        self.fee_label = form.labelForField(self.fee_part)
        form.addRow(self.tr("Địa chỉ nhận"), field_cell(self, self.address, self.address_message))
        label = QLabel(self.tr("Nhận &tin nhắn"), self)
        label.setBuddy(self.notify)
        form.addRow(label, self.notify)
        form.addRow(self.tr("Số nhận tin"), field_cell(self, self.notify_phone, self.notify_message))
        return form

    def _build_notify(self) -> None:
        """Whether the applicant wants messages about the dossier (the city sends them), and where."""
        self.notify = QComboBox(self)
        self.notify.setObjectName("notify")
        self.notify.addItems([self.tr("Không"), self.tr("Qua SMS"), self.tr("Qua Zalo")])
        self.notify.setToolTip(self.tr("Hỏi người nộp: có muốn nhận tin khi cần bổ sung, có kết quả, hẹn lại "
                                       "hoặc bị từ chối không. Tin chỉ có mã hồ sơ và đường dẫn tra cứu."))
        self.notify.activated.connect(lambda _i: self._notify_changed())
        self.notify_phone = QLineEdit(self)
        self.notify_phone.setObjectName("notify_phone")
        self.notify_phone.setPlaceholderText(self.tr("Để trống: số điện thoại của người nộp"))
        self.notify_phone.setEnabled(False)
        self.notify_phone.textEdited.connect(self.edited)
        self.notify_phone.editingFinished.connect(lambda: self.finished.emit("notify_phone"))
        self.notify_message = message_label(self, "notify_phone")

    def _notify_changed(self) -> None:
        self.notify_phone.setEnabled(self.notify.currentIndex() > 0)
        self.edited.emit()

    def _spin(self, low: int, high: int, name: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.valueChanged.connect(lambda _v: self.edited.emit())
        return spin

    def _delivery_changed(self) -> None:
        self.address.setEnabled(self.delivery.currentIndex() == 1)
        self.edited.emit()

    def build(self, defn: ProcedureDefinition | None) -> list[QWidget]:
        """Rows for `defn`'s documents; returns the new inputs (for Enter-to-advance)."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # out of sight now, freed by Qt later (keeping its parent till then)
                widget.hide()
                widget.deleteLater()
        self.rows = []
        if defn is None:
            hint = QLabel(self.tr("Chọn thủ tục để hiện danh sách giấy tờ cần nhận."), self.grid_host)
            hint.setWordWrap(True)
            self.grid.addWidget(hint, 0, 0)
            return []
        for column, text in enumerate((self.tr("Giấy tờ (* bắt buộc)"), self.tr("Bản chính"), self.tr("Bản sao"))):
            header = QLabel(f"<b>{text}</b>", self.grid_host)
            if column:  # a count's heading sits over its spin box
                header.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            self.grid.addWidget(header, 0, column)
        for index, spec in enumerate(defn.documents):
            self.rows.append(self._add_row(1 + 2 * index, index, spec))
        self.grid.setColumnStretch(0, 1)
        self._build_fee(defn)
        spins = [spin for row in self.rows for spin in (row.originals, row.copies) if spin.isEnabled()]
        return [self.sets, *self.fee_part.inputs(), *spins]

    def _build_fee(self, defn: ProcedureDefinition | None) -> None:
        self.fee_part.build(defn)
        first = self.fee_part.inputs()
        if isinstance(self.fee_label, QLabel):  # Alt+L goes to the first thing the rule asks, if any
            self.fee_label.setBuddy(first[0] if first else self.fee_part)

    def _add_row(self, grid_row: int, index: int, spec: DocumentSpec) -> _Row:
        text = spec.name + (" *" if spec.required else "")
        if spec.present_only:
            text += self.tr(" (chỉ xuất trình, không giữ lại)")
        box = QCheckBox(self.grid_host)
        box.setObjectName(f"doc_{index}")
        box.setAccessibleName(text)
        box.toggled.connect(self._ticked)
        box.installEventFilter(self)
        originals, copies = (self._count(spec.originals, spec), self._count(spec.copies, spec))
        message = message_label(self.grid_host, f"doc_{index}")
        self.grid.addWidget(_ticked_line(self.grid_host, box, text), grid_row, 0)
        self.grid.addWidget(originals, grid_row, 1)
        self.grid.addWidget(copies, grid_row, 2)
        self.grid.addWidget(message, grid_row + 1, 0, 1, 3)
        return _Row(spec, box, originals, copies, message)

    def _count(self, value: int, spec: DocumentSpec) -> QSpinBox:
        spin = QSpinBox(self.grid_host)
        spin.setRange(0, 99)
        spin.setValue(value)
        spin.setEnabled(not spec.present_only)
        spin.valueChanged.connect(lambda _v: self.edited.emit())
        return spin

    def _ticked(self, _checked: bool) -> None:
        self.edited.emit()
        self.finished.emit("documents")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter on a paper ticks it and goes to the next paper: one key per paper handed in (Space toggles,
        # Tab reaches the counts). After the last paper Enter goes on to the number of sets.
        enter = (isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                 and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers())
        if enter and isinstance(watched, QCheckBox):
            watched.setChecked(True)
            boxes = [row.box for row in self.rows]
            after = boxes.index(watched) + 1 if watched in boxes else len(boxes)
            (boxes[after] if after < len(boxes) else self.sets).setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def tab_chain(self) -> list[QWidget]:
        """Inputs in reading order (rows are built after the buttons, so creation order is wrong)."""
        chain: list[QWidget] = []
        for row in self.rows:
            chain += [row.box, *(spin for spin in (row.originals, row.copies) if spin.isEnabled())]
        return [*chain, self.sets, *self.fee_part.inputs(), self.delivery, self.address, self.notify,
                self.notify_phone]

    def focus_targets(self) -> list[tuple[str, QWidget]]:
        """(issue field key, input to focus for it) in screen order; "documents" (nothing ticked) goes to
        the first paper's box, as its message sits under the list."""
        targets: list[tuple[str, QWidget]] = [(f"document:{row.spec.name}", row.box) for row in self.rows]
        if self.rows:
            targets.append(("documents", self.rows[0].box))
        fee = self.fee_part.inputs()
        return [*targets, *([("fee", fee[0])] if fee else []), ("delivery_address", self.address),
                ("notify_phone", self.notify_phone)]

    def read_into(self, form: IntakeForm) -> None:
        form.documents = [DocumentLine(r.spec.name, r.box.isChecked(), r.originals.value(), r.copies.value())
                          for r in self.rows]
        form.sets, form.fee_vnd = self.sets.value(), self.fee_part.amount_typed()
        form.fee_inputs = self.fee_part.counts()
        form.delivery = _DELIVERIES[max(self.delivery.currentIndex(), 0)]
        form.delivery_address = self.address.text()
        form.notify = _CHANNELS[max(self.notify.currentIndex(), 0)]
        form.notify_phone = self.notify_phone.text()

    def load_from(self, form: IntakeForm) -> None:
        lines = {line.name: line for line in form.documents}
        for row in self.rows:
            line = lines.get(row.spec.name)
            if line is not None:
                row.box.setChecked(line.ticked)
                row.originals.setValue(line.originals)
                row.copies.setValue(line.copies)
        self.sets.setValue(form.sets)
        self.fee_part.load(form.fee_inputs, form.fee_vnd)
        self.delivery.setCurrentIndex(_DELIVERIES.index(form.delivery) if form.delivery in _DELIVERIES else 0)
        self.address.setText(form.delivery_address)
        self.address.setEnabled(self.delivery.currentIndex() == 1)
        self.notify.setCurrentIndex(_CHANNELS.index(form.notify) if form.notify in _CHANNELS else 0)
        self.notify_phone.setText(form.notify_phone)
        self.notify_phone.setEnabled(self.notify.currentIndex() > 0)

    def show_issues(self, issues: Iterable[tuple[Issue, str]]) -> None:
        by_name: dict[str, list[tuple[str, Severity]]] = {r.spec.name: [] for r in self.rows}
        general, address, notify = [], [], []
        for issue, words in issues:
            line = (words, issue.severity)
            if issue.field.startswith("document:") and issue.field[9:] in by_name:
                by_name[issue.field[9:]].append(line)
            elif issue.field == "documents":
                general.append(line)
            elif issue.field == "delivery_address":
                address.append(line)
            elif issue.field == "notify_phone":
                notify.append(line)
        for row in self.rows:
            show_messages(row.message, by_name[row.spec.name])
        show_messages(self.documents_message, general)
        show_messages(self.address_message, address)
        show_messages(self.notify_message, notify)

    def clear(self) -> None:
        self.sets.setValue(1)
        self._build_fee(self.fee_part.definition)
        self.delivery.setCurrentIndex(0)
        self.address.clear()
        self.address.setEnabled(False)
        self.notify.setCurrentIndex(0)
        self.notify_phone.clear()
        self.notify_phone.setEnabled(False)
