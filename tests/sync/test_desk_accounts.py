"""Clerk accounts made at the centre reach the desks of their point by a real sync (the real server on
127.0.0.1, SQLite and PostgreSQL; real desk files): temporary passwords, changes travelling back, disabled
accounts, offline desks, clashes with a desk's own account (docs/sync.md, "Accounts from the centre")."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk_app.domain.errors import AuthenticationFailed, PasswordChangeRequired
from sync.server import desk_accounts, tables
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.helpers import enroll, open_desk

TEMP = "tam-thoi-123"
NEW = "mat-khau-moi-456"


@pytest.fixture
def point(city, seeded_template, tmp_path):
    """Two desks of Minh Châu and one of Ba Đình, enrolled; reference data published (the units)."""
    city.publish_reference()
    desks = [open_desk(seeded_template, tmp_path, name, unit, no)
             for name, unit, no in (("a", MINH_CHAU, 1), ("b", MINH_CHAU, 2), ("c", BA_DINH, 1))]
    clients = [enroll(desk, city, desk.settings.unit_code) for desk in desks]
    yield desks, clients
    for desk in desks:
        desk.close()


def _make(city, username: str = "lan", unit: str = MINH_CHAU, role: str = "clerk") -> None:
    with city.db.write() as conn:
        desk_accounts.create(conn, username, "Lê Thị Lan", unit, role, TEMP)


def test_a_temporary_password_forces_a_change_that_reaches_the_other_desks_of_the_point(city, point):
    (a, b, c), (ca, cb, cc) = point
    _make(city)
    for client in (ca, cb, cc):
        client.sync_once()
    with pytest.raises(PasswordChangeRequired, match="mật khẩu tạm"):
        a.accounts.authenticate("lan", TEMP)
    with pytest.raises(AuthenticationFailed):  # another point's desk never gets it
        c.accounts.authenticate("lan", TEMP)
    assert a.accounts.change_password("lan", TEMP, NEW).username == "lan"
    assert a.accounts.authenticate("lan", NEW).full_name == "Lê Thị Lan"
    with city.db.read() as conn:  # a hash only, never the password
        stored = conn.execute(select(tables.accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2") and TEMP not in stored
    ca.sync_once()
    cb.sync_once()
    assert b.accounts.authenticate("lan", NEW).username == "lan"
    with pytest.raises(AuthenticationFailed):
        b.accounts.authenticate("lan", TEMP)
    with city.db.read() as conn:
        assert not desk_accounts.find(conn, "lan").must_change


def test_a_desk_fetches_the_list_only_when_the_points_version_moved(city, point):
    (_a, _b, _c), (ca, _cb, _cc) = point
    _make(city)
    assert ca.sync_once().accounts.added == ["lan"]
    before = ca.transport().requests
    assert ca.sync_once().accounts is None
    assert ca.transport().requests - before == 1  # the exchange alone
    _make(city, "hoa", unit=BA_DINH)  # another point's change does not move Minh Châu's version
    assert ca.sync_once().accounts is None


def test_a_disabled_account_is_refused_once_synced_and_an_offline_desk_keeps_its_accounts(city, point):
    (a, b, _c), (ca, cb, _cc) = point
    with city.db.write() as conn:
        desk_accounts.create(conn, "lan", "Lê Thị Lan", MINH_CHAU, "clerk", NEW, must_change=False)
    ca.sync_once()
    cb.sync_once()
    with city.db.write() as conn:
        desk_accounts.set_active(conn, "lan", False)
    ca.sync_once()
    with pytest.raises(AuthenticationFailed):
        a.accounts.authenticate("lan", NEW)
    assert b.accounts.authenticate("lan", NEW).username == "lan"  # offline since: still works there
    city.stop()
    assert b.accounts.authenticate("lan", NEW).username == "lan"


def test_a_reset_at_the_centre_wins_over_a_change_made_offline_from_the_older_password(city, point):
    (a, _b, _c), (ca, _cb, _cc) = point
    _make(city)
    ca.sync_once()
    a.accounts.change_password("lan", TEMP, NEW)  # offline: not sent yet
    with city.db.write() as conn:
        desk_accounts.reset(conn, "lan", "cap-lai-789")
    ca.sync_once()
    with pytest.raises(PasswordChangeRequired):
        a.accounts.authenticate("lan", "cap-lai-789")
    with pytest.raises(AuthenticationFailed):
        a.accounts.authenticate("lan", NEW)
    entries = a.audit.entries("lan", "account.change_refused")
    assert entries and entries[-1]["details"]["status"] == "superseded"


def test_a_city_name_the_desk_has_as_its_own_account_keeps_the_local_one(city, point):
    (a, _b, _c), (ca, _cb, _cc) = point
    a.accounts.create("lan", "Lan của bàn này", "supervisor", "mat-khau-ban-1")
    _make(city)
    report = ca.sync_once()
    assert report.accounts.clashes == ["lan"]
    user = a.accounts.authenticate("lan", "mat-khau-ban-1")
    assert (user.full_name, user.role) == ("Lan của bàn này", "supervisor")
    with pytest.raises(AuthenticationFailed):
        a.accounts.authenticate("lan", TEMP)


def test_the_console_rules_refuse_bad_accounts_in_vietnamese(city, point):
    with city.db.write() as conn:
        for args, message in (((" x", "Lan", MINH_CHAU, "clerk", TEMP), "Tên đăng nhập"),
                              (("lan", "Lan", "99999", "clerk", TEMP), "Không có điểm tiếp nhận"),
                              (("lan", "Lan", MINH_CHAU, "admin", TEMP), "Vai trò"),
                              (("lan", "Lan", MINH_CHAU, "clerk", "ngan"), "ít nhất 8")):
            with pytest.raises(desk_accounts.DeskAccountError, match=message):
                desk_accounts.create(conn, *args)


def test_at_the_cli_a_temporary_password_is_refused_for_work_until_changed(city, point, monkeypatch, capsys):
    from desk_app.cli import main

    (a, _b, _c), (ca, _cb, _cc) = point
    _make(city)
    ca.sync_once()
    db = str(a.store.path)
    monkeypatch.setenv("MOTCUA_PASSWORD", TEMP)
    assert main(["--db", db, "receive", "--actor", "lan", "docs/examples/dossier.json"]) == 2
    assert "desk-app user password lan" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(NEW + "\n"))
    assert main(["--db", db, "user", "password", "lan", "--new-password-stdin"]) == 0
    assert a.accounts.authenticate("lan", NEW).username == "lan"


def test_the_password_endpoint_takes_only_a_hash_for_an_account_of_the_devices_own_point(city, point):
    import gzip
    import json

    import requests

    from tests.sync.helpers import raw_enroll

    _make(city)
    good_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"

    def post(token: str, body: dict) -> requests.Response:
        return requests.post(city.base_url + "/v1/accounts/password", timeout=10,
                             data=gzip.compress(json.dumps(body).encode()),
                             headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
                                      "Content-Type": "application/json"})

    other_point = raw_enroll(city, BA_DINH)
    assert post(other_point, {"username": "lan", "password_hash": good_hash, "from_gen": 1}).json()["status"] == \
        "unknown_account"
    own = raw_enroll(city, MINH_CHAU)
    assert post(own, {"username": "lan", "password_hash": "mat-khau-ro", "from_gen": 1}).status_code == 422
    assert post("sai", {"username": "lan", "password_hash": good_hash, "from_gen": 1}).status_code == 401
    with city.db.read() as conn:
        assert desk_accounts.find(conn, "lan").password_gen == 1  # nothing changed
    assert post(own, {"username": "lan", "password_hash": good_hash, "from_gen": 1}).json()["status"] == "taken"
    assert post(own, {"username": "lan", "password_hash": good_hash, "from_gen": 1}).json()["status"] == \
        "superseded"


def test_desk_app_sync_says_what_came_from_the_centre_and_names_a_clash(city, point, capsys):
    from desk_app.cli import main

    (a, _b, _c), _clients = point
    a.accounts.create("lan", "Lan của bàn này", "clerk", "mat-khau-ban-1")
    _make(city)
    _make(city, "hoa")
    assert main(["--db", str(a.store.path), "sync"]) == 0
    out = capsys.readouterr().out
    assert "Tài khoản từ thành phố: thêm 1" in out
    assert "«lan» trùng tên với tài khoản riêng của máy này" in out
