"""A dossier's scans in the city console (issue 12): shown only to roles that may see the dossier, and
every look (the list, each file, each refusal) written to the console's audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sync.server import tables
from sync.server.console import accounts
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.console_helpers import logged_in
from tests.sync.helpers import enroll, open_desk, receive
from tests.sync.scan_helpers import attach, remove, scan_city, scan_pdf


@pytest.fixture
def city(db_url, tmp_path):
    server = scan_city(db_url, tmp_path)
    server.publish_reference()
    yield server
    server.stop()
    server.db.close()


@pytest.fixture
def scanned(city, seeded_template, tmp_path):
    """A Minh Châu dossier with two scans at the city and a third removed at the desk."""
    desk = open_desk(seeded_template, tmp_path, "d0", MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    code = receive(desk, 1)[0]
    form, card, wrong = scan_pdf(60_000, seed=1), scan_pdf(40_000, seed=2), scan_pdf(30_000, seed=3)
    attach(desk, code, form, document="Tờ khai đăng ký khai sinh")
    card_sha = attach(desk, code, card, document="Căn cước công dân")
    wrong_sha = attach(desk, code, wrong, document="Giấy chứng sinh")
    remove(desk, code, wrong_sha, document="Giấy chứng sinh", reason="Quét nhầm hồ sơ khác")
    client.sync_once()
    authority = desk.dossiers.get_by_code(code).authority
    yield code, card_sha, card, authority
    desk.close()


def _audit(city) -> list[tuple[str, str, str]]:
    a = tables.console_audit
    with city.db.read() as conn:
        return [tuple(r) for r in conn.execute(select(a.c.actor, a.c.action, a.c.target).order_by(a.c.seq))
                if r[1] not in ("login",)]


def test_the_point_supervisor_sees_the_scans_and_each_look_is_audited(city, scanned):
    code, card_sha, card, _ = scanned
    console = logged_in(city, "ld.minhchau", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    assert f"/console/dossiers/{code}/scans" in console.get(f"/console/points/{MINH_CHAU}").text
    page = console.get(f"/console/dossiers/{code}/scans")
    assert page.status_code == 200
    assert "Căn cước công dân" in page.text and "Đã gỡ: Quét nhầm hồ sơ khác" in page.text
    pdf = console.get(f"/console/dossiers/{code}/scans/{card_sha}")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content == card
    assert _audit(city)[-2:] == [("ld.minhchau", "scans_listed", f"dossier {code}"),
                                 ("ld.minhchau", "scan_viewed", f"dossier {code}")]
    admin = logged_in(city, "quantri", role=accounts.CITY_ADMIN)
    assert "Mở bản quét" in admin.get("/console/audit").text


def test_another_points_supervisor_and_another_authoritys_officer_are_refused_and_audited(city, scanned):
    code, card_sha, _card, authority = scanned
    other = logged_in(city, "ld.badinh", role=accounts.SUPERVISOR, unit=BA_DINH)
    for path in (f"/console/dossiers/{code}/scans", f"/console/dossiers/{code}/scans/{card_sha}"):
        refused = other.get(path)
        assert refused.status_code == 403 and "dữ liệu cá nhân" in refused.text
        assert "%PDF" not in refused.text
    stranger = logged_in(city, "cb.khac", role=accounts.OFFICER, authority="99999")
    assert stranger.get(f"/console/dossiers/{code}/scans").status_code == 403
    denied = ("denied", f"scans {code}")
    assert _audit(city)[-3:] == [("ld.badinh", *denied), ("ld.badinh", *denied), ("cb.khac", *denied)]
    deciding = logged_in(city, "cb.tuphap", role=accounts.OFFICER, authority=authority)
    assert deciding.get(f"/console/dossiers/{code}/scans/{card_sha}").status_code == 200
    assert _audit(city)[-1] == ("cb.tuphap", "scan_viewed", f"dossier {code}")
