"""One dossier: who, what, when it is due, the documents, the timeline, and a button for each step legal
in its status. A step asks for what it needs (action_dialogs.StepDialog), is recorded, then its form is
printed into a preview. Reprints of the receipt come out marked "BẢN IN LẠI" by the service.
"""

from __future__ import annotations

import html
import itertools
from functools import partial

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.actions import step_actions, supplement_deadline
from desk_app.core.due import Deadline, deadline_state
from desk_app.core.search import OPEN
from desk_app.domain.consent import consent_of
from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import TRANSITIONS, fold, status_label
from desk_app.domain.model import Dossier, Event, EventKind, Status
from desk_app.domain.payloads import Consent, InvalidPayload, SupplementReceived
from desk_app.domain.scans import Scan, current_scans
from desk_app.printing import FormKind
from desk_app.ui.context import DeskContext
from desk_app.ui.dossiers.action_dialogs import STEP_FORMS, STEP_KEYS, StepDialog, step_label
from desk_app.ui.dossiers.consent_dialog import ConsentDialog
from desk_app.ui.dossiers.messages import MessagesLine
from desk_app.ui.dossiers.payment_box import PaymentDialog, vnd
from desk_app.ui.dossiers.scan_dialog import RemoveScanDialog, ScanAttachDialog
from desk_app.ui.dossiers.scan_fetch import fetch_scan_from_city
from desk_app.ui.dossiers.timeline import TimelineTable
from desk_app.ui.handbook.panel import HandbookPanel
from desk_app.ui.intake.receipt import print_in_background
from desk_app.ui.login import error_label
from desk_app.ui.printing.buttons import keyed_button
from desk_app.ui.printing.preview import PrintPreviewDialog, open_preview
from desk_app.ui.printing.raster import iter_page_images
from desk_app.ui.tasks import Lane, tasks

THUMB_DPI = 9  # an A4 page ~75 pixels wide
THUMB_WIDTH = 75
DEADLINE_COLOURS = {Deadline.OVERDUE: "#b00020", Deadline.DUE_TODAY: "#d84315", Deadline.DUE_SOON: "#9a6700",
                    Deadline.ON_TRACK: "#2e7d32"}


