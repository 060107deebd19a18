"""Reference data in the city console over real HTTP, on SQLite and PostgreSQL: a procedure edited as a
draft (checked by the catalogue's own schema, kept across a restart, compared with what is published),
published as the next bundle a desk pulls; the national list imported all or nothing; the calendar,
the form wording and the units likewise; only a city administrator, only with the form's token."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from datetime import date, timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desk_app.domain.catalogue import ProcedureDefinition, definition_from_json
from sync.server import refdata, reference, tables
from sync.server.console import accounts, audit
from sync.server.db import CityDB
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.sync.console_helpers import logged_in

CODE = "1.004873"  # the marital status certificate: 3 working days


@pytest.fixture
def published_city(city):
    city.publish_reference()
    return city


def _bundle(city, version: int | None = None) -> dict:
    with city.db.read() as conn:
        return json.loads(reference.bundle_json(conn, version or reference.current_version(conn)))


def _version(city) -> int:
    with city.db.read() as conn:
        return reference.current_version(conn)


def _definitions(bundle: dict, code: str) -> list:
    return sorted((d for d in map(definition_from_json, bundle["procedures"]) if d.code == code),
                  key=lambda d: d.version)


def _latest(city, code: str = CODE) -> ProcedureDefinition:
    """The newest published version of `code`: the files shipped v1, then v2 with fee rules (issue 11), and
    may ship more; an edit in the console becomes the one after it."""
    return _definitions(_bundle(city), code)[-1]


def _form(console, code: str = CODE) -> dict[str, str]:
    """The edit form's fields as the page filled them."""
    page = console.get(f"/console/catalogue/{code}").text
    inputs = re.findall(r'<input id="(\w+)" name="\w+"[^>]*? value="([^"]*)"', page)
    values = {name: _unescape(value) for name, value in inputs}
    for name in ("documents", "rest"):
        values[name] = _unescape(re.search(rf'<textarea id="{name}"[^>]*>(.*?)</textarea>', page, re.S).group(1))
    values["rule_kind"] = re.search(r'<option value="(\w+)" selected>', page).group(1)
    return values


def _unescape(text: str) -> str:
    return html.unescape(text)


def _drafts(city) -> list[refdata.Draft]:
    with city.db.read() as conn:
        return refdata.drafts(conn)


def _actions(city) -> list[str]:
    with city.db.read() as conn:
        return [e["action"] for e in audit.recent(conn)][::-1]


def test_a_procedure_edit_is_a_draft_that_survives_a_restart_and_publishes_as_the_next_version(published_city):
    city = published_city
    console = logged_in(city, "quantri")
    before = _version(city)
    latest = _latest(city).version
    values = _form(console)
    assert values["rule_kind"] == "working_days" and values["rule_days"] == "3"
    today = refdata.today()
    values.update(name="Cấp Giấy xác nhận tình trạng hôn nhân (sửa)", rule_days="5",
                  effective_from=today.isoformat())
    answer = console.form(f"/console/catalogue/{CODE}", f"/console/catalogue/{CODE}", values)
    assert answer.status_code == 200, answer.text
    assert f"Đã lưu bản sửa v{latest + 1}" in answer.text
    diff = re.search(r'<section class="card" id="diff".*?</section>', answer.text, re.S).group(0)
    assert "time_rule" in diff and "working_days:3" in diff and "working_days:5" in diff
    assert "(sửa)" in diff and "documents" not in diff  # only what changed
    assert _version(city) == before  # saved, not published

    # The server restarts: the draft is still there.
    city.stop()
    city.db.close()
    restarted = CityServer(city.db_url, city.log_path).start()
    try:
        console = logged_in(restarted, "quantri2")
        page = console.get(f"/console/catalogue/{CODE}").text
        assert 'id="diff"' in page and "working_days:5" in page
        assert "Bản sửa chờ phát hành (thủ tục): 1" in page
        answer = console.form("/console/catalogue", "/console/reference/publish", {"kind": "procedure"})
        assert answer.url.endswith(f"/console/catalogue?published={before + 1}")
        assert f"phiên bản {before + 1}" in answer.text
        versions = _definitions(_bundle(restarted), CODE)
        assert [(d.version, d.time_rule) for d in versions[-2:]] == [(latest, "working_days:3"),
                                                                     (latest + 1, "working_days:5")]
        assert versions[-1].effective_from == today and versions[-1].name.endswith("(sửa)")
        assert versions[-1].fee == versions[-2].fee  # a format-2 fee rule goes through the form whole
        assert len(_bundle(restarted)["procedures"]) == len(_bundle(restarted, before)["procedures"]) + 1
        assert _drafts(restarted) == []
        assert _actions(restarted)[-1] == "reference_published"
        assert "reference_draft_saved" in _actions(restarted)
        with restarted.db.read() as conn:
            assert audit.verify(conn)[1] == []
    finally:
        restarted.stop()
        restarted.db.close()


