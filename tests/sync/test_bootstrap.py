"""A new desk's first sync from the point's snapshot (issue 13; docs/sync.md, "Snapshot bootstrap"), on
SQLite and PostgreSQL: the desk ends exactly as a desk that replayed the log, resumes a cut or killed
download from the bytes it holds, applies nothing from a file that does not match its hash, is usable
before the tail arrives, and still replays against a server without the endpoint."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
import uvicorn
from fastapi import APIRouter
from sqlalchemy import text

from desk_app.core import replica
from desk_app.core import snapshot as bulk
from desk_app.core.search import Query
from sync.bootstrap import partial_path
from sync.protocol import fingerprint
from sync.server import pull
from sync.server.app import create_app
from sync.server.cli import uvicorn_options
from sync.server.routes import snapshot as snapshot_routes
from sync.server.settings import ServerSettings
from sync.transport import SyncError
from tests.conftest import request
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.helpers import NAMES, enroll, open_desk, refuse, result_ready, through

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def boot_city(db_url, tmp_path):
    """The city with snapshots for any point that has events (the default keeps short logs on the replay)."""
    settings = ServerSettings(db=db_url, snapshot_min_events=1, snapshot_dir=tmp_path / "snapshots")
    server = CityServer(db_url, tmp_path / "server.log", settings).start()
    try:
        yield server
    finally:
        server.stop()
        server.db.close()


def _busy_point(city, template, folder, dossiers: int):
    """Desk 1 of Minh Châu with `dossiers` dossiers, a few with steps, all at the city."""
    desk = open_desk(template, folder, "source", MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    _receive(desk, dossiers)
    client.sync_once()
    return desk, client


def _receive(desk, n: int, start: int = 0) -> list[str]:
    made = desk.dossiers.receive_many([request(name=NAMES[(start + i) % len(NAMES)]) for i in range(n)], "clerk")
    codes = [result.dossier.code for result in made]
    refuse(desk, codes[0])
    for code in codes[1:4]:
        result_ready(desk, code)
    return codes


PAGE = 10  # a first pull that finds more than a page asks for the snapshot (the desk's page is 500)


def _new_desk(city, template, folder, name: str, desk_no: int, use_snapshot: bool = True):
    desk = open_desk(template, folder, name, MINH_CHAU, desk_no)
    client = enroll(desk, city, MINH_CHAU)
    client.use_snapshot, client.page = use_snapshot, PAGE
    return desk, client


def _through(client, url: str):
    moved = through(client, url)
    moved.page = PAGE
    return moved


def _replica(desk) -> tuple[list[tuple], list[tuple], object]:
    """Every stored column of the events (but the local row number and arrival time) and of the dossier rows
    (their numbers too: the list's order), and the fingerprint the desk compares with the city's."""
    with desk.store.read() as session:
        events = sorted(tuple(row) for row in session.execute(text(
            "SELECT event_id, dossier_id, kind, payload, actor, desk_id, hlc, wall_time, content_hash, origin, "
            "pushed_at IS NOT NULL FROM events")))
        dossiers = [tuple(row) for row in session.execute(text("SELECT * FROM dossiers ORDER BY num"))]
        mine = fingerprint(replica.fingerprint_hashes(session))
    return events, dossiers, mine


def _city_fingerprint(city):
    with city.db.read() as conn:
        return pull.checksum(conn, MINH_CHAU)


def _cursor(desk) -> int:
    with desk.store.read() as session:
        return replica.load_state(session).cursor


def _count(desk) -> int:
    with desk.store.read() as session:
        return replica.dossier_count(session)


def test_a_new_desk_bootstraps_and_ends_equal_to_a_replayed_one_then_its_steps_travel(
        boot_city, seeded_template, tmp_path):
    city = boot_city
    source, source_client = _busy_point(city, seeded_template, tmp_path, 40)
    _first, first_client = _new_desk(city, seeded_template, tmp_path, "first", 2)
    assert first_client.sync_once().snapshot.seq == 44  # builds the point's snapshot at its last seq
    _receive(source, 5, start=3)  # the tail: after the snapshot
    source_client.sync_once()
    new, new_client = _new_desk(city, seeded_template, tmp_path, "new", 3)
    replayed, replayed_client = _new_desk(city, seeded_template, tmp_path, "replayed", 4, use_snapshot=False)

    report = new_client.sync_once()
    replayed_report = replayed_client.sync_once()

    assert report.snapshot is not None and report.snapshot.seq == 44  # the snapshot built for the first desk
    assert report.snapshot.events == 34  # all but the first page, which told the desk the log was long
    assert report.snapshot.prepared_in_flight
    assert report.received == PAGE + 9  # that page, then the 5 dossiers and 4 steps after the snapshot: the tail
    assert replayed_report.snapshot is None and replayed_report.received == 53
    assert report.exchanges < replayed_report.exchanges / 2
    assert _replica(new) == _replica(replayed)
    assert _replica(new)[2] == _city_fingerprint(city)
    with new.store.read() as session:  # the name index, filled in one statement, is whole
        session.execute(text("INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('integrity-check', 1)"))
    for query in (Query(limit=50), Query(text="nguyen", limit=50), Query(text="tran thi b", limit=50)):
        assert [d.code for d in new.search(query)] == [d.code for d in replayed.search(query)]
    assert not list(tmp_path.glob("new-snapshot-*"))

    code = new.search(Query(text="Nguyễn Văn An", limit=50))[-2].code  # received, and came in the snapshot
    new.dossiers.apply(code, "result_ready", {}, "clerk")
    new_client.sync_once()
    source_client.sync_once()
    assert source.dossiers.get_by_code(code).status == "result_ready"


def test_a_cut_mid_snapshot_resumes_from_the_offset(boot_city, seeded_template, tmp_path):
    city = boot_city
    _busy_point(city, seeded_template, tmp_path, 300)
    desk, client = _new_desk(city, seeded_template, tmp_path, "new", 2)
    proxy = FaultProxy(city.port, seed=3)
    proxy.faults = Faults(cut_down_after=1500)  # every connection is reset after 1.5 kB of answer
    client = _through(client, proxy.url)
    client.on_snapshot = lambda _report: proxy.heal()  # the cuts are for the snapshot, not the tail after it
    try:
        report = client.sync_once()
    finally:
        proxy.close()
    snap = report.snapshot
    assert snap is not None and snap.size > 3 * 1500
    assert proxy.cuts >= 3 and snap.connections > snap.size // 1500
    assert snap.downloaded == snap.size  # every byte came once: each connection went on from the desk's offset
    assert proxy.bytes["down"] < snap.size + snap.connections * 1500  # at most one connection's bytes lost per cut
    assert _count(desk) == 300


def _worker(path: Path, url: str, marker: str = "") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.sync.bootstrap_worker", str(path), url, marker], cwd=ROOT)


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the desk process never got there"
        time.sleep(0.01)


def _progress(desk) -> dict | None:
    with desk.store.read() as session:
        return bulk.load_progress(session)


def test_a_desk_killed_mid_download_resumes_from_its_partial_file_and_ends_equal(
        boot_city, seeded_template, tmp_path):
    city = boot_city
    _busy_point(city, seeded_template, tmp_path, 300)
    desk, client = _new_desk(city, seeded_template, tmp_path, "new", 2)
    replayed, replayed_client = _new_desk(city, seeded_template, tmp_path, "replayed", 3, use_snapshot=False)
    proxy = FaultProxy(city.port)
    proxy.faults = Faults(rate=4000)  # slow enough that the kill lands in the middle of the download
    worker = _worker(desk.store.path, proxy.url)
    try:
        _wait_for(lambda: (p := _progress(desk)) is not None
                  and partial_path(desk.store.path, p["sha256"]).exists()
                  and partial_path(desk.store.path, p["sha256"]).stat().st_size > 4000)
        worker.kill()
        worker.wait()
    finally:
        proxy.close()
    manifest = _progress(desk)
    held = partial_path(desk.store.path, manifest["sha256"]).stat().st_size
    assert 0 < held < manifest["size"] and _count(desk) <= PAGE and _cursor(desk) == PAGE  # the first page only

    report = client.sync_once()
    replayed_client.sync_once()

    assert report.snapshot.resumed_from == held and report.snapshot.downloaded == manifest["size"] - held
    assert report.snapshot.prepared_in_flight  # the bytes held were prepared again, then the rest as it came
    assert _replica(desk) == _replica(replayed)
    assert _replica(desk)[2] == _city_fingerprint(city)


def test_a_desk_killed_mid_apply_keeps_nothing_of_it_and_applies_it_whole_next_time(
        boot_city, seeded_template, tmp_path):
    city = boot_city
    _busy_point(city, seeded_template, tmp_path, 200)
    desk, client = _new_desk(city, seeded_template, tmp_path, "new", 2)
    replayed, replayed_client = _new_desk(city, seeded_template, tmp_path, "replayed", 3, use_snapshot=False)
    marker = tmp_path / "applied-not-committed"
    worker = _worker(desk.store.path, city.base_url, str(marker))
    try:
        _wait_for(marker.exists)  # every row inserted, the transaction still open
    finally:
        worker.kill()
        worker.wait()
    manifest = _progress(desk)
    assert _count(desk) <= PAGE and _cursor(desk) == PAGE  # the kill rolled the whole snapshot back
    assert partial_path(desk.store.path, manifest["sha256"]).stat().st_size == manifest["size"]

    report = client.sync_once()
    replayed_client.sync_once()

    assert report.snapshot.downloaded == 0 and report.snapshot.resumed_from == manifest["size"]
    assert not report.snapshot.prepared_in_flight and not list(tmp_path.glob("new-snapshot-*"))
    assert _replica(desk) == _replica(replayed)
    assert _cursor(desk) == manifest["seq"]


def test_a_snapshot_whose_bytes_were_tampered_with_is_refused_whole_and_nothing_applied(
        boot_city, seeded_template, tmp_path):
    city = boot_city
    _busy_point(city, seeded_template, tmp_path, 60)
    first, first_client = _new_desk(city, seeded_template, tmp_path, "first", 2)
    first_client.sync_once()  # the city builds and keeps the snapshot
    [kept] = (tmp_path / "snapshots").rglob("*.snap")
    original = kept.read_bytes()
    damaged = bytearray(original)
    damaged[len(damaged) // 2] ^= 0x01  # one bit, in the middle of the dossiers
    kept.write_bytes(bytes(damaged))
    desk, client = _new_desk(city, seeded_template, tmp_path, "new", 3)

    with pytest.raises(SyncError) as refused:
        client.sync_once()

    assert "không khớp mã băm" in refused.value.reason
    assert _count(desk) <= PAGE and _cursor(desk) == PAGE  # the first page, nothing of the snapshot
    assert not list(tmp_path.glob("new-snapshot-*")) and _progress(desk)["sha256"] in kept.name
    kept.write_bytes(original)  # the city's file mended: the next round fetches it again from its start
    report = client.sync_once()
    assert report.snapshot.resumed_from == 0 and report.snapshot.downloaded == len(original)
    assert _replica(desk)[:2] == _replica(first)[:2] and _count(desk) == 60


def test_a_desk_can_search_and_list_once_the_snapshot_is_in_before_the_tail(boot_city, seeded_template, tmp_path):
    city = boot_city
    source, source_client = _busy_point(city, seeded_template, tmp_path, 30)
    _first, first_client = _new_desk(city, seeded_template, tmp_path, "first", 2)
    first_client.sync_once()
    _receive(source, 6, start=1)  # the tail
    source_client.sync_once()
    desk, client = _new_desk(city, seeded_template, tmp_path, "new", 3)
    proxy = FaultProxy(city.port)
    client = _through(client, proxy.url)
    seen: dict[str, object] = {}

    def snapshot_in(report) -> None:
        seen["cursor"], seen["report"] = _cursor(desk), report
        proxy.faults = Faults(cut_up_after=1)  # the link drops before the tail is pulled

    client.on_snapshot = snapshot_in
    try:
        with pytest.raises(SyncError):
            client.sync_once()
        names = desk.search(Query(text="tran thi", limit=100))
        listed = desk.search(Query(limit=100))
        assert len(listed) == 30 and len(names) == 5  # Trần Thị Bình: 30 dossiers over 6 names
        assert all(d.applicant.full_name == "Trần Thị Bình" for d in names)
        assert listed[0].code > listed[-1].code  # newest first, as after a replay
        assert seen["cursor"] == _cursor(desk) > 0
        proxy.heal()
        client.sync_once()
    finally:
        proxy.close()
    assert _count(desk) == 36


class _OldCity(CityServer):
    """A city server from before the snapshot: its routes without /v1/sync/snapshot."""

    def start(self) -> _OldCity:
        with mock.patch.object(snapshot_routes, "router", APIRouter()):  # what it had: no snapshot routes
            app = create_app(self.db, self.settings)
        self.uvicorn = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                     **uvicorn_options(self.settings)))
        self.thread = threading.Thread(target=self.uvicorn.run, daemon=True)
        self.thread.start()
        self._wait_ready()
        return self


def test_an_old_server_without_the_endpoint_still_bootstraps_by_replay(db_url, seeded_template, tmp_path):
    settings = ServerSettings(db=db_url, snapshot_min_events=1, snapshot_dir=tmp_path / "snapshots")
    city = _OldCity(db_url, tmp_path / "server.log", settings).start()
    try:
        _busy_point(city, seeded_template, tmp_path, 20)
        desk, client = _new_desk(city, seeded_template, tmp_path, "new", 2)
        replayed, replayed_client = _new_desk(city, seeded_template, tmp_path, "replayed", 3, use_snapshot=False)
        report = client.sync_once()
        replayed_client.sync_once()
        assert report.snapshot is None and report.received == 24
        assert _replica(desk) == _replica(replayed)
        requests_before = client.transport().requests
        client.sync_once()
        assert client.transport().requests - requests_before == 1  # not asked again: the exchange alone
    finally:
        city.stop()
        city.db.close()
    assert not (tmp_path / "snapshots").exists()


def test_desk_app_sync_says_the_points_data_came_first_as_a_snapshot(boot_city, seeded_template, tmp_path, capsys):
    from desk_app import cli

    city = boot_city
    _busy_point(city, seeded_template, tmp_path, 520)  # more than the desk's own page of 500 events
    desk, _client = _new_desk(city, seeded_template, tmp_path, "new", 2)
    path = desk.store.path
    desk.close()
    assert cli.main(["--db", str(path), "sync"]) == 0
    out = capsys.readouterr().out
    assert "Dữ liệu ban đầu của điểm: " in out and "máy đã dùng được ngay" in out
    assert "(tệp " in out and "đến số 524)" in out


def test_city_server_snapshot_build_prepares_the_snapshot_new_desks_then_take(boot_city, seeded_template, tmp_path,
                                                                              capsys, monkeypatch):
    from sync.server import cli

    city = boot_city
    _busy_point(city, seeded_template, tmp_path, 30)
    monkeypatch.setenv("CITY_SNAPSHOT_DIR", str(tmp_path / "snapshots"))
    monkeypatch.setenv("CITY_SNAPSHOT_MIN_EVENTS", "1")
    assert cli.main(["--db", city.db_url, "snapshot", "build"]) == 0
    out = capsys.readouterr().out
    assert "09661: 30 hồ sơ, 34 sự kiện" in out and "đến số 34" in out
    [built] = (tmp_path / "snapshots").rglob("*.snap")
    made = built.stat().st_mtime_ns
    desk, client = _new_desk(city, seeded_template, tmp_path, "new", 2)
    report = client.sync_once()
    assert report.snapshot.seq == 34 and report.snapshot.size == built.stat().st_size
    assert list((tmp_path / "snapshots").rglob("*.snap")) == [built]  # taken as it was: no build while waiting
    assert built.stat().st_mtime_ns == made
    assert _count(desk) == 30
    assert cli.main(["--db", city.db_url, "snapshot", "build", "--unit", "00004"]) == 0  # a point with no log
    assert "00004: nhật ký ngắn" in capsys.readouterr().out



def test_a_new_desk_with_a_backlog_takes_the_snapshot_after_its_window(boot_city, seeded_template, tmp_path):
    """A desk that received dossiers before its first sync pushes them in a window whose last upload also
    pulls; that page shows a long log, so the rest of the point comes as the snapshot, not page by page."""
    city = boot_city
    _busy_point(city, seeded_template, tmp_path, 40)
    new, client = _new_desk(city, seeded_template, tmp_path, "new", 2)
    _receive(new, 12, start=7)
    client.batch = client.ceiling = 5  # a window of several uploads

    report = client.sync_once()

    assert report.sent == 16
    assert report.snapshot is not None and report.received == PAGE
    assert _count(new) == 52
    assert _replica(new)[2] == _city_fingerprint(city)
