"""The console's accounts of the points, back office and review, over HTTP against the real server on
127.0.0.1 (SQLite and PostgreSQL) with real desks that sync: who may do what, what is shown once, what
travels to the desks, and that a decision is recorded and never edits a stored row."""

from __future__ import annotations

import re
import subprocess

import pytest
from sqlalchemy import func, select

from desk_app.domain.errors import PasswordChangeRequired
from desk_app.domain.model import EventKind
from sync.server import desk_accounts, devices, tables
from sync.server.console import accounts, audit
from sync.transport import PermanentError
from tests.conftest import request
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.console_helpers import Console, add_account, desk_at, enrolled, logged_in

CITY_PROCEDURE = "1.012791"  # decided by a city department (authority "01")
_TEMP = re.compile(r'id="temporary">([a-z0-9-]+)<')


@pytest.fixture
def published(city):
    city.publish_reference()
    return city


def officer_in(city, username: str, authority: str, name: str = "Vũ Thị Sở") -> Console:
    """A back-office officer logged in: their home is their authority's dossiers."""
    add_account(city, username, role=accounts.OFFICER, authority=authority, name=name)
    console = Console(city.base_url)
    assert console.login(username).url.endswith("/console/back-office")
    return console


def _actions(city, action: str) -> list[dict]:
    with city.db.read() as conn:
        return [dict(r) for r in conn.execute(select(tables.console_audit).where(
            tables.console_audit.c.action == action)).mappings()]


# --- accounts of the points ---------------------------------------------------------------------------

def test_an_account_made_in_the_console_shows_its_temporary_password_once_and_reaches_the_desk(
        published, seeded_template, tmp_path):
    city = published
    admin = logged_in(city, "quantri")
    page = admin.form("/console/clerks", "/console/clerks", {"username": "lan", "full_name": "Lê Thị Lan",
                                                              "role": "clerk", "unit_code": MINH_CHAU})
    assert page.status_code == 200
    temporary = _TEMP.search(page.text).group(1)
    assert "Tạm, chờ đổi ở máy" in page.text
    assert temporary not in admin.get("/console/clerks").text  # shown once
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    enrolled(desk, city, MINH_CHAU).sync_once()
    with pytest.raises(PasswordChangeRequired):
        desk.accounts.authenticate("lan", temporary)
    assert _actions(city, "clerk_created")[0]["target"] == "lan"
    desk.close()


def test_a_supervisor_manages_their_own_points_accounts_only(published):
    city = published
    with city.db.write() as conn:
        desk_accounts.create(conn, "hoa", "Ba Đình Hoa", BA_DINH, "clerk", "tam-thoi-123")
    boss = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    assert "hoa" not in boss.get("/console/clerks?unit=" + BA_DINH).text
    refused = boss.form("/console/clerks", "/console/clerks", {"username": "lan", "full_name": "Lan", "role": "clerk",
                                                                "unit_code": BA_DINH})
    assert refused.status_code == 403
    assert boss.form("/console/clerks", "/console/clerks/hoa/active", {"active": "0"}).status_code == 404
    with city.db.read() as conn:
        assert desk_accounts.find(conn, "lan") is None and desk_accounts.find(conn, "hoa").active
    made = boss.form("/console/clerks", "/console/clerks", {"username": "lan", "full_name": "Lan", "role": "supervisor",
                                                             "unit_code": MINH_CHAU})
    assert made.status_code == 200 and _TEMP.search(made.text)


def test_reset_and_disable_from_the_console_and_bad_input_in_vietnamese(published):
    city = published
    admin = logged_in(city, "quantri")
    with city.db.write() as conn:
        desk_accounts.create(conn, "lan", "Lê Thị Lan", MINH_CHAU, "clerk", "da-dat-roi-1", must_change=False)
    reset = admin.form("/console/clerks", "/console/clerks/lan/reset", {})
    assert _TEMP.search(reset.text)
    admin.form("/console/clerks", "/console/clerks/lan/active", {"active": "0"})
    with city.db.read() as conn:
        found = desk_accounts.find(conn, "lan")
    assert found.must_change and not found.active and found.password_gen == 2
    bad = admin.form("/console/clerks", "/console/clerks", {"username": "Lan Anh", "full_name": "Lan", "role": "clerk",
                                                             "unit_code": MINH_CHAU})
    assert bad.status_code == 400 and "Tên đăng nhập phải dài" in bad.text


def test_a_form_posted_without_its_csrf_token_changes_nothing(published):
    city = published
    admin = logged_in(city, "quantri")
    with city.db.write() as conn:
        desk_accounts.create(conn, "lan", "Lê Thị Lan", MINH_CHAU, "clerk", "da-dat-roi-1", must_change=False)
    for path, data in (("/console/clerks", {"username": "hai", "full_name": "Hai", "role": "clerk",
                                            "unit_code": MINH_CHAU}),
                       ("/console/clerks/lan/reset", {}), ("/console/clerks/lan/active", {"active": "0"})):
        assert admin.post(path, data).status_code == 403
    with city.db.read() as conn:
        found = desk_accounts.find(conn, "lan")
        assert desk_accounts.find(conn, "hai") is None
    assert found.active and found.password_gen == 1 and not found.must_change


