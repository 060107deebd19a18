"""The small form each step of a dossier opens: it asks exactly what the step needs (core.actions.NEEDS),
checks it inline, and records the step with `desk.dossiers.apply`. A refused step changes nothing and
says why under the form. Enter moves to the next field, Ctrl+Enter confirms, Esc cancels.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.core import actions
from desk_app.core.actions import Need, StepInput
from desk_app.domain.errors import DeskError
from desk_app.domain.model import Dossier, EventKind
from desk_app.printing import FormKind
from desk_app.ui.context import DeskContext
from desk_app.ui.handbook.panel import HandbookPanel
from desk_app.ui.keys import enter_advances
from desk_app.ui.login import error_label
from desk_app.ui.printing.buttons import keyed_button
from desk_app.ui.widgets.unit_picker import UnitPicker

K = EventKind
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

# The form each step prints for the applicant (render.py prints it from the step's latest event).
STEP_FORMS: dict[EventKind, FormKind] = {
    K.SUPPLEMENT_REQUESTED: FormKind.SUPPLEMENT,
    K.SUPPLEMENT_RECEIVED: FormKind.RECEIPT,  # the time restarts: a new receipt with the new appointment
    K.REFUSED: FormKind.REFUSAL,
    K.DELAYED: FormKind.APOLOGY,
    K.STOPPED: FormKind.STOP,
}

# Alt+letter from an ASCII letter of the label (an Alt+Vietnamese letter cannot be typed through an IME).
STEP_KEYS: dict[EventKind, str] = {
    K.SUPPLEMENT_REQUESTED: "Alt+B", K.SUPPLEMENT_RECEIVED: "Alt+N", K.REFUSED: "Alt+C",
    K.TRANSFERRED: "Alt+X", K.DELAYED: "Alt+H", K.STOPPED: "Alt+D", K.RESULT_READY: "Alt+K",
    K.RETURNED: "Alt+T",
}


def step_label(kind: EventKind) -> str:
    return {
        K.SUPPLEMENT_REQUESTED: QCoreApplication.translate("StepDialog", "Yêu cầu bổ sung"),
        K.SUPPLEMENT_RECEIVED: QCoreApplication.translate("StepDialog", "Nhận bổ sung"),
        K.REFUSED: QCoreApplication.translate("StepDialog", "Từ chối tiếp nhận"),
        K.TRANSFERRED: QCoreApplication.translate("StepDialog", "Chuyển xử lý"),
        K.DELAYED: QCoreApplication.translate("StepDialog", "Hẹn lại ngày trả"),
        K.STOPPED: QCoreApplication.translate("StepDialog", "Dừng giải quyết"),
        K.RESULT_READY: QCoreApplication.translate("StepDialog", "Có kết quả"),
        K.RETURNED: QCoreApplication.translate("StepDialog", "Trả kết quả"),
    }[kind]


class ReasonEdit(QPlainTextEdit):
    """A few wrapped lines for a reason; Enter moves on (a reason is one paragraph), Tab too."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)  # follows the font scaling

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt API name
        if event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            QGuiApplication.inputMethod().commit()  # keep a Telex word being composed
            self.focusNextPrevChild(True)
            return
        super().keyPressEvent(event)


# The part of the procedure's handbook F1 opens while a step is being recorded.
STEP_HANDBOOK: dict[EventKind, str] = {
    K.SUPPLEMENT_REQUESTED: "reasons", K.REFUSED: "reasons", K.DELAYED: "time", K.STOPPED: "time",
    K.TRANSFERRED: "authority", K.SUPPLEMENT_RECEIVED: "papers",
}


