"""The applicant's details, each field with its own message line under it (style_ux B2).

Text is never rewritten while the clerk types (an IME's backspaces assume it is still there, B10);
the ID field is folded to plain digits when editing finishes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desk_app.core.drafts import APPLICANT_KEYS, FORM_CODES
from desk_app.core.idcard_qr import IdCardData
from desk_app.core.messages import Issue, Severity, render
from desk_app.core.personal_id import clean_personal_id
from desk_app.ui.login import error_label

_COLOURS = {Severity.ERROR: "#b00020", Severity.WARNING: "#8a5300"}
_SEXES = ("", "male", "female")


# Words for core.drafts' form codes (the applicant's own come from core.messages).
_FORM_WORDS = {
    "procedure.required": QT_TRANSLATE_NOOP("IntakePage", "Chưa chọn thủ tục."),
    "date_of_birth.format": QT_TRANSLATE_NOOP(
        "IntakePage", "Ngày sinh: «%value» không phải ngày hợp lệ dạng dd/mm/yyyy."),
    "field.required": QT_TRANSLATE_NOOP("IntakePage", "%label: chưa nhập, bắt buộc phải có."),
    "field.date_format": QT_TRANSLATE_NOOP(
        "IntakePage", "%label: «%value» không phải ngày hợp lệ dạng dd/mm/yyyy."),
    "field.int_format": QT_TRANSLATE_NOOP("IntakePage", "%label: «%value» không phải số nguyên."),
    "documents.none": QT_TRANSLATE_NOOP("IntakePage", "Chưa đánh dấu giấy tờ nào đã nhận."),
    "document.no_copies": QT_TRANSLATE_NOOP(
        "IntakePage", "Giấy tờ đã đánh dấu cần ít nhất 1 bản chính hoặc bản sao."),
    "document.missing_required": QT_TRANSLATE_NOOP("IntakePage", "Giấy tờ bắt buộc chưa được đánh dấu."),
    "delivery_address.required": QT_TRANSLATE_NOOP("IntakePage", "Trả kết quả qua bưu điện: cần địa chỉ nhận."),
    "notify_phone.required": QT_TRANSLATE_NOOP(
        "IntakePage", "Nhận tin nhắn: cần số điện thoại (của người nộp hoặc số nhập ở đây)."),
    "fee.invalid": QT_TRANSLATE_NOOP("IntakePage", "Lệ phí: %detail."),  # the fee rule's own words
}


def issue_words(issue: Issue, lang: str) -> str:
    """What the clerk reads for an issue, in the form "Field: what is wrong."."""
    if issue.code not in FORM_CODES:
        return render(issue, lang)
    text = QCoreApplication.translate("IntakePage", str(_FORM_WORDS[issue.code]))
    for key, value in _in_language(issue.params, lang).items():
        text = text.replace(f"%{key}", value)
    return text


def _in_language(params: Mapping[str, str], lang: str) -> dict[str, str]:
    """A parameter given in both languages ("detail_vi", "detail_en") becomes "detail" in the clerk's."""
    suffix = "_en" if lang.startswith("en") else "_vi"
    plain = {k: v for k, v in params.items() if not k.endswith(("_vi", "_en"))}
    return {**plain, **{k[:-3]: v for k, v in params.items() if k.endswith(suffix)}}


def message_label(parent: QWidget, name: str) -> QLabel:
    label = error_label(parent)
    label.setObjectName(f"msg_{name}")
    return label


def show_messages(label: QLabel, lines: Iterable[tuple[str, Severity]]) -> None:
    """Errors in red, warnings in amber; the text says which, so colour is never the only sign."""
    lines = list(lines)
    if not lines:
        label.clear()
        label.hide()
        return
    worst = Severity.ERROR if any(sev == Severity.ERROR for _text, sev in lines) else Severity.WARNING
    label.setStyleSheet(f"color: {_COLOURS[worst]};")
    label.setText("\n".join(("⚠ " if sev == Severity.WARNING else "✖ ") + text for text, sev in lines))
    label.show()


def field_cell(parent: QWidget, widget: QWidget, label: QLabel) -> QWidget:
    """The input with its message line right under it, as one form cell."""
    cell = QWidget(parent)
    layout = QVBoxLayout(cell)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    layout.addWidget(label)
    return cell