# --- back office --------------------------------------------------------------------------------------

def _transferred_dossier(city, seeded_template, tmp_path):
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    client = enrolled(desk, city, MINH_CHAU)
    moved = desk.dossiers.receive(request(CITY_PROCEDURE, name="Đỗ Thị Hạnh"), "clerk").dossier
    kept = desk.dossiers.receive(request(CITY_PROCEDURE, name="Ngô Văn Kiên"), "clerk").dossier
    desk.dossiers.apply(moved.code, EventKind.TRANSFERRED, {}, "clerk")
    client.sync_once()
    return desk, client, moved, kept


def test_an_officer_records_the_authoritys_steps_and_the_refusal_prints_at_the_desk(
        published, seeded_template, tmp_path):
    city = published
    desk, client, moved, kept = _transferred_dossier(city, seeded_template, tmp_path)
    officer = officer_in(city, "sotp", "01")
    inbox = officer.get("/console/back-office").text  # the officer's home after log-in
    assert moved.code in inbox and kept.code not in inbox  # only what the point transferred
    page = f"/console/back-office/{moved.dossier_id}"
    assert officer.form(page, page, {"kind": "authority_received"}).status_code == 200
    no_reason = officer.form(page, page, {"kind": "refused", "reason": " "})
    assert no_reason.status_code == 400 and "cần ghi rõ lý do" in no_reason.text
    done = officer.form(page, page, {"kind": "refused", "reason": "Hồ sơ không đủ điều kiện cấp phép"})
    assert "Đã ghi: Từ chối giải quyết" in done.text
    again = officer.form(page, page, {"kind": "result_ready"})
    assert again.status_code == 400 and "Từ chối tiếp nhận" in again.text  # closed: a clear refusal

    client.sync_once()
    got = desk.dossiers.get(moved.dossier_id)
    assert got.status == "refused"
    assert [e.kind for e in got.history][-2:] == [EventKind.AUTHORITY_RECEIVED, EventKind.REFUSED]
    pdf = tmp_path / "refusal.pdf"
    pdf.write_bytes(desk.print_form("refusal", moved.code, "clerk"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Hồ sơ không đủ điều kiện cấp phép" in text and moved.code in text
    steps = [e["details"] for e in _actions(city, "back_office_step")]
    assert len(steps) == 2 and '"kind":"refused"' in steps[-1]  # who recorded what, in the audit log
    desk.close()


def test_an_officer_sees_only_dossiers_transferred_to_their_authority(published, seeded_template, tmp_path):
    city = published
    desk, _client, moved, kept = _transferred_dossier(city, seeded_template, tmp_path)
    other = officer_in(city, "phuong", BA_DINH)
    assert moved.code not in other.get("/console/back-office").text
    page = f"/console/back-office/{moved.dossier_id}"
    assert other.get(page).status_code == 404
    assert other.post(page, {"csrf": other.token("/console/back-office"), "kind": "result_ready"}).status_code == 404
    officer = officer_in(city, "sotp", "01")
    assert officer.get(f"/console/back-office/{kept.dossier_id}").status_code == 404  # not transferred
    assert officer.post(page, {"kind": "result_ready"}).status_code == 403  # no CSRF token
    with city.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(tables.events).where(
            tables.events.c.kind == "result_ready")).scalar_one() == 0
    desk.close()


# --- review -------------------------------------------------------------------------------------------

def _held_step(city, seeded_template, tmp_path):
    """A Minh Châu desk whose device was revoked after its result-ready step: the push is held."""
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    client = enrolled(desk, city, MINH_CHAU)
    dossier = desk.dossiers.receive(request(name="Lý Thị Mai"), "clerk").dossier
    client.sync_once()
    desk.dossiers.apply(dossier.code, EventKind.RESULT_READY, {"note": "Đã ký"}, "clerk")
    with city.db.write() as conn:
        devices.revoke(conn, client.state().device_id)
    with pytest.raises(PermanentError):
        client.sync_once()
    with city.db.read() as conn:
        held = conn.execute(select(tables.quarantine.c.id)).scalar_one()
    return desk, dossier, held


def test_a_held_event_accepted_in_review_becomes_a_new_event_and_the_decision_is_kept(
        published, seeded_template, tmp_path):
    city = published
    desk, _dossier, held = _held_step(city, seeded_template, tmp_path)
    admin = logged_in(city, "quantri")
    listing = admin.get("/console/review").text
    assert f'data-held="{held}"' in listing and "Chờ quyết định" in listing
    page = f"/console/review/held/{held}"
    side = admin.get(page).text
    assert "Đã ký" in side and "Tiếp nhận" in side  # the held step beside the dossier's accepted events
    assert admin.form(page, page, {"decision": "accept", "reason": ""}).status_code == 400
    decided = admin.form(page, page, {"decision": "accept", "reason": "Máy bị thu hồi nhầm; bước đúng"})
    assert "Đã chấp nhận thành sự kiện mới" in decided.text
    with city.db.read() as conn:
        status = conn.execute(select(tables.dossiers.c.status)).scalar_one()
        kept = conn.execute(select(func.count()).select_from(tables.quarantine)).scalar_one()
        _ok, problems = audit.verify(conn)
    assert status == "result_ready" and kept == 1 and not problems  # the held row stays as it was
    entry = _actions(city, "review_accepted")[0]
    assert entry["target"] == f"quarantine:{held}" and "Máy bị thu hồi nhầm" in entry["details"]
    assert admin.form(page, page, {"decision": "dismiss", "reason": "lần hai"}).status_code == 409
    desk.close()


def test_a_dismissal_needs_a_reason_stores_no_event_and_needs_its_csrf_token(published, seeded_template, tmp_path):
    city = published
    desk, _dossier, held = _held_step(city, seeded_template, tmp_path)
    admin = logged_in(city, "quantri")
    page = f"/console/review/held/{held}"
    assert admin.post(page, {"decision": "dismiss", "reason": "trùng"}).status_code == 403
    assert not _actions(city, "review_dismissed")
    admin.form(page, page, {"decision": "dismiss", "reason": "Bàn đã ghi lại bước này"})
    assert "Đã bỏ qua" in admin.get("/console/review").text
    with city.db.read() as conn:
        assert conn.execute(select(tables.dossiers.c.status)).scalar_one() == "received"
    other = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=BA_DINH)
    assert other.get(page).status_code == 404 and f'data-held="{held}"' not in other.get("/console/review").text
    desk.close()


