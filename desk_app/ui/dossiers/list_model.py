"""The dossier list's table: one row per dossier found, coloured by how close it is to its due date.

Colour is never the only signal: the due column also says it in words with a marker, and carries an
icon, so a clerk who cannot tell red from amber (or a black-and-white print-screen) still sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desk_app.core.due import Deadline, deadline_state
from desk_app.core.search import OPEN
from desk_app.domain.calendar import WorkCalendar
from desk_app.domain.lifecycle import status_label
from desk_app.domain.model import Dossier, Status

COLUMNS = ("code", "applicant", "procedure", "received", "due", "status")
DUE_COLUMN = COLUMNS.index("due")
DOSSIER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DEADLINE_ROLE = Qt.ItemDataRole.UserRole + 2

OVERDUE_BG = QColor("#ffd7d5")
DUE_TODAY_BG = QColor("#ffe3b3")
DUE_SOON_BG = QColor("#fff6c4")
_BACKGROUNDS = {Deadline.OVERDUE: OVERDUE_BG, Deadline.DUE_TODAY: DUE_TODAY_BG, Deadline.DUE_SOON: DUE_SOON_BG}
_TEXT_ON_COLOUR = QColor("#1a1a1a")  # readable on the light backgrounds under a dark theme too
_ICONS = {Deadline.OVERDUE: QStyle.StandardPixmap.SP_MessageBoxCritical,
          Deadline.DUE_TODAY: QStyle.StandardPixmap.SP_MessageBoxWarning,
          Deadline.DUE_SOON: QStyle.StandardPixmap.SP_MessageBoxInformation}


translate = QCoreApplication.translate  # literal context and text in each call: lupdate extracts them


def headers() -> list[str]:
    return [translate("DossierListModel", "Mã hồ sơ"), translate("DossierListModel", "Người nộp"),
            translate("DossierListModel", "Thủ tục"), translate("DossierListModel", "Ngày nhận"),
            translate("DossierListModel", "Hẹn trả"), translate("DossierListModel", "Trạng thái")]


def deadline_words() -> dict[Deadline, str]:
    return {Deadline.OVERDUE: translate("DossierListModel", "QUÁ HẠN"),
            Deadline.DUE_TODAY: translate("DossierListModel", "Đến hạn hôm nay"),
            Deadline.DUE_SOON: translate("DossierListModel", "Sắp đến hạn")}


@dataclass(frozen=True)
class ListRow:
    dossier_id: str
    cells: tuple[str, ...]
    deadline: Deadline | None  # None: closed, the due date no longer binds


def widest_cells(lang: str = "vi") -> tuple[str, ...]:
    """Per column, the widest text a cell normally holds (the applicant's: a long four-word name), so the
    columns can be sized once from the font instead of by measuring rows on every keystroke."""
    words = deadline_words()
    due_word = max(words.values(), key=len)
    status = max((status_label(s, lang) for s in Status), key=len)
    return ("09661-260310-1001", "Nguyễn Thị Phương Thảo", "", "10/03/2026 09:30", f"10/03/2026 09:30 · {due_word}",
            status)


def to_rows(dossiers: Sequence[Dossier], now: datetime, calendar: WorkCalendar, soon_days: int,
            lang: str = "vi") -> list[ListRow]:
    """Turn dossiers into display rows once, so painting never recomputes deadlines."""
    words = deadline_words()
    rows = []
    for d in dossiers:
        state = deadline_state(d.due.due_at, now, calendar, soon_days) if d.status in OPEN else None
        due = f"{d.due.due_at:%d/%m/%Y %H:%M}"
        if state in words:
            due += f" · {words[state]}"
        if d.status == Status.SUPPLEMENT_REQUESTED:  # no appointment holds until the papers come
            due = translate("DossierListModel", "Chờ công dân bổ sung")
        cells = (d.code, d.applicant.full_name, d.procedure_name, f"{d.received_at:%d/%m/%Y %H:%M}", due,
                 status_label(d.status, lang))
        rows.append(ListRow(d.dossier_id, cells, state))
    return rows


class DossierListModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[ListRow] = []
        self._headers = headers()

    def set_rows(self, rows: list[ListRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def dossier_id(self, row: int) -> str:
        return self._rows[row].dossier_id

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BACKGROUNDS.get(row.deadline) if row.deadline else None
        if role == Qt.ItemDataRole.ForegroundRole and row.deadline in _BACKGROUNDS:
            return _TEXT_ON_COLOUR
        if role == Qt.ItemDataRole.DecorationRole and index.column() == DUE_COLUMN and row.deadline in _ICONS:
            return _icon(row.deadline)
        if role == DOSSIER_ID_ROLE:
            return row.dossier_id
        if role == DEADLINE_ROLE:
            return str(row.deadline) if row.deadline else ""
        return None


def _icon(state: Deadline) -> QIcon:
    return QApplication.style().standardIcon(_ICONS[state])
