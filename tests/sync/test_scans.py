"""Scans over the link (issue 12): real PDFs from real desks to the real city server, on SQLite and
PostgreSQL, through the fault-injecting proxy; every scan ends on the server once and byte-identical."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from desk_app import cli as desk_cli
from desk_app.core import replica
from desk_app.store.blobs import BlobStore
from sync.client import SyncClient
from sync.scan_wire import DEFAULT_CHUNK_BYTES
from sync.server import cli as server_cli
from sync.server import tables
from sync.transport import SyncError
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.helpers import (
    enroll,
    event_ids,
    open_desk,
    raw_enroll,
    receive,
    statuses,
    sync_until_done,
    through,
)
from tests.sync.scan_helpers import (
    attach,
    city_file,
    city_hashes,
    desk_scans,
    held_offset,
    scan_city,
    scan_pdf,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def city(db_url, tmp_path):
    server = scan_city(db_url, tmp_path)
    yield server
    server.stop()
    server.db.close()


def test_scans_follow_their_events_and_the_same_scan_from_two_desks_is_kept_once(city, seeded_template, tmp_path):
    desks = [open_desk(seeded_template, tmp_path, f"d{i}", MINH_CHAU, i + 1) for i in range(2)]
    clients = [enroll(desk, city, MINH_CHAU) for desk in desks]
    codes = [receive(desk, 2, start=i) for i, desk in enumerate(desks)]
    shared = scan_pdf(150_000, pages=2, seed=1)  # the same paper scanned at both desks
    files = {attach(desks[0], codes[0][0], shared, pages=2): shared}
    other = scan_pdf(120_000, seed=2)
    files[attach(desks[0], codes[0][1], other, document="CCCD")] = other
    attach(desks[1], codes[1][0], shared, pages=2)
    first = clients[0].sync_once()
    assert first.scans.sent == 2
    second = clients[1].sync_once()
    assert second.scans.sent == 0 and second.scans.bytes_sent == 0  # the city has it already: nothing goes
    assert sorted(city_hashes(city)) == sorted(files)
    for sha, data in files.items():
        assert city_file(city, sha) == data
    with city.db.read() as conn:
        assert sorted(conn.execute(select(tables.scans.c.sha256)).scalars()) == sorted(files)
    assert clients[0].sync_once().scans.offered == 0  # confirmed once, never offered again


@pytest.fixture
def proxy(city):
    proxied = FaultProxy(city.port, seed=3)
    yield proxied
    proxied.close()


def _point_with_scans(city, template, folder, sizes: list[int], name: str = "d0"):
    """A desk of Minh Châu whose dossiers' events are already at the city, with scans still to send."""
    desk = open_desk(template, folder, name, MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    codes = receive(desk, len(sizes))
    client.sync_once()
    files = {}
    for i, (code, size) in enumerate(zip(codes, sizes, strict=True)):
        data = scan_pdf(size, seed=10 + i)
        files[attach(desk, code, data)] = data
    return desk, client, files


def _assert_all_on_the_city_once(city, files: dict[str, bytes]) -> None:
    assert sorted(city_hashes(city)) == sorted(files)
    for sha, data in files.items():
        assert city_file(city, sha) == data
        assert held_offset(city, sha) == 0  # no partial left behind


def test_a_link_cut_every_200_kb_loses_at_most_one_chunk_per_cut(city, proxy, seeded_template, tmp_path):
    _desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [900_000, 400_000, 250_000])
    proxy.faults = Faults(cut_up_after=200_000)
    faulty = through(client, proxy.url)
    sync_until_done(faulty)
    _assert_all_on_the_city_once(city, files)
    assert proxy.cuts >= 5, "the cuts never bit: the test would prove nothing"
    # Every cut costs the chunk on the wire and nothing more (the offers and offset queries are small).
    sent = sum(t.bytes_sent for t in [faulty.transport(), *faulty._spares, *faulty._scan_lanes])
    wasted = sent - sum(len(d) for d in files.values())
    assert wasted <= proxy.cuts * DEFAULT_CHUNK_BYTES + 20_000


def test_an_interrupted_5_mb_scan_resumes_from_the_citys_offset(city, proxy, seeded_template, tmp_path):
    _desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [5_000_000])
    (sha, data), = files.items()
    proxy.faults = Faults(rate=1_500_000)
    faulty = through(client, proxy.url, timeouts=(1.0, 1.0))
    worker = threading.Thread(target=_round_quietly, args=(faulty,))
    worker.start()
    _wait_for(lambda: held_offset(city, sha) >= 1_500_000)
    proxy.faults = Faults(stall=True)  # the link goes down mid-upload
    proxy.drop_all()
    worker.join()
    held = held_offset(city, sha)
    assert 1_500_000 <= held < len(data)
    proxy.heal()
    resumed = through(client, proxy.url).sync_once()
    assert resumed.scans.sent == 1
    assert resumed.scans.bytes_sent == len(data) - held  # from the city's offset, not from the start
    _assert_all_on_the_city_once(city, files)