def _labels() -> dict[str, str]:
    translate = QCoreApplication.translate  # literal context and text in each call: lupdate extracts them
    return {
        "full_name": translate("ApplicantForm", "&Họ và tên *"),
        "personal_id": translate("ApplicantForm", "Số định &danh cá nhân"),
        "date_of_birth": translate("ApplicantForm", "Ngày &sinh"), "sex": translate("ApplicantForm", "&Giới tính"),
        "phone": translate("ApplicantForm", "Số điện thoạ&i"), "email": translate("ApplicantForm", "&Email"),
        "address": translate("ApplicantForm", "Đị&a chỉ"),
    }


class ApplicantForm(QWidget):
    edited = Signal()  # the clerk changed something (drafts)
    finished = Signal(str)  # editing of one field finished (inline validation)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.messages: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key, text in _labels().items():
            widget = self._sex_box() if key == "sex" else self._line(key)
            widget.setObjectName(key)
            self.inputs[key] = widget
            self.messages[key] = message_label(self, key)
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, field_cell(self, widget, self.messages[key]))
        self.inputs["date_of_birth"].setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.inputs["personal_id"].setPlaceholderText(self.tr("12 chữ số"))

    def _line(self, key: str) -> QLineEdit:
        line = QLineEdit(self)
        line.textEdited.connect(self.edited)
        line.editingFinished.connect(lambda: self._finished(key))
        return line

    def _sex_box(self) -> QComboBox:
        box = QComboBox(self)
        box.addItems(["—", self.tr("Nam"), self.tr("Nữ")])
        box.activated.connect(self._sex_chosen)
        return box

    def _sex_chosen(self, _index: int) -> None:
        self.edited.emit()
        self.finished.emit("sex")

    def _finished(self, key: str) -> None:
        line = self.inputs.get(key)
        if key == "personal_id" and isinstance(line, QLineEdit):
            folded = clean_personal_id(line.text())  # full-width digits, spaces and dots from a paste
            if folded != line.text():
                line.setText(folded)
        self.finished.emit(key)

    def values(self) -> dict[str, str]:
        out = {key: w.text() for key, w in self.inputs.items() if isinstance(w, QLineEdit)}
        sex = self.inputs["sex"]
        out["sex"] = _SEXES[max(sex.currentIndex(), 0)] if isinstance(sex, QComboBox) else ""
        return {key: out[key] for key in APPLICANT_KEYS}

    def set_values(self, values: dict[str, str]) -> None:
        for key, widget in self.inputs.items():
            value = values.get(key, "")
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(_SEXES.index(value) if value in _SEXES else 0)
            else:
                widget.setText(value)
                # The field the clerk is in (a scan fills the form around them) keeps typing at the end;
                # the others show the start of a long address.
                widget.setCursorPosition(len(value) if widget.hasFocus() else 0)

    def fill_from_card(self, card: IdCardData) -> None:
        self.set_values({
            **self.values(), "full_name": card.full_name, "personal_id": card.personal_id,
            "date_of_birth": card.date_of_birth.strftime("%d/%m/%Y"), "sex": card.sex.value,
            "address": card.address,
        })

    def show_issues(self, issues: Iterable[tuple[Issue, str]]) -> None:
        """(issue, words) pairs; each applicant field shows its own, the others are cleared."""
        by_field: dict[str, list[tuple[str, Severity]]] = {key: [] for key in self.messages}
        for issue, words in issues:
            if issue.field in by_field:
                by_field[issue.field].append((words, issue.severity))
        for key, lines in by_field.items():
            show_messages(self.messages[key], lines)

    def clear(self) -> None:
        self.set_values({})
        self.show_issues([])


class InlineMessages:
    """Each issue next to its field: at first only for fields the clerk has left (no "required" noise on a
    fresh form), after a refused save for every field."""

    def __init__(self, parts: Sequence, procedure_label: QLabel, lang: str) -> None:
        self.parts, self.procedure_label, self.lang = parts, procedure_label, lang
        self.touched: set[str] = set()
        self.attempted = False

    def reset(self) -> None:
        self.touched.clear()
        self.attempted = False
        self.show([])

    def _shown(self, issue: Issue, only_touched: bool) -> bool:
        where = "documents" if issue.field.startswith("document") else issue.field
        return not only_touched or self.attempted or where in self.touched

    def show(self, issues: Iterable[Issue], only_touched: bool = False) -> None:
        pairs = [(i, issue_words(i, self.lang)) for i in issues if self._shown(i, only_touched)]
        for part in self.parts:
            part.show_issues(pairs)
        show_messages(self.procedure_label, [(w, i.severity) for i, w in pairs if i.field == "procedure"])
