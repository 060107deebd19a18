"""The city administrator's pages: console accounts, the audit log, devices (enrollment codes, revoke)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sync.protocol import enrollment_qr
from sync.server import devices
from sync.server.console import accounts, audit, board
from sync.server.console.web import (
    HEADERS,
    Viewer,
    ViewerDep,
    ago,
    check_csrf,
    console_router,
    forbidden,
    password_mismatch,
    read_form,
    render,
)
from sync.server.db import CityDB
from sync.server.deps import ClientDep, DbDep, SettingsDep

router = console_router()


def _admin(viewer: Viewer) -> None:
    if not viewer.account.is_admin:
        raise forbidden(viewer, "Chỉ quản trị thành phố được mở trang này.")


@router.get("/accounts")
def accounts_page(db: DbDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    return _accounts_view(db, viewer, {}, "", "")


def _accounts_view(db: CityDB, viewer: Viewer, form: dict[str, str], error: str, done: str,
                   status: int = 200) -> Response:
    with db.read() as conn:
        listing = accounts.listing(conn)
        units = board.units(conn)
    return render("accounts.html", status, viewer=viewer, listing=listing, units=units, form=form, error=error,
                  done=done)


@router.post("/accounts")
async def accounts_create(request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/accounts")
    return await run_in_threadpool(_create_account, db, viewer, form, client)


def _create_account(db: CityDB, viewer: Viewer, form: dict[str, str], client: str) -> Response:
    try:
        if mismatch := password_mismatch(form):
            raise accounts.AccountError(mismatch)
        with db.write() as conn:
            made = accounts.create(conn, form.get("username", ""), form.get("full_name", ""), form.get("role", ""),
                                   form.get("password", ""), form.get("unit_code", ""), form.get("authority", ""))
            audit.append(conn, viewer.account.username, "account_created", made.username,
                         {"role": made.role, "unit_code": made.unit_code, "authority": made.authority}, client)
    except accounts.AccountError as exc:
        return _accounts_view(db, viewer, form, str(exc), "", 400)
    return _accounts_view(db, viewer, {}, "", f"Đã tạo tài khoản «{made.username}» ({made.role_label}).")


@router.post("/accounts/{username}/active")
async def accounts_active(username: str, request: Request, db: DbDep, viewer: ViewerDep,
                          client: ClientDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/accounts/active")
    return await run_in_threadpool(_set_active, db, viewer, username[:80], form.get("active") == "1", client)


def _set_active(db: CityDB, viewer: Viewer, username: str, active: bool, client: str) -> Response:
    if username == viewer.account.username and not active:
        return _accounts_view(db, viewer, {}, "Không thể tự khóa tài khoản mình đang dùng.", "", 400)
    with db.write() as conn:
        found = accounts.set_active(conn, username, active)
        if found:
            audit.append(conn, viewer.account.username, "account_enabled" if active else "account_disabled",
                         username, client=client)
    if not found:
        return _accounts_view(db, viewer, {}, f"Không có tài khoản «{username}».", "", 404)
    return _accounts_view(db, viewer, {}, "", f"Đã {'mở khóa' if active else 'khóa'} tài khoản «{username}».")


@router.get("/audit")
def audit_page(db: DbDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    with db.read() as conn:
        count, problems = audit.verify(conn)
        entries = audit.recent(conn)
    return render("audit.html", viewer=viewer, count=count, problems=problems, entries=entries)


# --- devices (city administrator) --------------------------------------------------------------------

@router.get("/devices")
def devices_page(request: Request, db: DbDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    unit = request.query_params.get("unit", "").strip()[:5]
    return _devices_view(db, viewer, unit, {}, "", None)


def _devices_view(db: CityDB, viewer: Viewer, unit: str, form: dict[str, str], error: str,
                  created: tuple[str, str, str] | None, status: int = 200, qr: str = "") -> Response:
    now = datetime.now(UTC)
    with db.read() as conn:
        listing = board.device_listing(conn, unit or None)
        units = board.units(conn)
    return render("devices.html", status, viewer=viewer, listing=listing, units=units, unit=unit, form=form,
                  error=error, created=created, ago=lambda m: ago(m, now), city_unit=devices.CITY_UNIT, qr=qr)


@router.post("/devices")
async def devices_create(request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep,
                         settings: SettingsDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/devices")
    return await run_in_threadpool(_create_device, db, viewer, form, client, settings.public_url)


def enrollment_svg(server_url: str, code: str) -> str:
    """The QR of a new enrollment code (with the server's address) as an SVG data URI: shown once, in the
    page that shows the code, for a scanner to type into the desk's settings (sync.protocol.enrollment_qr)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(enrollment_qr(server_url, code), image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def _create_device(db: CityDB, viewer: Viewer, form: dict[str, str], client: str, public_url: str) -> Response:
    unit, label = form.get("unit_code", "").strip(), form.get("label", "").strip()
    with db.write() as conn:
        known = unit == devices.CITY_UNIT or bool(board.units(conn, only=unit))
        if not known or len(label) > 200:
            error = (f"Không có điểm tiếp nhận mã «{unit[:20]}» trong danh mục đã công bố." if not known
                     else "Tên máy dài quá 200 ký tự.")
            created = None
        else:
            error = ""
            device_id, code = devices.create(conn, unit, label)
            audit.append(conn, viewer.account.username, "device_created", device_id,
                         {"unit_code": unit, "label": label}, client)
            created = (device_id, code, unit)
    if error:
        return _devices_view(db, viewer, "", form, error, None, 400)
    assert created is not None
    return _devices_view(db, viewer, "", {}, "", created, qr=enrollment_svg(public_url, created[1]))


@router.post("/devices/{device_id}/revoke")
async def devices_revoke(device_id: str, request: Request, db: DbDep, viewer: ViewerDep,
                         client: ClientDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/devices/revoke")
    return await run_in_threadpool(_revoke_device, db, viewer, device_id[:40], client)


def _revoke_device(db: CityDB, viewer: Viewer, device_id: str, client: str) -> Response:
    with db.write() as conn:
        done = devices.revoke(conn, device_id)
        if done:
            audit.append(conn, viewer.account.username, "device_revoked", device_id, client=client)
    if not done:
        return _devices_view(db, viewer, "", {}, f"Không có máy đang dùng mã «{device_id}».", None, 404)
    return RedirectResponse("/console/devices", 303, headers=HEADERS)
