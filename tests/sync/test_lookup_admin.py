"""The citizen lookup page and the `city-server` admin commands."""

from __future__ import annotations

import requests
from sqlalchemy import select

from sync.server import cli, lookup, tables
from sync.server.db import CityDB
from tests.sync.conftest import MINH_CHAU
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


def test_guessing_keys_is_rate_limited(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    [code] = receive(desk, 1)
    enroll(desk, city, MINH_CHAU).sync_once()
    statuses = [_lookup(city, code, f"guess{i}").status_code for i in range(lookup.MAX_FAILURES + 1)]
    assert statuses[:-1] == [404] * lookup.MAX_FAILURES and statuses[-1] == 429
    right_key = desk.dossiers.get_by_code(code).lookup_key
    assert _lookup(city, code, right_key).status_code == 429  # even the right key waits out the window


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
    with CityDB.open(db).read() as conn:
        account = conn.execute(select(tables.accounts)).mappings().one()
        revoked = conn.execute(select(tables.devices.c.revoked_at)).scalar_one()
    assert account["role"] == "clerk" and "mat-khau-dai" not in account["password_hash"]
    assert revoked is not None
