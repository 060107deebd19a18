"""The city console as its users reach it: a browser-like HTTP session (cookies, the forms' CSRF
tokens) against the real server on 127.0.0.1, and accounts made the way the IT administrator does."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import requests

from desk_app.services import Desk
from sync.client import SyncClient
from sync.server.console import accounts, board
from tests.conftest import Clock

PASSWORD = "mat-khau-thu-nghiem"
_CSRF = re.compile(r'name="csrf" value="([^"]*)"')


class Console:
    """One browser: its own cookie jar; `form` posts a page's form with the token the page carried."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.http = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base + path, timeout=30, **kwargs)

    def post(self, path: str, data: dict[str, str], **kwargs) -> requests.Response:
        return self.http.post(self.base + path, data=data, timeout=30, **kwargs)

    def token(self, path: str) -> str:
        found = _CSRF.search(self.get(path).text)
        assert found, f"no CSRF token on {path}"
        return found.group(1)

    def form(self, page: str, action: str, data: dict[str, str], **kwargs) -> requests.Response:
        return self.post(action, {"csrf": self.token(page), **data}, **kwargs)

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        return self.form("/console/login", "/console/login", {"username": username, "password": password})


def add_account(city, username: str, role: str = accounts.CITY_ADMIN, unit: str = "", authority: str = "",
                name: str = "Người Thử") -> None:
    with city.db.write() as conn:
        accounts.create(conn, username, name, role, PASSWORD, unit, authority)


def logged_in(city, username: str, **account) -> Console:
    add_account(city, username, **account)
    console = Console(city.base_url)
    assert console.login(username).url.endswith(("/console/dashboard", "/console/back-office"))  # an officer's home
    return console


def hanoi_now() -> datetime:
    return board.local_now(datetime.now(UTC))


def desk_at(template: Path, folder: Path, unit: str, moment: datetime | None = None, desk_no: int = 1) -> Desk:
    """A desk of `unit` on a real SQLite copy of the seeded template, its clock at `moment` (Hanoi time)."""
    path = folder / f"desk-{uuid.uuid4().hex[:6]}.sqlite3"
    path.write_bytes(template.read_bytes())
    desk = Desk.open(path, now=Clock(moment or hanoi_now()))
    desk.configure(unit_code=unit, desk_no=desk_no, desk_id=str(uuid.uuid4()))
    return desk


def enrolled(desk: Desk, city, unit: str, label: str = "Bàn 1") -> SyncClient:
    client = SyncClient(desk.store)
    client.enroll(city.base_url, city.new_device(unit, label))
    return client


def rows(html: str) -> list[str]:
    """The unit codes of the dashboard's rows, in the order shown."""
    return re.findall(r'<tr data-code="(\d{5})"', html)


def row_html(html: str, code: str) -> str:
    found = re.search(rf'<tr data-code="{code}".*?</tr>', html, re.S)
    assert found, f"no row for {code}"
    return found.group(0)


# --- a real browser ---------------------------------------------------------------------------------

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"  # Debian's chromium, chromium-driver


def chromium_missing() -> str:
    """Why the browser tests cannot run here ('' when they can)."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).exists()]
    if missing:
        return f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver; scripts/test.sh does)"
    return ""


def chromium(width: int = 1366, height: int = 768):
    """Headless Chromium at a 1366×768 window, through the system chromedriver (nothing downloaded)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--lang=vi", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # The page's own area at exactly width×height (--window-size also counts the window's frame).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.set_page_load_timeout(30)
    return driver
