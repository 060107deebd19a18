"""The log-in limit per client address, on top of each account's lock-out: an address that fails too often
(across any accounts, so each account's own lock-out never triggers) is refused with 429, even with a right
password, while another address logs in as usual; counts are shared through the database."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sync.server import tables
from sync.server.settings import ServerSettings
from tests.sync.conftest import CityServer
from tests.sync.console_helpers import PASSWORD, Console, add_account


@pytest.fixture
def limited(db_url, tmp_path):
    """Three failures per address and window; the server behind a proxy on 127.0.0.1 that names clients."""
    settings = ServerSettings(db=db_url, console_address_failures=3, trusted_proxies=["127.0.0.1"])
    server = CityServer(db_url, tmp_path / "server.log", settings).start()
    for name in ("anh", "binh", "chau", "dung"):
        add_account(server, name)
    yield server
    server.stop()
    server.db.close()


def _from(server: CityServer, address: str) -> Console:
    console = Console(server.base_url)
    console.http.headers["X-Forwarded-For"] = address
    return console


def test_an_address_spraying_passwords_is_stopped_and_another_is_not(limited):
    sprayer = _from(limited, "127.0.0.2")
    for name in ("anh", "binh", "chau"):  # one wrong guess each: no account reaches its own lock-out
        assert sprayer.login(name, "doan-sai-mat-khau").status_code == 401
    blocked = sprayer.login("dung", PASSWORD)  # even the right password, from that address
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "Quá nhiều lần đăng nhập sai từ địa chỉ này" in blocked.text
    assert sprayer.get("/console/dashboard").url.endswith("/console/login")  # no session was opened
    neighbour = _from(limited, "127.0.0.3")
    assert neighbour.login("dung").url.endswith("/console/dashboard")
    with limited.db.read() as conn:  # the accounts themselves are not locked, nothing was logged in
        a = tables.console_accounts
        assert conn.execute(select(func.max(a.c.failures))).scalar() == 1
        sessions = conn.execute(select(func.count()).select_from(tables.console_sessions)).scalar()
    assert sessions == 1  # the neighbour's
    english = _from(limited, "127.0.0.2")
    english.get("/console/login?lang=en")
    assert "Too many failed log-ins from this address" in english.login("anh", PASSWORD).text
