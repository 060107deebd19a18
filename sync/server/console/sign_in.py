"""Entering the console: the first administrator of a SQLite trial, log-in (argon2, lock-out), log-out."""

from __future__ import annotations

import logging

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from sync.server.clock import now_ms
from sync.server.console import accounts, audit, throttle
from sync.server.console.i18n import _
from sync.server.console.web import (
    COOKIE,
    FORM_COOKIE,
    HEADERS,
    Viewer,
    ViewerDep,
    check_csrf,
    console_router,
    forbidden,
    form_token,
    hanoi,
    idle_ms,
    password_mismatch,
    read_form,
    render,
    set_cookie,
    with_form_cookie,
)
from sync.server.db import CityDB
from sync.server.deps import ClientDep, DbDep, SettingsDep
from sync.server.settings import ServerSettings

router = console_router()
log = logging.getLogger("city_server.console")


@router.get("")
@router.get("/")
def home(request: Request, db: DbDep) -> Response:
    with db.read() as conn:
        empty = not accounts.any_account(conn)
    target = "/console/setup" if empty else "/console/dashboard"
    return RedirectResponse(target, 303, headers=HEADERS)


@router.get("/setup")
def setup_page(request: Request, db: DbDep, settings: SettingsDep) -> Response:
    with db.read() as conn:
        if accounts.any_account(conn):
            return RedirectResponse("/console/login", 303, headers=HEADERS)
    token, new = form_token(request)
    page = render("setup.html", open=db.is_sqlite, csrf=token, form={}, error="", viewer=None)
    return with_form_cookie(page, token, new, settings)


@router.post("/setup")
async def setup_submit(request: Request, db: DbDep, settings: SettingsDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, request.cookies.get(FORM_COOKIE, ""), None, "/console/setup")
    if not db.is_sqlite:
        raise forbidden(None, "Trên PostgreSQL, tài khoản quản trị đầu tiên được tạo bằng lệnh "
                              "city-server console-account create.")
    return await run_in_threadpool(_create_first_admin, db, settings, form, client)


def _create_first_admin(db: CityDB, settings: ServerSettings, form: dict[str, str], client: str) -> Response:
    error = password_mismatch(form)
    try:
        with db.write() as conn:  # BEGIN IMMEDIATE: two first visits cannot both become the administrator
            if accounts.any_account(conn):
                return RedirectResponse("/console/login", 303, headers=HEADERS)
            if error:
                raise accounts.AccountError(error)
            account = accounts.create(conn, form.get("username", ""), form.get("full_name", ""),
                                      accounts.CITY_ADMIN, form.get("password", ""))
            audit.append(conn, account.username, "first_admin_created", account.username, client=client)
            session_id, _csrf = accounts.open_session(conn, account.username, now_ms(), idle_ms(settings))
    except accounts.AccountError as exc:
        return render("setup.html", 400, open=True, csrf=form.get("csrf", ""), form=form, error=str(exc),
                      viewer=None)
    return _logged_in(session_id, settings)


def _logged_in(session_id: str, settings: ServerSettings, home: str = "/console/dashboard") -> Response:
    response = RedirectResponse(home, 303, headers=HEADERS)
    set_cookie(response, COOKIE, session_id, settings)
    response.delete_cookie(FORM_COOKIE, path="/console", httponly=True, samesite="strict")
    return response


@router.get("/login")
def login_page(request: Request, settings: SettingsDep) -> Response:
    token, new = form_token(request)
    return with_form_cookie(render("login.html", csrf=token, username="", error="", viewer=None), token, new,
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
    window_ms = settings.console_address_window_minutes * 60_000
    with db.write() as conn:  # commits a refusal too: the failure counts and the audit entry must stick
        wait = throttle.wait_minutes(conn, client, settings.console_address_failures, window_ms, now_ms())
        if wait:  # before the password (and its argon2 cost) is even looked at
            return _throttled(form, username, client, wait)
        result = accounts.authenticate(conn, username, form.get("password", ""), settings.console_lockout_failures,
                                       settings.console_lockout_minutes)
        if result.account is None:
            throttle.record_failure(conn, client, window_ms, now_ms())
            audit.append(conn, username or "?", "login_refused", username, {"reason": result.refusal},
                         client=client)
        else:
            audit.append(conn, username, "login", username, client=client)
            session_id, _csrf = accounts.open_session(conn, username, now_ms(), idle_ms(settings))
    if result.account is None:
        message = _(_REFUSALS.get(result.refusal, ""))
        if result.refusal == "locked":
            message = _("Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần; thử lại sau {when}.",
                        when=hanoi(result.locked_until))
        return render("login.html", 401, csrf=form.get("csrf", ""), username=username, error=message, viewer=None)
    # A back-office officer's home is their authority's dossiers (back_office.py), not the points' dashboard.
    home = "/console/back-office" if result.account.role == accounts.OFFICER else "/console/dashboard"
    return _logged_in(session_id, settings, home)


def _throttled(form: dict[str, str], username: str, client: str, wait: int) -> Response:
    log.warning("console log-in from %s refused: too many failures from that address", client)
    message = _("Quá nhiều lần đăng nhập sai từ địa chỉ này; thử lại sau {minutes} phút.", minutes=wait)
    page = render("login.html", 429, csrf=form.get("csrf", ""), username=username, error=message, viewer=None)
    page.headers["Retry-After"] = str(wait * 60)
    return page


@router.post("/logout")
async def logout(request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/logout")
    await run_in_threadpool(_logout, db, viewer, client)
    response = RedirectResponse("/console/login", 303, headers=HEADERS)
    response.delete_cookie(COOKIE, path="/console", httponly=True, samesite="strict")
    return response


def _logout(db: CityDB, viewer: Viewer, client: str) -> None:
    with db.write() as conn:
        accounts.close_session(conn, viewer.session_id)
        audit.append(conn, viewer.account.username, "logout", viewer.account.username, client=client)
