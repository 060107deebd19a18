"""New dossier: pick the procedure, fill the applicant (or scan the ID card), tick the papers, save and
print the receipt. Checks, the request and the draft all come from core.drafts; this page only moves
values between widgets and that form."""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.drafts import IntakeForm, check_form
from desk_app.core.idcard_qr import QrError, parse_idcard_qr
from desk_app.core.messages import Issue, Severity, ValidationFailed, render
from desk_app.domain.catalogue import ProcedureDefinition
from desk_app.domain.errors import DeskError
from desk_app.ui.context import DeskContext
from desk_app.ui.intake.applicant_form import ApplicantForm, InlineMessages, message_label, show_messages
from desk_app.ui.intake.authority import AuthorityChooser
from desk_app.ui.intake.checklist import DocumentChecklist
from desk_app.ui.intake.drafts import DraftKeeper, RestoredBanner, ask_discard
from desk_app.ui.intake.procedure_fields import ProcedureFields
from desk_app.ui.intake.procedure_picker import ProcedurePicker
from desk_app.ui.intake.receipt import SaveBar, print_in_background, warm_up_printing
from desk_app.ui.intake.scan import ScanFilter
from desk_app.ui.keys import enter_advances, mnemonic_letters
from desk_app.ui.tasks import Lane, tasks


