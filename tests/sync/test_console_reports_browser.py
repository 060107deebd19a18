"""The reports page and the English switch in a real headless Chromium at 1366×768 against the real server:
the period picked by keyboard, the figures and the charts shown, nothing wider than the window, the XLSX
link; the console switched to English from the header by keyboard and kept in English from page to page,
then back to Vietnamese."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from sync.server.console import accounts
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.sync.console_helpers import (
    PASSWORD,
    add_account,
    chromium_missing,
    desk_at,
    enrolled,
    hanoi_now,
)
from tests.sync.helpers import receive

# A page the form's answer replaces may be read mid-navigation: its old element is then stale, not wrong.
STALE = (StaleElementReferenceException,)
pytestmark = pytest.mark.skipif(bool(chromium_missing()), reason=chromium_missing() or "")


@pytest.fixture
def city(tmp_path, seeded_template, browser):
    """The server on SQLite, reference data published, one Minh Châu desk synced with three dossiers."""
    server = CityServer(str(tmp_path / "city.sqlite3"), tmp_path / "server.log").start()
    server.publish_reference()
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    client = enrolled(desk, server, MINH_CHAU)
    receive(desk, 3)
    client.sync_once()
    browser.delete_all_cookies()
    yield server
    desk.close()
    server.stop()
    server.db.close()


def _log_in(browser, city, username: str) -> None:
    browser.get(city.base_url + "/console/login")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda b: b.current_url.endswith("/console/dashboard"))


def _arrived(browser, path_part: str) -> None:
    WebDriverWait(browser, 20).until(lambda b: path_part in b.current_url and b.execute_script(
        "return document.readyState") == "complete")


def test_the_report_page_picks_a_period_by_keyboard_and_shows_figures_and_charts(browser, city):
    add_account(city, "quantri")
    _log_in(browser, city, "quantri")
    browser.find_element(By.LINK_TEXT, "Báo cáo").click()
    _arrived(browser, "/console/reports")
    this_month = hanoi_now().strftime("%Y-%m")
    picker = browser.find_element(By.ID, "period")
    picker.send_keys(Keys.HOME)  # the newest month is first in the list: this month
    assert Select(picker).first_selected_option.get_attribute("value") == this_month
    picker.send_keys(Keys.TAB)  # to the point picker, then the button
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "Xem"
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    _arrived(browser, f"period={this_month}")
    row = browser.find_element(By.CSS_SELECTOR, f'#by-point tr[data-key="{MINH_CHAU}"]')
    cells = [c.text for c in row.find_elements(By.CSS_SELECTOR, "td")]
    assert cells[:3] == ["0", "3", "3"] and cells[8] == "3"  # carried, new, total; in progress
    assert "Xã Minh Châu" in row.text
    totals = browser.find_element(By.ID, "totals").text
    assert "Tổng số nhận giải quyết\n3" in totals
    chart = browser.find_element(By.ID, "chart-fields")
    assert chart.is_displayed() and chart.size["width"] > 600
    assert "Hộ tịch" in chart.get_attribute("innerHTML")  # the field of the procedure the desk received
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    export = browser.find_element(By.ID, "export")
    assert export.get_attribute("href").endswith(f"/console/reports.xlsx?period={this_month}")
    browser.find_element(By.LINK_TEXT, "Cách tính các số liệu").send_keys(Keys.ENTER)
    assert browser.find_element(By.ID, "def-overdue").is_displayed()


def test_the_console_switches_to_english_by_keyboard_and_stays_there(browser, city):
    add_account(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    _log_in(browser, city, "giamsat")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Các điểm tiếp nhận")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)  # the skip link first, then the header's links, the switch among them
    for _ in range(8):
        if browser.switch_to.active_element.get_attribute("id") == "lang-switch":
            break
        browser.switch_to.active_element.send_keys(Keys.TAB)
    switch = browser.switch_to.active_element
    assert switch.get_attribute("id") == "lang-switch" and switch.text == "English"
    assert switch.value_of_css_property("outline-style") == "solid"
    switch.send_keys(Keys.ENTER)
    WebDriverWait(browser, 20, ignored_exceptions=STALE).until(
        lambda b: b.find_element(By.TAG_NAME, "h1").text.startswith("Reception points"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    header = browser.find_element(By.CSS_SELECTOR, "header.top").text
    assert "Reports" in header and "Log out" in header and "Point supervisor" in header
    assert "Received today" in browser.find_element(By.ID, "points").text
    browser.find_element(By.LINK_TEXT, "Reports").click()  # the next page is in English too (the cookie)
    _arrived(browser, "/console/reports")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Administrative procedures")
    assert "Carried over" in browser.find_element(By.ID, "by-field").text
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.find_element(By.ID, "lang-switch").click()
    WebDriverWait(browser, 20).until(lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Tình hình, kết quả giải quyết")