@pytest.mark.parametrize(("change", "field", "reason"), [
    ({"rule_days": "0"}, "time_rule", "quy tắc thời hạn không hợp lệ"),
    ({"name": "   "}, "name", "không được để trống"),
    ({"documents": "Tờ khai (Bản chính: một - Bản sao: 0)"}, "documents", "phải là số nguyên không âm"),
    ({"rest": '{"fee": {"amount_vnd": -5, "unit": "hồ sơ", "text": "x"}}'}, "fee.amount_vnd",
     "phải là số nguyên không âm"),
    ({"rest": '{"fee": 1,'}, "", "JSON"),
    # The latest version's own day: later than v1's, so refused only if compared with the latest.
    ({"effective_from": "{latest_day}"}, "effective_from", "phải sau ngày hiệu lực của v{latest} ({latest_dmy})"),
])
def test_an_invalid_edit_names_the_file_field_and_reason_and_saves_nothing(published_city, change, field, reason):
    latest = _latest(published_city)
    known = {"latest": latest.version, "latest_day": latest.effective_from.isoformat(),
             "latest_dmy": f"{latest.effective_from:%d/%m/%Y}"}
    change = {k: v.format(**known) if v.startswith("{latest") else v for k, v in change.items()}
    reason = reason.format(**known)
    console = logged_in(published_city, "quantri")
    values = {**_form(console), "effective_from": refdata.today().isoformat(), **change}
    answer = console.form(f"/console/catalogue/{CODE}", f"/console/catalogue/{CODE}", values)
    assert answer.status_code == 400
    alert = _unescape(re.search(r'id="form-error">(.*?)</div>', answer.text, re.S).group(1))
    assert f"forms/procedures/{CODE}/v{latest.version + 1}.json" in alert and reason in alert
    if field:
        assert f"trường '{field}'" in alert
    assert 'aria-invalid="true"' in answer.text
    assert _drafts(published_city) == []
    assert "reference_draft_saved" not in _actions(published_city)


def test_an_unchanged_edit_is_refused(published_city):
    console = logged_in(published_city, "quantri")
    values = {**_form(console), "effective_from": refdata.today().isoformat()}
    answer = console.form(f"/console/catalogue/{CODE}", f"/console/catalogue/{CODE}", values)
    latest = _latest(published_city).version
    assert answer.status_code == 400 and f"không có thay đổi nào so với v{latest}" in _unescape(answer.text)


