"""Sneakernet with scans (issue 13): the sealed outbox file carries the scans the city lacks as far as the
desk knows, framed and authenticated as a whole; the city keeps them in its scan store with the network's
checks, once; the desk's next network round sends no scan byte again. Real desks, real PDFs, the real
server on SQLite and PostgreSQL, the CLI on both ends and the console's upload page."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app import cli
from desk_app.cli import sync_cmd
from desk_app.services import Desk
from sync import outbox_file
from sync.client import SyncClient
from sync.server import cli as city_cli
from sync.server import tables
from sync.server.console import accounts
from tests.sync.conftest import MINH_CHAU
from tests.sync.console_helpers import PASSWORD as PASSWORD_CONSOLE
from tests.sync.console_helpers import add_account, chromium_missing, logged_in
from tests.sync.faultproxy import FaultProxy
from tests.sync.helpers import enroll, open_desk, receive, server_count, through
from tests.sync.scan_helpers import attach, city_file, city_hashes, scan_city, scan_pdf

PASSWORD = "mat-khau-ban-1"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def city(db_url, tmp_path, monkeypatch):
    # The island's slow link: 100 kB of scans a round, so a 180 kB scan is left half-sent when the link dies.
    server = scan_city(db_url, tmp_path, scans_round_budget_bytes=100_000)
    server.publish_reference()
    monkeypatch.setenv("CITY_SCANS_DIR", str(server.settings.scan_folder()))  # what `city-server` reads
    yield server
    server.stop()
    server.db.close()


@pytest.fixture
def offline_desk(city, seeded_template, tmp_path, monkeypatch):
    """A desk of Minh Châu: one dossier whose event went by network but whose scan only half did (the round's
    budget ran out, then the link died for weeks), then two dossiers with scans received offline.
    Returns (database, {sha: bytes})."""
    if sync_cmd not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, sync_cmd])
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", PASSWORD)
    client = enroll(desk, city, MINH_CHAU)
    sent = receive(desk, 1)[0]
    first = scan_pdf(180_000, pages=2, seed=21)
    files = {attach(desk, sent, first, pages=2): first}
    assert client.sync_once().scans.pending == 1
    for i, code in enumerate(receive(desk, 2, start=1)):
        data = scan_pdf(150_000 + 40_000 * i, seed=22 + i)
        files[attach(desk, code, data, document="Căn cước công dân")] = data
    desk.close()
    monkeypatch.setenv("MOTCUA_PASSWORD", PASSWORD)
    return str(tmp_path / "ban1.sqlite3"), files


def _export(db: str, path: Path, capsys) -> str:
    capsys.readouterr()
    assert cli.main(["--db", db, "export-outbox", str(path), "--actor", "canbo1"]) == 0
    return capsys.readouterr().out


def _import(city, path: Path) -> int:
    return city_cli.main(["--db", city.db_url, "import-outbox", str(path)])


def _server_events(city) -> list[tuple]:
    with city.db.read() as conn:
        return list(conn.execute(select(tables.events).order_by(tables.events.c.seq)).tuples())


def _leftovers(city) -> list[Path]:
    """What an import left on the city's disk besides whole scans: its work folders."""
    return list((city.settings.scan_folder() / ".import").glob("*"))


def _partials(city) -> list[Path]:
    return list((city.settings.scan_folder() / ".partial").glob("*.part"))


