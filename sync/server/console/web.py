"""What every console page stands on: server-rendered HTML (Jinja2), plain forms that work without
JavaScript, the logged-in viewer, the forms' CSRF tokens, cookies, and the style sheet.

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
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sync.server.clock import HANOI, now_ms
from sync.server.console import accounts, i18n
from sync.server.console.accounts import Account
from sync.server.console.i18n import _
from sync.server.deps import DbDep, SettingsDep
from sync.server.settings import ServerSettings

log = logging.getLogger("city_server.console")
HERE = Path(__file__).resolve().parent
COOKIE, FORM_COOKIE = "motcua_console", "motcua_console_form"
MAX_FORM_BYTES = 64 * 1024
_STATIC = {"console.css": "text/css"}
HEADERS = {
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


class ConsoleRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            asked = request.query_params.get("lang")
            lang = i18n.pick(asked, request.cookies.get(i18n.LANG_COOKIE))
            i18n.LANG.set(lang)
            other = "en" if lang == "vi" else "vi"
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", other)]
            i18n.SWITCH.set(request.url.path + "?" + urlencode(query))
            try:
                response = await handler(request)
            except Stop as stop:
                response = stop.response
            if asked in i18n.LANGS:  # remembered for the next pages (not a secret: readable, lax)
                response.set_cookie(i18n.LANG_COOKIE, lang, max_age=365 * 86400, path="/console", samesite="lax")
            return response
        return run


def console_router() -> APIRouter:
    """A router for one group of console pages: under /console, out of the OpenAPI schema."""
    return APIRouter(prefix="/console", route_class=ConsoleRoute, include_in_schema=False)


router = console_router()  # the style sheet


# --- rendering --------------------------------------------------------------------------------------

def ago(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return _("chưa lần nào")
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 1:
        return _("vừa xong")
    if minutes < 60:
        return _("{n} phút trước", n=minutes)
    hours = minutes // 60
    if hours < 48:
        return _("{n} giờ trước", n=hours)
    return _("{d} ngày {h} giờ trước", d=hours // 24, h=hours % 24)


def hanoi(moment: datetime | str | None) -> str:
    """'HH:MM dd/mm/yyyy' in Hanoi time; naive desk stamps are already Hanoi time."""
    if not moment:
        return ""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    if value.tzinfo is not None:
        value = value.astimezone(HANOI)
    return value.strftime("%H:%M %d/%m/%Y")


_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters["hanoi"] = hanoi
_env.globals["role_labels"] = accounts.ROLE_LABELS
_env.globals["_"] = _


def render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = _env.get_template(template).render(lang=i18n.LANG.get(), switch_url=i18n.SWITCH.get(), **context)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def forbidden(viewer: Viewer | None, message: str) -> Stop:
    return Stop(render("error.html", 403, viewer=viewer, title=_("Không được phép"), message=_(message)))


# --- who is asking ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Viewer:
    account: Account
    csrf: str
    session_id: str


def idle_ms(settings: ServerSettings) -> int:
    return settings.console_idle_minutes * 60_000


def current_viewer(request: Request, db: DbDep, settings: SettingsDep) -> Viewer:
    """The logged-in account (its session touched), or a redirect to the log-in page."""
    session_id = request.cookies.get(COOKIE, "")
    session = None
    if session_id:
        with db.write() as conn:
            session = accounts.resume(conn, session_id, now_ms(), idle_ms(settings))
    if session is None:
        raise Stop(RedirectResponse("/console/login", 303, headers=HEADERS))
    return Viewer(session.account, session.csrf, session_id)


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form body (the console's forms post nothing else); the first value of each field."""
    body = await request.body()
    too_big = Stop(render("error.html", 413, viewer=None, title=_("Biểu mẫu quá lớn"),
                          message=_("Nội dung gửi lên quá lớn hoặc quá nhiều ô; không có gì được thay đổi.")))
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


def password_mismatch(form: dict[str, str]) -> str:
    if form.get("password", "") != form.get("password2", ""):
        return "Hai lần nhập mật khẩu không khớp."
    return ""


def set_cookie(response: Response, name: str, value: str, settings: ServerSettings) -> None:
    response.set_cookie(name, value, path="/console", httponly=True, samesite="strict",
                        secure=settings.console_secure_cookies)


def form_token(request: Request) -> tuple[str, bool]:
    """The pre-log-in CSRF token bound to this browser's cookie (new when it has none)."""
    token = request.cookies.get(FORM_COOKIE, "")
    return (token, False) if token else (secrets.token_urlsafe(32), True)


def with_form_cookie(response: Response, token: str, new: bool, settings: ServerSettings) -> Response:
    if new:
        set_cookie(response, FORM_COOKIE, token, settings)
    return response


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in _STATIC:
        return Response(status_code=404)
    return FileResponse(HERE / "static" / name, media_type=_STATIC[name],
                        headers={"Cache-Control": "public, max-age=3600"})