def test_a_conflict_is_concluded_with_a_reason_in_the_audit_log(published, seeded_template, tmp_path):
    city = published
    a = desk_at(seeded_template, tmp_path, MINH_CHAU)
    b = desk_at(seeded_template, tmp_path, MINH_CHAU, desk_no=2)
    ca, cb = enrolled(a, city, MINH_CHAU), enrolled(b, city, MINH_CHAU, "Bàn 2")
    code = a.dossiers.receive(request(name="Phan Văn Tú"), "clerk").dossier.code
    ca.sync_once()
    cb.sync_once()
    a.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    b.dossiers.apply(code, EventKind.REFUSED, {"reason": "Thiếu giấy tờ"}, "clerk")
    ca.sync_once()
    cb.sync_once()
    admin = logged_in(city, "quantri")
    listing = admin.get("/console/review").text
    assert code in listing and "Chờ kết luận" in listing
    with city.db.read() as conn:
        dossier_id = conn.execute(select(tables.dossiers.c.id)).scalar_one()
    page = f"/console/review/dossier/{dossier_id}"
    assert "xung đột: không áp dụng" in admin.get(page).text
    concluded = admin.form(page, page, {"reason": "Đã gọi điện: giữ kết quả, bàn 2 ghi nhầm"})
    assert "Đã kết luận bởi" in concluded.text and "giữ kết quả" in concluded.text
    assert _actions(city, "review_conflict")[0]["target"] == f"dossier:{dossier_id}"
    a.close()
    b.close()


def test_officers_and_other_roles_are_kept_out_of_pages_not_theirs(published):
    city = published
    officer = officer_in(city, "sotp", "01")
    for path in ("/console/clerks", "/console/review"):
        assert officer.get(path).status_code == 403
    admin = logged_in(city, "quantri")
    assert admin.get("/console/back-office").status_code == 403
    assert Console(city.base_url).get("/console/review").url.endswith("/console/login")  # not logged in


# --- devices: the enrollment code's QR ---------------------------------------------------------------

def test_a_new_enrollment_code_is_shown_once_with_a_qr_the_desk_enrolls_from(published, seeded_template, tmp_path):
    from sync.enrollment import enroll_desk
    from sync.protocol import enrollment_qr, read_enrollment_qr
    from sync.server.console.admin_pages import enrollment_svg

    city = published
    admin = logged_in(city, "quantri")
    page = admin.form("/console/devices", "/console/devices", {"unit_code": MINH_CHAU, "label": "Bàn 3"}).text
    code = re.search(r'<p class="code">([A-Z0-9-]+)</p>', page).group(1)
    src = re.search(r'id="enroll-qr" src="([^"]+)"', page).group(1)
    assert src.startswith("data:image/svg+xml;base64,")
    assert src == enrollment_svg(city.settings.public_url, code)  # the QR holds the address and this code
    assert 'id="enroll-qr"' not in admin.get("/console/devices").text  # shown once
    assert read_enrollment_qr(enrollment_qr("http://127.0.0.1:1", code)) == ("http://127.0.0.1:1", code)
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    state = enroll_desk(desk, "", enrollment_qr(city.base_url, code), actor="giamsat")
    assert state.enrolled and state.unit_code == MINH_CHAU
    desk.close()
