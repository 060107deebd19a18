"""The console's pages: server-rendered HTML (Jinja2), plain forms that work without JavaScript.

Every form carries a CSRF token: the session's for a logged-in user, a cookie-bound one (double
submit) for the log-in and first-administrator forms; a POST without it, or with another, changes
nothing and gets 403. Cookies are HttpOnly and SameSite=Strict, scoped to /console.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from sync.server import devices
from sync.server.clock import now_ms
from sync.server.console import accounts, audit, board
from sync.server.console.accounts import Account
from sync.server.db import CityDB
from sync.server.deps import ClientDep, DbDep, SettingsDep
from sync.server.settings import ServerSettings

log = logging.getLogger("city_server.console")
HERE = Path(__file__).resolve().parent
COOKIE, FORM_COOKIE = "motcua_console", "motcua_console_form"
PER_PAGE = 50
MAX_FORM_BYTES = 64 * 1024
_STATIC = {"console.css": "text/css"}
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class Stop(Exception):
    """Answer this instead (a redirect to the log-in page, a 403 page) from anywhere in a handler."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


class _ConsoleRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except Stop as stop:
                return stop.response
        return run


router = APIRouter(prefix="/console", route_class=_ConsoleRoute, include_in_schema=False)


# --- rendering --------------------------------------------------------------------------------------

def _ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return "chưa lần nào"
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 1:
        return "vừa xong"
    if minutes < 60:
        return f"{minutes} phút trước"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} giờ trước"
    return f"{hours // 24} ngày {hours % 24} giờ trước"


def _hanoi(moment: datetime | str | None) -> str:
    """'HH:MM dd/mm/yyyy' in Hanoi time; naive desk stamps are already Hanoi time."""
    if not moment:
        return ""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if value.tzinfo is not None:
        value = value.astimezone(board.HANOI)
    return value.strftime("%H:%M %d/%m/%Y")


_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["hanoi"] = _hanoi
_env.globals["role_labels"] = accounts.ROLE_LABELS


def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=_HEADERS)


def forbidden(viewer: Viewer | None, message: str) -> Stop:
    return Stop(render("error.html", 403, viewer=viewer, title="Không được phép", message=message))


# --- who is asking ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Viewer:
    account: Account
    csrf: str
    session_id: str


def _idle_ms(settings: ServerSettings) -> int:
    return settings.console_idle_minutes * 60_000


def current_viewer(request: Request, db: DbDep, settings: SettingsDep) -> Viewer:
    """The logged-in account (its session touched), or a redirect to the log-in page."""
    session_id = request.cookies.get(COOKIE, "")
    session = None
    if session_id:
        with db.write() as conn:
            session = accounts.resume(conn, session_id, now_ms(), _idle_ms(settings))
    if session is None:
        raise Stop(RedirectResponse("/console/login", 303, headers=_HEADERS))
    return Viewer(session.account, session.csrf, session_id)


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form body (the console's forms post nothing else); the first value of each field."""
    body = await request.body()
    too_big = Stop(render("error.html", 413, viewer=None, title="Biểu mẫu quá lớn",
                          message="Nội dung gửi lên quá lớn hoặc quá nhiều ô; không có gì được thay đổi."))
    if len(body) > MAX_FORM_BYTES:
        raise too_big
    try:
        parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=50)
    except ValueError:  # more fields than any console form has
        raise too_big from None
    return {key: values[0] for key, values in parsed.items()}


def check_csrf(form: dict[str, str], expected: str, viewer: Viewer | None, path: str) -> None:
    sent = form.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        log.warning("console form without a valid CSRF token on %s", path)
        raise forbidden(viewer, "Biểu mẫu không hợp lệ hoặc đã hết hạn (thiếu mã chống giả mạo). "
                                "Không có gì được thay đổi; hãy mở lại trang và gửi lại.")


def _cookie(response: Response, name: str, value: str, settings: ServerSettings) -> None:
    response.set_cookie(name, value, path="/console", httponly=True, samesite="strict",
                        secure=settings.console_secure_cookies)


def _form_token(request: Request) -> tuple[str, bool]:
    """The pre-log-in CSRF token bound to this browser's cookie (new when it has none)."""
    token = request.cookies.get(FORM_COOKIE, "")
    return (token, False) if token else (secrets.token_urlsafe(32), True)


