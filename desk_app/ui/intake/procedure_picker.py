"""Picking the procedure: search as you type (marks optional, the code works too), Up/Down, Enter."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desk_app.core.procedure_search import ProcedureHit
from desk_app.domain.catalogue import ProcedureDefinition
from desk_app.domain.errors import DeskError
from desk_app.ui.context import DeskContext

_CODE_ROLE = Qt.ItemDataRole.UserRole
_VISIBLE_ROWS = 6
_LIMIT = 60  # a query narrows quickly; an empty one shows the most used and the first groups
_MOST_USED_ROWS = 5
_MOST_USED = str(QT_TRANSLATE_NOOP("ProcedurePicker", "Hay dùng ở bàn này"))  # the stubs say object
_WEEKDAYS = (
    QT_TRANSLATE_NOOP("IntakePage", "Thứ Hai"), QT_TRANSLATE_NOOP("IntakePage", "Thứ Ba"),
    QT_TRANSLATE_NOOP("IntakePage", "Thứ Tư"), QT_TRANSLATE_NOOP("IntakePage", "Thứ Năm"),
    QT_TRANSLATE_NOOP("IntakePage", "Thứ Sáu"), QT_TRANSLATE_NOOP("IntakePage", "Thứ Bảy"),
    QT_TRANSLATE_NOOP("IntakePage", "Chủ nhật"),
)


def group_hits(hits: list[ProcedureHit]) -> list[tuple[str, list[ProcedureHit]]]:
    """This desk's most used first (up to 5), then the rest by field, fields in order of their best hit."""
    used = [hit for hit in hits if hit.uses > 0][:_MOST_USED_ROWS]
    groups: dict[str, list[ProcedureHit]] = {}
    for hit in hits:
        if hit not in used:
            groups.setdefault(hit.field, []).append(hit)
    return ([(_MOST_USED, used)] if used else []) + list(groups.items())


def due_text(moment: datetime) -> str:
    """ "Hẹn trả: Thứ Ba, 10/03/2026 17:00" """
    day = QCoreApplication.translate("IntakePage", str(_WEEKDAYS[moment.weekday()]))
    return QCoreApplication.translate("IntakePage", "Hẹn trả: %1").replace(
        "%1", f"{day}, {moment:%d/%m/%Y %H:%M}")


class ProcedurePicker(QWidget):
    """Emits `picked` with the definition in force today; `search` keeps focus while the clerk browses."""

    picked = Signal(object)  # ProcedureDefinition

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.definition: ProcedureDefinition | None = None
        self.search = QLineEdit(self)
        self.search.setObjectName("procedureSearch")
        # How to search, as a wrapped line over the field: as its placeholder it was cut off at 125 % font.
        hint = QLabel(self.tr("Gõ tên hoặc mã thủ tục, có dấu hay không dấu (VD: dang ky khai sinh)"), self)
        hint.setObjectName("procedureHint")
        hint.setWordWrap(True)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.search.installEventFilter(self)
        self.results = QListWidget(self)
        self.results.setObjectName("procedureResults")
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Up/Down from the search line drive it
        self.results.setWordWrap(True)  # long names wrap instead of scrolling sideways
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.results.itemActivated.connect(lambda _item: self.pick_current())
        self.results.itemClicked.connect(lambda _item: self.pick_current())
        self.title = self._info("procedureTitle", bold=True)
        self.details = self._info("procedureDetails")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("&Thủ tục:"), self)
        label.setBuddy(self.search)
        for widget in (label, hint, self.search, self.results, self.title, self.details):
            layout.addWidget(widget, 1 if widget is self.results else 0)
        self._loaded = False

    def _info(self, name: str, bold: bool = False) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        if bold:
            label.setStyleSheet("font-weight: bold;")
        return label

    def showEvent(self, event) -> None:
        if not self._loaded:  # the catalogue is read on first show, keeping start-up fast
            self._loaded = True
            self.refresh()
        rows = self.results.fontMetrics().height() + 4
        self.results.setMinimumHeight(rows * _VISIBLE_ROWS)  # grows with the font, never a fixed size
        super().showEvent(event)

    def refresh(self) -> None:
        self._loaded = True
        self.results.clear()
        found = self.ctx.desk.find_procedures(self.search.text(), limit=_LIMIT, wait_for_handbook=False)
        for title, hits in group_hits(found):
            self._header(self.tr(title) if title == _MOST_USED else title)
            for hit in hits:
                item = QListWidgetItem(f"{hit.code}  {hit.name}", self.results)
                item.setData(_CODE_ROLE, hit.code)
                item.setToolTip(hit.name)
        first = self._next_selectable(-1, 1)
        if first is not None:
            self.results.setCurrentRow(first)

    def _header(self, title: str) -> None:
        """A group title: shown, never selected; Up/Down step over it."""
        item = QListWidgetItem(title.upper(), self.results)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # enabled: drawn in the normal colour; not selectable
        font = item.font()
        font.setBold(True)
        item.setFont(font)

    def _next_selectable(self, row: int, step: int) -> int | None:
        row += step
        while 0 <= row < self.results.count():
            if self.results.item(row).data(_CODE_ROLE):
                return row
            row += step
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                self._move(Qt.Key(event.key()))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.pick_current()
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: Qt.Key) -> None:
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -_VISIBLE_ROWS}.get(key, _VISIBLE_ROWS)
        direction = 1 if step > 0 else -1
        row = self.results.currentRow()
        for _ in range(abs(step)):
            found = self._next_selectable(row, direction)
            if found is None:
                break
            row = found
        if row >= 0:
            self.results.setCurrentRow(row)

    def current_code(self) -> str:
        """The highlighted result's code ("" when the list is empty)."""
        item = self.results.currentItem()
        return item.data(_CODE_ROLE) if item is not None else ""

    def pick_current(self) -> None:
        item = self.results.currentItem()
        if item is not None:
            self.pick(item.data(_CODE_ROLE))

    def pick(self, code: str) -> None:
        try:
            defn = self.ctx.desk.procedure(code)
        except DeskError as exc:  # not in force today: say so, keep the form
            self.details.setText(self.ctx.message(exc))
            return
        self.show_definition(defn)
        self.picked.emit(defn)

    def show_definition(self, defn: ProcedureDefinition | None) -> None:
        self.definition = defn
        if defn is None:
            self.title.setText(self.tr("Chưa chọn thủ tục"))
            self.details.clear()
            return
        self.title.setText(f"{defn.code} · {defn.name}")
        self._highlight(defn.code)
        self.details.setText(
            self.tr("Lĩnh vực: %1\nThời hạn giải quyết: %2\nLệ phí: %3")
            .replace("%1", defn.field).replace("%2", defn.processing_time_text).replace("%3", defn.fee.text)
        )

    def _highlight(self, code: str) -> None:
        """The chosen procedure highlighted in the list (a restored draft's, not the first result); none
        when it is not listed, rather than another procedure Enter would pick."""
        if self.current_code() == code:
            return
        self.results.setCurrentRow(-1)
        for row in range(self.results.count()):
            if self.results.item(row).data(_CODE_ROLE) == code:
                self.results.setCurrentRow(row)
                self.results.scrollToItem(self.results.item(row))
                return

    def clear(self) -> None:
        self.search.clear()
        self.show_definition(None)
