"""The supervisor's report page: the month's figures and tables, the chart, and the register export."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QFileDialog

from desk_app.core.scan_pdf import scan_file
from desk_app.demo import seed_demo
from desk_app.ui.report.chart import BarChart, Group, Series, nice_step
from desk_app.ui.report.page import ReportPage
from tests import scan_files
from tests.core.test_report import seed_month
from tests.ui.conftest import press


@pytest.fixture
def codes(supervisor_ctx, clock):
    return seed_month(supervisor_ctx.desk, clock)


@pytest.fixture
def page(qtbot, supervisor_ctx, codes):
    page = ReportPage(supervisor_ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def _table(table) -> dict[str, list[str]]:
    return {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, table.columnCount())]
            for r in range(table.rowCount())}


def test_nothing_is_computed_before_the_page_is_shown(qtbot, supervisor_ctx, codes):
    page = ReportPage(supervisor_ctx)
    qtbot.addWidget(page)
    assert page.report is None


def test_the_month_opens_with_its_figures(page):
    assert page.period() == (date(2026, 3, 1), date(2026, 3, 31))
    shown = {key: label.text() for key, label in page.figure_labels.items()}
    assert shown == {"received": "7", "returned": "3", "on_time": "1", "late": "2", "overdue": "1",
                     "in_progress": "2", "on_time_rate": "33,3 %",  # 1 on time of the 3 resolved
                     "fee_paid_vnd": "0", "unpaid": "0",  # the marital status certificate is free
                     "digitisation_rate": "0,0 %"}  # nothing scanned yet


def test_tables_per_clerk_and_per_procedure(page):
    assert _table(page.clerks) == {"Nguyễn Thị Hoà (canbo1)": ["4", "2", "1", "1", "0", "50,0 %", "0", "0", "0,0 %"],
                                   "canbo2 (canbo2)": ["3", "1", "0", "1", "1", "0,0 %", "0", "0", "0,0 %"]}
    (procedure, figures), = _table(page.procedures).items()
    assert "(1.004873)" in procedure and figures == ["7", "3", "1", "2", "1", "33,3 %", "0", "0", "0,0 %"]


def test_the_digitisation_rate_per_clerk_and_procedure(page, codes, supervisor_ctx):
    """Dossiers with every required paper scanned over dossiers received (issue 12): one of canbo1's four."""
    desk = supervisor_ctx.desk
    desk.scans.attach(codes["late"], "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
                      [scan_file("to-khai.png", scan_files.page())], "canbo1")
    page.refresh()
    assert page.figure_labels["digitisation_rate"].text() == "14,3 %"  # 1 of 7
    assert _table(page.clerks)["Nguyễn Thị Hoà (canbo1)"][-1] == "25,0 %"
    assert _table(page.clerks)["canbo2 (canbo2)"][-1] == "0,0 %"
    assert next(iter(_table(page.procedures).values()))[-1] == "14,3 %"


def test_every_procedure_of_the_period_is_listed_in_full(qtbot, supervisor_ctx):
    """A month of the demo office: each procedure with dossiers has its row, and every row is in view (the
    page scrolls, not the table)."""
    desk = supervisor_ctx.desk
    seed_demo(desk, 60, actor="canbo1,canbo2")
    page = ReportPage(supervisor_ctx)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    page.show_period("month", date(2026, 2, 1))
    for _ in range(3):  # the layout passes: rows sized to their wrapped names, then the table to its rows
        QApplication.processEvents()
    codes = {d.procedure_code for d in desk.dossiers.in_period(date(2026, 2, 1), date(2026, 2, 28))}
    table = page.procedures
    assert len(codes) >= 8 and table.rowCount() == len(codes)
    assert {table.item(r, 0).text().rsplit("(", 1)[1].rstrip(")") for r in range(table.rowCount())} == codes
    view = table.viewport().rect()
    for row in range(table.rowCount()):
        assert view.contains(table.visualRect(table.model().index(row, 0))), f"row {row} hidden in the table"
    bar = page.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())  # and the page scrolls to its last row
    last = table.visualRect(table.model().index(table.rowCount() - 1, 0))
    assert page.scroll_area.viewport().rect().contains(
        table.viewport().mapTo(page.scroll_area.viewport(), last.bottomLeft()))