def _with_form_cookie(response: Response, token: str, new: bool, settings: ServerSettings) -> Response:
    if new:
        _cookie(response, FORM_COOKIE, token, settings)
    return response


# --- entry, first administrator, log-in, log-out ------------------------------------------------------

@router.get("")
@router.get("/")
def home(request: Request, db: DbDep) -> Response:
    with db.read() as conn:
        empty = not accounts.any_account(conn)
    target = "/console/setup" if empty else "/console/dashboard"
    return RedirectResponse(target, 303, headers=_HEADERS)


@router.get("/setup")
def setup_page(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    with db.read() as conn:
        if accounts.any_account(conn):
            return RedirectResponse("/console/login", 303, headers=_HEADERS)
    token, new = _form_token(request)
    page = render("setup.html", open=db.is_sqlite, csrf=token, form={}, error="", viewer=None)
    return _with_form_cookie(page, token, new, settings)


@router.post("/setup")
async def setup_submit(request: Request, db: DbDep, settings: SettingsDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, request.cookies.get(FORM_COOKIE, ""), None, "/console/setup")
    if not db.is_sqlite:
        raise forbidden(None, "Trên PostgreSQL, tài khoản quản trị đầu tiên được tạo bằng lệnh "
                              "city-server console-account create.")
    return await run_in_threadpool(_create_first_admin, db, settings, form, client)


def _create_first_admin(db: CityDB, settings: ServerSettings, form: dict[str, str], client: str) -> Response:
    error = _password_mismatch(form)
    try:
        with db.write() as conn:  # BEGIN IMMEDIATE: two first visits cannot both become the administrator
            if accounts.any_account(conn):
                return RedirectResponse("/console/login", 303, headers=_HEADERS)
            if error:
                raise accounts.AccountError(error)
            account = accounts.create(conn, form.get("username", ""), form.get("full_name", ""),
                                      accounts.CITY_ADMIN, form.get("password", ""))
            audit.append(conn, account.username, "first_admin_created", account.username, client=client)
            session_id, _csrf = accounts.open_session(conn, account.username, now_ms(), _idle_ms(settings))
    except accounts.AccountError as exc:
        return render("setup.html", 400, open=True, csrf=form.get("csrf", ""), form=form, error=str(exc),
                      viewer=None)
    return _logged_in(session_id, settings)


def _password_mismatch(form: dict[str, str]) -> str:
    if form.get("password", "") != form.get("password2", ""):
        return "Hai lần nhập mật khẩu không khớp."
    return ""


def _logged_in(session_id: str, settings: ServerSettings) -> Response:
    response = RedirectResponse("/console/dashboard", 303, headers=_HEADERS)
    _cookie(response, COOKIE, session_id, settings)
    response.delete_cookie(FORM_COOKIE, path="/console", httponly=True, samesite="strict")
    return response


@router.get("/login")
def login_page(request: Request, settings: SettingsDep) -> Response:
    token, new = _form_token(request)
    return _with_form_cookie(render("login.html", csrf=token, username="", error="", viewer=None), token, new,
                             settings)


_REFUSALS = {
    "bad": "Tên đăng nhập hoặc mật khẩu không đúng.",
    "disabled": "Tài khoản này đã bị khóa bởi quản trị thành phố.",
}


@router.post("/login")
async def login_submit(request: Request, db: DbDep, settings: SettingsDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, request.cookies.get(FORM_COOKIE, ""), None, "/console/login")
    return await run_in_threadpool(_login, db, settings, form, client)


def _login(db: CityDB, settings: ServerSettings, form: dict[str, str], client: str) -> Response:
    username = form.get("username", "").strip()[:80]
    with db.write() as conn:  # commits a refusal too: the failure count and its audit entry must stick
        result = accounts.authenticate(conn, username, form.get("password", ""), settings.console_lockout_failures,
                                       settings.console_lockout_minutes)
        if result.account is None:
            audit.append(conn, username or "?", "login_refused", username, {"reason": result.refusal},
                         client=client)
        else:
            audit.append(conn, username, "login", username, client=client)
            session_id, _csrf = accounts.open_session(conn, username, now_ms(), _idle_ms(settings))
    if result.account is None:
        message = _REFUSALS.get(result.refusal, "")
        if result.refusal == "locked":
            message = ("Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần; thử lại sau "
                       f"{_hanoi(result.locked_until)}.")
        return render("login.html", 401, csrf=form.get("csrf", ""), username=username, error=message, viewer=None)
    return _logged_in(session_id, settings)


@router.post("/logout")
async def logout(request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/logout")
    await run_in_threadpool(_logout, db, viewer, client)
    response = RedirectResponse("/console/login", 303, headers=_HEADERS)
    response.delete_cookie(COOKIE, path="/console", httponly=True, samesite="strict")
    return response


def _logout(db: CityDB, viewer: Viewer, client: str) -> None:
    with db.write() as conn:
        accounts.close_session(conn, viewer.session_id)
        audit.append(conn, viewer.account.username, "logout", viewer.account.username, client=client)


# --- dashboard and points -----------------------------------------------------------------------------

def _filters(request: Request) -> tuple[board.Filters, str]:
    """The dashboard's query parameters, and a Vietnamese message for any that was ignored."""
    params, error = request.query_params, ""
    kind = params.get("kind", "")
    if kind not in ("", "phuong", "xa"):
        kind, error = "", "Loại đơn vị chỉ là «phường» hoặc «xã»; đã bỏ qua bộ lọc này."
    stale: int | None = None
    raw = params.get("stale", "").strip()
    if raw:
        if raw.isascii() and raw.isdigit() and 0 < int(raw) <= 24 * 366:
            stale = int(raw)
        else:
            error = f"«{raw[:20]}» không phải số giờ hợp lệ (1–8784); đã bỏ qua bộ lọc này."
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
                  now=now, ago=lambda m: _ago(m, now), sort_link=sort_link, stale_hours=board.STALE_HOURS,
                  stale=[r for r in rows if r.is_stale(now)])


@router.get("/points/{code}")
def point(code: str, request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    if not viewer.account.may_see_point(code):
        with db.write() as conn:
            audit.append(conn, viewer.account.username, "denied", f"point {code[:20]}", client=client)
        raise forbidden(viewer, "Tài khoản của bạn chỉ được xem điểm tiếp nhận của mình.")
    raw = request.query_params.get("page", "1")
    page_no = int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) < 10**6 else 1
    now = datetime.now(UTC)
    with db.read() as conn:
        page = board.point_page(conn, code, now, page_no, PER_PAGE)
    if page is None:
        raise Stop(render("error.html", 404, viewer=viewer, title="Không tìm thấy",
                          message=f"Không có điểm tiếp nhận mã «{code[:20]}» trong danh mục đã công bố."))
    pages = max(1, -(-page.total // PER_PAGE))
    return render("point.html", viewer=viewer, page=page, page_no=page_no, pages=pages, now=now,
                  ago=lambda m: _ago(m, now), stale=page.point.is_stale(now), stale_hours=board.STALE_HOURS,
                  status_label=board.status_label)


# --- console accounts and the audit log (city administrator) ------------------------------------------

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
        units = board.points(conn, datetime.now(UTC))
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
        if mismatch := _password_mismatch(form):
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
                  created: tuple[str, str, str] | None, status: int = 200) -> Response:
    now = datetime.now(UTC)
    with db.read() as conn:
        listing = board.device_listing(conn, unit or None)
        units = board.points(conn, now)
    return render("devices.html", status, viewer=viewer, listing=listing, units=units, unit=unit, form=form,
                  error=error, created=created, ago=lambda m: _ago(m, now), city_unit=devices.CITY_UNIT)


@router.post("/devices")
async def devices_create(request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/devices")
    return await run_in_threadpool(_create_device, db, viewer, form, client)


def _create_device(db: CityDB, viewer: Viewer, form: dict[str, str], client: str) -> Response:
    unit, label = form.get("unit_code", "").strip(), form.get("label", "").strip()
    with db.write() as conn:
        known = unit == devices.CITY_UNIT or bool(board.points(conn, datetime.now(UTC), only=unit))
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
    return _devices_view(db, viewer, "", {}, "", created)


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
    return RedirectResponse("/console/devices", 303, headers=_HEADERS)


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in _STATIC:
        return Response(status_code=404)
    return FileResponse(HERE / "static" / name, media_type=_STATIC[name],
                        headers={"Cache-Control": "public, max-age=3600"})
