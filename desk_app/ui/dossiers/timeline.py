"""A dossier's timeline: one row per event, in the order every replica folds them (lifecycle.ordered),
with what the step recorded (reason, items, dates). Steps flagged as conflicts after a sync are marked
and explained, never hidden."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from desk_app.domain.lifecycle import Conflict, ordered, status_label
from desk_app.domain.model import Event, EventKind

K = EventKind
CONFLICT_BACKGROUND = QColor("#ffe0b2")
CONFLICT_MARK = "⚠ "


def _when(value: object) -> str:
    try:
        return f"{datetime.fromisoformat(str(value)):%H:%M %d/%m/%Y}"
    except ValueError:
        return str(value)


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
        }[kind]

    def details(self, event: Event, unit_name: Callable[[str], str] = str) -> str:
        """What the step recorded, in one line (the whole text is in the tooltip too)."""
        p, kind = event.payload, event.kind
        parts: list[str] = []
        if kind == K.RECEIVED:
            parts.append(self.tr("Hẹn trả: %1").replace("%1", _when(p.get("due_at"))))
        elif kind == K.SUPPLEMENT_REQUESTED:
            items = [f"{i.get('item', '')} ({i['reason']})" if i.get("reason") else str(i.get("item", ""))
                     for i in p.get("items", [])]
            parts.append(self.tr("Cần bổ sung: %1").replace("%1", "; ".join(items)))
        elif kind == K.SUPPLEMENT_RECEIVED:
            names = "; ".join(str(d.get("name", "")) for d in p.get("documents", []))
            parts.append(self.tr("Đã nhận: %1").replace("%1", names))
            if p.get("new_due_at"):
                parts.append(self.tr("Hẹn trả mới: %1").replace("%1", _when(p["new_due_at"])))
        elif kind == K.DELAYED:
            parts.append(self.tr("Hẹn lại: %1 → %2").replace("%1", _when(p.get("old_due_at")))
                         .replace("%2", _when(p.get("new_due_at"))))
        elif kind == K.TRANSFERRED:
            parts.append(self.tr("Chuyển đến: %1").replace("%1", unit_name(str(p.get("to_authority", "")))))
        elif kind == K.RETURNED:
            parts.append(self.tr("Người nhận: %1").replace("%1", str(p.get("receiver_name", ""))))
        elif kind == K.APPLICANT_CORRECTED:
            parts.append(self.tr("Sửa: %1").replace("%1", ", ".join(sorted(p.get("applicant", {})))))
        if p.get("reason"):
            parts.append(self.tr("Lý do: %1").replace("%1", str(p["reason"])))
        if p.get("note"):
            parts.append(self.tr("Ghi chú: %1").replace("%1", str(p["note"])))
        return ". ".join(parts)

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
        return [[self.item(r, c).text() for c in range(self.columnCount())] for r in range(self.rowCount())]
