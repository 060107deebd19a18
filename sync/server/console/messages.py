"""The messages page: what was sent to applicants, per point and day, with failures and the cost estimate."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from sync.server.clock import hanoi_now
from sync.server.console import board
from sync.server.console.web import ViewerDep, console_router, forbidden, render
from sync.server.deps import DbDep, SettingsDep
from sync.server.notify import report

router = console_router()
PERIODS = (1, 7, 30)


@router.get("/messages")
def messages_page(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep) -> Response:
    account = viewer.account
    if not (account.is_admin or account.role == "supervisor"):
        raise forbidden(viewer, "Trang này dành cho quản trị thành phố và lãnh đạo điểm tiếp nhận.")
    days = _days(request.query_params.get("days", "7"))
    unit = None if account.is_admin else account.unit_code  # a supervisor sees their own point only
    now = hanoi_now()
    with db.read() as conn:
        found = report.report(conn, report.since_days(now, days), unit, settings.notify_sms_cost_vnd,
                              settings.notify_zalo_cost_vnd)
        names = {p.code: p.name for p in board.units(conn)}
    return render("messages.html", viewer=viewer, report=found, totals=found.totals, names=names, days=days,
                  periods=PERIODS, gateway=settings.notify_gateway, priced=bool(settings.notify_sms_cost_vnd
                                                                             or settings.notify_zalo_cost_vnd))


def _days(raw: str) -> int:
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) in PERIODS else 7
