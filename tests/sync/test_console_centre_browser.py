"""Accounts of the points, back office and review in a real headless Chromium (Debian's chromium +
chromium-driver, Selenium) against the real server on 127.0.0.1, with real desks that sync: an account made
in the console logs in on a desk, its temporary password forcing a change, and is refused once disabled; a
back-office refusal reaches the point's desk and prints there; a review decision is recorded and shown; a
form whose CSRF token was taken out changes nothing."""

from __future__ import annotations

import subprocess

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from desk_app.cli import main as desk_cli
from desk_app.domain.errors import AuthenticationFailed, PasswordChangeRequired
from desk_app.domain.model import EventKind
from sync.server import desk_accounts, devices, tables
from sync.server.console import accounts
from sync.transport import PermanentError
from tests.conftest import request
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.sync.console_helpers import PASSWORD, add_account, chromium_missing, desk_at, enrolled

# A page the form's answer replaces may be read mid-navigation: its old element is then stale, not wrong.
STALE = (StaleElementReferenceException,)
pytestmark = pytest.mark.skipif(bool(chromium_missing()), reason=chromium_missing() or "")
CITY_PROCEDURE = "1.012791"  # decided by a city department (authority "01")


@pytest.fixture
def city(tmp_path, browser):
    server = CityServer(str(tmp_path / "city.sqlite3"), tmp_path / "server.log").start()
    server.publish_reference()
    browser.delete_all_cookies()
    yield server
    server.stop()
    server.db.close()


@pytest.fixture
def desk(city, seeded_template, tmp_path):
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    desk.client = enrolled(desk, city, MINH_CHAU)
    yield desk
    desk.close()


def _shown(browser, selector: str):
    WebDriverWait(browser, 20, ignored_exceptions=STALE).until(lambda b: b.find_elements(By.CSS_SELECTOR, selector))
    return browser.find_element(By.CSS_SELECTOR, selector)


