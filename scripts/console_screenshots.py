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


def _scans(city: CityServer, folder: Path) -> str:
    """A Minh Châu dossier with its papers scanned (one removed with a reason, one still on its way)."""
    desk = desk_at(folder / "template.sqlite3", folder, MINH_CHAU, hanoi_now(), desk_no=7)
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
            save("15-dossier-scans", f"/console/dossiers/{_scans(city, folder)}/scans")
        finally:
            driver.quit()
            city.stop()
            city.db.close()
    return saved


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
