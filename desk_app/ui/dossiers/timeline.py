"""A dossier's timeline: one row per event, in the order every replica folds them (lifecycle.ordered),
with what the step recorded (reason, items, dates). Steps flagged as conflicts after a sync are marked
and explained, never hidden."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desk_app.domain import payloads as P
from desk_app.domain.lifecycle import Conflict, ordered, status_label
from desk_app.domain.model import Event, EventKind

K = EventKind
CONFLICT_BACKGROUND = QColor("#ffe0b2")
CONFLICT_MARK = "⚠ "


def _when(value: datetime) -> str:
    return f"{value:%H:%M %d/%m/%Y}"


class TimelineTable(QTableWidget):
    COLUMNS = ("time", "step", "actor", "details")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setObjectName("timeline")
        self.setHorizontalHeaderLabels([self.tr("Thời gian"), self.tr("Bước xử lý"), self.tr("Người thực hiện"),
                                        self.tr("Chi tiết")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setWordWrap(True)
        self.setTabKeyNavigation(False)  # Tab leaves the timeline (arrows move in it), or the keyboard is trapped
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def kind_label(self, kind: EventKind) -> str:
        return {
            K.RECEIVED: self.tr("Tiếp nhận"), K.SUPPLEMENT_REQUESTED: self.tr("Yêu cầu bổ sung"),
            K.SUPPLEMENT_RECEIVED: self.tr("Nhận bổ sung"), K.REFUSED: self.tr("Từ chối tiếp nhận"),
            K.TRANSFERRED: self.tr("Chuyển xử lý"), K.DELAYED: self.tr("Hẹn lại ngày trả"),
            K.STOPPED: self.tr("Dừng giải quyết"), K.RESULT_READY: self.tr("Có kết quả"),
            K.RETURNED: self.tr("Trả kết quả"), K.APPLICANT_CORRECTED: self.tr("Sửa thông tin người nộp"),
            K.CONSENT_CHANGED: self.tr("Tin nhắn cho người nộp"),
            K.AUTHORITY_RECEIVED: self.tr("Cơ quan giải quyết đã nhận"),
            K.PAYMENT_RECORDED: self.tr("Thu phí, lệ phí"), K.PAYMENT_CORRECTED: self.tr("Điều chỉnh biên lai"),
            K.PAYMENT_REFUNDED: self.tr("Hoàn phí, lệ phí"),
            K.SCAN_ATTACHED: self.tr("Đính kèm bản quét"), K.SCAN_REMOVED: self.tr("Gỡ bản quét"),
        }[kind]

    def details(self, event: Event, unit_name: Callable[[str], str] = str) -> str:
        """What the step recorded, in one line (the whole text is in the tooltip too)."""
        try:
            data = event.data
        except P.InvalidPayload as exc:  # kept in the log as a conflict: show why it could not be read
            return exc.message()
        parts = self._parts(data, unit_name)
        for label, value in ((self.tr("Lý do: %1"), getattr(data, "reason", None)),
                             (self.tr("Ghi chú: %1"), getattr(data, "note", None))):
            if value:
                parts.append(label.replace("%1", str(value)))
        return ". ".join(parts)

    def _parts(self, data: P.Payload, unit_name: Callable[[str], str]) -> list[str]:
        if isinstance(data, P.Received):
            parts = [self.tr("Hẹn trả: %1").replace("%1", _when(data.due_at))]
            return [*parts, self._consent_words(data.notify)] if data.notify else parts
        if isinstance(data, P.ConsentChanged):
            return [self._consent_words(data.consent) if data.given and data.consent
                    else self.tr("Không nhận tin nhắn nữa")]
        if isinstance(data, P.SupplementRequested):
            items = [f"{i.item} ({i.reason})" if i.reason else i.item for i in data.items]
            parts = [self.tr("Cần bổ sung: %1").replace("%1", "; ".join(items))]
            if data.deadline:
                parts.append(self.tr("Hạn nộp: %1").replace("%1", f"{data.deadline:%d/%m/%Y}"))
            return parts
        if isinstance(data, P.SupplementReceived):
            parts = [self.tr("Đã nhận: %1").replace("%1", "; ".join(d.name for d in data.documents))]
            if data.new_due_at:
                parts.append(self.tr("Hẹn trả mới: %1").replace("%1", _when(data.new_due_at)))
            return parts
        if isinstance(data, P.Delayed):
            return [self.tr("Hẹn lại: %1 → %2").replace("%1", _when(data.old_due_at))
                    .replace("%2", _when(data.new_due_at))]
        if isinstance(data, P.Transferred):
            parts = [self.tr("Chuyển đến: %1").replace("%1", unit_name(data.to_authority))]
            if data.handed_to:
                parts.append(self.tr("Người, bộ phận nhận: %1").replace("%1", data.handed_to))
            return parts
        if isinstance(data, P.Returned):
            parts = [self.tr("Người nhận: %1").replace("%1", data.receiver_name)]
            if data.receiver_personal_id:
                parts.append(self.tr("Số định danh %1").replace("%1", data.receiver_personal_id))
            if data.for_applicant:
                parts.append(self.tr("Nhận thay người nộp"))
            return parts
        if isinstance(data, P.AuthorityReceived):
            return [self.tr("%1 nhận tại %2").replace("%1", data.received_by).replace("%2", unit_name(data.authority))]
        if isinstance(data, P.PaymentRecorded | P.PaymentCorrected | P.PaymentRefunded):
            return self._money(data)
        if isinstance(data, P.ScanAttached):
            return [self.tr("%1: %2 trang").replace("%1", data.document).replace("%2", str(data.pages))]
        if isinstance(data, P.ScanRemoved):
            return [data.document]
        if isinstance(data, P.ApplicantCorrected):
            return [self.tr("Sửa: %1").replace("%1", ", ".join(sorted(data.applicant.model_fields_set)))]
        return []

    def _money(self, data: P.PaymentRecorded | P.PaymentCorrected | P.PaymentRefunded) -> list[str]:
        amount = f"{data.amount_vnd:,}".replace(",", ".")
        if isinstance(data, P.PaymentRefunded):
            return [self.tr("Hoàn %1 đồng của biên lai %2").replace("%1", amount).replace("%2", data.refunds)]
        method = {P.PaymentMethod.CASH: self.tr("tiền mặt"), P.PaymentMethod.TRANSFER: self.tr("chuyển khoản"),
                  P.PaymentMethod.EXEMPT: self.tr("miễn")}[data.method]
        parts = [self.tr("Biên lai %1: %2 đồng, %3").replace("%1", data.receipt).replace("%2", amount)
                 .replace("%3", method)]
        if data.reference:
            parts.append(self.tr("Mã giao dịch %1").replace("%1", data.reference))
        if data.exempt_reason:
            parts.append(self.tr("Lý do miễn: %1").replace("%1", data.exempt_reason))
        if isinstance(data, P.PaymentCorrected):
            parts.append(self.tr("Thay biên lai %1").replace("%1", data.corrects))
        return parts

    def _consent_words(self, consent: P.Consent) -> str:
        return self.tr("Nhận tin nhắn qua %1 số %2").replace("%1", consent.channel.label).replace(
            "%2", consent.phone)

    def show_events(self, events: Iterable[Event], conflicts: Iterable[Conflict] = (),
                    names: dict[str, str] | None = None, unit_name: Callable[[str], str] = str) -> None:
        flagged = {c.event_id: c for c in conflicts}
        rows = ordered(events)
        self.setRowCount(len(rows))
        for row, event in enumerate(rows):
            actor = (names or {}).get(event.actor, event.actor)
            cells = [f"{event.wall_time:%H:%M %d/%m/%Y}", self.kind_label(event.kind), actor,
                     self.details(event, unit_name)]
            conflict = flagged.get(event.event_id)
            if conflict:
                cells[1] = CONFLICT_MARK + cells[1]
            for column, text in enumerate(cells):
                self.setItem(row, column, self._item(text, conflict))

    def _item(self, text: str, conflict: Conflict | None) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setToolTip(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if conflict:
            item.setBackground(QBrush(CONFLICT_BACKGROUND))
            item.setToolTip(self.tr("Xung đột: bước này ghi nhận khi hồ sơ đang «%1», không hợp lệ nên không đổi "
                               "trạng thái; chờ giám sát xem xét.").replace("%1", status_label(conflict.status_then))
                            + "\n" + text)
        return item

    def row_texts(self) -> list[list[str]]:
        """What the clerk reads, row by row (for tests and the screenshot script)."""
        return [[(cell.text() if (cell := self.item(r, c)) else "") for c in range(self.columnCount())]
                for r in range(self.rowCount())]
