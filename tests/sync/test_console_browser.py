"""The console in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium)
against the real server on 127.0.0.1 with a desk that synced into it: log-in by keyboard, the
dashboard's 126 points at 1366×768, a supervisor kept out of another point, a form posted without
its CSRF token changing nothing."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from sync.server import tables
from sync.server.console import accounts
from tests.sync.conftest import BA_DINH, MINH_CHAU, CityServer
from tests.sync.console_helpers import PASSWORD, add_account, chromium_missing, desk_at, enrolled
from tests.sync.helpers import receive

pytestmark = pytest.mark.skipif(bool(chromium_missing()), reason=chromium_missing() or "")


@pytest.fixture
def city(tmp_path, seeded_template, browser):
    """The server on SQLite, reference data published, one Minh Châu desk synced with two dossiers."""
    server = CityServer(str(tmp_path / "city.sqlite3"), tmp_path / "server.log").start()
    server.publish_reference()
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    client = enrolled(desk, server, MINH_CHAU)
    receive(desk, 2)
    client.sync_once()
    browser.delete_all_cookies()
    yield server
    desk.close()
    server.stop()
    server.db.close()


def _shown(browser, selector: str):
    """The element once the page the last submit asked for has arrived (a loaded machine is slow)."""
    WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.CSS_SELECTOR, selector))
    return browser.find_element(By.CSS_SELECTOR, selector)


def _log_in(browser, city, username: str) -> None:
    browser.get(city.base_url + "/console/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: b.current_url.endswith("/console/dashboard"))


def test_log_in_by_keyboard_and_see_every_point_and_the_one_a_desk_synced_into(browser, city):
    add_account(city, "quantri", name="Trần Quản Trị")
    browser.get(city.base_url + "/console")
    assert browser.current_url.endswith("/console/login")
    # The user name takes the focus on arrival (autofocus; a loaded machine may apply it a little late).
    WebDriverWait(browser, 20).until(lambda b: b.switch_to.active_element.get_attribute("id") == "username")
    browser.switch_to.active_element.send_keys("quantri", Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.get_attribute("id") == "password"
    assert focused.value_of_css_property("outline-style") == "solid"  # the focus is visible
    focused.send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: b.current_url.endswith("/console/dashboard"))

    rows = browser.find_elements(By.CSS_SELECTOR, "#points tbody tr[data-code]")
    assert len(rows) == 126
    synced = browser.find_element(By.CSS_SELECTOR, f'tr[data-code="{MINH_CHAU}"]').text
    assert "Xã Minh Châu" in synced and ("vừa xong" in synced or "phút trước" in synced)
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.find_element(By.LINK_TEXT, "Xã Minh Châu").click()
    assert "Bàn 1" in _shown(browser, "#devices").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#dossiers tbody tr")) == 2


def test_a_supervisor_cannot_open_another_point(browser, city):
    add_account(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    _log_in(browser, city, "giamsat")
    assert [r.get_attribute("data-code") for r in browser.find_elements(By.CSS_SELECTOR, "tr[data-code]")] == [
        MINH_CHAU]
    browser.get(f"{city.base_url}/console/points/{BA_DINH}")
    assert _shown(browser, "h1").text == "Không được phép"
    assert "Phường Ba Đình" not in browser.page_source


def test_a_form_posted_without_its_csrf_token_changes_nothing(browser, city):
    add_account(city, "quantri")
    _log_in(browser, city, "quantri")

    def fill_and_send(strip_token: bool) -> None:
        browser.get(city.base_url + "/console/accounts")
        for field, value in (("username", "giamsat"), ("full_name", "Lê Giám Sát"), ("password", PASSWORD),
                             ("password2", PASSWORD)):
            browser.find_element(By.ID, field).send_keys(value)
        browser.find_element(By.CSS_SELECTOR, f'#unit_code option[value="{MINH_CHAU}"]').click()
        browser.find_element(By.CSS_SELECTOR, f'#role option[value="{accounts.SUPERVISOR}"]').click()
        if strip_token:
            browser.execute_script("document.querySelector('form.grid input[name=csrf]').remove()")
        browser.find_element(By.CSS_SELECTOR, "form.grid button[type=submit]").click()

    fill_and_send(strip_token=True)
    assert "mã chống giả mạo" in _shown(browser, "p.alert").text
    with city.db.read() as conn:
        assert conn.execute(select(tables.console_accounts.c.username)).scalars().all() == ["quantri"]
    fill_and_send(strip_token=False)
    assert "Đã tạo tài khoản «giamsat»" in _shown(browser, "p.ok").text
