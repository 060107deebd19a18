"""A grouped bar chart painted with QPainter (PySide6-Essentials ships no QtCharts).

Every size comes from the font's metrics, so the chart grows with the clerk's font setting. Series
differ by a fill pattern as well as colour, values stand above the bars where they fit, and hovering a
group tells its exact numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QHelpEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from desk_app.core.report import Report


@dataclass(frozen=True)
class Series:
    name: str
    colour: QColor
    pattern: Qt.BrushStyle = Qt.BrushStyle.SolidPattern  # drawn over the colour, so print-outs tell them apart


@dataclass(frozen=True)
class Group:
    label: str  # under the bars
    values: tuple[int, ...]  # one per series
    title: str = ""  # tooltip heading; the label when empty


def nice_step(top: int, ticks: int = 5) -> int:
    """A 1/2/5 x 10^n step giving about `ticks` gridlines up to `top`."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(1, int(factor * power))
    return int(10 * power)


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series: list[Series] = []
        self.groups: list[Group] = []
        self.title = ""
        self.x_label = ""
        self.y_label = ""
        self.empty_text = ""
        self._plot = QRectF()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)

    def set_data(self, series: Sequence[Series], groups: Sequence[Group], *, title: str = "", x_label: str = "",
                 y_label: str = "", empty_text: str = "") -> None:
        self.series, self.groups = list(series), list(groups)
        self.title, self.x_label, self.y_label, self.empty_text = title, x_label, y_label, empty_text
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 50, line * 16)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().height()
        return QSize(line * 20, line * 11)

    def top_value(self) -> int:
        return max((v for g in self.groups for v in g.values), default=0)

    # --- painting --------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        fm = self.fontMetrics()
        pad = fm.height() / 2
        top = self._paint_header(painter, fm, pad)
        if not self.groups or self.top_value() == 0:
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(QRectF(self.rect()).adjusted(0, top, 0, 0), Qt.AlignmentFlag.AlignCenter,
                             self.empty_text)
            return
        step = nice_step(self.top_value())
        ceiling = step * math.ceil(self.top_value() / step)
        left = pad + fm.horizontalAdvance(str(ceiling)) + pad
        self._plot = QRectF(left, top + fm.height() * 2, self.width() - left - pad,
                            self.height() - top - fm.height() * 2 - fm.height() * 2.6)
        self._paint_axes(painter, fm, step, ceiling)
        self._paint_bars(painter, fm, ceiling)

    def _paint_header(self, painter: QPainter, fm: QFontMetrics, pad: float) -> float:
        """Title on the left, legend on the right; returns the y where the plot may start."""
        text = self.palette().color(QPalette.ColorRole.Text)
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text)
        painter.drawText(QPointF(pad, pad + fm.ascent()), self.title)
        painter.setFont(self.font())
        x = self.width() - pad
        box = fm.height() * 0.8
        for series in reversed(self.series):
            x -= fm.horizontalAdvance(series.name)
            painter.setPen(text)
            painter.drawText(QPointF(x, pad + fm.ascent()), series.name)
            x -= box + pad / 2
            self._fill(painter, QRectF(x, pad + (fm.height() - box) / 2, box, box), series)
            x -= pad * 2
        return pad + fm.height()

    def _paint_axes(self, painter: QPainter, fm: QFontMetrics, step: int, ceiling: int) -> None:
        plot, text = self._plot, self.palette().color(QPalette.ColorRole.Text)
        grid = QColor(text)
        grid.setAlpha(40)
        for value in range(0, ceiling + 1, step):
            y = plot.bottom() - plot.height() * value / ceiling
            painter.setPen(QPen(grid if value else text, 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = QRectF(0, y - fm.height() / 2, plot.left() - fm.height() / 4, fm.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        # On its own line over the values that stand above the highest bars (it ran into the first one).
        painter.drawText(QPointF(fm.height() / 2, plot.top() - fm.height() * 2 + fm.ascent()), self.y_label)
        painter.drawText(QRectF(plot.left(), plot.bottom() + fm.height() * 1.3, plot.width(), fm.height()),
                         Qt.AlignmentFlag.AlignRight, self.x_label)

    def _paint_bars(self, painter: QPainter, fm: QFontMetrics, ceiling: int) -> None:
        plot, text = self._plot, self.palette().color(QPalette.ColorRole.Text)
        width = plot.width() / len(self.groups)
        bar = min(width * 0.8 / max(1, len(self.series)), fm.height() * 3.0)  # few groups: no slabs
        every = self._label_every(fm, width)
        for n, group in enumerate(self.groups):
            x0 = plot.left() + n * width + (width - bar * len(self.series)) / 2
            for k, (series, value) in enumerate(zip(self.series, group.values, strict=False)):
                height = plot.height() * value / ceiling
                rect = QRectF(x0 + k * bar, plot.bottom() - height, bar, height)
                if value:
                    self._fill(painter, rect, series)
                number = str(value)
                if value and fm.horizontalAdvance(number) <= bar + fm.height() * 0.2:
                    painter.setPen(text)
                    painter.drawText(QRectF(rect.left() - bar, rect.top() - fm.height(), bar * 3, fm.height()),
                                     Qt.AlignmentFlag.AlignCenter, number)
            if n % every == 0:
                cell = QRectF(plot.left() + n * width, plot.bottom() + fm.height() * 0.2, width * every, fm.height())
                painter.setPen(text)
                shown = fm.elidedText(group.label, Qt.TextElideMode.ElideRight, int(cell.width()))
                align = Qt.AlignmentFlag.AlignLeft if every > 1 else Qt.AlignmentFlag.AlignHCenter
                painter.drawText(cell, align | Qt.AlignmentFlag.AlignTop, shown)

    def _label_every(self, fm: QFontMetrics, width: float) -> int:
        """Show every n-th label so day numbers never overlap (long names are elided instead)."""
        widest = max(fm.horizontalAdvance(g.label) for g in self.groups)
        if widest > fm.horizontalAdvance("00") * 3:
            return 1
        return max(1, math.ceil((widest + fm.height() / 2) / width))

    @staticmethod
    def _fill(painter: QPainter, rect: QRectF, series: Series) -> None:
        painter.fillRect(rect, series.colour)
        if series.pattern != Qt.BrushStyle.SolidPattern:
            painter.fillRect(rect, QBrush(QColor(255, 255, 255, 170), series.pattern))
        painter.setPen(QPen(series.colour.darker(140), 1))
        painter.drawRect(rect)

    # --- hovering --------------------------------------------------------------------------------

    def group_at(self, x: float) -> int | None:
        if not self.groups or not self._plot.width() or not self._plot.left() <= x < self._plot.right():
            return None
        return int((x - self._plot.left()) / (self._plot.width() / len(self.groups)))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            n = self.group_at(event.pos().x())
            if n is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.describe(n), self)
            return True
        return super().event(event)

    def describe(self, n: int) -> str:
        group = self.groups[n]
        lines = [group.title or group.label]
        lines += [f"{s.name}: {v}" for s, v in zip(self.series, group.values, strict=False)]
        return "\n".join(lines)


def show_report(chart: BarChart, report: Report) -> None:
    """A month: received, on time and late per day; a single day: the same per procedure."""

    translate = QCoreApplication.translate  # literal context and text in each call: lupdate extracts them
    series = [Series(translate("ReportChart", "Tiếp nhận"), QColor("#1f6fb5")),
              Series(translate("ReportChart", "Đúng hạn"), QColor("#2e7d32"), Qt.BrushStyle.Dense6Pattern),
              Series(translate("ReportChart", "Trễ hạn"), QColor("#c62828"), Qt.BrushStyle.BDiagPattern)]
    if report.start == report.end:
        groups = [Group(f"{r.key} {r.label}", (r.figures.received, r.figures.on_time, r.figures.late), r.label)
                  for r in report.by_procedure]
        title = translate("ReportChart", "Ngày %1, theo thủ tục").replace("%1", f"{report.start:%d/%m/%Y}")
        x_label = translate("ReportChart", "Thủ tục")
    else:
        groups = [Group(str(d.day.day), (d.received, d.on_time, d.late), f"{d.day:%d/%m/%Y}") for d in report.days]
        title = translate("ReportChart", "Tháng %1, theo ngày").replace("%1", f"{report.start:%m/%Y}")
        x_label = translate("ReportChart", "Ngày trong tháng")
    chart.set_data(series, groups, title=title, x_label=x_label, y_label=translate("ReportChart", "Số hồ sơ"),
                   empty_text=translate("ReportChart", "Không có hồ sơ nào trong kỳ này"))
