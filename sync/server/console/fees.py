"""The fees page (issue 11): what each point collected per day, as its desks' collection sheets say (net of
cancelled receipts and refunds), by payment method. A point's supervisor sees their own point only."""

from __future__ import annotations

from datetime import timedelta

from fastapi import Request
from fastapi.responses import Response

from sync.server import payments
from sync.server.clock import hanoi_now
from sync.server.console import board
from sync.server.console.web import ViewerDep, console_router, forbidden, render
from sync.server.deps import DbDep

router = console_router()
PERIODS = (1, 7, 30)


@router.get("/fees")
def fees_page(request: Request, db: DbDep, viewer: ViewerDep) -> Response:
    account = viewer.account
    if not (account.is_admin or account.role == "supervisor"):
        raise forbidden(viewer, "Trang thu phí dành cho quản trị thành phố và lãnh đạo điểm tiếp nhận.")
    raw_days = request.query_params.get("days", "7")
    days = int(raw_days) if raw_days.isascii() and raw_days.isdigit() and int(raw_days) in PERIODS else 7
    wanted = request.query_params.get("unit", "").strip()[:5]
    unit = wanted if account.is_admin else account.unit_code  # a supervisor: their point, whatever is asked
    today = hanoi_now().date()
    start = today - timedelta(days=days - 1)
    with db.read() as conn:
        rows = payments.collections(conn, start.isoformat(), today.isoformat(), unit or None)
        names = {p.code: p.name for p in board.units(conn)}
    totals = {key: sum(r[key] for r in rows) for key in ("receipts", "total_vnd", "cash", "transfer", "cancelled")}
    return render("fees.html", viewer=viewer, rows=rows, totals=totals, names=names, days=days, periods=PERIODS,
                  unit=unit)
