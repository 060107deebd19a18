"""The reports page (figures of a month, quarter or year by point, field and procedure, with charts) and its
XLSX export. A city administrator sees every point or picks one; a point supervisor only their own point
(asking for another is refused with 403 and written to the audit log)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sync.server.console import accounts, audit, board, reports, svg
from sync.server.console.i18n import LANG, _
from sync.server.console.web import HEADERS, Viewer, ViewerDep, console_router, forbidden, render
from sync.server.deps import ClientDep, DbDep

router = console_router()

COLOURS = {"on_time": "#1b7837", "late": "#b2182b", "in_progress": "#2166ac", "overdue": "#f4a000",
           "closed": "#8c8c8c", "received": "#2166ac", "resolved": "#1b7837"}

# (key, Vietnamese column title): the columns of every table and of the XLSX, in the order of Biểu số 06.
COLUMNS = (
    ("carried", "Kỳ trước chuyển qua"), ("new", "Mới tiếp nhận"), ("received", "Tổng số nhận giải quyết"),
    ("early", "Giải quyết trước hạn"), ("on_time", "Giải quyết đúng hạn"), ("late", "Giải quyết quá hạn"),
    ("refused", "Từ chối"), ("withdrawn", "Rút, dừng giải quyết"), ("in_progress", "Đang giải quyết trong hạn"),
    ("overdue", "Đang giải quyết quá hạn"), ("on_time_rate", "Tỷ lệ đúng hạn"),
)


def _scope(viewer: Viewer, request: Request, db: DbDep, client: str) -> str | None:
    """The point the report covers (None: all), as the viewer may see it."""
    account = viewer.account
    if not (account.is_admin or account.role == accounts.SUPERVISOR):
        raise forbidden(viewer, "Báo cáo dành cho quản trị thành phố và lãnh đạo bộ phận một cửa.")
    asked = request.query_params.get("point", "").strip()[:20]
    if account.is_admin:
        return asked or None
    if asked and asked != account.unit_code:
        with db.write() as conn:
            audit.append(conn, account.username, "denied", f"report {asked}", client=client)
        raise forbidden(viewer, "Tài khoản của bạn chỉ được xem điểm tiếp nhận của mình.")
    return account.unit_code


def _period(request: Request, today_local: datetime) -> tuple[reports.Period, str]:
    raw = request.query_params.get("period", "")
    if not raw:
        return reports.previous_month(today_local.date()), ""
    try:
        return reports.parse_period(raw), ""
    except reports.PeriodError as exc:
        shown = reports.previous_month(today_local.date())
        return shown, _(exc.message, **exc.values) + " " + _("Đang hiện tháng trước.")


def _build(request: Request, db: DbDep, viewer: Viewer, client: str) -> tuple[reports.Report, str, str | None]:
    unit = _scope(viewer, request, db, client)
    now_local = board.local_now(datetime.now(UTC))
    period, error = _period(request, now_local)
    with db.read() as conn:
        report = reports.build(conn, period, now_local, unit)
    return report, error, unit


@router.get("/reports")
def report_page(request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    report, error, unit = _build(request, db, viewer, client)
    with db.read() as conn:
        points = board.units(conn) if viewer.account.is_admin else []
    lang = LANG.get()
    charts = _charts(report, lang)
    export = f"/console/reports.xlsx?period={report.period.value}" + (f"&point={unit}" if unit else "")
    today = board.local_now(datetime.now(UTC)).date()
    return render("reports.html", viewer=viewer, report=report, error=error, unit=unit, points=points,
                  choices=reports.choices(today), charts=charts, columns=COLUMNS, export=export,
                  cell=_cell, period_label=report.period.label(lang))


def _cell(figures: reports.Figures, key: str) -> str:
    if key == "on_time_rate":
        rate = figures.on_time_rate
        if rate is None:
            return "–"
        shown = f"{rate * 100:.1f} %"
        return shown.replace(".", ",") if LANG.get() == "vi" else shown  # 84,9 % in Vietnamese
    return str(getattr(figures, key))


def _charts(report: reports.Report, lang: str) -> list[tuple[str, object]]:
    series = [svg.Series(_("Đúng hạn, trước hạn"), COLOURS["on_time"]),
              svg.Series(_("Giải quyết quá hạn"), COLOURS["late"]),
              svg.Series(_("Đang trong hạn"), COLOURS["in_progress"]),
              svg.Series(_("Đang quá hạn"), COLOURS["overdue"]), svg.Series(_("Từ chối, rút"), COLOURS["closed"])]

    def parts(f: reports.Figures) -> list[int]:
        return [f.early + f.on_time, f.late, f.in_progress, f.overdue, f.refused + f.withdrawn]

    if not report.by_field:  # nothing in the period: the tables say so, an empty chart would not
        return []
    fields = [(row.label, parts(row.figures)) for row in report.by_field[:15]]
    title = _("Hồ sơ theo lĩnh vực: đã giải quyết, đang giải quyết")
    charts: list[tuple[str, object]] = [(title, svg.stacked_bars(
        "chart-fields", title, fields, series,
        _("Mỗi thanh là một lĩnh vực; số liệu đầy đủ ở bảng theo lĩnh vực bên dưới.")))]
    if len(report.by_point) > 1:
        worst = sorted(report.by_point, key=lambda r: (-(r.figures.overdue + r.figures.late), r.key))[:15]
        title = _("15 điểm có nhiều hồ sơ quá hạn nhất")
        charts.append((title, svg.stacked_bars(
            "chart-points", title, [(row.label, parts(row.figures)) for row in worst if row.figures.received],
            series, _("Mỗi thanh là một điểm tiếp nhận; số liệu đầy đủ ở bảng theo điểm bên dưới."))))
    if len(report.months) > 1:
        month_series = [svg.Series(_("Tiếp nhận mới"), COLOURS["received"]),
                        svg.Series(_("Đã giải quyết"), COLOURS["resolved"]),
                        svg.Series(_("Quá hạn cuối tháng"), COLOURS["overdue"])]
        title = _("Theo tháng trong kỳ")
        charts.append((title, svg.grouped_columns(
            "chart-months", title, [_month_label(p.month) for p in report.months],
            [[p.received, p.resolved, p.overdue] for p in report.months], month_series,
            _("Mỗi nhóm cột là một tháng: hồ sơ mới tiếp nhận, đã giải quyết và đang quá hạn cuối tháng."))))
    return charts


def _month_label(month: str) -> str:
    return f"{month[5:]}/{month[:4]}"


@router.get("/reports.xlsx")
def report_xlsx(request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    report, _error, unit = _build(request, db, viewer, client)
    body = workbook(report, LANG.get())
    name = f"bao-cao-{report.period.value}{'-' + unit if unit else ''}.xlsx"
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={**HEADERS, "Content-Disposition": f'attachment; filename="{name}"'})


def workbook(report: reports.Report, lang: str) -> bytes:
    """One sheet per breakdown (point, field, procedure), each with the period, the moment the open
    dossiers are counted at, the column titles and a total row; numbers as numbers, the rate as a percent."""
    book = Workbook()
    sheets = [(_("Theo điểm"), _("Điểm tiếp nhận"), report.by_point),
              (_("Theo lĩnh vực"), _("Lĩnh vực"), report.by_field),
              (_("Theo thủ tục"), _("Thủ tục"), report.by_procedure)]
    for index, (title, first, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title[:31]
        sheet.append([_("Tình hình, kết quả giải quyết thủ tục hành chính") + " · " + report.period.label(lang)])
        sheet.append([_("Số hồ sơ đang giải quyết tính đến") + " " + report.as_of.strftime("%H:%M %d/%m/%Y")])
        sheet.append([_("Mã"), first, *[_(label) for _key, label in COLUMNS]])
        for row in rows:
            sheet.append([row.key, row.label, *[_value(row.figures, key) for key, _label in COLUMNS]])
        sheet.append(["", _("Tổng cộng"), *[_value(report.totals, key) for key, _label in COLUMNS]])
        sheet["A1"].font = Font(bold=True, size=13)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        rate_column = get_column_letter(2 + len(COLUMNS))
        for cell in sheet[rate_column][3:]:
            cell.number_format = "0.0%"
        sheet.column_dimensions["B"].width = 48
        for n in range(3, 3 + len(COLUMNS)):
            sheet.column_dimensions[get_column_letter(n)].width = 13
        sheet.freeze_panes = "C4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(figures: reports.Figures, key: str) -> int | float | None:
    if key == "on_time_rate":
        return figures.on_time_rate
    return int(getattr(figures, key))