class IntakePage(QWidget):
    saved = Signal(str)  # dossier_id
    receipt_shown = Signal(object)  # the preview dialog, once the receipt PDF is made

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.definition: ProcedureDefinition | None = None
        self.preview: QDialog | None = None  # the last receipt preview (tests and the window look at it)
        self._loading = self._saving = self._shown = False
        self._last_saved = 0.0
        self.last_dossier_id = ""  # the dossier just saved, whose papers the clerk may scan now
        self.scan_dialog: QDialog | None = None
        self._build()
        self.drafts = DraftKeeper(ctx.desk.drafts, ctx.user.username,
                                  self.read_form, self)
        self.scan = ScanFilter(self, self.apply_scan)

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = RestoredBanner(self)
        self.banner.discard_requested.connect(self.discard_draft)
        self.picker = ProcedurePicker(self.ctx, self)
        self.picker.picked.connect(self._picked)
        self.procedure_message = message_label(self, "procedure")
        self.authority = AuthorityChooser(self.ctx, self)
        self.authority.edited.connect(self._edited)
        self.applicant = ApplicantForm(self)
        self.fields = ProcedureFields(self)
        self.checklist = DocumentChecklist(self)
        self.checklist.fee_part.quoter = self.ctx.desk.quote_fee  # the same quote as `desk-app fee`
        self.scan_message = message_label(self, "scan")
        for part in (self.applicant, self.fields, self.checklist):
            part.edited.connect(self._edited)
            part.finished.connect(self._finished)
        self.messages = InlineMessages((self.applicant, self.fields, self.checklist), self.procedure_message,
                                       self.ctx.lang)
        procedure_box = self._group(self.tr("1. Thủ tục"), self.picker, self.authority, self.procedure_message)
        column = procedure_box.layout()
        assert isinstance(column, QVBoxLayout)
        column.setStretchFactor(self.picker, 1)  # spare height to the result list
        hint = QLabel(self.tr("Quét mã QR trên thẻ căn cước khi con trỏ ở bất kỳ ô nào để điền tự động."), self)
        hint.setWordWrap(True)
        self.form_host = QWidget(self)
        right = QVBoxLayout(self.form_host)
        right.addWidget(self._group(self.tr("2. Người nộp hồ sơ"), hint, self.scan_message, self.applicant))
        right.addWidget(self._group(self.tr("3. Thông tin riêng của thủ tục"), self.fields))
        right.addWidget(self._group(self.tr("4. Giấy tờ nhận, lệ phí, nhận kết quả"), self.checklist))
        right.addStretch(1)
        self.scroll_area = self._scrolling(self.form_host)
        # The procedure's column scrolls too: on a 768-pixel screen at 150 % its details run past the bottom.
        self.left_scroll = self._scrolling(procedure_box)
        self.left_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        columns = QHBoxLayout()
        columns.addWidget(self.left_scroll, 2)
        columns.addWidget(self.scroll_area, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)
        self.bar = SaveBar(self.ctx, self)
        self.bar.new_button.clicked.connect(self.start_new)
        self.bar.save_button.clicked.connect(self.save_and_print)
        self.bar.scan_button.clicked.connect(lambda _checked=False: self.scan_saved())
        self.due_label, self.confirmation = self.bar.due_label, self.bar.confirmation
        self.new_button, self.save_button = self.bar.new_button, self.bar.save_button
        self.due_timer = self.bar.due_timer
        layout.addWidget(self.bar)
        self.advance = enter_advances(self.form_host)

    def _scrolling(self, content: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no empty Tab stop: a focused field scrolls into view
        area.setWidget(content)
        return area

    def _group(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _rebuild(self, defn: ProcedureDefinition | None) -> None:
        self.definition = defn
        self.authority.build(defn)
        new_inputs = self.checklist.build(defn) + self.fields.build(defn, self._alt_letters_taken())
        self.advance.watch(*[w for w in new_inputs if w.focusPolicy() != Qt.FocusPolicy.NoFocus])
        chain = [self.picker.search, self.authority.other, self.authority.picker.search,
                 *self.applicant.inputs.values(), *self.fields.inputs.values(),
                 *self.checklist.tab_chain(), self.bar.scan_button, self.new_button, self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)  # dynamic rows would otherwise come after the buttons
        self.bar.set_procedure(defn.code if defn else "")

    def _alt_letters_taken(self) -> set[str]:
        """Alt letters of this page and of the window's menus, outside the procedure's own section."""
        texts: list[QObject] = [w for w in self.findChildren(QWidget) if not self.fields.isAncestorOf(w)]
        window = self.window()
        if isinstance(window, QMainWindow):
            texts += [a for a in window.menuBar().actions()]
        return mnemonic_letters(texts)

    # --- showing --------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.scan.attach()
        self.drafts.attach()
        if not self._shown:
            self._shown = True
            warm_up_printing()
            tasks().run(Lane.DB, self.ctx.desk.handbook_index)  # the picker's everyday words, ready soon
            self._restore_draft()
            self.picker.search.setFocus()

    def hideEvent(self, event) -> None:
        self.scan.detach()
        self.drafts.detach()  # saves: switching to another page counts as leaving the form
        super().hideEvent(event)

    # --- the form <-> plain data ----------------------------------------------------------------

    def read_form(self) -> IntakeForm:
        form = IntakeForm(procedure_code=self.definition.code if self.definition else "",
                          applicant=self.applicant.values(), fields=self.fields.values(),
                          authority=self.authority.value())
        self.checklist.read_into(form)
        return form

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Programmatic changes: no draft save, no validation."""
        self._loading = True
        try:
            yield
        finally:
            self._loading = False

    def load_form(self, form: IntakeForm) -> None:
        defn = None
        with contextlib.suppress(DeskError):  # withdrawn since the draft was made: keep what was typed
            defn = self.ctx.desk.procedure(form.procedure_code) if form.procedure_code else None
        with self._quietly():
            self.picker.show_definition(defn)
            self._rebuild(defn)
            self.applicant.set_values(form.applicant)
            self.fields.set_values(form.fields)
            self.checklist.load_from(form)
            self.authority.set_value(form.authority)

    def _picked(self, defn: ProcedureDefinition) -> None:
        typed = self.fields.values()
        with self._quietly():
            self._rebuild(defn)
            self.fields.set_values(typed)
        self.procedure_message.hide()
        self._edited()
        self.applicant.inputs["full_name"].setFocus()

    # --- editing and checking -------------------------------------------------------------------

    def _edited(self) -> None:
        if not self._loading:
            self.confirmation.clear()
            self.drafts.touch()

    def _finished(self, where: str) -> None:
        if not self._loading:
            self.messages.touched.add(where)
            self.validate(only_touched=True)

    def validate(self, only_touched: bool = False) -> list[Issue]:
        """Run the domain checks and show each message next to its field; returns every issue."""
        issues = check_form(self.read_form(), self.definition, self.ctx.desk.now().date())
        self.messages.show(issues, only_touched)
        return issues

    # --- the handbook (F1) ------------------------------------------------------------------------

    def handbook_context(self) -> tuple[str, str] | None:
        """(procedure code, handbook section) for F1 here: the result highlighted while choosing, else the
        procedure picked, at the papers while the checklist has the keyboard; None when there is none."""
        focus = QApplication.focusWidget()
        if focus is self.picker.search and self.picker.current_code():
            return self.picker.current_code(), "purpose"
        if self.definition is None:
            code = self.picker.current_code()
            return (code, "purpose") if code else None
        if focus is not None and self.applicant.isAncestorOf(focus):
            return self.definition.code, "applicants"
        return self.definition.code, "papers"

    # --- scanning -------------------------------------------------------------------------------

    def apply_scan(self, payload: str) -> None:
        try:
            card = parse_idcard_qr(payload)
        except QrError as exc:
            show_messages(self.scan_message, [(render(exc.issue, self.ctx.lang), Severity.ERROR)])
            return
        self.applicant.fill_from_card(card)
        self.scan_message.hide()
        self.bar.confirm(self.tr("Đã điền thông tin từ thẻ căn cước của %1").replace("%1", card.full_name))
        self.messages.touched.update(("full_name", "personal_id", "date_of_birth", "sex", "address"))
        self.validate(only_touched=True)
        self.drafts.touch()

    # --- saving ---------------------------------------------------------------------------------

    def save_and_print(self) -> None:
        form = self.read_form()
        if self._saving or (form.is_empty() and time.monotonic() - self._last_saved < 2):
            return  # a double click or a second Ctrl+Enter after the save cleared the form
        self._saving = True
        self.save_button.setEnabled(False)
        try:
            self._save(form)
        finally:
            self._saving = False
            self.save_button.setEnabled(True)

    def _save(self, form: IntakeForm) -> None:
        issues = check_form(form, self.definition, self.ctx.desk.now().date())
        self.messages.attempted = True
        self.messages.show(issues)
        if any(i.severity == Severity.ERROR for i in issues) or self.definition is None:
            self._focus_first_error(issues)
            return
        try:
            result = self.ctx.desk.receive_form(form, self.definition, self.ctx.user.username)
        except ValidationFailed as exc:
            self.messages.show(exc.issues)
            return
        except DeskError as exc:
            show_messages(self.procedure_message, [(self.ctx.message(exc), Severity.ERROR)])
            return
        dossier = result.dossier
        self.ctx.desk.note_receipt()  # the picker's most-used order now counts this one
        self._last_saved = time.monotonic()
        self.drafts.discard()
        self.clear_form()
        self.bar.confirm(self.tr("Đã lưu hồ sơ %1").replace("%1", dossier.code))
        self.last_dossier_id = dossier.dossier_id
        self.bar.scan_button.setEnabled(True)
        self.saved.emit(dossier.dossier_id)
        self._print_receipt(dossier.dossier_id, dossier.code)

    def scan_saved(self) -> QDialog | None:
        """Alt+Q: scan the papers of the dossier just saved (one paper at a time, as on the dossier's page)."""
        if not self.last_dossier_id:
            return None
        from desk_app.ui.dossiers.scan_dialog import ScanAttachDialog

        dossier = self.ctx.desk.dossiers.get(self.last_dossier_id)
        dialog = ScanAttachDialog(self.ctx, dossier, parent=self)
        dialog.accepted.connect(lambda: self._scan_attached(dialog))
        self.scan_dialog = dialog
        dialog.open()
        return dialog

    def _scan_attached(self, dialog) -> None:
        scan = dialog.attached
        if scan is not None:
            self.bar.confirm(self.tr("Đã đính kèm bản quét «%1» (%2 trang)").replace("%1", scan.document)
                             .replace("%2", str(scan.pages)))

    def _print_receipt(self, dossier_id: str, code: str) -> None:
        print_in_background(self.ctx, "receipt", dossier_id, lambda pdf: self._show_receipt(code, pdf),
                            lambda exc: self._receipt_failed(code, exc), owner=self)

    def _show_receipt(self, code: str, pdf: bytes) -> None:
        from desk_app.ui.printing.preview import open_preview  # the preview pulls in pdf rendering

        title = self.tr("Giấy tiếp nhận hồ sơ %1").replace("%1", code)
        # The PDF holds both copies; the desk's chosen printer is preselected in the print dialog.
        self.preview = open_preview(pdf, title, copies=1, parent=self,
                                    printer_name=self.ctx.desk.settings.printer_name or None)
        self.receipt_shown.emit(self.preview)

    def _receipt_failed(self, code: str, exc: Exception) -> None:
        self.bar.confirm(self.tr("Đã lưu hồ sơ %1 nhưng chưa in được: %2. In lại từ danh sách hồ sơ.")
                         .replace("%1", code).replace("%2", self.ctx.message(exc)), error=True)

    def _focus_first_error(self, issues: list[Issue]) -> None:
        """Focus the wrong field highest on screen (the issues come in the checks' order, not the screen's)."""
        wrong = {i.field for i in issues if i.severity == Severity.ERROR}
        target = next((widget for key, widget in self._fields_in_screen_order() if key in wrong), None)
        if target is None:
            return
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.form_host.isAncestorOf(target):
            self.scroll_area.ensureWidgetVisible(target)  # setFocus alone does not scroll to a field below

    def _fields_in_screen_order(self) -> list[tuple[str, QWidget]]:
        """(issue field key, input) from the top of the page down."""
        return [("procedure", self.picker.search), *self.applicant.inputs.items(),
                *((f"field:{key}", widget) for key, widget in self.fields.inputs.items()),
                *self.checklist.focus_targets()]

    # --- new, drafts, closing -------------------------------------------------------------------

    def clear_form(self) -> None:
        with self._quietly():
            self.picker.clear()
            self._rebuild(None)
            self.applicant.clear()
            self.checklist.clear()
        self.messages.reset()
        for label in (self.scan_message, self.procedure_message):
            label.hide()
        self.banner.hide()
        self.picker.search.setFocus()

    def ask_discard(self) -> bool:
        return ask_discard(self)

    def start_new(self) -> None:
        if not self.read_form().is_empty() and not self.ask_discard():
            return
        self.drafts.discard()
        self.clear_form()
        self.confirmation.clear()

    def discard_draft(self) -> None:
        self.drafts.discard()
        self.clear_form()

    def _restore_draft(self) -> None:
        form = self.drafts.load()
        if form is None or form.is_empty():
            return
        self.load_form(form)
        self.banner.show()

    def can_close(self) -> bool:
        self.drafts.dirty = True
        self.drafts.flush()
        return True
