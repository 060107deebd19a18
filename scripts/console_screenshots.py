"""Screenshots of every city-console page, in the same headless Chromium as the browser tests, at
1366×768, into docs/screenshots/console/.

    .venv/bin/python scripts/console_screenshots.py [--out docs/screenshots/console]

It starts the real server on 127.0.0.1 over a temporary SQLite file, publishes the shipped reference
data, syncs real desks into it (Minh Châu, then silent for three days; Ba Đình; Ngọc Hà with an
overdue dossier; a tampered event in quarantine) and photographs each page as its user sees it.
Needs Debian's chromium and chromium-driver (scripts/test.sh installs them).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from datetime import datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from desk_app.domain.model import EventKind  # noqa: E402
from desk_app.domain.payloads import Channel, Consent  # noqa: E402
from desk_app.services import Desk  # noqa: E402
from desk_app.store.blobs import BlobStore  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.server import tables  # noqa: E402
from sync.server.console import accounts  # noqa: E402
from sync.server.notify.gateways import FileSink, GatewayError  # noqa: E402
from sync.server.notify.sender import Policy, Sender  # noqa: E402
from tests.conftest import request  # noqa: E402
from tests.sync.conftest import BA_DINH, MINH_CHAU, NGOC_HA, CityServer  # noqa: E402
from tests.sync.console_helpers import (  # noqa: E402
    PASSWORD,
    add_account,
    chromium,
    chromium_missing,
    desk_at,
    enrolled,
    hanoi_now,
)
from tests.sync.helpers import hello, post_exchange, raw_enroll, receive, wire_events  # noqa: E402
from tests.sync.scan_helpers import attach, remove, scan_pdf  # noqa: E402


def _fill(city: CityServer, folder: Path) -> None:
    template = folder / "template.sqlite3"
    Desk.open(template).close()
    cut = hanoi_now() - timedelta(days=3, hours=2)  # when Minh Châu's link went down
    plan = [(MINH_CHAU, 3, cut, "Bàn 1"), (MINH_CHAU, 2, cut, "Bàn 2"),
            (BA_DINH, 4, hanoi_now(), "Bàn tiếp nhận"), (NGOC_HA, 2, hanoi_now() - timedelta(days=40), "Bàn 1")]
    for number, (unit, count, moment, label) in enumerate(plan, start=1):
        desk = desk_at(template, folder, unit, moment, desk_no=number)
        client = enrolled(desk, city, unit, label)
        receive(desk, count)
        client.sync_once()
        if unit == BA_DINH:  # a desk sends an event whose content does not match its hash
            receive(desk, 1, start=5)
            tampered = {**wire_events(desk)[0], "content_hash": "0" * 64}
            post_exchange(city, raw_enroll(city, BA_DINH), hello(push=[tampered]))
        desk.close()
    with city.db.write() as conn:  # Minh Châu enrolled and last exchanged just before its link went down
        d = tables.devices
        for device_id, seen in conn.execute(select(d.c.id, d.c.last_seen_at).where(d.c.unit_code == MINH_CHAU)):
            earlier = (datetime.fromisoformat(seen) - timedelta(days=3, hours=2)).isoformat()
            conn.execute(update(d).where(d.c.id == device_id).values(last_seen_at=earlier, enrolled_at=earlier,
                                                                      created_at=earlier))


class _RefusingZalo:
    """A provider that turns every message down, so the page shows a failure as a city would see it."""

    channels = frozenset({"zalo"})

    def send(self, message):
        raise GatewayError("Zalo error -108: Phone number is invalid", retry=False)


def _messages(city: CityServer, folder: Path) -> None:
    """Applicants who agreed to messages at Ba Đình: results ready, sent through the trial file sink."""
    desk = desk_at(folder / "template.sqlite3", folder, BA_DINH, hanoi_now(), desk_no=9)
    client = enrolled(desk, city, BA_DINH, "Bàn 2")
    for n, channel in enumerate((Channel.SMS, Channel.SMS, Channel.ZALO, Channel.SMS)):
        asked = request(name=f"Người nộp {n}", notify=Consent(channel=channel, phone="0912345678"))
        code = desk.dossiers.receive(asked, "clerk").dossier.code
        desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    desk.close()
    gateways = {"sms": FileSink(folder / "tin-nhan.jsonl"), "zalo": _RefusingZalo()}
    Sender(city.db, gateways, Policy(quiet_start=time(23, 59, 59), quiet_end=time(0, 0))).run_once()


# --- reports (issue 10): four points with four months of history, outcomes of every kind -------------------

HISTORY_POINTS = (("00070", 1.0), ("00082", 0.6), ("00025", 1.4), (NGOC_HA, 0.8))
PROCEDURES = ("1.004873", "1.001193", "2.000815", "1.000894")  # hộ tịch, hộ tịch, chứng thực, hộ tịch...


def _history(city: CityServer, folder: Path) -> None:
    """Each point's desk walks its clock through the last four months: receptions most working days, then
    results early, on time or late, a few delays, refusals, withdrawals, supplements, some left open."""
    import random

    rng = random.Random(126)
    today = hanoi_now().replace(hour=9, minute=0, second=0, microsecond=0)
    start = (today.replace(day=1) - timedelta(days=100)).replace(day=1)
    for number, (unit, weight) in enumerate(HISTORY_POINTS, start=20):
        desk = desk_at(folder / "template.sqlite3", folder, unit, start, desk_no=number % 9 + 1)
        client = enrolled(desk, city, unit, "Bàn 1")
        steps: list[tuple[datetime, str, EventKind, dict]] = []
        day = start
        while day < today - timedelta(days=1):
            if day.weekday() < 5:
                for _ in range(rng.randint(0, int(4 * weight))):
                    moment = day.replace(hour=rng.randint(8, 15), minute=rng.randint(0, 59))
                    desk.now.set(moment)
                    procedure = rng.choice(PROCEDURES)
                    try:
                        dossier = desk.dossiers.receive(request(procedure), "clerk").dossier
                    except Exception:  # a procedure this catalogue lacks: the default one
                        dossier = desk.dossiers.receive(request(), "clerk").dossier
                    steps.extend(_fate(rng, dossier.dossier_id, moment, dossier.due.due_at, today))
            day += timedelta(days=1)
        for moment, dossier_id, kind, payload in sorted(steps, key=lambda s: s[0]):
            desk.now.set(moment)
            try:
                desk.dossiers.apply(dossier_id, kind, payload, "clerk")
            except Exception:  # a step the dossier's state no longer allows: skipped, as a clerk would
                continue
        desk.now.set(today)
        client.sync_once()
        desk.close()


def _fate(rng, dossier_id: str, received: datetime, due: datetime, today: datetime) -> list[tuple]:
    roll = rng.random()
    if roll < 0.04:
        return [(received + timedelta(hours=1), dossier_id, EventKind.REFUSED, {"reason": "Không thuộc thẩm quyền"})]
    if roll < 0.07:
        return [(received + timedelta(days=1), dossier_id, EventKind.STOPPED, {"reason": "Người nộp rút hồ sơ"})]
    if roll < 0.10:
        return [(received + timedelta(hours=2), dossier_id, EventKind.SUPPLEMENT_REQUESTED,
                 {"items": [{"item": "Bản sao giấy khai sinh"}]})]
    if roll < 0.16:
        new_due = due + timedelta(days=5)
        return [(due - timedelta(hours=2), dossier_id, EventKind.DELAYED,
                 {"old_due_at": due.isoformat(), "new_due_at": new_due.isoformat(), "reason": "Cần xác minh"}),
                (due + timedelta(days=2), dossier_id, EventKind.RESULT_READY, {})]
    if roll < 0.24:  # late, or still open past due if that is after today
        return [(due + timedelta(days=rng.randint(1, 4)), dossier_id, EventKind.RESULT_READY, {})]
    done = received + (due - received) * rng.uniform(0.3, 0.98)
    return [(done, dossier_id, EventKind.RESULT_READY, {}),
            (done + timedelta(days=1), dossier_id, EventKind.RETURNED, {"receiver_name": "Nguyễn Văn An"})]


def _scrolled(driver, selector: str) -> None:
    driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'});", selector)


def _report_shots(city: CityServer, folder: Path, driver, save) -> None:
    """The reports, a point's chart, the dashboard's on-time column, the console in English."""
    _history(city, folder)
    base = city.base_url
    today = hanoi_now()
    last = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    _log_in(driver, base, "quantri")
    save("reports-01-month-all-points", f"/console/reports?period={last}")
    _scrolled(driver, "#chart-points")
    save("reports-02-month-overdue-chart")
    _scrolled(driver, "#by-point-h")
    save("reports-03-month-by-point")
    save("reports-04-quarter-one-point", f"/console/reports?period={quarter}&point=00025")
    _scrolled(driver, "#chart-months")
    save("reports-05-quarter-by-month-chart")
    _scrolled(driver, "#by-procedure-h")
    save("reports-06-quarter-by-procedure")
    _scrolled(driver, "#dinh-nghia")
    save("reports-07-definitions")
    save("reports-08-point-chart", "/console/points/00025")
    _scrolled(driver, "#chart-h")
    save("reports-09-point-chart-scrolled")
    save("reports-10-dashboard-on-time", "/console/dashboard?sort=on_time_rate&dir=desc&kind=phuong")
    save("reports-11-dashboard-english", "/console/dashboard?lang=en")
    save("reports-12-report-english", f"/console/reports?period={last}")
    driver.get(base + "/console/reports?lang=vi")
    add_account(city, "lanhdao.giangvo", role=accounts.SUPERVISOR, unit="00025", name="Phạm Thị Lan")
    _log_in(driver, base, "lanhdao.giangvo")
    save("reports-13-supervisor-report", f"/console/reports?period={last}")
    save("reports-14-supervisor-other-point-403", f"/console/reports?period={last}&point=00070")


def _scans(city: CityServer, folder: Path) -> str:
    """A Minh Châu dossier with its papers scanned (one removed with a reason, one still on its way)."""
    desk = desk_at(folder / "template.sqlite3", folder, MINH_CHAU, hanoi_now(), desk_no=6)
    client = enrolled(desk, city, MINH_CHAU, "Bàn 7")
    code = receive(desk, 1)[0]
    attach(desk, code, scan_pdf(240_000, pages=2, seed=1), document="Tờ khai đăng ký khai sinh", pages=2)
    attach(desk, code, scan_pdf(110_000, seed=2), document="Giấy chứng sinh")
    wrong = attach(desk, code, scan_pdf(100_000, seed=3), document="Căn cước công dân của người đi đăng ký")
    remove(desk, code, wrong, document="Căn cước công dân của người đi đăng ký", reason="Quét nhầm mặt sau")
    client.sync_once()
    attach(desk, code, scan_pdf(120_000, seed=4), document="Giấy đăng ký kết hôn của cha mẹ")
    SyncClient(desk.store, scans=BlobStore(folder / "no-scans")).sync_once()  # its event only: on its way
    desk.close()
    return code


def _log_in(driver, base: str, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(base + "/console/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/console/dashboard"))


def shoot(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):  # a renamed page leaves no stale picture behind
        old.unlink()
    # (To add only new pictures without touching the committed ones, use --out to another folder and copy.)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="console-shots-") as tmp:
        folder = Path(tmp)
        city = CityServer(str(folder / "city.sqlite3"), folder / "server.log").start()
        driver = chromium()
        base = city.base_url

        def save(name: str, path: str | None = None) -> None:
            if path is not None:
                driver.get(base + path)
            target = out / f"{name}.png"
            driver.save_screenshot(str(target))
            saved.append(target)

        try:
            city.publish_reference()
            save("01-setup-first-admin", "/console")
            _fill(city, folder)
            add_account(city, "quantri", name="Trần Thu Hà")
            add_account(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU, name="Lê Văn Minh")
            driver.get(base + "/console/login")
            driver.find_element(By.ID, "username").send_keys("quantri")
            save("02-login")
            driver.find_element(By.ID, "password").send_keys("sai-mat-khau", "\n")
            WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "login-error"))
            save("03-login-refused")
            _log_in(driver, base, "quantri")
            save("04-dashboard", "/console/dashboard")
            save("05-dashboard-not-synced-48h-xa", "/console/dashboard?stale=48&kind=xa&sort=last_seen&dir=desc")
            save("06-dashboard-sorted-by-received", "/console/dashboard?sort=received_today&dir=desc")
            save("07-point-minh-chau", f"/console/points/{MINH_CHAU}")
            save("08-point-ba-dinh", f"/console/points/{BA_DINH}")
            driver.get(base + "/console/devices")
            driver.find_element(By.CSS_SELECTOR, f'#unit_code option[value="{NGOC_HA}"]').click()
            driver.find_element(By.ID, "label").send_keys("Bàn 2")
            driver.find_element(By.CSS_SELECTOR, "form.grid button[type=submit]").click()
            WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "new-code"))
            save("09-devices-new-code")
            save("10-accounts", "/console/accounts")
            save("11-audit-log", "/console/audit")
            _messages(city, folder)
            save("14-messages", "/console/messages")
            _log_in(driver, base, "giamsat")
            save("12-supervisor-dashboard", "/console/dashboard")
            save("13-supervisor-other-point-403", f"/console/points/{BA_DINH}")
            _log_in(driver, base, "quantri")
            save("15-dossier-scans", f"/console/dossiers/{_scans(city, folder)}/scans")
            _centre_pages(driver, city, folder, save)  # before the reference data edits change the catalogue
            _log_in(driver, base, "quantri")
            _reference_data(driver, base, folder, save)
            _report_shots(city, folder, driver, save)
        finally:
            driver.quit()
            city.stop()
            city.db.close()
    return saved


def _reference_data(driver, base: str, folder: Path, save) -> None:
    """The reference-data pages (catalogue, import, calendar, wording, units), edited as a city editor would."""
    from datetime import date

    from tests.sync.test_console_reference import _row, _table

    def field(name: str, text: str) -> None:
        element = driver.find_element(By.ID, name)
        element.clear()
        element.send_keys(text)

    def shown(selector: str) -> None:
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, selector))

    driver.get(base + "/console/catalogue/1.004873")
    field("rule_days", "0")
    driver.find_element(By.ID, "save").click()
    shown("#form-error")
    save("refdata-03-procedure-invalid")
    field("name", "Cấp Giấy xác nhận tình trạng hôn nhân")
    field("rule_days", "5")
    field("processing_time_text", "05 ngày làm việc; trường hợp phải xác minh thì không quá 10 ngày làm việc")
    driver.find_element(By.ID, "save").click()
    shown("#diff")
    save("refdata-02-procedure-draft-diff")
    save("refdata-01-catalogue", "/console/catalogue?q=ho tich")
    rows = [_row(1, "1.999001"), _row(2, "1.999002", docs="Tờ khai (Bản chính: hai - Bản sao: 0)"), _row(3, "1.999003")]
    name, data, _mime = _table(rows, "xlsx")
    (folder / name).write_bytes(data)
    driver.get(base + "/console/catalogue/import")
    driver.find_element(By.ID, "file").send_keys(str(folder / name))
    driver.find_element(By.ID, "import").click()
    shown("#import-result")
    save("refdata-04-import-bad-row")
    year = date.today().year + 1
    driver.get(f"{base}/console/calendar?year={year}")
    for day, kind, label in ((f"{year}-04-30", "holiday", "Ngày Chiến thắng"),
                             (f"{year}-05-01", "holiday", "Quốc tế Lao động")):
        driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "date"), day)
        driver.find_element(By.CSS_SELECTOR, f'#kind option[value="{kind}"]').click()
        field("name", label)
        driver.find_element(By.CSS_SELECTOR, "#add-day button[type=submit]").click()
        shown(f'tr[data-day="{day}"]')
    save("refdata-05-calendar")
    driver.get(base + "/console/wording/tt03_2025")
    save("refdata-06-wording")
    driver.get(base + "/console/units")
    field("code", MINH_CHAU)
    driver.find_element(By.CSS_SELECTOR, '#kind option[value="xa"]').click()
    field("name", "Xã Minh Châu (đặc khu)")
    driver.find_element(By.CSS_SELECTOR, "#unit-form button[type=submit]").click()
    shown("tr.added")
    save("refdata-07-units")
    driver.get(base + "/console/catalogue")
    driver.find_element(By.ID, "publish").click()
    shown("#published")
    save("refdata-08-published")
    save("refdata-09-audit", "/console/audit")
def _centre_pages(driver, city: CityServer, folder: Path, save) -> None:
    """Accounts of the points, back office, review and the enrollment QR (issue 10)."""
    from selenium.webdriver.support.ui import Select

    from sync.server import desk_accounts, devices
    from sync.transport import PermanentError

    base = city.base_url
    _log_in(driver, base, "quantri")
    with city.db.write() as conn:
        for name, full, unit, role in (("hoa.nt", "Nguyễn Thị Hoa", MINH_CHAU, "clerk"),
                                       ("tuan.lv", "Lê Văn Tuấn", MINH_CHAU, "supervisor"),
                                       ("mai.pt", "Phạm Thị Mai", BA_DINH, "clerk")):
            desk_accounts.create(conn, name, full, unit, role, "mat-khau-da-dat", must_change=False)
        desk_accounts.set_active(conn, "mai.pt", False)
    driver.get(base + "/console/clerks")
    driver.find_element(By.ID, "username").send_keys("lan.lt")
    driver.find_element(By.ID, "full_name").send_keys("Lê Thị Lan")
    Select(driver.find_element(By.ID, "unit_code")).select_by_value(MINH_CHAU)
    driver.find_element(By.ID, "full_name").submit()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "temporary"))
    save("40-clerks-created-temporary-password")
    driver.get(base + "/console/devices")
    Select(driver.find_element(By.ID, "unit_code")).select_by_value(BA_DINH)
    driver.find_element(By.ID, "label").send_keys("Bàn 3")
    driver.find_element(By.ID, "label").submit()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "enroll-qr"))
    save("41-devices-enrollment-qr")

    desk = desk_at(folder / "template.sqlite3", folder, MINH_CHAU, hanoi_now(), desk_no=7)
    client = enrolled(desk, city, MINH_CHAU, "Bàn 7")
    moved = []
    for n in range(3):
        dossier = desk.dossiers.receive(request("1.012791", name=f"Đỗ Văn Hùng {n + 1}"), "clerk").dossier
        desk.dossiers.apply(dossier.code, EventKind.TRANSFERRED, {}, "clerk")
        moved.append(dossier)
    code = desk.dossiers.receive(request(name="Phan Văn Tú"), "clerk").dossier.code
    client.sync_once()
    other = desk_at(folder / "template.sqlite3", folder, MINH_CHAU, hanoi_now(), desk_no=8)
    other_client = enrolled(other, city, MINH_CHAU, "Bàn 8")
    other_client.sync_once()
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    other.dossiers.apply(code, EventKind.REFUSED, {"reason": "Thiếu tờ khai"}, "clerk")
    client.sync_once()
    other_client.sync_once()
    held = other.dossiers.receive(request(name="Lý Thị Mai"), "clerk").dossier.code
    other_client.sync_once()
    other.dossiers.apply(held, EventKind.RESULT_READY, {"note": "Đã ký, chờ trả"}, "clerk")
    with city.db.write() as conn:
        devices.revoke(conn, other_client.state().device_id)
    with contextlib.suppress(PermanentError):  # revoked: the push is held for review, as wanted here
        other_client.sync_once()
    desk.close()
    other.close()

    add_account(city, "sotp", role=accounts.OFFICER, authority="01", name="Vũ Thị Sở")
    driver.delete_all_cookies()
    driver.get(base + "/console/login")
    driver.find_element(By.ID, "username").send_keys("sotp")
    driver.find_element(By.ID, "password").send_keys(PASSWORD, "\n")
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/console/back-office"))
    save("42-back-office-inbox")
    driver.find_element(By.LINK_TEXT, moved[0].code).click()
    Select(driver.find_element(By.ID, "kind")).select_by_value("authority_received")
    driver.find_element(By.ID, "note").submit()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "done"))
    Select(driver.find_element(By.ID, "kind")).select_by_value("refused")
    driver.find_element(By.ID, "reason").send_keys("Công trình nằm trong hành lang bảo vệ đê điều")
    save("43-back-office-dossier")

    _log_in(driver, base, "quantri")
    save("44-review", "/console/review")
    driver.find_element(By.CSS_SELECTOR, "#held tbody tr[data-held]:first-child a").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "held-payload"))
    driver.find_element(By.ID, "reason").send_keys("Máy bị thu hồi nhầm; bước đúng")
    save("45-review-held-side-by-side")
    driver.get(base + "/console/review")
    driver.find_element(By.CSS_SELECTOR, "#conflicted tbody tr[data-code] a").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "accepted"))
    save("46-review-conflict")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "console")
    args = parser.parse_args()
    if reason := chromium_missing():
        print(f"Không chụp được: {reason}", file=sys.stderr)
        return 2
    for path in shoot(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