def _table(rows: list[list[str]], kind: str) -> tuple[str, bytes, str]:
    headers = ["STT", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Thời hạn giải quyết", "Phí, lệ phí",
               "Thành phần hồ sơ", "Căn cứ pháp lý", "Nguồn"]
    if kind == "csv":
        out = io.StringIO()
        csv.writer(out).writerows([headers, *rows])
        return "danh-muc.csv", out.getvalue().encode("utf-8"), "text/csv"
    book = Workbook()
    for row in [headers, *rows]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    return "danh-muc.xlsx", data.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _row(number: int, code: str, time_text: str = "5 ngày làm việc",
         docs: str = "Tờ khai (Bản chính: 1 - Bản sao: 0) [mẫu]") -> list[str]:
    return [str(number), code, f"Thủ tục thử {code}", "Hộ tịch", "Cấp xã", time_text, "Miễn phí", docs,
            "Luật Hộ tịch 2014", "Quyết định công bố thử"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_import_with_a_bad_row_imports_nothing_and_names_its_line(published_city, kind):
    shipped = [d.version for d in _definitions(_bundle(published_city), CODE)]
    console = logged_in(published_city, "quantri")
    rows = [_row(1, "1.999001"), _row(2, "1.999002", docs="Tờ khai (Bản chính: hai - Bản sao: 0)"), _row(3, "1.999003")]
    name, data, mime = _table(rows, kind)
    token = console.token("/console/catalogue/import")
    answer = console.http.post(console.base + "/console/catalogue/import", timeout=30,
                               data={"csrf": token, "effective_from": refdata.today().isoformat()},
                               files={"file": (name, data, mime)})
    assert answer.status_code == 400
    errors = _unescape(re.search(r'<ul id="import-errors">(.*?)</ul>', answer.text, re.S).group(1))
    assert "Dòng 3, cột «Thành phần hồ sơ»" in errors and "không nhập thủ tục nào" in _unescape(answer.text)
    assert _drafts(published_city) == []

    good = [_row(1, "1.999001"), _row(2, "1.999002", time_text="10 ngày làm việc"), _row(3, CODE)]
    name, data, mime = _table(good, kind)
    answer = console.http.post(console.base + "/console/catalogue/import", timeout=30,
                               data={"csrf": token, "effective_from": refdata.today().isoformat()},
                               files={"file": (name, data, mime)})
    assert answer.status_code == 200, answer.text
    assert {(d.kind, d.key) for d in _drafts(published_city)} == {
        ("procedure", "1.999001"), ("procedure", "1.999002"), ("procedure", CODE)}
    console.form("/console/catalogue", "/console/reference/publish", {"kind": "procedure"})
    bundle = _bundle(published_city)
    assert [d.time_rule for d in _definitions(bundle, "1.999002")] == ["working_days:10"]
    assert [d.version for d in _definitions(bundle, CODE)] == [*shipped, shipped[-1] + 1]
    assert _actions(published_city)[-3:] == ["catalogue_import_refused", "catalogue_imported", "reference_published"]


def test_a_calendar_edit_for_the_coming_year_is_published_whole(published_city):
    city = published_city
    console = logged_in(city, "quantri")
    year = refdata.today().year + 1
    page = f"/console/calendar?year={year}"
    bad = console.form(page, f"/console/calendar/{year}/add",
                       {"date": f"{year}-01-05", "kind": "makeup_working_day", "name": "Làm bù"})
    weekday = date(year, 1, 5).weekday() < 5
    if weekday:
        assert bad.status_code == 400 and "ngày làm bù phải là thứ Bảy hoặc Chủ nhật" in _unescape(bad.text)
    monday = date(year, 3, 1) + timedelta(days=-date(year, 3, 1).weekday() + 7)
    saturday = monday - timedelta(days=2)
    for day, kind, name in ((monday, "substituted_day_off", "Nghỉ hoán đổi thử"),
                            (saturday, "makeup_working_day", "Làm bù cho ngày nghỉ hoán đổi")):
        answer = console.form(page, f"/console/calendar/{year}/add", {"date": day.isoformat(), "kind": kind,
                                                                      "name": name})
        assert answer.status_code == 200 and f'data-day="{day.isoformat()}" class="added"' in answer.text
    twice = console.form(page, f"/console/calendar/{year}/add", {"date": monday.isoformat(), "kind": "holiday",
                                                                 "name": "Lặp"})
    assert twice.status_code == 400 and "đã có trong lịch" in _unescape(twice.text)
    assert console.form(page, f"/console/calendar/{year - 5}/add", {"date": f"{year - 5}-03-03", "kind": "holiday",
                                                                    "name": "Cũ"}).status_code == 403
    answer = console.form(page, "/console/reference/publish", {"kind": "holidays"})
    assert answer.url.endswith(f"/console/calendar?published={_version(city)}")
    holidays = _bundle(city)["holidays"]
    assert [monday.isoformat(), "substituted_day_off", "Nghỉ hoán đổi thử"] in holidays
    assert [saturday.isoformat(), "makeup_working_day", "Làm bù cho ngày nghỉ hoán đổi"] in holidays
    assert len(holidays) == len(_bundle(city, 1)["holidays"]) + 2  # earlier years kept

    fixed = console.form(page, f"/console/calendar/{year}/fixed", {})
    assert fixed.status_code == 200
    assert all(f'data-day="{year}-{day}" class="added"' in fixed.text for day in ("01-01", "04-30", "05-01", "09-02"))


def test_a_wording_edit_is_checked_by_the_desks_schema_and_published(published_city):
    console = logged_in(published_city, "quantri")
    page = "/console/wording/tt03_2025"
    text = _unescape(re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', console.get(page).text, re.S).group(1))
    assert '"version": 2' in text
    broken = text.replace("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "GIẤY TIẾP NHẬN {ho_ten}")
    answer = console.form(page, page, {"text": broken})
    assert answer.status_code == 400
    assert "forms.receipt.title" in _unescape(answer.text) and "ho_ten" in _unescape(answer.text)
    assert _drafts(published_city) == []
    fixed = text.replace("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (MỚI)")
    answer = console.form(page, page, {"text": fixed})
    assert answer.status_code == 200 and "forms.receipt.title" in answer.text
    console.form("/console/wording", "/console/reference/publish", {"kind": "wording"})
    published = [json.loads(t) for t in _bundle(published_city)["wording"]]
    assert {(w["set"], w["version"]) for w in published} >= {("tt03_2025", 1), ("tt03_2025", 2)}


def test_a_unit_edit_is_published_and_becomes_the_servers_unit_list(published_city):
    console = logged_in(published_city, "quantri")
    bad = console.form("/console/units", "/console/units", {"code": "1234", "kind": "xa", "name": "Xã Thử"})
    assert bad.status_code == 400 and "5 chữ số" in _unescape(bad.text)
    console.form("/console/units", "/console/units", {"code": MINH_CHAU, "kind": "xa", "name": "Xã Minh Châu Mới"})
    console.form("/console/units", "/console/reference/publish", {"kind": "unit"})
    with published_city.db.read() as conn:
        name = conn.execute(select(tables.units.c.name).where(tables.units.c.code == MINH_CHAU)).scalar_one()
        count = conn.execute(select(func.count()).select_from(tables.units)).scalar_one()
    assert name == "Xã Minh Châu Mới" and count == 126
    [row] = [u for u in _bundle(published_city)["units"] if u["code"] == MINH_CHAU]
    assert row["name_en"] == "Minh Chau Commune"  # left blank on the form: kept


def test_a_supervisor_gets_403_and_a_form_without_its_token_changes_nothing(published_city):
    city = published_city
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    for path in ("/console/catalogue", f"/console/catalogue/{CODE}", "/console/catalogue/import", "/console/calendar",
                 "/console/wording", "/console/wording/tt03_2025", "/console/units"):
        assert supervisor.get(path).status_code == 403, path
    token = supervisor.token("/console/dashboard")
    for path, data in ((f"/console/catalogue/{CODE}", {"name": "x"}), ("/console/reference/publish", {"kind": "unit"}),
                       ("/console/units", {"code": "99999", "kind": "xa", "name": "Xã Lạ"})):
        assert supervisor.post(path, {"csrf": token, **data}).status_code == 403, path
    admin = logged_in(city, "quantri")
    values = {**_form(admin), "rule_days": "9", "effective_from": refdata.today().isoformat()}
    assert admin.post(f"/console/catalogue/{CODE}", values).status_code == 403  # no csrf field at all
    assert admin.post(f"/console/catalogue/{CODE}", {**values, "csrf": "forged"}).status_code == 403
    assert admin.post("/console/units", {"code": "99999", "kind": "xa", "name": "Xã Lạ"}).status_code == 403
    assert _drafts(city) == []
    before = _version(city)
    admin.form("/console/units", "/console/units", {"code": "99999", "kind": "xa", "name": "Xã Lạ"})
    assert admin.post("/console/reference/publish", {"kind": "unit"}).status_code == 403
    assert _version(city) == before and len(_drafts(city)) == 1


def test_nothing_published_yet_reads_the_shipped_files_and_publishing_makes_version_1(city):
    console = logged_in(city, "quantri")
    page = console.get("/console/catalogue").text
    assert "chưa phát hành" in page and 'data-code="1.004873"' in page
    console.form("/console/units", "/console/units", {"code": "99999", "kind": "xa", "name": "Xã Mới"})
    console.form("/console/units", "/console/reference/publish", {"kind": "unit"})
    assert _version(city) == 1
    assert {"code": "99999", "name": "Xã Mới", "kind": "xa", "name_en": "", "name_alt_spelling": "",
            "province_code": "01"} in _bundle(city)["units"]


def test_the_drafts_table_is_migrated(db_url):
    db = CityDB.open(db_url, migrate=True)
    try:
        with db.write() as conn:
            refdata.save_draft(conn, "unit", "99999", "{}", "t")
        with db.read() as conn:
            assert [d.key for d in refdata.drafts(conn)] == ["99999"]
    finally:
        db.close()


NATIONAL = ["STT", "Mã thủ tục", "Số quyết định", "Tên thủ tục", "Cấp thực hiện", "Loại thủ tục", "Lĩnh vực",
            "Trình tự thực hiện", "Cách thức thực hiện", "Thời hạn giải quyết", "Phí, lệ phí", "Thành phần hồ sơ",
            "Đối tượng thực hiện", "Cơ quan thực hiện", "Kết quả thực hiện", "Căn cứ pháp lý",
            "Yêu cầu, điều kiện thực hiện"]


def test_a_list_in_the_national_databases_columns_imports_with_its_decision_as_source(published_city):
    """The columns the national procedure database shows for each procedure, as exported; those the desk
    does not use (how, for whom, the result) are listed as ignored, and the announcing decision is the source."""
    row = ["1", "1.999010", "QĐ 1234/QĐ-UBND", "Thủ tục thử theo cột quốc gia", "Cấp Xã", "TTHC được luân chuyển",
           "Hộ tịch", "Bước 1...", "Trực tiếp", "03 ngày làm việc", "Lệ phí: 8.000 đồng/bản",
           "Tờ khai (Bản chính: 1 - Bản sao: 0) [mẫu]\nGiấy tờ tùy thân [xuất trình]", "Công dân Việt Nam",
           "UBND cấp xã", "Trích lục", "Luật Hộ tịch 2014", "Không"]
    out = io.StringIO()
    csv.writer(out).writerows([NATIONAL, row])
    console = logged_in(published_city, "quantri")
    answer = console.http.post(console.base + "/console/catalogue/import", timeout=30,
                               data={"csrf": console.token("/console/catalogue/import"),
                                     "effective_from": refdata.today().isoformat()},
                               files={"file": ("xuat-csdl.csv", out.getvalue().encode("utf-8"), "text/csv")})
    assert answer.status_code == 200, answer.text
    assert "Trình tự thực hiện" in _unescape(answer.text)  # named among the ignored columns
    [draft] = _drafts(published_city)
    defn = definition_from_json(draft.body)
    assert (defn.code, defn.time_rule, defn.fee.amount_vnd, defn.authority_level) == (
        "1.999010", "working_days:3", 8000, "commune")
    assert defn.source["evidence"] == "QĐ 1234/QĐ-UBND"
    assert [d.present_only for d in defn.documents] == [False, True]


def test_a_draft_overtaken_by_another_publish_is_refused_not_written_over(published_city):
    """An editor saved vN+1; meanwhile `city-server publish` put out a vN+1 of its own: publishing the draft
    would make two different vN+1s, so it is refused with what to do, and nothing is published."""
    city = published_city
    console = logged_in(city, "quantri")
    values = {**_form(console), "rule_days": "7", "effective_from": refdata.today().isoformat()}
    assert console.form(f"/console/catalogue/{CODE}", f"/console/catalogue/{CODE}", values).status_code == 200
    with city.db.write() as conn:
        content = {k: v for k, v in _bundle(city).items() if k not in ("version", "published_at")}
        latest = _definitions(content, CODE)[-1]
        other = latest.model_copy(update={"version": latest.version + 1, "effective_from": refdata.today(),
                                          "time_rule": "working_days:4"})
        content["procedures"] = [*content["procedures"], other.model_dump_json(by_alias=True)]
        reference.publish(conn, content)
    before = _version(city)
    answer = console.form("/console/catalogue", "/console/reference/publish", {"kind": "procedure"})
    assert answer.status_code == 409
    edited = other.version
    assert f"bản sửa là v{edited} nhưng đang công bố v{edited}" in _unescape(answer.text)
    assert _version(city) == before and len(_drafts(city)) == 1


def test_publishing_from_files_refuses_to_drop_a_version_edited_in_the_console(published_city, capsys):
    """`city-server publish` rebuilds the bundle from forms/: after a console edit it would drop that version
    (the one after the shipped files'), and a later edit would publish another with the same number that desks
    already hold with other content."""
    from sync.server import cli

    city = published_city
    edited = _latest(city).version + 1
    console = logged_in(city, "quantri")
    values = {**_form(console), "rule_days": "6", "effective_from": refdata.today().isoformat()}
    console.form(f"/console/catalogue/{CODE}", f"/console/catalogue/{CODE}", values)
    console.form("/console/catalogue", "/console/reference/publish", {"kind": "procedure"})
    before = _version(city)
    assert cli.main(["--db", city.db_url, "publish"]) == 2
    assert f"thủ tục {CODE} v{edited} đã phát hành" in capsys.readouterr().err and _version(city) == before
    assert cli.main(["--db", city.db_url, "publish", "--force"]) == 0 and _version(city) == before + 1


def test_documents_the_one_line_field_cannot_hold_are_edited_in_the_json_and_kept(published_city):
    """A document whose name has square brackets would read back as a tag: the form puts the documents
    into the JSON box instead, and saving another change keeps them exactly."""
    city = published_city
    with city.db.write() as conn:
        content = {k: v for k, v in _bundle(city).items() if k not in ("version", "published_at")}
        latest = _definitions(content, CODE)[-1]
        odd = latest.documents[0].model_copy(update={"name": "Tờ khai [theo mẫu TP-01]"})
        changed = latest.model_copy(update={"version": latest.version + 1,
                                            "effective_from": refdata.today() - timedelta(days=1),
                                            "documents": [odd, *latest.documents[1:]]})
        content["procedures"] = [*content["procedures"], changed.model_dump_json(by_alias=True)]
        reference.publish(conn, content)
    console = logged_in(city, "quantri")
    values = _form(console)
    assert values["documents"] == "" and "Tờ khai [theo mẫu TP-01]" in values["rest"]
    values.update(rule_days="4", effective_from=refdata.today().isoformat())
    answer = console.form(f"/console/catalogue/{CODE}", f"/console/catalogue/{CODE}", values)
    assert answer.status_code == 200, _unescape(answer.text)
    [draft] = _drafts(city)
    saved = definition_from_json(draft.body)
    assert (saved.version, saved.time_rule, saved.documents) == (changed.version + 1, "working_days:4",
                                                                 changed.documents)


def test_a_wording_edit_reaches_the_receipt_a_desk_prints_after_sync(published_city, seeded_template, tmp_path):
    from pypdf import PdfReader

    from tests.sync.console_helpers import desk_at, enrolled
    from tests.sync.helpers import receive

    city = published_city
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    try:
        client = enrolled(desk, city, MINH_CHAU)
        client.sync_once()
        console = logged_in(city, "quantri")
        page = "/console/wording/tt03_2025"
        text = _unescape(re.search(r'<textarea id="text"[^>]*>(.*?)</textarea>', console.get(page).text, re.S).group(1))
        edited = text.replace("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "GIẤY TIẾP NHẬN (MẪU THÀNH PHỐ SỬA)")
        assert console.form(page, page, {"text": edited}).status_code == 200
        console.form("/console/wording", "/console/reference/publish", {"kind": "wording"})

        client.sync_once()
        [code] = receive(desk, 1)
        pdf = PdfReader(io.BytesIO(desk.print_form("receipt", code, "clerk")))
        printed = " ".join("".join(p.extract_text() for p in pdf.pages).split())
        assert "(MẪU THÀNH PHỐ SỬA)" in printed
    finally:
        desk.close()