def _round_quietly(client) -> None:
    with contextlib.suppress(SyncError):
        client.sync_once()


def _wait_for(condition, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.01)


def _settled(read, quiet: float = 0.5):
    """The value once it stopped moving: read again after `quiet` seconds until two reads agree."""
    previous = read()
    while True:
        time.sleep(quiet)
        now = read()
        if now == previous:
            return now
        previous = now


def test_bytes_that_do_not_match_the_hash_are_refused_and_dropped(city, seeded_template, tmp_path):
    desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [200_000])
    (sha, data), = files.items()
    SyncClient(desk.store, scans=BlobStore(tmp_path / "none")).sync_once()  # the events only
    token = client.state().token
    forged = bytearray(data)
    forged[-100] ^= 0xFF
    url = f"{city.base_url}/v1/scans/{sha}"
    first = requests.put(url, params={"offset": 0, "size": len(data)}, data=bytes(forged[:100_000]),
                         headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert first.status_code == 200 and first.json()["offset"] == 100_000
    last = requests.put(url, params={"offset": 100_000, "size": len(data)}, data=bytes(forged[100_000:]),
                        headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert last.status_code == 422 and last.json()["code"] == "scan_hash_mismatch"
    assert held_offset(city, sha) == 0 and city_hashes(city) == []  # the partial is gone, nothing kept
    assert client.sync_once().scans.sent == 1  # the desk's own, good bytes go in the next round
    _assert_all_on_the_city_once(city, files)


def test_a_device_cannot_upload_or_read_a_scan_no_dossier_of_its_point_names(city, seeded_template, tmp_path):
    desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [50_000])
    (sha, _data), = files.items()
    client.sync_once()
    stranger = raw_enroll(city, BA_DINH)
    headers = {"Authorization": f"Bearer {stranger}"}
    put = requests.put(f"{city.base_url}/v1/scans/{'0' * 64}", params={"offset": 0, "size": 10}, data=b"x" * 10,
                       headers=headers, timeout=10)
    assert put.status_code == 403 and put.json()["code"] == "scan_not_named"
    dossier_id = next(iter(statuses(desk)))
    got = requests.get(f"{city.base_url}/v1/dossiers/{dossier_id}/scans/{sha}", headers=headers, timeout=10)
    assert got.status_code == 403 and got.json()["code"] == "other_point"


def test_the_round_budget_caps_the_scan_bytes_of_a_slow_point(db_url, seeded_template, tmp_path):
    budget = 300_000
    city = scan_city(db_url, tmp_path, scans_point_budget_bytes={MINH_CHAU: budget})
    try:
        _desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [200_000] * 4)
        rounds = []
        while len(city_hashes(city)) < len(files):
            report = client.sync_once()
            rounds.append(report.scans)
            assert report.scans.budget == budget
            assert report.scans.bytes_sent <= budget
            assert len(rounds) < 10
        assert len(rounds) >= 3 and rounds[0].pending > 0  # ~820 kB at 300 kB a round
        _assert_all_on_the_city_once(city, files)
    finally:
        city.stop()
        city.db.close()


def test_events_go_before_pending_scans_and_a_step_saved_mid_upload_overtakes_them(city, proxy, seeded_template,
                                                                                    tmp_path):
    desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [3_000_000])
    (sha, data), = files.items()
    receive(desk, 20, start=5)  # new dossiers and a big scan both waiting: the dossiers go first
    proxy.faults = Faults(rate=400_000)
    faulty = through(client, proxy.url, timeouts=(5.0, 10.0))
    reports = []
    worker = threading.Thread(target=lambda: reports.append(faulty.sync_once()))
    worker.start()
    _wait_for(lambda: held_offset(city, sha) > 0)
    assert sorted(event_ids(desk)) == sorted(_city_event_ids(city))  # all events were there before any scan byte
    code = receive(desk, 1, start=9)[0]  # a clerk saves a dossier while the scan is on the wire
    new_id = desk.dossiers.get_by_code(code).dossier_id
    _wait_for(lambda: new_id in _city_dossiers(city))
    assert held_offset(city, sha) < len(data) and city_hashes(city) == []  # it overtook the scan
    worker.join()
    assert reports and reports[0].scans.sent == 1
    _assert_all_on_the_city_once(city, files)


def _city_event_ids(city) -> list[str]:
    with city.db.read() as conn:
        return list(conn.execute(select(tables.events.c.event_id)).scalars())


def _city_dossiers(city) -> set[str]:
    with city.db.read() as conn:
        return set(conn.execute(select(tables.dossiers.c.id)).scalars())