class DossierDetailDialog(QDialog):
    changed = Signal(str)  # dossier_id, after a step is recorded
    preview_opened = Signal(object)  # the PrintPreviewDialog of a form printed from here

    def __init__(self, ctx: DeskContext, dossier_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.dossier_id = ctx, dossier_id
        self.dossier: Dossier | None = None
        self.consent: Consent | None = None  # the applicant's yes to messages, as folded from the log
        self.step_buttons: dict[EventKind, QPushButton] = {}
        self.deadline: Deadline | None = None
        self.step_dialog: StepDialog | None = None
        self.scan_dialog: ScanAttachDialog | None = None
        self.remove_dialog: RemoveScanDialog | None = None
        self.scans: list[Scan] = []
        self._thumbnails: dict[str, QPixmap] = {}  # by hash: rendered once per dialog
        self.last_preview: PrintPreviewDialog | None = None
        self._build()
        self.refresh()
        self._size_to_screen()

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QLabel(self)
        self.header.setObjectName("dossierHeader")
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.documents = QLabel(self)
        self.documents.setWordWrap(True)
        documents_box = QGroupBox(self.tr("Giấy tờ đã nhận"), self)
        self._scans_part(documents_box)
        self.messages = MessagesLine(self)
        self.timeline = TimelineTable(self)
        timeline_box = QGroupBox(self.tr("Quá trình xử lý"), self)
        QVBoxLayout(timeline_box).addWidget(self.timeline)
        self.error = error_label(self)
        left = QVBoxLayout()
        left.addWidget(self.header)
        left.addWidget(documents_box)
        messages_row = QHBoxLayout()
        messages_row.addWidget(self.messages, 1)
        self.consent_button = keyed_button(self, self.tr("Tin nhắn… (Alt+M)"), "Alt+M", self.change_consent,
                                           self.tr("Người nộp đồng ý, đổi số hoặc thôi nhận tin nhắn"))
        messages_row.addWidget(self.consent_button, 0, Qt.AlignmentFlag.AlignTop)
        left.addLayout(messages_row)
        left.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addLayout(self._side())
        # The timeline across the whole width, under the buttons: beside them, at 150 % font its columns
        # left the details (the reason, the papers) a few pixels.
        # Fees (issue 11): the state on a button beside Close (a row the dialog has anyway: a box of its own made
        # the dialog taller than a 768-pixel screen at 150 %); the fee part opens in its own dialog.
        self.fee_button = keyed_button(self, self.tr("Phí, lệ phí… (Alt+F)"), "Alt+F", self.open_payment,
                                       self.tr("Thu phí, in biên lai, hoàn phí"))
        self.fee_button.setObjectName("feeButton")
        self.payment_dialog: PaymentDialog | None = None
        closing = QHBoxLayout()
        closing.addWidget(self.fee_button)
        closing.addStretch(1)
        closing.addWidget(self.close_button)
        body = QVBoxLayout()
        body.addLayout(top)
        body.addWidget(timeline_box, 1)
        body.addWidget(self.error)
        body.addLayout(closing)
        self.handbook = HandbookPanel(self.ctx, self)  # F1: the procedure's handbook, beside the dossier
        self.handbook.hide()
        QShortcut(QKeySequence("F1"), self, self.show_handbook)
        outer = QHBoxLayout(self)
        outer.addLayout(body, 3)
        outer.addWidget(self.handbook, 2)

    def _scans_part(self, box: QGroupBox) -> None:
        """Inside the papers' box: the papers (each marked scanned or not) and, when there are scans, their
        thumbnails (Enter or a double click opens one, Ctrl+Delete or the context menu removes it). The attach
        button sits in the side column under the steps: a 768-pixel screen at 150 % still holds the dialog."""
        self.scan_list = QListWidget(box)
        self.scan_list.setObjectName("scan_list")
        self.scan_list.setViewMode(QListView.ViewMode.IconMode)
        self.scan_list.setFlow(QListView.Flow.LeftToRight)
        self.scan_list.setWrapping(False)
        self.scan_list.setMovement(QListView.Movement.Static)
        self.scan_list.setWordWrap(True)
        thumb_height, line = round(THUMB_WIDTH * 1.414), self.fontMetrics().height()
        self.scan_list.setIconSize(QSize(THUMB_WIDTH, thumb_height))
        self.scan_list.setGridSize(QSize(THUMB_WIDTH * 3, thumb_height + 2 * line))
        self.scan_list.setFixedHeight(thumb_height + 3 * line)
        self.scan_list.setAccessibleName(self.tr("Bản quét"))
        self.scan_list.itemActivated.connect(self.open_scan)
        self.scan_list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.remove_scan_action = QAction(self.tr("Gỡ bản quét… (Ctrl+Delete)"), self.scan_list)
        self.remove_scan_action.setShortcut(QKeySequence("Ctrl+Delete"))
        self.remove_scan_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_scan_action.triggered.connect(lambda _checked=False: self.remove_scan())
        self.scan_list.addAction(self.remove_scan_action)
        self.attach_button = keyed_button(self, self.tr("Đính kèm bản quét… (Alt+Q)"), "Alt+Q", self.attach_scan,
                                          self.tr("Quét hoặc chọn tệp cho một giấy tờ của hồ sơ"))
        layout = QVBoxLayout(box)
        layout.addWidget(self.documents)
        layout.addWidget(self.scan_list)

    def _side(self) -> QVBoxLayout:
        self.steps_box = QGroupBox(self.tr("Xử lý hồ sơ"), self)
        self.steps_layout = QVBoxLayout(self.steps_box)
        self.no_steps = QLabel(self.tr("Hồ sơ đã kết thúc, không còn bước xử lý."), self.steps_box)
        self.no_steps.setWordWrap(True)
        self.steps_layout.addWidget(self.no_steps)
        prints = QGroupBox(self.tr("In"), self)
        print_layout = QVBoxLayout(prints)
        self.reprint_button = keyed_button(self, self.tr("In lại giấy tiếp nhận (Ctrl+P)"), "Ctrl+P",
                                           self.reprint_receipt, self.tr("In lại giấy tiếp nhận"))
        self.control_button = keyed_button(self, self.tr("Phiếu kiểm soát (Alt+P)"), "Alt+P",
                                           self.print_control_sheet, self.tr("In phiếu kiểm soát"))
        # A reprint only on its own key (or a click): out of the Tab chain, never holding the focus, so keys
        # typed ahead while a step's dialog closes (Space, Enter) cannot print the receipt again.
        self.reprint_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        print_layout.addWidget(self.reprint_button)
        print_layout.addWidget(self.control_button)
        self.close_button = keyed_button(self, self.tr("Đóng (Esc)"), "Esc", self.reject, self.tr("Đóng"))
        side = QVBoxLayout()
        side.addWidget(self.steps_box)
        side.addWidget(self.attach_button)  # scans (issue 12): beside the steps, no height taken from the left
        side.addWidget(prints)
        side.addStretch(1)
        return side

    def _size_to_screen(self) -> None:
        """Most of the screen, or what the content needs at the clerk's font size if that is more (a wrapped
        header is taller on a narrower dialog), within the screen."""
        room = (self.parentWidget() or self).screen().availableGeometry()
        width = min(room.width(), max(int(room.width() * 0.75), self.sizeHint().width()))
        layout = self.layout()
        need = layout.totalHeightForWidth(width) if layout is not None and layout.hasHeightForWidth() \
            else self.sizeHint().height()
        self.resize(width, min(room.height(), max(int(room.height() * 0.8), need)))

    # --- content --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the dossier and its history and rebuild everything shown from them."""
        desk = self.ctx.desk
        self.dossier = dossier = desk.dossiers.get(self.dossier_id)
        history = desk.dossiers.history(dossier.dossier_id)
        conflicts = fold(history).conflicts
        self.setWindowTitle(self.tr("Hồ sơ %1").replace("%1", dossier.code))
        self.header.setText(self._header_html(dossier, len(conflicts)))
        self.documents.setText(self._documents_html(dossier, history))
        names = {user.username: user.full_name for user in desk.accounts.list()}
        self.timeline.show_events(history, conflicts, names, self._unit_name)
        self.consent = consent_of(history)
        self.messages.show_for(desk, dossier.dossier_id, self.consent)
        self.consent_button.setEnabled(dossier.status in legal_consent_statuses())
        self.fee_button.setText(self._fee_state(dossier) + " " + self.tr("(Alt+F)"))
        self._show_scans(history)
        self._rebuild_steps(dossier)

    def _fee_state(self, dossier: Dossier) -> str:
        """The fee in a few words: due and unpaid, paid, exempt, to refund after a refusal, refunded."""
        desk = self.ctx.desk
        ledger = desk.ledger(dossier.code)
        live = ledger.live
        if live is not None:
            amount = vnd(live.data.amount_vnd)
            if dossier.status in (Status.REFUSED, Status.STOPPED) and live.data.amount_vnd:
                return self.tr("Phí: cần hoàn %1 đ…").replace("%1", amount)
            return self.tr("Phí: miễn…") if not live.data.amount_vnd else self.tr("Phí: đã thu %1 đ…").replace(
                "%1", amount)
        if ledger.refunds:
            return self.tr("Phí: đã hoàn…")
        try:
            due = desk.fee_quote(dossier.code).total_vnd
        except DeskError:
            due = dossier.fee_vnd
        return self.tr("Phí: %1 đ, chưa nộp…").replace("%1", vnd(due)) if due else self.tr("Phí, lệ phí…")

    def _documents_html(self, dossier: Dossier, history: list[Event]) -> str:
        """The papers taken at intake, then those handed in later with each supplement (kept only in the
        supplement's event), marked with when they came and whether they are scanned (a required paper
        not yet scanned says so)."""
        pages: dict[str, int] = {}
        for scan in current_scans(history):
            pages[scan.document] = pages.get(scan.document, 0) + scan.pages
        required = set(self.ctx.desk.scans.required_documents(dossier))
        lines = [self._document_line(d.name, d.originals, d.copies) + self._scan_mark(d.name, pages, required)
                 for d in dossier.documents]
        for event in history:
            supplement = _supplement(event)
            if supplement is None:
                continue
            when = self.tr("nhận bổ sung ngày %1").replace("%1", f"{event.wall_time:%d/%m/%Y}")
            for doc in supplement.documents:
                line = self._document_line(doc.name, doc.originals, doc.copies)
                lines.append(f"{line} <i>({html.escape(when)})</i>" + self._scan_mark(doc.name, pages, set()))
        return "<br>".join(lines)

    def _scan_mark(self, name: str, pages: dict[str, int], required: set[str]) -> str:
        if name in pages:
            text = self.tr("đã quét %1 trang").replace("%1", str(pages[name]))
            return f" <span style='color:#2e7d32'>✓ {html.escape(text)}</span>"
        if name in required:
            return f" <span style='color:#9a6700'>· {html.escape(self.tr('chưa quét'))}</span>"
        return ""

    def _document_line(self, name: str, originals: int, copies: int) -> str:
        return (self.tr("• %1: bản chính %2, bản sao %3").replace("%1", html.escape(name))
                .replace("%2", str(originals)).replace("%3", str(copies)))

    def _header_html(self, d: Dossier, conflicts: int) -> str:
        a = d.applicant
        person = html.escape(a.full_name)
        ids = " · ".join(x for x in (a.personal_id, a.phone) if x)
        rows = [
            (self.tr("Thủ tục"), f"{html.escape(d.procedure_code)} – {html.escape(d.procedure_name)}"),
            *[(html.escape(label), f"<b>{html.escape(value)}</b>") for label, value in self._subject(d)],
            (self.tr("Người nộp"), f"<b>{person}</b>" + (f" · {html.escape(ids)}" if ids else "")),
            (self.tr("Tiếp nhận"), f"{d.received_at:%H:%M %d/%m/%Y}"),
            self._due_row(d),
            (self.tr("Cơ quan giải quyết"), html.escape(self._unit_name(d.authority))),
        ]
        if conflicts:
            rows.append(("⚠", "<span style='color:#b00020'>" + self.tr("%1 bước xung đột sau đồng bộ, chờ giám sát "
                                                                     "xem xét").replace("%1", str(conflicts))
                         + "</span>"))
        title = (f"<span style='font-size:large'><b>{html.escape(d.code)}</b> · "
                 f"{html.escape(status_label(d.status, self.ctx.lang))}</span>")
        cells = "".join(f"<tr><td style='padding-right:12px'>{k}:</td><td>{v}</td></tr>" for k, v in rows)
        return f"{title}<table>{cells}</table>"

    def _subject(self, d: Dossier) -> tuple[tuple[str, str], ...]:
        try:
            return self.ctx.desk.subject(d)
        except DeskError:  # a version this desk no longer has: the rest of the screen still shows
            return ()

    def _due_row(self, d: Dossier) -> tuple[str, str]:
        """While the dossier waits for the citizen's papers the appointment does not hold (the time restarts
        when they come): the day they were asked to bring them instead."""
        if d.status != Status.SUPPLEMENT_REQUESTED:
            return self.tr("Hẹn trả"), self._due_html(d)
        deadline = supplement_deadline(d.history)
        text = (self.tr("chờ công dân nộp trước ngày %1").replace("%1", f"{deadline:%d/%m/%Y}") if deadline
                else self.tr("chờ công dân nộp bổ sung"))
        return self.tr("Bổ sung"), f"<b>{html.escape(text)}</b>"

    def _due_html(self, d: Dossier) -> str:
        due = f"{d.due.due_at:%H:%M %d/%m/%Y}"
        if d.status not in OPEN:
            return f"<b>{due}</b>"
        desk = self.ctx.desk
        state = deadline_state(d.due.due_at, desk.now(), desk.calendar(), desk.settings.due_soon_days)
        words = {Deadline.OVERDUE: self.tr("quá hạn"), Deadline.DUE_TODAY: self.tr("đến hạn hôm nay"),
                 Deadline.DUE_SOON: self.tr("sắp đến hạn"), Deadline.ON_TRACK: self.tr("trong hạn")}[state]
        self.deadline = state
        return f"<b style='color:{DEADLINE_COLOURS[state]}'>{due} ({words})</b>"

    def _unit_name(self, code: str) -> str:
        try:
            return self.ctx.desk.authority_name(code)
        except DeskError:
            return code

    def _rebuild_steps(self, dossier: Dossier) -> None:
        for button in self.step_buttons.values():
            button.hide()  # out of sight at once (a scan attached refreshes while no event loop turns)
            button.deleteLater()  # its shortcuts go with it
        self.step_buttons = {}
        kinds = step_actions(dossier.status)
        for kind in kinds:
            keys = STEP_KEYS[kind]
            button = keyed_button(self.steps_box, f"{step_label(kind)} ({keys})", keys,
                                  partial(self.start_step, kind), step_label(kind))
            button.setObjectName(f"step_{kind.value}")
            self.steps_layout.addWidget(button)
            self.step_buttons[kind] = button
        self.no_steps.setVisible(not kinds)
        chain = [*self.step_buttons.values(), self.control_button, self.timeline, self.close_button]
        for first, second in itertools.pairwise(chain):  # reading order: new buttons would come last
            QWidget.setTabOrder(first, second)
        # The clicked button is gone after a step: keep the keyboard somewhere useful.
        first = next(iter(self.step_buttons.values()), self.timeline)
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_handbook(self) -> None:
        """F1: the procedure's handbook at the papers (what was handed in, what the steps may ask for)."""
        if self.dossier is not None:
            self.handbook.show_entry(self.dossier.procedure_code, "papers")

    # --- scans ---------------------------------------------------------------------------------

    def _show_scans(self, history: list[Event]) -> None:
        self.scans = current_scans(history)
        self.scan_list.clear()
        for scan in self.scans:
            text = self.tr("%1 (%2 tr.)").replace("%1", scan.document).replace("%2", str(scan.pages))
            item = QListWidgetItem(text, self.scan_list)
            item.setData(Qt.ItemDataRole.UserRole, scan.sha256)
            item.setToolTip(self.tr("%1\n%2 trang, %3 KB, quét lúc %4 — Enter để mở")
                            .replace("%1", scan.document).replace("%2", str(scan.pages))
                            .replace("%3", str(max(1, scan.size // 1024)))
                            .replace("%4", f"{scan.attached_at:%H:%M %d/%m/%Y}"))
            if scan.sha256 in self._thumbnails:
                item.setIcon(QIcon(self._thumbnails[scan.sha256]))
            else:
                self._render_thumbnail(scan.sha256)
        self.scan_list.setVisible(bool(self.scans))
        assert self.dossier is not None
        self.attach_button.setEnabled(self.dossier.status in TRANSITIONS[EventKind.SCAN_ATTACHED][0])
        self._scan_buttons()

    def _scan_buttons(self) -> None:
        """Removing needs a scan chosen and a dossier still open (the archive keeps what was digitised)."""
        open_ = self.dossier is not None and self.dossier.status in TRANSITIONS[EventKind.SCAN_REMOVED][0]
        self.remove_scan_action.setEnabled(open_ and bool(self.scans))

    def remove_scan(self) -> RemoveScanDialog | None:
        """Ctrl+Delete: the chosen scan off the dossier, with a reason."""
        item = self.scan_list.currentItem()
        scan = next((s for s in self.scans if item is not None and s.sha256 == item.data(Qt.ItemDataRole.UserRole)),
                    None)
        if scan is None or self.dossier is None or not self.remove_scan_action.isEnabled():
            return None
        dialog = RemoveScanDialog(self.ctx, self.dossier, scan, self)
        dialog.accepted.connect(self._scans_changed)
        self.remove_dialog = dialog
        dialog.open()
        return dialog

    def _render_thumbnail(self, sha256: str) -> None:
        """The first page, small, on the printing lane (pdfium); a damaged file simply gets no picture."""
        desk = self.ctx.desk

        def work():
            return next(iter_page_images(desk.scans.pdf(sha256), dpi=THUMB_DPI))

        tasks().run(Lane.PRINT, work, lambda image: self._thumbnail_ready(sha256, image), lambda _exc: None,
                    owner=self)

    def _thumbnail_ready(self, sha256: str, image) -> None:
        pixmap = QPixmap.fromImage(image)
        self._thumbnails[sha256] = pixmap
        for row in range(self.scan_list.count()):
            item = self.scan_list.item(row)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == sha256:
                item.setIcon(QIcon(pixmap))

    def attach_scan(self, document: str = "") -> ScanAttachDialog | None:
        """Alt+Q: gather the pages of one paper and attach them as one scan."""
        if self.dossier is None or not self.attach_button.isEnabled():
            return None
        dialog = ScanAttachDialog(self.ctx, self.dossier, document, self)
        dialog.accepted.connect(self._scans_changed)
        self.scan_dialog = dialog
        dialog.open()
        return dialog

    def _scans_changed(self) -> None:
        self.refresh()
        self.changed.emit(self.dossier_id)

    def open_scan(self, item: QListWidgetItem) -> PrintPreviewDialog | None:
        """The scan in the preview (page through it, print it, save it as PDF); its hash is checked first."""
        sha256 = item.data(Qt.ItemDataRole.UserRole)
        scan = next((s for s in self.scans if s.sha256 == sha256), None)
        if scan is None or self.dossier is None:
            return None
        if not self.ctx.desk.scan_store.has(sha256):  # attached at another desk of the point: ask the city
            self._fetch_scan(item, sha256)
            return None
        try:
            pdf = self.ctx.desk.scans.pdf(sha256)
        except DeskError as exc:
            self.error.setText(self.ctx.message(exc))
            self.error.show()
            return None
        code = self.dossier.code
        self.last_preview = open_preview(pdf, f"{scan.document} – {code}", 1, self,
                                         suggested_name=f"{code}-ban-quet-{sha256[:8]}.pdf",
                                         printer_name=self.ctx.desk.settings.printer_name or None)
        self.preview_opened.emit(self.last_preview)
        return self.last_preview

    def _fetch_scan(self, item: QListWidgetItem, sha256: str) -> None:
        """A scan this desk has only heard of (its event came by sync): fetched from the city once, on the DB
        lane so the window stays usable on a slow link, then opened; offline, the clerk is told why."""
        self.error.setText(self.tr("Đang tải bản quét từ máy chủ thành phố…"))
        self.error.show()
        desk, dossier_id = self.ctx.desk, self.dossier_id
        tasks().run(Lane.DB, lambda: fetch_scan_from_city(desk, dossier_id, sha256),
                    lambda _data: self._scan_fetched(item), self._scan_unreachable, owner=self)

    def _scan_fetched(self, item: QListWidgetItem) -> None:
        self.error.hide()
        self.open_scan(item)

    def _scan_unreachable(self, _error: Exception) -> None:
        self.error.setText(self.tr("Bản quét này được đính kèm ở máy khác của điểm và chưa có trên máy này; "
                                   "chưa tải được vì chưa kết nối được máy chủ thành phố. Thử lại khi có mạng."))
        self.error.show()

    # --- steps and prints -----------------------------------------------------------------------

    def change_consent(self) -> ConsentDialog | None:
        """Alt+M: the applicant agrees to messages, changes the number, or withdraws."""
        if self.dossier is None or not self.consent_button.isEnabled():
            return None
        dialog = ConsentDialog(self.ctx, self.dossier, self.consent, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def start_step(self, kind: EventKind) -> StepDialog:
        self.error.hide()
        assert self.dossier is not None  # steps are offered only for a loaded dossier
        dialog = StepDialog(self.ctx, self.dossier, kind, self)
        dialog.accepted.connect(lambda: self._step_recorded(dialog))
        self.step_dialog = dialog
        dialog.open()
        return dialog

    def _step_recorded(self, dialog: StepDialog) -> None:
        self.refresh()
        # Keys still coming for the closed form land where they do nothing: not on the next step's button.
        self.timeline.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit(self.dossier_id)
        form = STEP_FORMS.get(dialog.kind)
        if form is not None:
            self.print_form(form)

    def reprint_receipt(self) -> None:
        self.print_form(FormKind.RECEIPT)

    def print_control_sheet(self) -> None:
        self.print_form(FormKind.CONTROL)

    def open_payment(self) -> PaymentDialog | None:
        """Alt+F: the fee part — collect (cash, transfer, exempt), correct, print the receipt, refund."""
        if self.dossier is None:
            return None
        dialog = PaymentDialog(self.ctx, self.dossier, self)
        dialog.box.recorded.connect(self._payment_recorded)
        dialog.box.print_requested.connect(self.print_fee_receipt)
        self.payment_dialog = dialog
        dialog.open()
        return dialog

    def _payment_recorded(self) -> None:
        """A payment, correction or refund was saved: show it, and print the new receipt (not for a refund)."""
        if self.payment_dialog is not None:
            self.payment_dialog.accept()
        self.refresh()
        self.changed.emit(self.dossier_id)
        if self.dossier is not None and self.ctx.desk.ledger(self.dossier.code).live is not None:
            self.print_fee_receipt()

    def print_fee_receipt(self) -> None:
        """The fee receipt in two copies on the printing lane (audited, a second print marked), then its preview."""
        desk, user, code = self.ctx.desk, self.ctx.user.username, self.dossier.code if self.dossier else ""
        tasks().run(Lane.PRINT, lambda: desk.print_fee_receipt(code, user), self._open_fee_preview,
                    self._print_failed, owner=self)

    def _open_fee_preview(self, pdf: bytes) -> None:
        code = self.dossier.code if self.dossier else ""
        self.last_preview = open_preview(pdf, self.tr("Biên lai thu phí, lệ phí – %1").replace("%1", code), 1, self,
                                         suggested_name=f"{code}-bien-lai-phi.pdf",
                                         printer_name=self.ctx.desk.settings.printer_name or None)
        self.preview_opened.emit(self.last_preview)

    def print_form(self, form: FormKind) -> None:
        """Render `form` on the printing lane (audited by the service), then open its preview
        (`preview_opened`); a refusal is said inline."""
        print_in_background(self.ctx, form.value, self.dossier_id, lambda pdf: self._open_preview(form, pdf),
                            self._print_failed, owner=self)

    def _open_preview(self, form: FormKind, pdf: bytes) -> None:
        code = self.dossier.code if self.dossier else ""
        title = f"{self._form_title(form)} – {code}"
        self.last_preview = open_preview(pdf, title, 1, self, suggested_name=f"{code}-{form.value}.pdf",
                                         printer_name=self.ctx.desk.settings.printer_name or None)
        self.preview_opened.emit(self.last_preview)

    def _print_failed(self, exc: Exception) -> None:
        self.error.setText(self.tr("Không in được: %1").replace("%1", self.ctx.message(exc)))
        self.error.show()

    def _form_title(self, form: FormKind) -> str:
        return {FormKind.RECEIPT: self.tr("Giấy tiếp nhận hồ sơ"),
                FormKind.SUPPLEMENT: self.tr("Phiếu yêu cầu bổ sung"),
                FormKind.REFUSAL: self.tr("Phiếu từ chối tiếp nhận"),
                FormKind.APOLOGY: self.tr("Phiếu xin lỗi, hẹn lại"),
                FormKind.STOP: self.tr("Thông báo dừng giải quyết"),
                FormKind.CONTROL: self.tr("Phiếu kiểm soát")}[form]


def _supplement(event: Event) -> SupplementReceived | None:
    """The papers of a supplement event, or None for any other event or one that cannot be read."""
    if event.kind != EventKind.SUPPLEMENT_RECEIVED:
        return None
    try:
        data = event.data
    except InvalidPayload:
        return None
    return data if isinstance(data, SupplementReceived) else None


def legal_consent_statuses() -> frozenset[Status]:
    """While there is still something to tell the applicant (the lifecycle's rule for the consent step)."""
    return TRANSITIONS[EventKind.CONSENT_CHANGED][0]
