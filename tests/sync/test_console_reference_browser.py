"""Reference data edited in a real headless Chromium and used by a real desk after a real sync: a
procedure's new time rule and name on the next intake's due date and receipt, a refused edit that names
the field and publishes nothing, an import with a bad row that imports nothing and names the line, a
day off added to the calendar that moves the next due date."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from sync.server import reference
from tests.conftest import request
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.sync.console_helpers import PASSWORD, add_account, chromium_missing, desk_at, enrolled
from tests.sync.test_console_reference import CODE, _drafts, _latest, _row, _table

pytestmark = pytest.mark.skipif(bool(chromium_missing()), reason=chromium_missing() or "")


@pytest.fixture
def city(tmp_path, browser):
    server = CityServer(str(tmp_path / "city.sqlite3"), tmp_path / "server.log").start()
    server.publish_reference()
    add_account(server, "quantri", name="Trần Quản Trị")
    browser.delete_all_cookies()
    browser.get(server.base_url + "/console/login")
    browser.find_element(By.ID, "username").send_keys("quantri")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(browser, 20).until(lambda b: b.current_url.endswith("/console/dashboard"))
    yield server
    server.stop()
    server.db.close()


@pytest.fixture
def desk(city, seeded_template, tmp_path):
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    client = enrolled(desk, city, MINH_CHAU)
    client.sync_once()
    yield desk, client
    desk.close()


def _shown(browser, selector: str):
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, selector))
    return browser.find_element(By.CSS_SELECTOR, selector)


def _type(browser, field: str, text: str) -> None:
    element = browser.find_element(By.ID, field)
    element.clear()
    element.send_keys(text)


def _set_date(browser, field: str, day: str) -> None:
    """Chromium's date picker types in the browser's locale; set the ISO value the form posts."""
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, field), day)


def _version(city) -> int:
    with city.db.read() as conn:
        return reference.current_version(conn)


def _publish(browser) -> None:
    browser.find_element(By.ID, "publish").click()
    _shown(browser, "#published")


def _intake(desk):
    return desk.dossiers.receive(request(procedure=CODE), "clerk").dossier


def test_a_catalogue_edit_published_in_the_console_is_used_by_the_desks_next_intake(browser, city, desk):
    desk, client = desk
    latest = _latest(city).version  # the newest the files shipped, in force today
    before = _intake(desk)
    assert before.procedure_version == latest
    browser.get(f"{city.base_url}/console/catalogue?q=tinh trang hon nhan")
    browser.find_element(By.LINK_TEXT, CODE).click()
    _type(browser, "name", "Cấp Giấy xác nhận tình trạng hôn nhân (bản sửa của thành phố)")
    _type(browser, "rule_days", "10")
    browser.find_element(By.ID, "save").click()
    diff = _shown(browser, "#diff").text
    assert "working_days:3" in diff and "working_days:10" in diff
    _publish(browser)

    client.sync_once()
    desk.reload()  # what the window does after a round
    after = _intake(desk)
    assert after.procedure_version == latest + 1
    assert after.procedure_name == "Cấp Giấy xác nhận tình trạng hôn nhân (bản sửa của thành phố)"
    calendar = desk.calendar()
    # 10 working days, not 3
    assert calendar.working_days_between(before.due.due_at.date(), after.due.due_at.date()) == 7
    receipt = "".join(page.extract_text() for page in PdfReader(io.BytesIO(
        desk.print_form("receipt", after.code, "clerk"))).pages)
    assert "(bản sửa của thành phố)" in " ".join(receipt.split())


def test_an_invalid_edit_shows_the_field_and_reason_and_publishes_nothing(browser, city):
    before = _version(city)
    browser.get(f"{city.base_url}/console/catalogue/{CODE}")
    _type(browser, "rule_days", "0")
    browser.find_element(By.ID, "save").click()
    alert = _shown(browser, "#form-error").text
    edited = _latest(city).version + 1
    assert f"forms/procedures/{CODE}/v{edited}.json: trường 'time_rule': quy tắc thời hạn không hợp lệ" in alert
    assert browser.find_element(By.ID, "rule_days").get_attribute("aria-invalid") == "true"
    assert "quy tắc thời hạn không hợp lệ" in browser.find_element(By.ID, "rule_days-error").text
    assert not browser.find_elements(By.ID, "publish")  # nothing waits to be published
    assert _drafts(city) == [] and _version(city) == before


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_import_with_a_bad_row_imports_nothing_and_names_the_line(browser, city, tmp_path, kind):
    rows = [_row(1, "1.999001"), _row(2, "1.999002"), _row(3, "1.999003", time_text="tùy trường hợp")]
    name, data, _mime = _table(rows, kind)
    path = tmp_path / name
    path.write_bytes(data)
    browser.get(f"{city.base_url}/console/catalogue/import")
    browser.find_element(By.ID, "file").send_keys(str(path))
    browser.find_element(By.ID, "import").click()
    result = _shown(browser, "#import-result").text
    assert "không nhập thủ tục nào" in result
    assert "Dòng 4, cột «Thời hạn giải quyết»: không đọc được thời hạn «tùy trường hợp»" in result
    assert _drafts(city) == []


def test_a_calendar_edit_changes_the_desks_due_date_after_sync(browser, city, desk):
    desk, client = desk
    before = _intake(desk)
    day = desk.calendar().next_working_day(before.received_at.date())  # a working day inside the 3-day window
    assert day < before.due.due_at.date()
    browser.get(f"{city.base_url}/console/calendar?year={day.year}")
    _set_date(browser, "date", day.isoformat())
    browser.find_element(By.CSS_SELECTOR, '#kind option[value="substituted_day_off"]').click()
    _type(browser, "name", "Nghỉ hoán đổi (thử)")
    browser.find_element(By.CSS_SELECTOR, "#add-day button[type=submit]").click()
    assert "thêm mới" in _shown(browser, f'tr[data-day="{day.isoformat()}"]').text
    _publish(browser)

    client.sync_once()
    desk.reload()  # what the window does after a round
    after = _intake(desk)
    assert desk.calendar().day_off_name(day) == "Nghỉ hoán đổi (thử)"
    assert after.due.due_at == before.due.due_at + (desk.calendar().next_working_day(before.due.due_at.date())
                                            - before.due.due_at.date())
    assert after.due.due_at.date() - before.due.due_at.date() >= timedelta(days=1)