def test_today_shows_one_day_by_procedure(page):
    page.today_button.click()  # the clock says 20/03: nothing received that day
    assert page.period() == (date(2026, 3, 20), date(2026, 3, 20))
    assert page.figure_labels["received"].text() == "0" and page.clerks.rowCount() == 0
    page.show_period("day", date(2026, 3, 12))
    assert page.figure_labels["received"].text() == "2"
    assert [g.label.split()[0] for g in page.chart.groups] == ["1.004873"]
    page.month_button.click()
    assert page.figure_labels["received"].text() == "7" and len(page.chart.groups) == 31


def test_the_chart_paints_bars(page):
    image = page.chart.grab().toImage()
    assert not image.isNull() and image.width() > 100
    blue = QColor("#1f6fb5").rgb()
    assert any(image.pixel(x, y) == blue for x in range(0, image.width(), 2) for y in range(0, image.height(), 2))
    assert "Tiếp nhận: 2" in page.chart.describe(9)  # 10/03: two received


def test_the_chart_grows_with_the_font(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    small = chart.minimumSizeHint()
    font = chart.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    chart.setFont(font)
    assert chart.minimumSizeHint().height() > small.height()
    chart.set_data([Series("A", QColor("red"))], [Group("1", (3,))], title="T")
    chart.resize(chart.minimumSizeHint())
    assert not chart.grab().toImage().isNull()


def test_nice_steps():
    assert [nice_step(n) for n in (0, 3, 7, 12, 48, 230)] == [1, 1, 2, 5, 10, 50]


def test_export_excel_writes_the_periods_register_and_audits_it(qtbot, page, codes, tmp_path):
    target = tmp_path / "so.xlsx"
    with qtbot.waitSignal(page.exported, timeout=10000):
        assert page.export_register("xlsx", str(target))
        assert page.busy.isVisible() and not page.export_buttons["xlsx"].isEnabled()
    assert not page.busy.isVisible() and page.export_buttons["xlsx"].isEnabled()
    cells = {str(c.value) for row in openpyxl.load_workbook(io.BytesIO(target.read_bytes())).active.iter_rows()
             for c in row if c.value is not None}
    march = {label: code for label, code in codes.items() if label != "feb"}
    assert all(code in cells for code in march.values()) and codes["feb"] not in cells
    (entry,) = page.ctx.desk.audit.entries("register", "export")
    assert entry["actor"] == "giamsat"
    assert entry["details"] == {"form": "register", "format": "xlsx", "from": "2026-03-01", "to": "2026-03-31"}


def test_export_pdf_contains_a_code(qtbot, page, codes, tmp_path):
    target = tmp_path / "so.pdf"
    with qtbot.waitSignal(page.exported, timeout=10000):
        page.export_register("pdf", str(target))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert codes["late"] in text
    assert page.ctx.desk.audit.entries("register", "export")[0]["details"]["format"] == "pdf"


def test_this_months_register_is_dated_the_day_it_is_made(qtbot, page, tmp_path):
    """Made on 20/03 for March, it was dated 31/03: a day still to come."""
    pdf, xlsx = tmp_path / "so.pdf", tmp_path / "so.xlsx"
    for fmt, target in (("pdf", pdf), ("xlsx", xlsx)):
        with qtbot.waitSignal(page.exported, timeout=10000):
            page.export_register(fmt, str(target))
    heading = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "ngày 20 tháng 3 năm 2026" in heading and "ngày 31 tháng 3" not in heading
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in " ".join(heading.split())  # the period stays
    made = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes())).properties.created
    assert made.date() == date(2026, 3, 20)


def test_a_failed_export_is_said_and_not_audited(qtbot, page, tmp_path):
    with qtbot.waitSignal(page.export_failed, timeout=10000):
        page.export_register("xlsx", str(tmp_path / "no-such-folder" / "so.xlsx"))
    assert "Không xuất được" in page.message.text()
    assert page.export_buttons["xlsx"].isEnabled()
    assert page.ctx.desk.audit.entries("register", "export") == []


def test_the_pdf_shortcut_asks_where_and_a_cancel_does_nothing(qtbot, page, tmp_path, monkeypatch):
    answers = iter([("", ""), (str(tmp_path / "so-thang-3.pdf"), "")])
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: asked.append(args[2]) or next(answers)))
    assert page.export_register("pdf") is False  # cancelled in the dialog
    assert "Ctrl+Shift+E" in page.export_buttons["pdf"].toolTip()
    page.activateWindow()
    with qtbot.waitSignal(page.exported, timeout=10000):
        press(page, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked[1].endswith("so-theo-doi-2026-03.pdf")  # the suggested name says the period
    assert (tmp_path / "so-thang-3.pdf").read_bytes().startswith(b"%PDF")