def test_a_new_desk_of_the_point_fetches_a_scan_only_when_it_is_opened(city, seeded_template, tmp_path):
    desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [120_000])
    (sha, data), = files.items()
    client.sync_once()
    newcomer = open_desk(seeded_template, tmp_path, "new", MINH_CHAU, 2)
    other = enroll(newcomer, city, MINH_CHAU)
    other.sync_once()
    assert not desk_scans(newcomer).has(sha)  # the events came, the scan did not
    dossier_id = next(iter(statuses(desk)))
    assert other.open_scan(dossier_id, sha) == data
    assert desk_scans(newcomer).get(sha) == data  # kept: opened again without the link
    before = other.transport().requests
    assert other.open_scan(dossier_id, sha) == data
    assert other.transport().requests == before


def test_a_desk_killed_mid_upload_resumes_where_the_city_stands(city, proxy, seeded_template, tmp_path):
    desk, _client, files = _point_with_scans(city, seeded_template, tmp_path, [2_000_000])
    (sha, data), = files.items()
    with desk.store.write() as session:  # the desk's process reaches the city through the slow link
        replica.save_state(session, server_url=proxy.url)
    proxy.faults = Faults(rate=300_000)
    worker = subprocess.Popen([sys.executable, "-m", "tests.sync.desk_worker", str(desk.store.path), "50"],
                              cwd=ROOT)
    try:
        _wait_for(lambda: held_offset(city, sha) >= 300_000)
    finally:
        worker.kill()  # SIGKILL mid-upload: no clean-up of any kind
        worker.wait()
    proxy.drop_all()  # what the link still carried of the dead desk's chunks never reaches the city
    held = _settled(lambda: held_offset(city, sha))  # a chunk the city had whole is stored a moment later
    assert 0 < held < len(data) and city_hashes(city) == []
    proxy.heal()
    resumed = SyncClient(desk.store).sync_once()
    assert resumed.scans.sent == 1 and resumed.scans.bytes_sent == len(data) - held
    _assert_all_on_the_city_once(city, files)


def test_the_administrator_sees_what_the_city_keeps_and_finds_a_damaged_scan(city, seeded_template, tmp_path,
                                                                               monkeypatch, capsys):
    _desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [80_000, 60_000])
    client.sync_once()
    monkeypatch.setenv("CITY_SCANS_DIR", str(city.settings.scan_folder()))
    db = ["--db", city.db_url]
    assert server_cli.main([*db, "scans", "stats"]) == 0
    out = capsys.readouterr().out
    assert "Bản quét đã về: 2 tệp" in out and f"điểm {MINH_CHAU}: 2 tệp" in out
    assert server_cli.main([*db, "scans", "verify"]) == 0
    sha = sorted(files)[0]
    damaged = city.settings.scan_folder() / sha[:2] / sha
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"\x00")  # a disk that flipped a byte
    assert server_cli.main([*db, "scans", "verify"]) == 1
    assert f"HỎNG {sha}" in capsys.readouterr().out
    stale = city.settings.scan_folder() / ".partial" / f"{'a' * 64}.part"
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"x" * 10)
    os.utime(stale, (time.time() - 30 * 86400,) * 2)
    assert server_cli.main([*db, "scans", "sweep", "--days", "14"]) == 0
    assert not stale.exists()


def test_desk_app_sync_says_what_moved_of_the_scans_and_what_waits(db_url, seeded_template, tmp_path, capsys):
    city = scan_city(db_url, tmp_path, scans_point_budget_bytes={MINH_CHAU: 150_000})
    try:
        desk, _client, _files = _point_with_scans(city, seeded_template, tmp_path, [100_000, 100_000, 100_000])
        db = str(desk.store.path)
        desk.close()
        assert desk_cli.main(["--db", db, "sync"]) == 0
        out = capsys.readouterr().out
        assert "Bản quét: đã gửi 1 tệp" in out and "còn 2 tệp chờ gửi ở lượt sau" in out
    finally:
        city.stop()
        city.db.close()


def test_a_city_restored_from_an_older_backup_asks_again_and_keeps_what_its_store_holds(city, seeded_template,
                                                                                        tmp_path, request):
    _desk, client, files = _point_with_scans(city, seeded_template, tmp_path, [90_000, 70_000])
    backup = city.backup(request.getfixturevalue("postgres") if not city.db.is_sqlite else None)
    client.sync_once()  # the scans reach the store after last night's database backup
    city.restore(backup)  # the database is last night's; the scan folder is today's
    again = client.sync_once()
    assert again.new_epoch and again.scans.offered == len(files) and again.scans.bytes_sent == 0
    with city.db.read() as conn:
        assert sorted(conn.execute(select(tables.scans.c.sha256)).scalars()) == sorted(files)
    _assert_all_on_the_city_once(city, files)