def test_scans_travel_on_the_stick_and_the_network_then_sends_no_scan_byte(city, offline_desk, tmp_path, capsys):
    db, files = offline_desk
    stick = tmp_path / "usb" / "ban1.outbox"
    out = _export(db, stick, capsys)
    assert "Đã ghi 2 sự kiện" not in out and "và 3 bản quét" in out, out
    assert "đang ghi bản quét 3/3" in out  # progress, then the total
    assert stick.stat().st_size > sum(len(d) for d in files.values())
    assert _import(city, stick) == 0
    said = capsys.readouterr().out
    assert "Bản quét: 3 tệp; lưu mới 3" in said, said
    assert sorted(city_hashes(city)) == sorted(files)
    for sha, data in files.items():
        assert city_file(city, sha) == data
    assert not _leftovers(city) and not _partials(city)  # the half-sent upload is dropped: the scan is whole
    imported = _server_events(city)
    assert _import(city, stick) == 0  # the same stick twice: nothing new, nothing written again
    assert "lưu mới 0 (0.0 MB), đã có 3" in capsys.readouterr().out
    assert _server_events(city) == imported

    proxy = FaultProxy(city.port)  # the link comes back: count what the desk puts on it
    try:
        with Desk.open(db) as desk:
            client = through(SyncClient(desk.store), proxy.url)
            report = client.sync_once()
            lanes = client._scan_lanes
            assert report.scans.offered == 3 and report.scans.sent == 0 and report.scans.bytes_sent == 0
            assert sum(t.bytes_sent for t in lanes) < 2_000  # one offer of three hashes, no chunk
            assert proxy.bytes["up"] < min(len(d) for d in files.values()) // 4
            assert client.sync_once().scans.offered == 0  # the city's "have it" is remembered
    finally:
        proxy.close()
    assert _server_events(city) == imported  # the same rows, the same sequence numbers: no event twice
    with city.db.read() as conn:
        assert sorted(conn.execute(select(tables.scans.c.sha256)).scalars()) == sorted(files)


def test_the_imported_scans_are_viewable_in_the_console(city, offline_desk, tmp_path, capsys):
    db, files = offline_desk
    stick = tmp_path / "ban1.outbox"
    _export(db, stick, capsys)
    console = logged_in(city, "quantri")
    page = console.get("/console/outbox")
    assert page.status_code == 200 and 'href="/console/outbox"' in page.text
    with stick.open("rb") as handle:
        answer = console.http.post(city.base_url + "/console/outbox", timeout=60,
                                   data={"csrf": console.token("/console/outbox")},
                                   files={"file": ("ban1.outbox", handle, "application/octet-stream")})
    assert answer.status_code == 200, answer.text
    result = answer.text[answer.text.index("import-result"):answer.text.index("<section")]
    assert 'id="scans-new">3 (' in result and 'id="events-new">4<' in result, result
    sha, data = next(iter(files.items()))
    with city.db.read() as conn:
        r = tables.scan_refs
        dossier_id = conn.execute(select(r.c.dossier_id).where(r.c.sha256 == sha)).scalar_one()
        code = conn.execute(select(tables.dossiers.c.code).where(tables.dossiers.c.id == dossier_id)).scalar_one()
    assert console.get(f"/console/dossiers/{code}/scans/{sha}").content == data
    with city.db.read() as conn:
        a = tables.console_audit
        actions = list(conn.execute(select(a.c.action, a.c.target).order_by(a.c.seq)).tuples())
    assert ("outbox_imported", "ban1.outbox") in actions


