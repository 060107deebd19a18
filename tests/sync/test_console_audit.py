"""The console's audit log: every console action chained by hash, and `city-server audit verify`
catching an entry edited, removed or cut off the end by someone with the database in hand."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import delete, select, update

from sync.server import cli, tables
from sync.server.console import accounts
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.console_helpers import Console, add_account, logged_in


def _actions(city) -> list[tuple[str, str, str]]:
    a = tables.console_audit
    with city.db.read() as conn:
        return [tuple(r) for r in conn.execute(select(a.c.actor, a.c.action, a.c.target).order_by(a.c.seq))]


def _verify(city, capsys) -> tuple[int, str]:
    code = cli.main(["--db", city.db_url, "audit", "verify"])
    return code, capsys.readouterr().out


def _some_actions(city) -> None:
    city.publish_reference()
    admin = logged_in(city, "quantri")
    admin.form("/console/accounts", "/console/accounts", {
        "username": "giamsat", "full_name": "Lê Giám Sát", "role": accounts.SUPERVISOR, "unit_code": MINH_CHAU,
        "password": "mat-khau-thu-nghiem", "password2": "mat-khau-thu-nghiem"})
    Console(city.base_url).login("giamsat", "sai-mat-khau-roi")
    supervisor = Console(city.base_url)
    supervisor.login("giamsat")
    supervisor.get(f"/console/points/{BA_DINH}")
    admin.form("/console/dashboard", "/console/logout", {})


def test_every_console_action_is_chained_and_the_command_says_the_log_is_intact(city, capsys):
    _some_actions(city)
    assert _actions(city) == [
        ("quantri", "login", "quantri"),
        ("quantri", "account_created", "giamsat"),
        ("giamsat", "login_refused", "giamsat"),
        ("giamsat", "login", "giamsat"),
        ("giamsat", "denied", f"point {BA_DINH}"),
        ("quantri", "logout", "quantri"),
    ]
    code, out = _verify(city, capsys)
    assert code == 0 and "nguyên vẹn (6 mục)" in out


def test_an_edited_entry_is_found(city, capsys):
    _some_actions(city)
    with city.db.write() as conn:  # someone hides who was refused
        conn.execute(update(tables.console_audit).where(tables.console_audit.c.seq == 5).values(actor="quantri"))
    code, out = _verify(city, capsys)
    assert code == 1 and "Mục 5 (denied" in out and "bị sửa" in out


def test_a_removed_entry_is_found(city, capsys):
    _some_actions(city)
    with city.db.write() as conn:
        conn.execute(delete(tables.console_audit).where(tables.console_audit.c.seq == 3))
    code, out = _verify(city, capsys)
    assert code == 1 and "Thiếu mục 3" in out


def test_a_cut_tail_is_found(city, capsys):
    _some_actions(city)
    with city.db.write() as conn:
        conn.execute(delete(tables.console_audit).where(tables.console_audit.c.seq >= 5))
    code, out = _verify(city, capsys)
    assert code == 1 and "kết thúc ở mục 4" in out


def test_the_log_page_shows_a_break_to_the_administrator(city):
    _some_actions(city)
    with city.db.write() as conn:
        conn.execute(update(tables.console_audit).where(tables.console_audit.c.seq == 2).values(target="ai-do"))
    page = Console(city.base_url)
    page.login("quantri")
    text = page.get("/console/audit").text
    assert "Nhật ký đã bị can thiệp" in text and "Mục 2 (account_created" in text


def test_concurrent_actions_chain_one_after_another(city, capsys):
    """Log-ins from eight browsers at once: each entry is chained to exactly one predecessor."""
    for i in range(8):
        add_account(city, f"nguoi{i}")
    browsers = [Console(city.base_url) for _ in range(8)]
    tokens = [b.token("/console/login") for b in browsers]

    def log_in(i: int) -> int:
        return browsers[i].post("/console/login", {"csrf": tokens[i], "username": f"nguoi{i}",
                                                   "password": "mat-khau-thu-nghiem"}).status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(log_in, range(8))) == [200] * 8
    code, out = _verify(city, capsys)
    assert code == 0 and "(8 mục)" in out