class StepDialog(QDialog):
    """Records one step; `recorded` holds the dossier after it once accepted. F1 opens the procedure's
    handbook beside the form at the part this step needs (the usual reasons while refusing)."""

    def __init__(self, ctx: DeskContext, dossier: Dossier, kind: EventKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.dossier, self.kind = ctx, dossier, EventKind(kind)
        self.recorded: Dossier | None = None
        self.fields: dict[Need, QWidget] = {}
        self.errors: dict[Need, QLabel] = {}
        self.papers: QListWidget | None = None  # the procedure's checklist, for a supplement request
        self.setWindowTitle(self.tr("%1 – hồ sơ %2").replace("%1", step_label(self.kind)).replace("%2", dossier.code))
        self._build()

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        intro = QLabel(self.tr("<b>%1</b><br>%2 – %3").replace("%1", step_label(self.kind))
                       .replace("%2", self.dossier.code).replace("%3", self.dossier.applicant.full_name), self)
        self.form = QFormLayout()
        for need in actions.NEEDS[self.kind]:
            self._add(need)
        self.error = error_label(self)
        self.confirm_button = keyed_button(self, self.tr("Xác nhận (Ctrl+Enter)"), ["Ctrl+Return", "Ctrl+Enter"],
                                           self.confirm, self.tr("Xác nhận"))
        self.cancel_button = keyed_button(self, self.tr("Hủy (Esc)"), "Esc", self.reject, self.tr("Hủy"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout()
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.handbook = HandbookPanel(self.ctx, self)
        self.handbook.hide()
        outer = QHBoxLayout(self)
        outer.addLayout(layout, 1)
        outer.addWidget(self.handbook, 1)
        dates = tuple(w for w in self.fields.values() if isinstance(w, QDateTimeEdit))
        own_enter = (self.unit_picker.search,) if Need.AUTHORITY in self.fields else ()  # Enter picks a unit
        enter_advances(self, last=dates + own_enter)
        for date_edit in dates:
            date_edit.installEventFilter(self)
        first = next(iter(self.fields.values()), self.confirm_button)
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        QShortcut(QKeySequence("F1"), self, self.show_handbook)

    def show_handbook(self) -> None:
        if self.handbook.isHidden():
            tall = self.fontMetrics().height() * 28  # room to read the reasons, at any font size
            self.resize(self.width() + self.handbook.minimumWidth(), max(self.height(), tall))
        self.handbook.show_entry(self.dossier.procedure_code, STEP_HANDBOOK.get(self.kind, "papers"))

    def _add(self, need: Need) -> None:
        builder = {
            Need.ITEMS: self._items, Need.GUIDE: self._guide, Need.DOCUMENTS: self._documents,
            Need.DEADLINE: self._deadline, Need.HANDED_TO: self._handed_to,
            Need.REASON: self._reason, Need.NEW_DUE: self._new_due, Need.AUTHORITY: self._authority,
            Need.RECEIVER: self._receiver, Need.NOTE: self._note,
        }[need]
        label, widget = builder()
        self.fields[need] = widget
        self.errors[need] = error_label(self)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        if need == Need.ITEMS and self.papers is not None:
            column.addWidget(self.papers)
        column.addWidget(widget)
        if need == Need.AUTHORITY:
            column.addWidget(self.unit_name)
        if need == Need.RECEIVER:
            column.addWidget(self.receiver_extra)
        column.addWidget(self.errors[need])
        caption = QLabel(label, self)
        caption.setBuddy(self.guide_name if need == Need.GUIDE else widget)  # Alt+letter jumps to the field
        self.form.addRow(caption, column)

    def _items(self) -> tuple[str, QWidget]:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)  # Enter starts the next item; Tab leaves the list
        edit.setPlaceholderText(self.tr("Mỗi dòng một mục, ví dụ:\nTờ khai: thiếu chữ ký người yêu cầu"))
        self.papers = self._checklist(edit)
        return self.tr("Giấy tờ cần &bổ sung"), edit

    def _checklist(self, edit: QPlainTextEdit) -> QListWidget | None:
        """The procedure's papers to tick (Space): each ticked one becomes a line "paper: " of the text
        below, where its reason is typed; what the checklist lacks is typed there freely."""
        try:
            defn = self.ctx.desk.procedure(self.dossier.procedure_code, version=self.dossier.procedure_version)
        except DeskError:
            return None
        if not defn.documents:
            return None
        papers = QListWidget(self)
        papers.setObjectName("supplementPapers")
        papers.setAccessibleName(self.tr("Giấy tờ trong thành phần hồ sơ của thủ tục"))
        papers.setWordWrap(True)
        for spec in defn.documents:
            item = QListWidgetItem(spec.name, papers)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        rows = min(papers.count(), 5)
        papers.setFixedHeight(papers.sizeHintForRow(0) * rows + 2 * papers.frameWidth() + 2)
        papers.setCurrentRow(0)
        papers.itemChanged.connect(
            lambda item: edit.setPlainText(actions.item_lines(edit.toPlainText(), item.text(),
                                                              item.checkState() == Qt.CheckState.Checked)))
        return papers

    def _deadline(self) -> tuple[str, QWidget]:
        today = self.ctx.desk.now().date()
        suggested = self.ctx.desk.calendar().add_working_days(today, actions.SUPPLEMENT_DAYS)
        edit = QDateEdit(QDate(suggested.year, suggested.month, suggested.day), self)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(today.year, today.month, today.day).addDays(1))
        edit.setToolTip(self.tr("Ngày công dân cần nộp bổ sung; thời hạn giải quyết tính lại từ khi nhận đủ."))
        return self.tr("Bổ sung &trước ngày"), edit

    def _guide(self) -> tuple[str, QWidget]:
        self.guide_phone = QLineEdit(self)
        self.guide_phone.setPlaceholderText(self.tr("Điện thoại"))
        self.guide_phone.setToolTip(self.tr("Số điện thoại liên hệ (không bắt buộc)"))
        name = QLineEdit(self.ctx.user.full_name, self)
        name.setPlaceholderText(self.tr("Họ và tên"))
        row = QWidget(self)
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(name, 2)
        box.addWidget(self.guide_phone, 1)
        self.guide_name = name
        return self.tr("Người &hướng dẫn"), row

    def _documents(self) -> tuple[str, QWidget]:
        edit = QPlainTextEdit("\n".join(actions.requested_items(self.dossier.history)), self)
        edit.setTabChangesFocus(True)
        return self.tr("&Giấy tờ đã nhận bổ sung\n(mỗi dòng một giấy tờ)"), edit

    def _reason(self) -> tuple[str, QWidget]:
        return self.tr("&Lý do"), ReasonEdit(self)

    def _new_due(self) -> tuple[str, QWidget]:
        old = self.dossier.due.due_at
        calendar = self.ctx.desk.calendar()
        suggested = datetime.combine(calendar.add_working_days(old.date(), 1), old.time())
        edit = QDateTimeEdit(QDateTime(suggested), self)
        edit.setDisplayFormat("HH:mm dd/MM/yyyy")
        edit.setCalendarPopup(True)
        edit.setToolTip(self.tr("Ngày hẹn cũ: %1").replace("%1", f"{old:%H:%M %d/%m/%Y}"))
        label = self.tr("&Ngày hẹn mới\n(hẹn cũ: %1)").replace("%1", f"{old:%H:%M %d/%m/%Y}")
        return label, edit

    def _authority(self) -> tuple[str, QWidget]:
        """The unit by name (with or without marks) from the city's list, or its code typed as before."""
        self.unit_picker = picker = UnitPicker(self.ctx.desk.unit_entries(), self)
        picker.setFocusProxy(picker.search)
        self.unit_name = QLabel(self)
        self.unit_name.setWordWrap(True)
        picker.search.textChanged.connect(lambda _text: self._show_unit())
        picker.chosen.connect(self._unit_chosen)
        picker.set_code(self.dossier.authority)
        if not picker.code():
            picker.search.setText(self.dossier.authority)
        return self.tr("Chuyển đến đơn &vị"), picker

    def _receiver(self) -> tuple[str, QWidget]:
        """Who collects: the applicant (filled in) or someone on their behalf, with a personal ID."""
        name = QLineEdit(self.dossier.applicant.full_name, self)
        self.receiver_id = QLineEdit(self.dossier.applicant.personal_id, self)
        self.receiver_id.setPlaceholderText(self.tr("Số định danh cá nhân (12 chữ số)"))
        self.receiver_id.setAccessibleName(self.tr("Số định danh cá nhân của người nhận"))
        self.receiver_self = QCheckBox(self.tr("Người nộp hồ sơ &tự nhận"), self)
        self.receiver_self.setChecked(True)
        self.receiver_self.toggled.connect(lambda own: self._receiver_changed(own, name))
        self.receiver_extra = QWidget(self)
        row = QHBoxLayout(self.receiver_extra)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.receiver_id, 1)
        row.addWidget(self.receiver_self)
        return self.tr("&Người nhận kết quả"), name

    def _receiver_changed(self, own: bool, name: QLineEdit) -> None:
        """Someone else collects: their own name and ID are typed; back to the applicant fills them again."""
        applicant = self.dossier.applicant
        name.setText(applicant.full_name if own else "")
        self.receiver_id.setText(applicant.personal_id if own else "")
        if not own:
            name.setFocus()

    def _handed_to(self) -> tuple[str, QWidget]:
        edit = QLineEdit(self)
        edit.setPlaceholderText(self.tr("Ví dụ: Phòng Kinh tế, ông Lê Bình"))
        return self.tr("Cán bộ, &bộ phận nhận"), edit

    def _note(self) -> tuple[str, QWidget]:
        return self.tr("Ghi &chú"), QLineEdit(self)

    # --- behaviour ------------------------------------------------------------------------------

    def _unit_name(self, code: str) -> str | None:
        code = code.strip()
        if not (code.isdigit() and len(code) in (2, 5)):
            return None
        try:
            return self.ctx.desk.authority_name(code)  # "UBND …", as the timeline and the forms say it
        except DeskError:
            return None

    def authority_code(self) -> str:
        """The unit picked from the list, else what was typed (a bare code is still accepted)."""
        return self.unit_picker.code() or self.unit_picker.search.text().strip()

    def _show_unit(self) -> None:
        name = self._unit_name(self.authority_code())
        self.unit_name.setText(f"→ {name}" if name else "")

    def _unit_chosen(self, code: str) -> None:
        self._show_unit()
        if code:
            self.focusNextPrevChild(True)  # picked with Enter: on to the note

    def given(self) -> StepInput:
        values: dict = {}
        for need, widget in self.fields.items():
            if need == Need.GUIDE:
                values.update(guide_name=self.guide_name.text(), guide_phone=self.guide_phone.text())
            elif need == Need.AUTHORITY:
                values["to_authority"] = self.authority_code()
            elif need == Need.RECEIVER and isinstance(widget, QLineEdit):
                values.update(receiver_name=widget.text(), receiver_personal_id=self.receiver_id.text(),
                              collected_by_applicant=self.receiver_self.isChecked())
            elif need == Need.DEADLINE and isinstance(widget, QDateEdit):
                values["deadline"] = widget.date().toPython()
            elif need == Need.NEW_DUE and isinstance(widget, QDateTimeEdit):
                moment = widget.dateTime().toPython()
                assert isinstance(moment, datetime)  # a QDateTime becomes a datetime (the stubs say object)
                values["new_due_at"] = moment.replace(second=0, microsecond=0)
            else:
                key = {Need.ITEMS: "items_text", Need.DOCUMENTS: "documents_text"}.get(need, need.value)
                values[key] = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else \
                    widget.text() if isinstance(widget, QLineEdit) else ""
        return StepInput(**values)

    def problems(self, given: StepInput) -> dict[Need, str]:
        found = {p.need: p.code for p in actions.check(self.kind, given, self.ctx.desk.now().date())}
        if Need.AUTHORITY in self.fields and Need.AUTHORITY not in found and not self._unit_name(given.to_authority):
            found[Need.AUTHORITY] = "unknown_unit"
        return found

    def confirm(self) -> None:
        QGuiApplication.inputMethod().commit()
        given = self.given()
        found = self.problems(given)
        for need, label in self.errors.items():
            label.setText(self._problem_text(found[need]) if need in found else "")
            label.setVisible(need in found)
        self.error.hide()
        if found:
            self.fields[next(iter(found))].setFocus()
            return
        try:
            self.recorded = self.ctx.desk.dossiers.apply(self.dossier.dossier_id, self.kind,
                                                         actions.payload(self.kind, given), self.ctx.user.username)
        except DeskError as exc:
            self.error.setText(self.ctx.message(exc))
            self.error.show()
            return
        self.accept()

    def eventFilter(self, watched, event) -> bool:  # Qt API name
        # keys.EnterAdvances calls the field's own focusNextPrevChild, which in a QDateTimeEdit only
        # moves between day, month and year; the dialog's moves to the next field.
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QDateTimeEdit)
                and event.key() in _ENTER and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.focusNextPrevChild(True)
            return True
        return super().eventFilter(watched, event)

    def _problem_text(self, code: str) -> str:
        return {"required": self.tr("Chưa nhập, bắt buộc phải có."),
                "item_name": self.tr("Mỗi dòng cần tên giấy tờ trước dấu «:»."),
                "authority_code": self.tr("Gõ tên xã, phường rồi chọn trong danh sách (Enter), hoặc nhập mã 5 chữ số "
                                          "(01: Thành phố)."),
                "unknown_unit": self.tr("Không có đơn vị mã này trong danh mục."),
                "deadline_past": self.tr("Hạn bổ sung phải sau hôm nay."),
                "receiver_id": self.tr("Số định danh cá nhân của người nhận phải có đúng 12 chữ số."),
                "receiver_id_required": self.tr("Người nhận thay: nhập số định danh cá nhân của người nhận."),
                "guide_name": self.tr("Họ tên người hướng dẫn không có chữ số: số điện thoại nhập ở ô bên cạnh."),
                "guide_phone": self.tr("Số điện thoại không đúng: số di động 10 chữ số (03, 05, 07, 08, 09), "
                                       "số cố định 11 chữ số (02…).")}[code]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt API name
        # No button is a default button (no Enter trap in fields); Enter on a focused button presses it.
        focused = self.focusWidget()
        if event.key() in _ENTER and isinstance(focused, QAbstractButton) and not event.modifiers():
            focused.click()
            return
        super().keyPressEvent(event)