def test_the_console_refuses_a_tampered_file_with_a_clear_message(city, offline_desk, tmp_path, capsys):
    db, _files = offline_desk
    stick = tmp_path / "ban1.outbox"
    _export(db, stick, capsys)
    data = bytearray(stick.read_bytes())
    data[len(data) // 2] ^= 0x01  # inside a scan
    before = _server_events(city)  # the first dossier's two events, sent by network
    supervisor = logged_in(city, "ld.minhchau", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    assert supervisor.get("/console/outbox").status_code == 403  # an administrator's page
    console = logged_in(city, "quantri")
    answer = console.http.post(city.base_url + "/console/outbox", timeout=60,
                               data={"csrf": console.token("/console/outbox")},
                               files={"file": ("ban1.outbox", bytes(data), "application/octet-stream")})
    assert answer.status_code == 400
    assert "bị từ chối cả tệp" in answer.text and "Tệp đã bị sửa, bị hỏng" in answer.text
    assert _server_events(city) == before and server_count(city, "scans") == 0
    assert city_hashes(city) == [] and not _leftovers(city)
    with city.db.read() as conn:
        a = tables.console_audit
        assert conn.execute(select(a.c.action).where(a.c.target == "ban1.outbox")).scalars().all() == [
            "outbox_refused"]


@pytest.mark.parametrize("where", ["scan", "last frame", "cut short", "frame dropped"])
def test_a_file_changed_in_its_scan_part_is_refused_whole(city, offline_desk, tmp_path, capsys, where):
    db, _files = offline_desk
    stick = tmp_path / "ban1.outbox"
    _export(db, stick, capsys)
    data = bytearray(stick.read_bytes())
    if where == "scan":
        data[len(data) - 300_000] ^= 0x01
    elif where == "last frame":
        data[-3] ^= 0x80
    elif where == "cut short":
        del data[len(data) - 50:]
    else:  # the second frame (a piece of a scan) taken out whole: the counter no longer matches
        start = data.index(b"\n", len(outbox_file.MAGIC)) + 1
        first = start + 4 + int.from_bytes(data[start:start + 4], "big")
        second = first + 4 + int.from_bytes(data[first:first + 4], "big")
        del data[first:second]
    stick.write_bytes(bytes(data))
    before = _server_events(city)
    capsys.readouterr()
    assert _import(city, stick) == 2
    err = capsys.readouterr().err
    assert "từ chối cả tệp, chưa nhập gì" in err and "Traceback" not in err, err
    assert _server_events(city) == before and server_count(city, "quarantine") == 0
    assert server_count(city, "scans") == 0 and city_hashes(city) == [] and not _leftovers(city)


def test_a_file_from_another_device_is_refused_with_its_scans(city, offline_desk, seeded_template, tmp_path,
                                                              capsys):
    """Desk 2 seals its own scans; the header is changed to name desk 1: desk 1's key does not open it."""
    import json

    db, _files = offline_desk
    other = open_desk(seeded_template, tmp_path, "ban2", MINH_CHAU, 2)
    enroll(other, city, MINH_CHAU)
    attach(other, receive(other, 1, start=3)[0], scan_pdf(90_000, seed=40))
    other.close()
    from sync.sneakernet import export_outbox

    forged = tmp_path / "forged.outbox"
    with Desk.open(tmp_path / "ban2.sqlite3") as desk:
        assert export_outbox(desk.store, forged).scans == 1
    with Desk.open(db) as desk:
        desk1 = SyncClient(desk.store).state().device_id
    data = forged.read_bytes()
    end = data.index(b"\n", len(outbox_file.MAGIC))
    header = json.loads(data[len(outbox_file.MAGIC):end])
    header["device_id"] = desk1
    forged.write_bytes(outbox_file.MAGIC + json.dumps(header, sort_keys=True).encode() + data[end:])
    capsys.readouterr()
    assert _import(city, forged) == 2
    assert "chưa nhập gì" in capsys.readouterr().err
    assert server_count(city, "events") == 2 and city_hashes(city) == [] and not _leftovers(city)


@pytest.mark.parametrize("stop", ["events", "scans"])
def test_an_import_killed_midway_leaves_nothing_half_stored(city, offline_desk, tmp_path, capsys, stop):
    """SIGKILL inside the events' transaction: nothing at the city (its decrypted scans are swept by the next
    import). SIGKILL after the first scan was kept: the events and that whole scan, nothing partial; the next
    import brings the rest and changes nothing else."""
    db, files = offline_desk
    stick = tmp_path / "ban1.outbox"
    _export(db, stick, capsys)
    sent = _server_events(city)  # the first dossier's two events, sent by network
    run = subprocess.Popen([sys.executable, "-m", "tests.sync.import_worker", "--stop", stop, "--db", city.db_url,
                            "import-outbox", str(stick)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert run.stdout.readline().strip() == "INSIDE"
    run.send_signal(signal.SIGKILL)
    run.wait()
    kept = city_hashes(city)  # each one whole: its name is its hash
    if stop == "events":
        assert _server_events(city) == sent and server_count(city, "dossiers") == 1 and kept == []
    else:
        assert server_count(city, "events") == len(sent) + 4 and len(kept) == 1
    events_before = _server_events(city)
    assert _import(city, stick) == 0
    assert sorted(city_hashes(city)) == sorted(files) and not _leftovers(city) and not _partials(city)
    assert server_count(city, "events") == len(sent) + 4
    if stop == "scans":
        assert _server_events(city) == events_before


def test_the_export_refuses_a_stick_without_room(offline_desk, tmp_path, capsys):
    """A real 200 kB file system (tmpfs in a private mount namespace) where the file needs ~600 kB."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-rm", "true"]).returncode != 0:
        pytest.skip("no user and mount namespaces here to make a small file system")
    db, _files = offline_desk
    stick = tmp_path / "stick"
    stick.mkdir()
    script = (f"mount -t tmpfs -o size=200k tmpfs {stick} && "
              f"{sys.executable} -m desk_app.cli --db {db} export-outbox {stick}/ban1.outbox --actor canbo1; "
              f"echo rc=$?; ls -A {stick}")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert "rc=2" in done.stdout, done.stdout + done.stderr
    assert "Không đủ chỗ trên ổ chứa" in done.stderr and "Chưa ghi gì" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.strip().endswith("rc=2")  # nothing left on the stick, not even a temporary file


def test_a_large_file_is_streamed_at_both_ends(city, seeded_template, tmp_path, capsys):
    """48 MB of scans (twelve of 4 MB, random bytes: nothing to compress) go through export and import while
    Python holds at most a few scans' worth at once: a file of hundreds of MB never sits in memory."""
    import random
    import tracemalloc

    from sync.server.outbox_import import import_outbox
    from sync.server.scans.staging import Staging
    from sync.server.scans.store import open_store
    from sync.sneakernet import export_outbox

    desk = open_desk(seeded_template, tmp_path, "lon", MINH_CHAU, 1)
    enroll(desk, city, MINH_CHAU)
    rng, size = random.Random(7), 4 * 1024 * 1024
    files = {}
    for i, code in enumerate(receive(desk, 12)):
        data = rng.randbytes(size)
        files[attach(desk, code, data, document=f"Giấy {i}")] = data
    del data
    files_total = sum(len(d) for d in files.values())
    stick = tmp_path / "lon.outbox"
    tracemalloc.start()
    try:
        report = export_outbox(desk.store, stick)
        export_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        with stick.open("rb") as src:
            imported = import_outbox(city.db, src, open_store(city.settings),
                                     Staging(city.settings.scan_folder() / ".partial"))
        import_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        desk.close()
    assert report.scans == 12 and report.scan_bytes == files_total and imported.scans["stored"] == 12
    assert export_peak < 3 * size, export_peak  # one scan read and checked at a time, plus a frame
    assert import_peak < 5 * 1024 * 1024, import_peak  # a 1 MB frame at a time: its cipher and plain text
    assert sorted(city_hashes(city)) == sorted(files)


def test_max_mb_splits_into_numbered_files_each_importable_alone(city, offline_desk, tmp_path, capsys):
    """--max-mb (a FAT32 stick holds no file over 4 GB): numbered files, none over the cap, each with every
    event and a share of the scans, imported in any order; a cap below one scan is refused, nothing written."""
    db, files = offline_desk
    usb = tmp_path / "usb"
    capsys.readouterr()
    assert cli.main(["--db", db, "export-outbox", str(usb / "ban1.outbox"), "--max-mb", "0.1",
                     "--actor", "canbo1"]) == 2
    assert "Hãy tăng --max-mb. Chưa ghi gì." in capsys.readouterr().err
    assert not usb.exists() or list(usb.iterdir()) == []
    assert cli.main(["--db", db, "export-outbox", str(usb / "ban1.outbox"), "--max-mb", "0.45",
                     "--actor", "canbo1"]) == 0
    assert "vào 2 tệp (ban1-1.outbox, ban1-2.outbox)" in capsys.readouterr().out
    parts = sorted(usb.iterdir())
    assert [p.name for p in parts] == ["ban1-1.outbox", "ban1-2.outbox"]
    assert all(p.stat().st_size <= 0.45 * 1024 * 1024 for p in parts)
    assert _import(city, parts[1]) == 0  # the second first: it carries the events its scans need
    assert "lưu mới 1 " in capsys.readouterr().out
    assert _import(city, parts[0]) == 0
    assert "mới 0, đã có 4" in capsys.readouterr().out
    assert sorted(city_hashes(city)) == sorted(files) and not _partials(city)


def test_a_store_that_fails_midway_is_said_plainly_and_the_same_file_finishes_the_job(city, offline_desk, tmp_path,
                                                                                     capsys):
    """The scan store's disk refuses one scan (its shard folder's name is taken by a file): the events are in,
    the message says what happened and what to do, and importing the same file again stores the rest."""
    db, files = offline_desk
    stick = tmp_path / "ban1.outbox"
    _export(db, stick, capsys)
    blocked = sorted(files)[0]
    obstacle = city.settings.scan_folder() / blocked[:2]
    obstacle.parent.mkdir(parents=True, exist_ok=True)
    obstacle.write_bytes(b"")
    assert _import(city, stick) == 2
    err = capsys.readouterr().err
    assert "Các sự kiện đã được nhập nhưng không lưu được bản quét" in err and "Traceback" not in err, err
    assert blocked not in city_hashes(city) and not _leftovers(city)
    obstacle.unlink()
    assert _import(city, stick) == 0
    assert sorted(city_hashes(city)) == sorted(files)


def test_a_revoked_devices_file_keeps_no_scan_and_a_damaged_desk_scan_stays_off_the_stick(city, offline_desk,
                                                                                         tmp_path, capsys):
    from sync.server import devices

    db, files = offline_desk
    damaged = sorted(files)[1]
    with Desk.open(db) as desk:
        path = scan_sync_store(desk).path(damaged)
        device_id = SyncClient(desk.store).state().device_id
    path.write_bytes(path.read_bytes()[:-1] + b"\x00")  # a bit rotted on the desk's disk
    stick = tmp_path / "ban1.outbox"
    out = _export(db, stick, capsys)
    assert "và 2 bản quét" in out and "Cảnh báo: 1 bản quét không có hoặc bị hỏng" in out, out
    with city.db.write() as conn:
        devices.revoke(conn, device_id)
    assert _import(city, stick) == 0
    assert "bản quét không được lưu" in capsys.readouterr().out
    assert city_hashes(city) == [] and not _leftovers(city) and server_count(city, "quarantine") == 4


def scan_sync_store(desk: Desk):
    from desk_app.core import scan_sync

    return scan_sync.store_for(Path(desk.store.path))


@pytest.mark.skipif(bool(chromium_missing()), reason=chromium_missing() or "")
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the import is tested on PostgreSQL above
def test_an_administrator_imports_a_stick_in_a_real_browser(city, offline_desk, tmp_path, capsys, browser):
    """Headless Chromium: the file picked in the form, the figures shown; then a tampered copy, refused with its
    reason."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    db, _files = offline_desk
    stick = tmp_path / "ban1.outbox"
    _export(db, stick, capsys)
    bad = tmp_path / "ban1-sua.outbox"
    data = bytearray(stick.read_bytes())
    data[len(data) // 3] ^= 0x40
    bad.write_bytes(bytes(data))
    add_account(city, "quantri", name="Trần Quản Trị")
    browser.delete_all_cookies()
    browser.get(city.base_url + "/console/login")
    browser.find_element(By.ID, "username").send_keys("quantri")
    browser.find_element(By.ID, "password").send_keys(PASSWORD_CONSOLE, "\n")
    WebDriverWait(browser, 20).until(lambda b: b.current_url.endswith("/console/dashboard"))
    results = []
    for path in (stick, bad):
        browser.find_element(By.CSS_SELECTOR, 'nav a[href="/console/outbox"]').click()
        WebDriverWait(browser, 20).until(lambda b: b.find_elements(By.ID, "file"))
        browser.find_element(By.ID, "file").send_keys(str(path))
        browser.find_element(By.ID, "import").click()
        WebDriverWait(browser, 60).until(lambda b: b.find_elements(By.ID, "import-result"))
        results.append(browser.find_element(By.ID, "import-result").text)
        if shots := os.environ.get("MOTCUA_OUTBOX_SHOTS"):  # the admin guide's pictures, on demand
            browser.save_screenshot(str(Path(shots) / f"outbox-{len(results)}.png"))
    assert "Đã nhập tệp «ban1.outbox»" in results[0] and "Bản quét lưu mới 3 (" in results[0].replace("\n", " ")
    assert "bị từ chối cả tệp" in results[1] and "Tệp đã bị sửa, bị hỏng" in results[1]
    assert server_count(city, "scans") == 3