def _log_in(browser, city, username: str, home: str = "/console/dashboard") -> None:
    browser.get(city.base_url + "/console/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.ID, "password").submit()
    WebDriverWait(browser, 20).until(lambda b: b.current_url.endswith(home))


def _row_button(browser, username: str, text: str):
    row = _shown(browser, f'tr[data-username="{username}"]')
    return next(b for b in row.find_elements(By.TAG_NAME, "button") if b.text.startswith(text))


def test_an_account_made_in_the_console_logs_in_on_a_desk_after_a_change_and_is_refused_once_disabled(
        browser, city, desk, monkeypatch, capsys):
    add_account(city, "quantri", name="Trần Quản Trị")
    _log_in(browser, city, "quantri")
    browser.find_element(By.LINK_TEXT, "Cán bộ các điểm").click()
    _shown(browser, "#username").send_keys("lan")
    browser.find_element(By.ID, "full_name").send_keys("Lê Thị Lan")
    Select(browser.find_element(By.ID, "role")).select_by_value("clerk")
    Select(browser.find_element(By.ID, "unit_code")).select_by_value(MINH_CHAU)
    browser.find_element(By.ID, "full_name").submit()
    temporary = _shown(browser, "#temporary").text
    assert len(temporary) == 14 and "Tạm, chờ đổi ở máy" in browser.find_element(By.ID, "clerks").text

    desk.client.sync_once()
    with pytest.raises(PasswordChangeRequired):
        desk.accounts.authenticate("lan", temporary)
    monkeypatch.setenv("MOTCUA_PASSWORD", temporary)  # at the terminal: work is refused until changed
    assert desk_cli(["--db", str(desk.store.path), "list", "--view", "all"]) == 0  # reading stays open
    assert desk_cli(["--db", str(desk.store.path), "receive", "--actor", "lan", "docs/examples/dossier.json"]) == 2
    assert "desk-app user password lan" in capsys.readouterr().err
    desk.accounts.change_password("lan", temporary, "mat-khau-cua-lan")
    assert desk.accounts.authenticate("lan", "mat-khau-cua-lan").full_name == "Lê Thị Lan"
    desk.client.sync_once()  # the new hash goes to the city
    browser.refresh()
    assert "Đã đặt" in _shown(browser, 'tr[data-username="lan"]').text

    _row_button(browser, "lan", "Khóa").click()
    WebDriverWait(browser, 20, ignored_exceptions=STALE).until(  # the old page's row may go as it is read
        lambda b: "Đã khóa" in b.find_element(By.CSS_SELECTOR, 'tr[data-username="lan"]').text)
    assert desk.accounts.authenticate("lan", "mat-khau-cua-lan")  # not synced yet: the desk keeps what it has
    desk.client.sync_once()
    with pytest.raises(AuthenticationFailed):
        desk.accounts.authenticate("lan", "mat-khau-cua-lan")


def test_a_back_office_refusal_reaches_the_points_desk_and_prints_there(browser, city, desk, tmp_path):
    dossier = desk.dossiers.receive(request(CITY_PROCEDURE, name="Đỗ Thị Hạnh"), "clerk").dossier
    desk.dossiers.apply(dossier.code, EventKind.TRANSFERRED, {}, "clerk")
    desk.client.sync_once()
    add_account(city, "sotp", role=accounts.OFFICER, authority="01", name="Vũ Thị Sở")
    _log_in(browser, city, "sotp", home="/console/back-office")
    browser.find_element(By.LINK_TEXT, dossier.code).click()
    Select(_shown(browser, "#kind")).select_by_value("authority_received")
    browser.find_element(By.ID, "note").submit()
    assert "Đã nhận hồ sơ từ điểm" in _shown(browser, "#done").text
    Select(browser.find_element(By.ID, "kind")).select_by_value("refused")
    browser.find_element(By.ID, "reason").send_keys("Công trình nằm trong hành lang bảo vệ đê")
    browser.find_element(By.ID, "reason").submit()
    WebDriverWait(browser, 20, ignored_exceptions=STALE).until(
        lambda b: "Từ chối giải quyết" in b.find_element(By.ID, "done").text)
    assert "Công trình nằm trong hành lang" in browser.find_element(By.ID, "history").text

    desk.client.sync_once()
    assert desk.dossiers.get(dossier.dossier_id).status == "refused"
    pdf = tmp_path / "tu-choi.pdf"
    pdf.write_bytes(desk.print_form("refusal", dossier.code, "clerk"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Công trình nằm trong hành lang bảo vệ đê" in text and dossier.code in text


def test_a_review_decision_is_recorded_and_shown(browser, city, desk):
    dossier = desk.dossiers.receive(request(name="Lý Thị Mai"), "clerk").dossier
    desk.client.sync_once()
    desk.dossiers.apply(dossier.code, EventKind.RESULT_READY, {"note": "Đã ký ngày 5"}, "clerk")
    with city.db.write() as conn:
        devices.revoke(conn, desk.client.state().device_id)
    with pytest.raises(PermanentError):
        desk.client.sync_once()  # held for review
    add_account(city, "quantri", name="Trần Quản Trị")
    _log_in(browser, city, "quantri")
    browser.find_element(By.LINK_TEXT, "Xem xét").click()
    held = _shown(browser, "#held tbody tr[data-held]")
    assert "Chờ quyết định" in held.text
    held.find_element(By.TAG_NAME, "a").click()
    assert "Đã ký ngày 5" in _shown(browser, "#held-payload").text
    assert "Tiếp nhận" in browser.find_element(By.ID, "accepted").text  # side by side
    Select(browser.find_element(By.ID, "decision")).select_by_value("accept")
    browser.find_element(By.ID, "reason").send_keys("Máy bị thu hồi nhầm")
    browser.find_element(By.ID, "reason").submit()
    assert "Đã chấp nhận thành sự kiện mới" in _shown(browser, "#decision").text
    with city.db.read() as conn:
        assert conn.execute(select(tables.dossiers.c.status)).scalar_one() == "result_ready"
    browser.find_element(By.LINK_TEXT, "Nhật ký").click()
    assert "Chấp nhận sự kiện bị giữ lại" in _shown(browser, "main").text


def test_a_form_whose_csrf_token_was_taken_out_changes_nothing(browser, city):
    add_account(city, "quantri", name="Trần Quản Trị")
    with city.db.write() as conn:
        desk_accounts.create(conn, "lan", "Lê Thị Lan", MINH_CHAU, "clerk", "da-dat-roi-1", must_change=False)
    _log_in(browser, city, "quantri")
    browser.get(city.base_url + "/console/clerks")
    browser.execute_script("document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())")
    _row_button(browser, "lan", "Cấp lại").click()
    WebDriverWait(browser, 20, ignored_exceptions=STALE).until(
        lambda b: "mã chống giả mạo" in b.find_element(By.TAG_NAME, "main").text)
    with city.db.read() as conn:
        found = desk_accounts.find(conn, "lan")
    assert found.password_gen == 1 and not found.must_change
