"""The citizen lookup page and the `city-server` admin commands."""

from __future__ import annotations

import pytest
import requests
from sqlalchemy import select

from sync.server import cli, lookup, tables
from sync.server.db import CityDB
from sync.server.settings import ServerSettings
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.sync.helpers import enroll, open_desk, receive


def _lookup(city, code: str, key: str) -> requests.Response:
    return requests.get(city.base_url + "/tra-cuu", params={"ma": code, "k": key}, timeout=10)


def test_the_receipt_qr_opens_status_due_date_and_where_to_collect_but_nothing_personal(
        city, seeded_template, tmp_path):
    city.publish_reference()  # unit names for "where to collect"
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    [code] = receive(desk, 1)
    enroll(desk, city, MINH_CHAU).sync_once()
    dossier = desk.dossiers.get_by_code(code)
    page = _lookup(city, code, dossier.lookup_key)
    assert page.status_code == 200 and 'lang="vi"' in page.text and "viewport" in page.text
    assert "Đã tiếp nhận" in page.text and f"{dossier.due.due_at:%d/%m/%Y}" in page.text
    assert "Minh Châu" in page.text
    applicant = dossier.applicant
    for secret in (applicant.full_name, applicant.personal_id, applicant.address, applicant.phone):
        assert secret not in page.text
    wrong = _lookup(city, code, "guess")
    assert wrong.status_code == 404 and "Đã tiếp nhận" not in wrong.text


def test_guessing_keys_is_rate_limited_but_the_right_key_always_answers(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    [code] = receive(desk, 1)
    enroll(desk, city, MINH_CHAU).sync_once()
    statuses = [_lookup(city, code, f"guess{i}").status_code for i in range(lookup.MAX_FAILURES + 1)]
    assert statuses[:-1] == [404] * lookup.MAX_FAILURES and statuses[-1] == 429
    right_key = desk.dossiers.get_by_code(code).lookup_key
    assert _lookup(city, code, right_key).status_code == 200  # a citizen behind the guesser's NAT still gets it


def test_a_forwarded_for_header_from_an_untrusted_client_does_not_reset_the_limit(city):
    statuses = [requests.get(city.base_url + "/tra-cuu", params={"ma": f"X-{i}", "k": "guess"}, timeout=10,
                             headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
                for i in range(lookup.MAX_FAILURES + 1)]
    assert statuses[-1] == 429  # every guess counted against 127.0.0.1, whatever the header said


@pytest.fixture
def behind_proxy(db_url, tmp_path):
    server = CityServer(db_url, tmp_path / "server.log", ServerSettings(db=db_url, trusted_proxies=["127.0.0.1"]))
    server.start()
    yield server
    server.stop()
    server.db.close()


def test_misses_on_one_code_are_limited_from_any_address_behind_a_trusted_proxy(behind_proxy, seeded_template,
                                                                               tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    [code] = receive(desk, 1)
    enroll(desk, behind_proxy, MINH_CHAU).sync_once()

    def look(key: str, address: str) -> int:
        return requests.get(behind_proxy.base_url + "/tra-cuu", params={"ma": code, "k": key}, timeout=10,
                            headers={"X-Forwarded-For": address}).status_code

    statuses = [look(f"guess{i}", f"198.51.100.{i}") for i in range(lookup.MAX_FAILURES + 1)]
    assert statuses[:-1] == [404] * lookup.MAX_FAILURES and statuses[-1] == 429  # one guess per address
    assert look("guess-other", "198.51.100.250") == 429  # the code is resting, from a new address too
    assert look(desk.dossiers.get_by_code(code).lookup_key, "198.51.100.251") == 200
    assert look("guess", "192.0.2.9, 198.51.100.252") == 429


@pytest.fixture
def behind_a_proxy_network(db_url, tmp_path):
    server = CityServer(db_url, tmp_path / "server.log", ServerSettings(db=db_url, trusted_proxies=["127.0.0.0/8"]))
    server.start()
    yield server
    server.stop()
    server.db.close()


def test_a_proxy_network_is_trusted_and_a_guesser_behind_it_does_not_block_the_others(behind_a_proxy_network):
    """Balancers come as a network: each client behind them is counted on its own address, so twenty
    misses from one client leave the next client's lookup a plain 404."""
    def miss(code: str, address: str) -> int:
        return requests.get(behind_a_proxy_network.base_url + "/tra-cuu", params={"ma": code, "k": "guess"},
                            timeout=10, headers={"X-Forwarded-For": address}).status_code

    statuses = [miss(f"X-{i}", "203.0.113.7") for i in range(lookup.MAX_FAILURES + 1)]
    assert statuses[-1] == 429
    assert miss("X-other", "203.0.113.8") == 404
    # An IPv6 client owns a whole /64: rotating inside it is still one client.
    statuses = [miss(f"Y-{i}", f"2001:db8:1:2::{i:x}") for i in range(lookup.MAX_FAILURES + 1)]
    assert statuses[-1] == 429
    assert miss("Y-other", "2001:db8:1:3::1") == 404


def test_a_trusted_proxy_that_is_not_an_address_is_refused_at_start():
    with pytest.raises(ValueError, match="trusted_proxies"):
        ServerSettings(trusted_proxies=["proxy.local"])
    assert ServerSettings(trusted_proxies=["10.0.0.0/8"]).trusts("10.1.2.3")
    assert not ServerSettings(trusted_proxies=["10.0.0.0/8"]).trusts("11.0.0.1")


def test_admin_creates_and_revokes_devices_publishes_and_creates_accounts(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "city.sqlite3")
    assert cli.main(["--db", db, "device", "create", "--unit", MINH_CHAU, "--label", "Bàn 1"]) == 0
    out = capsys.readouterr().out
    device_id = out.split()[1]
    assert "enrollment code:" in out
    assert cli.main(["--db", db, "device", "create", "--unit", "9"]) == 2
    assert cli.main(["--db", db, "device", "revoke", device_id]) == 0
    assert cli.main(["--db", db, "device", "revoke", device_id]) == 2
    assert cli.main(["--db", db, "publish"]) == 0
    assert "published reference version 1" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("mat-khau-dai\n"))
    assert cli.main(["--db", db, "account", "create", "lan", "--name", "Lê Thị Lan", "--unit", MINH_CHAU]) == 0
    with CityDB.open(db, migrate=True).read() as conn:
        account = conn.execute(select(tables.accounts)).mappings().one()
        revoked = conn.execute(select(tables.devices.c.revoked_at)).scalar_one()
    assert account["role"] == "clerk" and "mat-khau-dai" not in account["password_hash"]
    assert revoked is not None
