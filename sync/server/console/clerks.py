"""Accounts of the points' clerks and supervisors, kept at the centre and delivered to the desks by sync
(sync/server/desk_accounts.py): created, reset and disabled here by the city administrator, or by a
point's supervisor for their own point. A new or reset account gets a temporary password shown once;
the desk makes the clerk replace it at the first log-in."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sync.server import desk_accounts
from sync.server.console import accounts, audit, board
from sync.server.console.i18n import _
from sync.server.console.web import Viewer, ViewerDep, check_csrf, console_router, forbidden, read_form, render
from sync.server.db import CityDB
from sync.server.deps import ClientDep, DbDep

router = console_router()


def _scope(viewer: Viewer, wanted: str) -> str | None:
    """The point whose accounts the viewer may see and change (None: every point, the administrator's)."""
    account = viewer.account
    if account.is_admin:
        return wanted or None
    if account.role == accounts.SUPERVISOR:
        return account.unit_code
    raise forbidden(viewer, "Tài khoản cán bộ các điểm dành cho quản trị thành phố và lãnh đạo bộ phận một cửa.")


@router.get("/clerks")
def clerks_page(request: Request, db: DbDep, viewer: ViewerDep) -> Response:
    unit = _scope(viewer, request.query_params.get("unit", "").strip()[:5])
    return _view(db, viewer, unit, {}, "", None)


def _view(db: CityDB, viewer: Viewer, unit: str | None, form: dict[str, str], error: str,
          shown: tuple[str, str, str] | None, status: int = 200) -> Response:
    """`shown`: (what happened, user name, temporary password) to show once."""
    with db.read() as conn:
        listing = desk_accounts.listing(conn, unit)
        units = board.units(conn, None if viewer.account.is_admin else viewer.account.unit_code)
    names = {u.code: u.name for u in units}
    return render("clerks.html", status, viewer=viewer, listing=listing, units=units, names=names, unit=unit or "",
                  form=form, error=error, shown=shown, roles=desk_accounts.ROLES)


@router.post("/clerks")
async def clerks_create(request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/clerks")
    return await run_in_threadpool(_create, db, viewer, form, client)


def _create(db: CityDB, viewer: Viewer, form: dict[str, str], client: str) -> Response:
    unit = form.get("unit_code", "").strip()[:5]
    scope = _scope(viewer, unit)
    if scope is not None and unit != scope:
        raise forbidden(viewer, "Chỉ được tạo tài khoản cho điểm tiếp nhận của mình.")
    password = desk_accounts.temporary_password()
    try:
        with db.write() as conn:
            made = desk_accounts.create(conn, form.get("username", ""), form.get("full_name", ""), unit,
                                        form.get("role", ""), password)
            audit.append(conn, viewer.account.username, "clerk_created", made.username,
                         {"role": made.role, "unit_code": made.unit_code}, client)
    except desk_accounts.DeskAccountError as exc:
        return _view(db, viewer, scope, form, str(exc), None, 400)
    return _view(db, viewer, scope, {}, "", (_("Đã tạo tài khoản"), made.username, password))


@router.post("/clerks/{username}/reset")
async def clerks_reset(username: str, request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/clerks/reset")
    return await run_in_threadpool(_change, db, viewer, username[:40], "reset", client)


@router.post("/clerks/{username}/active")
async def clerks_active(username: str, request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/clerks/active")
    return await run_in_threadpool(_change, db, viewer, username[:40], "enable" if form.get("active") == "1"
                                   else "disable", client)


def _change(db: CityDB, viewer: Viewer, username: str, what: str, client: str) -> Response:
    scope = _scope(viewer, "")
    password = desk_accounts.temporary_password() if what == "reset" else ""
    with db.write() as conn:
        found = desk_accounts.find(conn, username)
        if found is None or (scope is not None and found.unit_code != scope):
            found = None
        elif what == "reset":
            desk_accounts.reset(conn, username, password)
        else:
            desk_accounts.set_active(conn, username, what == "enable")
        if found is not None:
            audit.append(conn, viewer.account.username, f"clerk_{what}", username, {"unit_code": found.unit_code},
                         client)
    if found is None:
        return _view(db, viewer, scope, {}, _("Không có tài khoản «{name}» của điểm bạn quản lý.", name=username),
                     None, 404)
    if what == "reset":
        return _view(db, viewer, scope, {}, "", (_("Đã cấp lại mật khẩu tạm cho"), username, password))
    done = _("Đã mở khóa") if what == "enable" else _("Đã khóa")
    return _view(db, viewer, scope, {}, "", (done, username, ""))
