"""Console accounts over real HTTP: the first administrator on a SQLite trial, log-in with argon2 and
lock-out, the session cookie and its idle time-out, CSRF on every form, the CLI; and the migrated
schema agreeing with the tables the code reads."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import inspect, select, update

from sync.server import cli, tables
from sync.server.console import accounts
from sync.server.db import CityDB
from tests.sync.conftest import BA_DINH, MINH_CHAU, CityServer
from tests.sync.console_helpers import PASSWORD, Console, add_account, logged_in


@pytest.fixture
def trial(tmp_path):
    """`city-server` on a fresh SQLite file, nothing set up."""
    server = CityServer(str(tmp_path / "trial.sqlite3"), tmp_path / "server.log").start()
    yield server
    server.stop()
    server.db.close()


def _accounts(city) -> list[str]:
    with city.db.read() as conn:
        return list(conn.execute(select(tables.console_accounts.c.username)).scalars())


def test_the_first_visit_to_a_trial_creates_the_first_administrator_and_only_once(trial):
    browser = Console(trial.base_url)
    first = browser.get("/console")
    assert first.url.endswith("/console/setup") and "quản trị thành phố đầu tiên" in first.text
    done = browser.form("/console/setup", "/console/setup", {
        "username": "quantri", "full_name": "Trần Quản Trị", "password": PASSWORD, "password2": PASSWORD})
    assert done.url.endswith("/console/dashboard") and "Trần Quản Trị" in done.text

    stranger = Console(trial.base_url)
    assert stranger.get("/console/setup").url.endswith("/console/login")  # the offer is gone
    token = stranger.token("/console/login")
    late = stranger.post("/console/setup", {"csrf": token, "username": "keladot", "full_name": "Kẻ Lạ",
                                            "password": PASSWORD, "password2": PASSWORD})
    assert late.url.endswith("/console/login")
    assert _accounts(trial) == ["quantri"]


def test_a_bad_first_administrator_form_says_why_and_creates_nothing(trial):
    browser = Console(trial.base_url)
    answer = browser.form("/console/setup", "/console/setup", {
        "username": "quantri", "full_name": "Trần Quản Trị", "password": PASSWORD, "password2": "khac-han-roi-nhe"})
    assert answer.status_code == 400 and "không khớp" in answer.text
    answer = browser.form("/console/setup", "/console/setup", {
        "username": "quantri", "full_name": "Trần Quản Trị", "password": "ngan", "password2": "ngan"})
    assert answer.status_code == 400 and "ít nhất 10 ký tự" in answer.text
    assert _accounts(trial) == []


def test_on_postgresql_the_first_administrator_comes_from_the_command(postgres, tmp_path):
    server = CityServer(postgres.migrated_database(), tmp_path / "server.log").start()
    try:
        browser = Console(server.base_url)
        page = browser.get("/console")
        assert "city-server console-account create" in page.text
        token = browser.token("/console/setup") if 'name="csrf"' in page.text else browser.token("/console/login")
        refused = browser.post("/console/setup", {"csrf": token, "username": "quantri", "full_name": "A",
                                                  "password": PASSWORD, "password2": PASSWORD})
        assert refused.status_code == 403
        assert _accounts(server) == []
    finally:
        server.stop()
        server.db.close()


def test_log_in_sets_an_httponly_strict_session_cookie_and_log_out_ends_it(city):
    add_account(city, "quantri")
    browser = Console(city.base_url)
    token = browser.token("/console/login")
    answer = browser.post("/console/login", {"csrf": token, "username": "quantri", "password": PASSWORD},
                          allow_redirects=False)
    assert answer.status_code == 303
    cookie = answer.headers["set-cookie"]
    assert "motcua_console=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    with city.db.read() as conn:  # the server keeps only a hash of the cookie's value
        stored = conn.execute(select(tables.console_sessions.c.id_hash)).scalars().all()
    assert len(stored) == 1 and browser.http.cookies["motcua_console"] not in stored
    assert browser.get("/console/dashboard").url.endswith("/console/dashboard")
    out = browser.form("/console/dashboard", "/console/logout", {})
    assert out.url.endswith("/console/login")
    assert browser.get("/console/dashboard").url.endswith("/console/login")


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(city):
    add_account(city, "quantri")
    browser = Console(city.base_url)
    for _ in range(4):
        wrong = browser.login("quantri", "sai-mat-khau-roi")
        assert wrong.status_code == 401 and "không đúng" in wrong.text
    fifth = browser.login("quantri", "sai-mat-khau-roi")
    assert fifth.status_code == 401 and "tạm khóa" in fifth.text
    right = browser.login("quantri", PASSWORD)
    assert right.status_code == 401 and "tạm khóa" in right.text
    assert browser.get("/console/dashboard").url.endswith("/console/login")
    unknown = browser.login("khongco", PASSWORD)
    assert unknown.status_code == 401 and "không đúng" in unknown.text  # the same words as a wrong password


def test_an_idle_session_ends(city):
    browser = logged_in(city, "quantri")
    with city.db.write() as conn:  # 31 minutes without a request (the default time-out is 30)
        conn.execute(update(tables.console_sessions).values(
            last_seen_ms=tables.console_sessions.c.last_seen_ms - 31 * 60_000))
    assert browser.get("/console/dashboard").url.endswith("/console/login")
    with city.db.read() as conn:
        assert conn.execute(select(tables.console_sessions)).first() is None


def test_a_form_without_its_csrf_token_changes_nothing(city):
    city.publish_reference()
    admin = logged_in(city, "quantri")
    new = {"username": "giamsat", "full_name": "Lê Giám Sát", "role": accounts.SUPERVISOR, "unit_code": MINH_CHAU,
           "password": PASSWORD, "password2": PASSWORD}
    assert admin.post("/console/accounts", new).status_code == 403
    assert admin.post("/console/accounts", {**new, "csrf": "gia-mao"}).status_code == 403
    other = Console(city.base_url)  # another session's token is no good here either
    add_account(city, "quantri2")
    other.login("quantri2")
    assert admin.post("/console/accounts", {**new, "csrf": other.token("/console/accounts")}).status_code == 403
    assert admin.post("/console/logout", {}).status_code == 403
    assert sorted(_accounts(city)) == ["quantri", "quantri2"]
    assert admin.get("/console/dashboard").url.endswith("/console/dashboard")  # still logged in

    made = admin.form("/console/accounts", "/console/accounts", new)
    assert made.status_code == 200 and "Đã tạo tài khoản «giamsat»" in made.text
    assert "giamsat" in _accounts(city)


def test_the_log_in_form_needs_the_token_its_cookie_carries(city):
    add_account(city, "quantri")
    browser = Console(city.base_url)
    browser.token("/console/login")  # sets the form cookie
    refused = browser.post("/console/login", {"username": "quantri", "password": PASSWORD})
    assert refused.status_code == 403
    assert browser.get("/console/dashboard").url.endswith("/console/login")


def test_a_bad_account_form_names_the_problem(city):
    city.publish_reference()
    admin = logged_in(city, "quantri")
    cases = [({"unit_code": "99999"}, "Không có điểm tiếp nhận mã 99999"),
             ({"username": "Có Dấu"}, "Tên đăng nhập phải"),
             ({"role": "god"}, "Vai trò «god» không có"),
             ({"role": accounts.OFFICER, "authority": "x"}, "mã cơ quan")]
    base = {"username": "giamsat", "full_name": "Lê Giám Sát", "role": accounts.SUPERVISOR,
            "unit_code": BA_DINH, "password": PASSWORD, "password2": PASSWORD}
    for change, words in cases:
        answer = admin.form("/console/accounts", "/console/accounts", {**base, **change})
        assert answer.status_code == 400 and words in answer.text, change
    assert _accounts(city) == ["quantri"]


def test_only_the_city_administrator_opens_accounts_and_the_log(city):
    city.publish_reference()
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    for page in ("/console/accounts", "/console/audit"):
        assert supervisor.get(page).status_code == 403
    officer = logged_in(city, "canbo", role=accounts.OFFICER, authority="01")
    assert officer.get("/console/dashboard").status_code == 403


def test_console_account_command(city, capsys, monkeypatch):
    city.publish_reference()
    monkeypatch.setattr("sys.stdin", _lines(PASSWORD))
    code = cli.main(["--db", city.db_url, "console-account", "create", "giamsat", "--name", "Lê Giám Sát",
                     "--role", "supervisor", "--unit", MINH_CHAU])
    assert code == 0 and "giamsat" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", _lines(PASSWORD))
    code = cli.main(["--db", city.db_url, "console-account", "create", "giamsat2", "--name", "X",
                     "--role", "supervisor", "--unit", "12345"])
    assert code == 2 and "Không có điểm tiếp nhận mã 12345" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", _lines("ngan"))
    code = cli.main(["--db", city.db_url, "console-account", "create", "quantri", "--name", "X"])
    assert code == 2 and "ít nhất 10 ký tự" in capsys.readouterr().err
    assert _accounts(city) == ["giamsat"]
    assert Console(city.base_url).login("giamsat").url.endswith("/console/dashboard")


def _lines(text: str) -> io.StringIO:
    return io.StringIO(text + "\n")


def test_the_migrated_schema_is_the_schema_the_code_reads(db_url):
    db = CityDB.open(db_url, migrate=True)
    try:
        found = inspect(db.engine)
        for table in tables.metadata.sorted_tables:
            columns = {c["name"] for c in found.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}, table.name
            indexes = {i["name"] for i in found.get_indexes(table.name)}
            assert {i.name for i in table.indexes} <= indexes, table.name
    finally:
        db.close()


def test_a_disabled_account_is_out_at_once_and_an_unlocked_one_is_back_at_once(city):
    city.publish_reference()
    admin = logged_in(city, "quantri")
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    assert admin.post("/console/accounts/giamsat/active", {"active": "0"}).status_code == 403  # no token
    assert supervisor.get("/console/dashboard").url.endswith("/console/dashboard")

    done = admin.form("/console/accounts", "/console/accounts/giamsat/active", {"active": "0"})
    assert "Đã khóa tài khoản «giamsat»" in done.text
    assert supervisor.get("/console/dashboard").url.endswith("/console/login")  # its session ended
    refused = supervisor.login("giamsat")
    assert refused.status_code == 401 and "đã bị khóa" in refused.text

    admin.form("/console/accounts", "/console/accounts/giamsat/active", {"active": "1"})
    for _ in range(5):
        supervisor.login("giamsat", "sai-mat-khau-roi")
    assert "tạm khóa" in supervisor.login("giamsat").text
    admin.form("/console/accounts", "/console/accounts/giamsat/active", {"active": "1"})  # "Mở khóa"
    assert supervisor.login("giamsat").url.endswith("/console/dashboard")

    own = admin.form("/console/accounts", "/console/accounts/quantri/active", {"active": "0"})
    assert own.status_code == 400 and "Không thể tự khóa" in own.text
    assert admin.get("/console/dashboard").url.endswith("/console/dashboard")


def test_an_oversized_or_crowded_form_is_refused_plainly(city):
    admin = logged_in(city, "quantri")
    token = admin.token("/console/accounts")
    crowded = admin.post("/console/accounts", {"csrf": token, **{f"f{i}": "x" for i in range(60)}})
    huge = admin.post("/console/accounts", {"csrf": token, "full_name": "x" * 70_000})
    for answer in (crowded, huge):
        assert answer.status_code == 413 and "không có gì được thay đổi" in answer.text
    assert _accounts(city) == ["quantri"]
