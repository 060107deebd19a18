"""The supervisor's report: a day or a month of dossiers in figures, a chart, a table per procedure and
one per clerk, and the register (Sổ theo dõi) exported to Excel or PDF.

The figures come from `desk_app.core.report` (what counts as on time lives there, not here). The
export renders in a pool thread with a busy bar, so the window stays usable on a long month; the
audit entry is written back on the UI thread once the file is on disk, as the CLI export does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.report import Report, Row, build_report, month_bounds
from desk_app.domain.errors import DeskError
from desk_app.ui.context import DeskContext
from desk_app.ui.keys import shortcut_hint
from desk_app.ui.report.chart import BarChart, show_report
from desk_app.ui.tasks import Lane, tasks

if TYPE_CHECKING:
    from desk_app.printing.render import PrintContext
    from desk_app.services import Desk

TABLE_FIGURES = ("received", "returned", "on_time", "late", "overdue")
RENDERERS = {"xlsx": "render_register_xlsx", "pdf": "render_register_pdf"}  # imported when exporting
STALE_AFTER_S = 60


def vnd(amount: int) -> str:
    """50.000: đồng with thousands dots, as the forms write them."""
    return f"{amount:,}".replace(",", ".")
EXPORT_KEYS = {"xlsx": "Ctrl+E", "pdf": "Ctrl+Shift+E"}


def percent(rate: float | None) -> str:
    """0.875 -> "87,5 %" (the Vietnamese decimal comma); "–" while nothing is resolved."""
    return "–" if rate is None else f"{rate * 100:.1f} %".replace(".", ",")


@dataclass(frozen=True)
class _Export:
    fmt: str
    start: date
    end: date
    path: str


def _write_register(desk: Desk, export: _Export, print_ctx: PrintContext) -> int:
    """On the printing lane: read the period, render, write the file; returns the dossiers written."""
    from desk_app import printing

    dossiers = [desk.for_print(d) for d in desk.dossiers.in_period(export.start, export.end)]
    render = getattr(printing, RENDERERS[export.fmt])
    Path(export.path).write_bytes(render(dossiers, export.start, export.end, print_ctx))
    return len(dossiers)


class _WholeTable(QTableWidget):
    """A table as tall as all its rows (wrapped names included): the page around it scrolls instead."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.verticalHeader().sectionResized.connect(lambda *_: self.updateGeometry())

    def sizeHint(self) -> QSize:
        height = self.horizontalHeader().sizeHint().height() + self.verticalHeader().length()
        return QSize(super().sizeHint().width(), height + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


class ReportPage(QWidget):
    exported = Signal(str)  # path written
    export_failed = Signal(str)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self._job: _Export | None = None
        self._loaded_at: float | None = None
        self._build()

    # --- words ---------------------------------------------------------------------------------

    def _figure_titles(self) -> dict[str, str]:
        return {"received": self.tr("Tiếp nhận"), "returned": self.tr("Đã giải quyết"),
                "on_time": self.tr("Đúng hạn"), "late": self.tr("Trễ hạn"),
                "overdue": self.tr("Quá hạn chưa giải quyết"), "in_progress": self.tr("Đang giải quyết trong hạn"),
                "on_time_rate": self.tr("Tỷ lệ đúng hạn"), "fee_paid_vnd": self.tr("Phí, lệ phí đã thu (đồng)"),
                "unpaid": self.tr("Chưa nộp phí"), "digitisation_rate": self.tr("Tỷ lệ số hóa")}

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_period())
        self.chart = BarChart(self)
        self.procedures = self._table(self.tr("Thủ tục"))
        self.clerks = self._table(self.tr("Cán bộ tiếp nhận"))
        # One column that scrolls, each table as tall as its rows: every procedure of the period is listed
        # (a splitter showed three rows of each), and at 150 % on a 768-pixel screen nothing runs off it.
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._build_figures())
        column.addWidget(self.chart, 1)
        column.addWidget(self.procedures)
        column.addWidget(self.clerks)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("reportScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(body)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(self._build_export())

    def _build_period(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.addItem(self.tr("Theo ngày"), "day")
        self.kind.addItem(self.tr("Theo tháng"), "month")
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setAccessibleName(self.tr("Ngày trong kỳ báo cáo"))
        self.today_button = self._button(self.tr("Hôm &nay"), lambda: self.show_period("day", self._today()))
        self.month_button = self._button(self.tr("Tháng nà&y"), lambda: self.show_period("month", self._today()))
        label = QLabel(self.tr("&Kỳ báo cáo:"), self)
        label.setBuddy(self.kind)
        for widget in (label, self.kind, self.day, self.today_button, self.month_button):
            row.addWidget(widget)
        row.addStretch(1)
        self.today_button.setToolTip(shortcut_hint(self.tr("Báo cáo ngày hôm nay"), "Alt+N"))
        self.month_button.setToolTip(shortcut_hint(self.tr("Báo cáo tháng này"), "Alt+Y"))
        self.note = QLabel(self)
        row.addWidget(self.note)
        self.kind.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.day.dateChanged.connect(lambda _d: self._period_changed())
        return row

    def _build_figures(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.figure_labels: dict[str, QLabel] = {}
        for column, (key, title) in enumerate(self._figure_titles().items()):
            number = QLabel("–", box)
            number.setObjectName(f"figure_{key}")
            font = number.font()
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            number.setFont(font)
            caption = QLabel(title, box)
            caption.setWordWrap(True)
            for widget in (number, caption):
                widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(number, 0, column)
            grid.addWidget(caption, 1, column)
            self.figure_labels[key] = number
        self.figure_labels["late"].setToolTip(self.tr("Có kết quả sau ngày hẹn, hoặc đã phải xin lỗi và hẹn lại."))
        self.figure_labels["on_time_rate"].setToolTip(
            self.tr("Số hồ sơ có kết quả đúng hạn trên số hồ sơ đã có kết quả (đúng hạn và trễ hạn)."))
        self.figure_labels["digitisation_rate"].setToolTip(
            self.tr("Số hồ sơ đã quét đủ mọi giấy tờ bắt buộc trên số hồ sơ tiếp nhận trong kỳ."))
        return box

    def _build_export(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # no count to show: an indeterminate bar says "working"
        self.busy.hide()
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        row.addWidget(self.busy)
        self.export_buttons = {}
        for fmt, text in (("xlsx", self.tr("Xuất sổ theo dõi (Excel)")), ("pdf", self.tr("Xuất sổ theo dõi (PDF)"))):
            button = self._button(text, lambda _c=False, f=fmt: self.export_register(f))
            button.setToolTip(shortcut_hint(text, EXPORT_KEYS[fmt]))
            QShortcut(QKeySequence(EXPORT_KEYS[fmt]), self, lambda f=fmt: self.export_register(f))
            self.export_buttons[fmt] = button
            row.addWidget(button)
        return row

    def _button(self, text: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _table(self, first: str) -> QTableWidget:
        headers = [first, self.tr("Tiếp nhận"), self.tr("Đã giải\nquyết"), self.tr("Đúng hạn"), self.tr("Trễ hạn"),
                   self.tr("Quá hạn\nchưa xong"), self.tr("Tỷ lệ\nđúng hạn"), self.tr("Phí đã thu\n(đồng)"),
                   self.tr("Chưa\nnộp phí"), self.tr("Tỷ lệ\nsố hóa")]
        table = _WholeTable(0, len(headers), self)
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move in it), or the keyboard is trapped
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # wrapped names
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the page scrolls instead
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return table

    # --- the period and its figures -------------------------------------------------------------------

    def _today(self) -> date:
        return self.ctx.desk.now().date()

    def period(self) -> tuple[date, date]:
        day = self.day.date().toPython()
        assert isinstance(day, date)  # a QDate becomes a date (the stubs say object)
        return month_bounds(day) if self.kind.currentData() == "month" else (day, day)

    def show_period(self, kind: str, day: date) -> None:
        with QSignalBlocker(self.kind), QSignalBlocker(self.day):  # one refresh, not one per widget
            self.kind.setCurrentIndex(self.kind.findData(kind))
            self.day.setDate(QDate(day.year, day.month, day.day))
        self._period_changed()

    def _period_changed(self) -> None:
        self.day.setDisplayFormat("MM/yyyy" if self.kind.currentData() == "month" else "dd/MM/yyyy")
        self.refresh()

    def refresh(self) -> None:
        self._loaded_at = time.monotonic()
        start, end = self.period()
        desk = self.ctx.desk
        try:
            self.report = build_report(desk.dossiers.in_period(start, end), start, end, desk.now(),
                                       digitised=desk.scans.digitised)
            names = {user.username: user.full_name for user in desk.accounts.list()}
        except DeskError as exc:
            self.message.setText(self.ctx.message(exc))
            return
        self.note.setText(self.tr("Tính trên hồ sơ tiếp nhận trong kỳ · từ chối hoặc dừng: %1")
                          .replace("%1", str(self.report.totals.closed)))
        for key, label in self.figure_labels.items():
            value = getattr(self.report.totals, key)
            label.setText(percent(value) if key.endswith("_rate") else vnd(value) if key == "fee_paid_vnd"
                          else str(value))
        self._fill(self.procedures, self.report.by_procedure, lambda r: f"{r.label} ({r.key})")
        self._fill(self.clerks, self.report.by_clerk, lambda r: f"{names.get(r.key, r.key)} ({r.key})")
        show_report(self.chart, self.report)

    def _fill(self, table: QTableWidget, rows: tuple[Row, ...], name) -> None:
        table.setRowCount(len(rows))
        table.updateGeometry()
        for n, row in enumerate(rows):
            table.setItem(n, 0, QTableWidgetItem(name(row)))
            cells = [str(getattr(row.figures, key)) for key in TABLE_FIGURES] + [
                percent(row.figures.on_time_rate), vnd(row.figures.fee_paid_vnd), str(row.figures.unpaid),
                percent(row.figures.digitisation_rate)]
            for column, text in enumerate(cells, start=1):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(n, column, item)

    # --- export ------------------------------------------------------------------------------------------

    def export_register(self, fmt: str, path: str | None = None) -> bool:
        """Write the period's register; `path` skips the file dialog. False when nothing was started."""
        if self._job is not None:
            return False
        start, end = self.period()
        if path is None:
            path = self._ask_path(fmt, start, end)
            if not path:
                return False
        try:
            print_ctx = self.ctx.desk.register_context()
        except (DeskError, ValueError) as exc:
            self._export_failed(self.ctx.message(exc))
            return False
        export = self._job = _Export(fmt, start, end, path)
        self._set_busy(True, self.tr("Đang xuất sổ theo dõi…"))
        desk = self.ctx.desk  # the work holds no widget
        tasks().run(Lane.PRINT, lambda: _write_register(desk, export, print_ctx), self._export_done,
                    self._export_error, owner=self)
        return True

    def _ask_path(self, fmt: str, start: date, end: date) -> str:
        stamp = f"{start:%Y-%m}" if (start, end) == month_bounds(start) else f"{start:%Y-%m-%d}"
        suggested = str(Path.home() / f"so-theo-doi-{stamp}.{fmt}")
        pattern = self.tr("Bảng tính Excel (*.xlsx)") if fmt == "xlsx" else self.tr("Tệp PDF (*.pdf)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Xuất sổ theo dõi"), suggested, pattern)
        return path

    def _export_done(self, count: int) -> None:
        job = self._job
        assert job is not None
        self.ctx.desk.audit.record(self.ctx.user.username, "export", "register", {
            "form": "register", "format": job.fmt, "from": job.start.isoformat(), "to": job.end.isoformat()})
        self._set_busy(False, self.tr("Đã xuất %1 hồ sơ ra %2").replace("%1", str(count)).replace("%2", job.path))
        self.exported.emit(job.path)

    def _export_error(self, exc: Exception) -> None:
        if isinstance(exc, OSError):
            assert self._job is not None
            self._export_failed(f"{self._job.path}: {exc.strerror or exc}")
        else:
            self._export_failed(self.ctx.message(exc))

    def _export_failed(self, message: str) -> None:
        self._set_busy(False, self.tr("Không xuất được sổ theo dõi: %1").replace("%1", message))
        self.export_failed.emit(message)

    def _set_busy(self, busy: bool, text: str) -> None:
        if not busy:
            self._job = None
        self.busy.setVisible(busy)
        self.message.setText(text)
        for button in self.export_buttons.values():
            button.setEnabled(not busy)

    # --- life ----------------------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._loaded_at is None:
            self.show_period("month", self._today())
        elif time.monotonic() - self._loaded_at > STALE_AFTER_S:
            self.refresh()

