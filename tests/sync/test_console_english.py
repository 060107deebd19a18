"""The console in English: every string the templates and handlers show has an English entry in the one
catalogue, ?lang=en switches (and a cookie keeps it), Vietnamese stays the default, refusals and errors
come in the viewer's language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from desk_app.domain.lifecycle import ACTION_LABELS_VI
from sync.server import desk_accounts, refdata
from sync.server.console import accounts, audit, back_office, reference_pages, report_pages, review, sign_in
from sync.server.console.catalogue_en import EN
from tests.conftest import request
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.console_helpers import desk_at, enrolled, logged_in
from tests.sync.helpers import sync_until_done
from tests.sync.scan_helpers import attach, remove, scan_city, scan_pdf

CONSOLE = Path(sign_in.__file__).resolve().parent
_CALL = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")


def _shown_strings() -> set[str]:
    """Every literal given to _() in the templates and the console's code, the Vietnamese that a handler
    passes to forbidden(), and the labels that reach _() through a variable."""
    found = set()
    for template in (CONSOLE / "templates").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        found |= {a or b for a, b in _CALL.findall(text)}
        for columns in re.findall(r"\{% set columns = \[(.*?)\] %\}", text, re.S):
            found |= set(re.findall(r'\("\w+", "([^"]+)"\)', columns))
    for module in CONSOLE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
                index = {"_": 0, "forbidden": 1}.get(node.func.id)
                if index is not None and len(node.args) > index and isinstance(node.args[index], ast.Constant):
                    found.add(node.args[index].value)
    found |= set(accounts.ROLE_LABELS.values()) | set(audit.ACTION_LABELS.values()) | set(audit._REASONS.values())
    found |= set(sign_in._REFUSALS.values()) | {label for _key, label in report_pages.COLUMNS}
    for labels in (refdata.KIND_LABELS, refdata.DAY_KIND_LABELS, refdata.UNIT_KINDS, refdata.FIELD_LABELS,
                   reference_pages.RULE_KINDS, reference_pages.AUTHORITY_LEVELS, back_office.STEP_LABELS,
                   review.REASONS, desk_accounts.ROLES, ACTION_LABELS_VI):
        found |= set(labels.values())
    return found


def test_every_string_the_console_shows_has_an_english_entry():
    shown = _shown_strings()
    assert len(shown) > 200
    missing = sorted(s for s in shown if s not in EN)
    assert not missing, missing
    placeholders = {s: (set(re.findall(r"\{(\w*)\}", s)), set(re.findall(r"\{(\w*)\}", EN[s]))) for s in shown}
    assert all(vi == en for vi, en in placeholders.values()), [s for s, (vi, en) in placeholders.items() if vi != en]


def test_vietnamese_is_the_default_and_lang_en_switches_and_sticks(city):
    city.publish_reference()
    admin = logged_in(city, "quantri")
    page = admin.get("/console/dashboard").text
    assert '<html lang="vi">' in page and "Các điểm tiếp nhận" in page and 'href="/console/dashboard?lang=en"' in page
    english = admin.get("/console/dashboard?kind=xa&lang=en")
    assert '<html lang="en">' in english.text and "Reception points" in english.text
    assert "Received today" in english.text and "Các điểm tiếp nhận" not in english.text
    assert 'href="/console/dashboard?kind=xa&amp;lang=vi"' in english.text  # the same page, back in Vietnamese
    for path in ("/console/reports", f"/console/points/{MINH_CHAU}", "/console/devices", "/console/accounts",
                 "/console/audit", "/console/messages"):
        shown = admin.get(path).text
        assert '<html lang="en">' in shown and "Log out" in shown, path
        assert "Đăng xuất" not in shown and "Tiếng Việt" in shown, path
    assert ">English</a>" in admin.get("/console/reports?lang=vi").text
    assert '<html lang="vi">' in admin.get("/console/dashboard").text  # and that sticks too


def test_refusals_and_bad_input_come_in_the_viewers_language(city):
    city.publish_reference()
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    refused = supervisor.get(f"/console/reports?point={BA_DINH}&lang=en")
    assert refused.status_code == 403 and "Your account may see its own reception point only." in refused.text
    bad = supervisor.get("/console/reports?period=2026-13")
    assert "There is no month 13; months are 01–12. Showing last month." in bad.text
    login = supervisor.post("/console/login", {"csrf": "x"})
    assert login.status_code == 403 and "anti-forgery token" in login.text


def test_the_reference_and_centre_pages_speak_english_too(city):
    """The pages merged with the switch (reference data, the points' staff, review) have no Vietnamese left in
    their own wording when English is chosen; unit and procedure names are data and stay."""
    city.publish_reference()
    admin = logged_in(city, "quantri")
    shown = {
        "/console/catalogue?lang=en": ("Procedure catalogue", "Search by code, name or field", "In force from"),
        "/console/catalogue/import": ("Import the procedure catalogue from a CSV or XLSX file", "Accepted columns"),
        "/console/calendar": ("Holidays, compensatory days off and make-up days in", "Add a day"),
        "/console/wording": ("Wording of the printed forms", "Wording set"),
        "/console/units": ("Administrative units (reception points)", "Add or edit a unit", "Commune"),
        "/console/clerks": ("Accounts of the points&#39; staff", "Create an account for a point"),
        "/console/review": ("Review held events and conflicts", "No event is held."),
    }
    for path, texts in shown.items():
        page = admin.get(path).text
        assert all(t in page for t in texts), (path, [t for t in texts if t not in page])
        for vietnamese in ("Dữ liệu dùng chung", "Tìm theo mã", "Thêm một ngày", "Bộ lời văn", "Chưa lưu",
                           "Tạo tài khoản cho một điểm", "Xem xét", "Hiệu lực từ", "Loại", "Cán bộ các điểm"):
            assert vietnamese not in page, (path, vietnamese)
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    refused = supervisor.get("/console/catalogue?lang=en")
    assert refused.status_code == 403 and "Only a city administrator may edit and publish" in refused.text
    bad = admin.form("/console/units", "/console/units", {"code": "12", "kind": "xa", "name": "Xã Mới"})
    assert bad.status_code == 400 and "Not saved: field 'code'" in bad.text


def test_the_fees_and_scans_pages_speak_english_too(db_url, seeded_template, tmp_path):
    """The fee-collection page and a dossier's scans (merged after the switch) have no Vietnamese interface
    text left in English, their refusals and missing pages included, and read as before in Vietnamese."""
    city = scan_city(db_url, tmp_path)
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    try:
        city.publish_reference()
        client = enrolled(desk, city, MINH_CHAU)
        code = desk.dossiers.receive(request("2.001019", name="Nguyễn Văn An"), "canbo1").dossier.code
        desk.pay(code, "cash", "canbo1")
        attach(desk, code, scan_pdf(20_000, seed=1), document="Căn cước công dân")
        wrong = attach(desk, code, scan_pdf(20_000, seed=2), document="Giấy chứng sinh")
        remove(desk, code, wrong, document="Giấy chứng sinh", reason="Quét nhầm hồ sơ khác")
        sync_until_done(client)
        admin = logged_in(city, "quantri")
        fees = admin.get(f"/console/fees?unit={MINH_CHAU}&days=1&lang=en").text
        scans = admin.get(f"/console/dossiers/{code}/scans").text
        vietnamese = admin.get(f"/console/dossiers/{code}/scans?lang=vi").text
        missing = admin.get("/console/dossiers/KHONG-CO/scans?lang=en")
        no_scan = admin.get(f"/console/dossiers/{code}/scans/{'0' * 64}?lang=en")
        audit_log = admin.get("/console/audit?lang=en").text
        refused = logged_in(city, "ld.badinh", role=accounts.SUPERVISOR, unit=BA_DINH).get(
            f"/console/dossiers/{code}/scans?lang=en")
        officer = logged_in(city, "cb.khac", role=accounts.OFFICER, authority="99999").get("/console/fees?lang=en")
    finally:
        desk.close()
        city.stop()
        city.db.close()
    assert all(t in fees for t in ("Fees and charges", "(today)", "Time span", "Receipts", "Cash (VND)",
                                   "Bank transfer (VND)", "Total collected (VND)", ">Total</th>", "50.000"))
    assert all(t in scans for t in (f"Scans of dossier {code}", "Scans are personal data: every look",
                                    "Removed: Quét nhầm hồ sơ khác", "Căn cước công dân", "Attached"))
    assert "Received by the city" in scans or "Waiting for the point&#39;s desk" in scans
    for page in (fees, scans):
        for text in ("Thu phí", "hôm nay", "Hôm nay", "ngày", "Khoảng thời gian", "Biên lai", "Huỷ, hoàn",
                     "Tiền mặt", "Chuyển khoản", "Tổng thu", "Cộng", "Theo bảng kê", "Số liệu", "Bản quét",
                     "dữ liệu cá nhân", "Giấy tờ", "Số trang", "Dung lượng", "Đính kèm", "Tình trạng",
                     "Đã gỡ", "Đã về thành phố", "Đang chờ", "Điểm tiếp nhận", "Đăng xuất"):
            assert text not in page, text
    assert f"<h1>Bản quét hồ sơ {code}</h1>" in vietnamese and "Đã gỡ: Quét nhầm hồ sơ khác" in vietnamese
    assert missing.status_code == 404 and "There is no dossier «KHONG-CO» on the city server." in missing.text
    assert no_scan.status_code == 404 and "This dossier has no such scan." in no_scan.text
    assert refused.status_code == 403 and "Scans are personal data: only an account that may see" in refused.text
    assert officer.status_code == 403
    assert "The fees page is for city administrators and point supervisors." in officer.text
    assert "Listed a dossier&#39;s scans" in audit_log and "Xem danh sách bản quét" not in audit_log
