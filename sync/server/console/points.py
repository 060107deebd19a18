"""The dashboard of all points and one point's page (its desks, its dossiers a page at a time)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from sync.server.console import accounts, audit, board, report_pages, reports, svg
from sync.server.console.i18n import LANG, _
from sync.server.console.web import (
    Stop,
    ViewerDep,
    ago,
    console_router,
    forbidden,
    render,
)
from sync.server.deps import ClientDep, DbDep

PER_PAGE = 50

router = console_router()


def _filters(request: Request) -> tuple[board.Filters, str]:
    """The dashboard's query parameters, and a Vietnamese message for any that was ignored."""
    params, error = request.query_params, ""
    kind = params.get("kind", "")
    if kind not in ("", "phuong", "xa"):
        kind, error = "", _("Loại đơn vị chỉ là «phường» hoặc «xã»; đã bỏ qua bộ lọc này.")
    stale: int | None = None
    raw = params.get("stale", "").strip()
    if raw:
        if raw.isascii() and raw.isdigit() and len(raw) <= 4 and 0 < int(raw) <= 24 * 366:
            stale = int(raw)
        else:
            error = _("«{value}» không phải số giờ hợp lệ (1–8784); đã bỏ qua bộ lọc này.", value=raw[:20])
    sort = params.get("sort", "code")
    sort = sort if sort in board.SORTS else "code"
    return board.Filters(kind, stale, params.get("q", "").strip()[:100], sort, params.get("dir") == "desc"), error


def _link(filters: board.Filters, **changes: Any) -> str:
    values = {"kind": filters.kind, "stale": filters.stale_hours or "", "q": filters.query, "sort": filters.sort,
              "dir": "desc" if filters.descending else "asc", **changes}
    return "/console/dashboard?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})


@router.get("/dashboard")
def dashboard(request: Request, db: DbDep, viewer: ViewerDep) -> Response:
    account = viewer.account
    if not (account.is_admin or account.role == accounts.SUPERVISOR):
        raise forbidden(viewer, "Bảng theo dõi các điểm dành cho quản trị thành phố và lãnh đạo bộ phận một cửa.")
    filters, error = _filters(request)
    now = datetime.now(UTC)
    with db.read() as conn:
        rows = board.points(conn, now, only=None if account.is_admin else account.unit_code)
    shown = board.select_points(rows, filters, now)

    def sort_link(column: str) -> str:
        descending = column == filters.sort and not filters.descending
        return _link(filters, sort=column, dir="desc" if descending else "asc")

    return render("dashboard.html", viewer=viewer, rows=shown, total=len(rows), filters=filters, error=error,
                  now=now, ago=lambda m: ago(m, now), sort_link=sort_link, stale_hours=board.STALE_HOURS,
                  stale=[r for r in rows if r.is_stale(now)])


@router.get("/points/{code}")
def point(code: str, request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    if not viewer.account.may_see_point(code):
        with db.write() as conn:
            audit.append(conn, viewer.account.username, "denied", f"point {code[:20]}", client=client)
        raise forbidden(viewer, "Tài khoản của bạn chỉ được xem điểm tiếp nhận của mình.")
    raw = request.query_params.get("page", "1")
    page_no = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 and int(raw) > 0 else 1
    now = datetime.now(UTC)
    with db.read() as conn:
        page = board.point_page(conn, code, now, page_no, PER_PAGE)
        months = reports.monthly(conn, reports.trailing_months(board.local_now(now)), board.local_now(now), code)
    if page is None:
        raise Stop(render("error.html", 404, viewer=viewer, title=_("Không tìm thấy"),
                          message=_("Không có điểm tiếp nhận mã «{code}» trong danh mục đã công bố.", code=code[:20])))
    pages = max(1, -(-page.total // PER_PAGE))
    return render("point.html", viewer=viewer, page=page, page_no=page_no, pages=pages, now=now,
                  ago=lambda m: ago(m, now), stale=page.point.is_stale(now), stale_hours=board.STALE_HOURS,
                  status_label=lambda status: board.status_label(status, LANG.get()), months=months,
                  chart=_chart(months))


def _chart(months: list[reports.MonthPoint]) -> object:
    """Received, resolved and overdue at each month's end over the last twelve months."""
    colours = report_pages.COLOURS
    series = [svg.Series(_("Tiếp nhận mới"), colours["received"]), svg.Series(_("Đã giải quyết"), colours["resolved"]),
              svg.Series(_("Quá hạn cuối tháng"), colours["overdue"])]
    return svg.grouped_columns(
        "chart-point", _("12 tháng gần nhất"), [f"{p.month[5:]}/{p.month[2:4]}" for p in months],
        [[p.received, p.resolved, p.overdue] for p in months], series,
        _("Mỗi nhóm cột là một tháng: hồ sơ mới tiếp nhận, đã giải quyết và đang quá hạn cuối tháng "
          "(tháng này: tính đến bây giờ)."), height=220)
