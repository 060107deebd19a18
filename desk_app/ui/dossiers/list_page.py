"""The dossier list: the day's views with their counts, a status filter, and a search that follows
the clerk's typing (names without accents, personal ID, phone or dossier code).

Searching runs on `textEdited` after a short pause (a single-shot timer restarted by each key), so a
burst of keys costs one query; the query never asks for more than `LIMIT` rows, which keeps it fast on
a million dossiers. Nothing is loaded until the page is first shown or refreshed.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.search import Query
from desk_app.domain.errors import DeskError
from desk_app.domain.lifecycle import status_label
from desk_app.domain.model import Status
from desk_app.ui.context import DeskContext
from desk_app.ui.dossiers.list_model import COLUMNS, DUE_COLUMN, DossierListModel, to_rows, widest_cells
from desk_app.ui.keys import shortcut_hint

LIMIT = 100  # a screenful several times over; typing more narrows (and keeps each keystroke fast)
DEBOUNCE_MS = 150
VIEW_ORDER = ("today", "due_today", "due_soon", "overdue", "conflicts", "all", "unpaid")
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
FIND_KEYS = "Ctrl+F"
STALE_AFTER_S = 60


class DossierListPage(QWidget):
    open_requested = Signal(str)  # dossier_id

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = "all"
        self.counts: dict[str, int] = {}
        self._loaded_at: float | None = None  # monotonic time of the last load; None: load on next show
        self._last_query: Query | None = None
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self._build()
        self._shortcuts()

    # --- building ------------------------------------------------------------------------------

    def _view_titles(self) -> dict[str, str]:
        return {"today": self.tr("Hôm nay"), "due_today": self.tr("Đến hạn hôm nay"),
                "due_soon": self.tr("Sắp đến hạn"), "overdue": self.tr("Quá hạn"),
                "conflicts": self.tr("Cần xem lại"), "all": self.tr("Tất cả"),
                "unpaid": self.tr("Chưa nộp phí")}  # fees (issue 11): after the others, so Alt+1..6 stay

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_views())
        layout.addLayout(self._build_filters())
        self.model = DossierListModel(self)
        self._fitted_padding: int | None = None
        self.table = self._build_table()
        self._fit_columns()
        self.empty = QLabel(self.tr("Không có hồ sơ nào"), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyList")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)
        self.summary = QLabel(self)
        self.summary.setObjectName("listSummary")
        layout.addWidget(self.summary)

    def _build_views(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.view_group = QButtonGroup(self)
        self.view_buttons: dict[str, QPushButton] = {}
        for n, (view, title) in enumerate(self._view_titles().items(), start=1):
            button = QPushButton(title, self)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setToolTip(shortcut_hint(title, f"Alt+{n}"))
            button.setChecked(view == self.view)
            button.clicked.connect(lambda _checked=False, v=view: self.set_view(v))
            self.view_group.addButton(button)
            self.view_buttons[view] = button
            row.addWidget(button)
        row.addStretch(1)
        self._mark_view()
        return row

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Tìm theo tên (gõ không dấu cũng được), số định danh, "
                                               "số điện thoại hoặc mã hồ sơ"))
        self.search.setToolTip(shortcut_hint(self.tr("Tìm hồ sơ; ↓ để xuống danh sách"), FIND_KEYS))
        self.search.setAccessibleName(self.tr("Tìm hồ sơ"))
        self.search.textEdited.connect(lambda _text: self._debounce.start())
        self.search.installEventFilter(self)
        self.status = QComboBox(self)
        self.status.addItem(self.tr("Mọi trạng thái"), None)
        for status in Status:
            self.status.addItem(status_label(status, self.ctx.lang), status)
        self.status.setAccessibleName(self.tr("Lọc theo trạng thái"))
        self.status.currentIndexChanged.connect(lambda _i: self.run_search())
        status_label_ = QLabel(self.tr("Trạng thá&i:"), self)
        status_label_.setBuddy(self.status)
        row.addWidget(self.search, 1)
        row.addWidget(status_label_)
        row.addWidget(self.status)
        return row

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)  # Tab leaves the list (arrows move in it), or the keyboard is trapped
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # the clerk may still drag them
        header.setSectionResizeMode(COLUMNS.index("procedure"), QHeaderView.ResizeMode.Stretch)
        table.doubleClicked.connect(lambda index: self._open(index.row()))
        table.installEventFilter(self)
        table.viewport().installEventFilter(self)  # its width decides the columns' air (_fit_columns)
        return table

    def _fit_columns(self, force: bool = False) -> None:
        """Size the columns from the font and the widest usual text, once, when the font changes, and when
        the room left for the procedure column changes how much air the others get. Sizing to contents
        measured every row at each keystroke: ~50 ms a search after an empty result."""
        table, header = self.table, self.table.horizontalHeader()
        cell_metrics, header_metrics = table.fontMetrics(), header.fontMetrics()
        icon = table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 4
        widths: dict[int, int] = {}
        for column, text in enumerate(widest_cells(self.ctx.lang)):
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
                continue
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            widths[column] = max(cell_metrics.horizontalAdvance(text) + (icon if column == DUE_COLUMN else 0),
                                 header_metrics.horizontalAdvance(title) + cell_metrics.averageCharWidth())
        padding = self._padding(sum(widths.values()), len(widths))
        if padding == self._fitted_padding and not force:
            return  # keep any column the clerk dragged
        self._fitted_padding = padding
        for column, width in widths.items():
            header.resizeSection(column, width + padding)

    def _padding(self, text_widths: int, columns: int) -> int:
        """The air added to each fixed column (the cell's margins and some): two letters, down to one where
        the procedure column would otherwise shrink below its heading and the start of a name; at 150 % font
        on a 1280-px window it kept 70 px, too few for even its heading."""
        table, letter = self.table, self.table.fontMetrics().averageCharWidth()
        title = str(self.model.headerData(COLUMNS.index("procedure"), Qt.Orientation.Horizontal) or "")
        floor = table.horizontalHeader().fontMetrics().horizontalAdvance(title) + 10 * letter
        spare = (table.viewport().width() - floor - text_widths) // max(columns, 1)
        return max(letter, min(2 * letter, spare))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "table"):
            self._fit_columns(force=True)

    def _shortcuts(self) -> None:
        self.find_shortcut = QShortcut(QKeySequence(FIND_KEYS), self, self.focus_search)
        self.view_shortcuts = [QShortcut(QKeySequence(f"Alt+{n}"), self, lambda v=view: self.set_view(v))
                               for n, view in enumerate(VIEW_ORDER, start=1)]

    # --- the page contract ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the counts and the current search (after a save, a change, or on first show).

        While the page is hidden this only marks it stale: the next show loads it once."""
        if not self.isVisible():
            self._loaded_at = None
            return
        self._loaded_at = time.monotonic()
        try:
            self.counts = self.ctx.desk.view_counts()
        except DeskError as exc:
            self.summary.setText(self.ctx.message(exc))
            return
        titles = self._view_titles()
        for view, button in self.view_buttons.items():
            button.setText(f"{titles[view]} ({self.counts.get(view, 0)})")
        self.run_search(force=True)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- searching -------------------------------------------------------------------------------

    def set_view(self, view: str) -> None:
        self.view = view
        self.view_buttons[view].setChecked(True)
        self._mark_view()
        self.run_search()

    def _mark_view(self) -> None:
        """Bold for the chosen view: the pressed look alone is faint in several styles."""
        for name, button in self.view_buttons.items():
            font = button.font()
            font.setBold(name == self.view)
            button.setFont(font)

    def current_query(self) -> Query:
        return Query(text=self.search.text(), view=self.view, status=self.status.currentData(), limit=LIMIT)

    def run_search(self, force: bool = False) -> None:
        self._debounce.stop()
        query = self.current_query()
        if query == self._last_query and not force:
            return  # the same words typed back, or a view re-clicked: nothing new to ask
        self._last_query = query
        desk = self.ctx.desk
        try:
            found = desk.search(query)
        except DeskError as exc:
            self.summary.setText(self.ctx.message(exc))
            return
        self.model.set_rows(to_rows(found, desk.now(), desk.calendar(), desk.settings.due_soon_days, self.ctx.lang))
        self.stack.setCurrentWidget(self.table if found else self.empty)
        self._summarise(len(found))

    def _summarise(self, shown: int) -> None:
        if shown >= LIMIT:
            text = self.tr("Hiện %1 hồ sơ đầu tiên; gõ thêm để thu hẹp.").replace("%1", str(LIMIT))
        else:
            text = self.tr("%1 hồ sơ").replace("%1", str(shown))
        if shown:
            text += " · " + self.tr("Enter hoặc nháy đúp để mở hồ sơ.")
        self.summary.setText(text)

    # --- keys ----------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._fit_columns()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if watched is self.search:
            return self._search_key(event)
        if watched is self.table and event.key() in _ENTER and self.table.currentIndex().isValid():
            self._open(self.table.currentIndex().row())
            return True
        return False

    def _search_key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Down or event.key() in _ENTER:
            if event.key() in _ENTER:
                self.run_search()  # do not wait for the pause: the clerk has finished typing
            self.focus_table()
            return True
        if event.key() == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            self.run_search()
            return True
        return False

    def focus_table(self) -> None:
        if self.model.rowCount() == 0:
            return
        if not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.dossier_id(row))

    # --- life ------------------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # The main window has its own Ctrl+F action; two live shortcuts on one key would both go dead.
        find = QKeySequence(FIND_KEYS)
        self.find_shortcut.setEnabled(not any(find in a.shortcuts() for a in self.window().actions()))
        if self._loaded_at is None or time.monotonic() - self._loaded_at > STALE_AFTER_S:
            self.refresh()  # deadlines move with the clock: a list left open since morning is reloaded
