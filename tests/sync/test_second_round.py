"""Issue 13, second round of sync faults: kept-alive connections the server closed under a request, the
push's steady window of uploads, and a revoked device's queued dossiers. Real desks, the real server on
127.0.0.1 (SQLite and PostgreSQL), the fault-injecting proxy between them."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from desk_app import cli
from desk_app.cli import sync_cmd
from desk_app.core import replica
from desk_app.services import Desk
from sync.client import LANES, SyncClient, consistent
from sync.protocol import fingerprint
from sync.server import devices, tables
from sync.transport import PermanentError, Transport
from tests.sync.conftest import MINH_CHAU
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.helpers import (
    assert_converged,
    enroll,
    hello,
    open_desk,
    post_exchange,
    receive,
    server_count,
    wire_events,
)


@pytest.fixture
def proxy(city):
    proxied = FaultProxy(city.port, seed=13)
    yield proxied
    proxied.close()


@pytest.fixture
def with_sync_commands(monkeypatch):
    if sync_cmd not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, sync_cmd])


# --- 1. kept-alive connections closed by the server -------------------------------------------------


def test_desk_app_sync_survives_the_server_closing_a_kept_alive_connection(
        city, proxy, seeded_template, tmp_path, capsys, with_sync_commands):
    """The round's second request (the new reference data) goes out on the connection the first one
    kept alive, which the server has just closed: the round used to end with 'Mất kết nối'."""
    city.publish_reference()
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    receive(desk, 3)
    desk.close()
    db = str(tmp_path / "ban1.sqlite3")
    assert cli.main(["--db", db, "enroll", "--server", proxy.url, "--code", city.new_device(MINH_CHAU)]) == 0
    proxy.faults = Faults(idle_close_after=0.0)  # every kept-alive connection is gone when reused
    assert cli.main(["--db", db, "sync"]) == 0, capsys.readouterr().err
    assert "Đã gửi 3 sự kiện" in capsys.readouterr().out
    assert proxy.idle_closes >= 1, "the fault never bit: the test would prove nothing"


def test_a_round_whose_requests_are_spaced_past_the_keep_alive_finishes(city, proxy, seeded_template, tmp_path):
    """Requests spaced past the server's idle timeout (a saturated link): each one that meets a closed
    connection is sent again on a fresh one, and the round goes on; every event is stored once."""
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    token = enroll(desk, city, MINH_CHAU).state().token
    receive(desk, 24)
    proxy.faults = Faults(idle_close_after=0.2)
    client = SyncClient(desk.store, Transport(proxy.url, token, timeouts=(2.0, 4.0)),
                        on_progress=lambda _p: time.sleep(0.3))
    client.batch = client.ceiling = 5
    report = client.sync_once()
    assert report.sent == 24
    assert proxy.idle_closes >= 1, "the fault never bit: the test would prove nothing"
    assert_converged(city, MINH_CHAU, [desk])
    desk.close()


# --- 2. a steady window of uploads, not groups with barriers -----------------------------------------


def test_a_backlog_keeps_a_steady_window_of_uploads_in_flight(city, proxy, seeded_template, tmp_path):
    """The proxy holds each answer until four requests are open (or nothing moves for a while): a client
    that starts the next upload as soon as one is answered keeps requests open all through the backlog;
    one that waits for a whole group leaves the link with none open between groups."""
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    token = enroll(desk, city, MINH_CHAU).state().token
    receive(desk, 60)
    proxy.faults = Faults(hold_answers=LANES, hold_quiet=0.5)
    client = SyncClient(desk.store, Transport(proxy.url, token, timeouts=(5.0, 10.0)))
    client.batch = client.ceiling = 5  # twelve batches: three groups of four, or one steady window
    report = client.sync_once()
    assert report.sent == 60
    assert proxy.open_peak == LANES  # never more than the window
    # The link is idle only before the first upload, never between batches; the last upload pulls too.
    assert proxy.open_at_start.count(0) == 1, proxy.open_at_start
    assert report.exchanges == 12
    assert_converged(city, MINH_CHAU, [desk])
    desk.close()


def test_the_last_upload_of_a_backlog_brings_the_pull(city, proxy, seeded_template, tmp_path):
    """On the island link a separate pull after the window cost a round trip: the upload that empties the
    outbox asks for the page too, so a backlog of twelve batches is twelve exchanges, and the other desk's
    dossiers still arrive and the fingerprints still agree."""
    other = open_desk(seeded_template, tmp_path, "ban2", MINH_CHAU, 2)
    enroll(other, city, MINH_CHAU)
    receive(other, 4)
    SyncClient(other.store).sync_once()
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    token = enroll(desk, city, MINH_CHAU).state().token
    receive(desk, 60)
    client = SyncClient(desk.store, Transport(proxy.url, token, timeouts=(5.0, 10.0)))
    client.batch = client.ceiling = 5
    report = client.sync_once()
    assert (report.sent, report.received, report.exchanges, report.repaired) == (60, 4, 12, False)
    SyncClient(other.store).sync_once()
    assert_converged(city, MINH_CHAU, [desk, other])
    desk.close()
    other.close()


def test_a_fingerprint_read_before_the_uploads_beside_it_committed_still_agrees():
    """The city reads the fingerprint after the last upload's commit; the uploads in flight beside it may
    commit later. Leaving out a whole neighbour's events may explain a difference; leaving out one
    unrelated event may not (that is a real divergence, repaired by the ordinary pull)."""
    mine = [f"{i:02x}" * 32 for i in range(1, 9)]
    beside = [mine[2:4], mine[4:6]]
    assert consistent(mine, fingerprint(mine), beside)
    assert consistent(mine, fingerprint(mine[:4] + mine[6:]), beside)  # the second neighbour not in yet
    assert consistent(mine, fingerprint(mine[:2] + mine[6:]), beside)  # neither
    assert not consistent(mine, fingerprint(mine[1:]), beside)  # an event the city lacks for good
    assert not consistent(mine, fingerprint(mine[:3] + mine[4:]), beside)  # half a neighbour is no commit


# --- 3. no dossier stranded by a revoked device ----------------------------------------------------------


def _held_for_review(city, device_id: str) -> list[str]:
    with city.db.read() as conn:
        q = tables.quarantine
        return list(conn.execute(select(q.c.event_id).where(q.c.device_id == device_id,
                                                             q.c.reason == "revoked_device")).scalars())


def test_a_revoked_desk_hands_its_unsent_dossiers_to_the_city_and_sends_them_once_re_enrolled(
        city, proxy, seeded_template, tmp_path, capsys, with_sync_commands):
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    receive(desk, 2)
    desk.close()
    db = str(tmp_path / "ban1.sqlite3")
    assert cli.main(["--db", db, "enroll", "--server", proxy.url, "--code", city.new_device(MINH_CHAU)]) == 0
    assert cli.main(["--db", db, "sync"]) == 0
    with Desk.open(db) as desk:
        receive(desk, 3, start=2)  # a day's work, then the device is revoked before it is sent
        queued = {e["event_id"] for e in wire_events(desk)}
        device_id = SyncClient(desk.store).state().device_id
    stored_before = server_count(city, "events")
    with city.db.write() as conn:
        devices.revoke(conn, device_id)
    capsys.readouterr()

    assert cli.main(["--db", db, "sync"]) == 2
    err = capsys.readouterr().err
    assert "Thiết bị này đã bị thu hồi" in err and "giữ 3 sự kiện" in err and "Dữ liệu vẫn còn trên máy" in err
    assert set(_held_for_review(city, device_id)) == queued  # at the city, for an administrator
    assert server_count(city, "events") == stored_before  # held is not accepted: no dossier written
    assert cli.main(["--db", db, "sync"]) == 2  # again: each event is held once
    assert sorted(_held_for_review(city, device_id)) == sorted(queued)

    with Desk.open(db) as desk:
        assert {e["event_id"] for e in wire_events(desk)} == queued  # still on the desk
    assert cli.main(["--db", db, "enroll", "--server", proxy.url, "--code", city.new_device(MINH_CHAU)]) == 0
    assert cli.main(["--db", db, "sync"]) == 0
    assert "Đã gửi 3 sự kiện" in capsys.readouterr().out
    assert cli.main(["--db", db, "sync"]) == 0
    assert "Đã gửi 0 sự kiện" in capsys.readouterr().out
    with Desk.open(db) as desk:
        assert_converged(city, MINH_CHAU, [desk])


def test_a_revoked_token_writes_nothing_and_a_backlog_is_handed_over_whole(city, proxy, seeded_template, tmp_path):
    """A backlog of many batches through the window: every unsent event reaches the quarantine, none the
    log; the holding is bounded to the device's own events and confirms nothing about the city's data."""
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    enrolled = enroll(desk, city, MINH_CHAU)
    receive(desk, 40)
    state = enrolled.state()
    with city.db.write() as conn:
        devices.revoke(conn, state.device_id)
    proxy.faults = Faults(one_way_latency=0.01, idle_close_after=0.0)
    client = SyncClient(desk.store, Transport(proxy.url, state.token, timeouts=(2.0, 4.0)))
    client.batch = client.ceiling = 6
    with pytest.raises(PermanentError) as refused:
        client.sync_once()
    assert refused.value.code == "revoked_device" and "giữ 40 sự kiện" in refused.value.reason
    assert len(_held_for_review(city, state.device_id)) == 40
    first = proxy.bytes["up"]
    with pytest.raises(PermanentError):  # the slow retry half an hour later: the outbox is not handed over again
        client.sync_once()
    assert proxy.bytes["up"] - first < first / 2
    assert len(_held_for_review(city, state.device_id)) == 40
    assert server_count(city, "events") == 0 and server_count(city, "dossiers") == 0
    answer = post_exchange(city, state.token, hello())  # a pull with the revoked token: nothing comes back
    assert answer.status_code == 401 and "events" not in answer.json()
    with desk.store.read() as session:
        assert replica.unsent_count(session) == 40
    desk.close()


def test_a_backlog_meeting_a_restored_server_pulls_at_once_and_replays(city, seeded_template, tmp_path, request):
    """An answer in the window shows another server epoch: the window stops, the pull starts the replay,
    and the round ends with everything on the server once (not a window re-sent until the round's cap)."""
    postgres = None if city.db.is_sqlite else request.getfixturevalue("postgres")
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    receive(desk, 3)
    client.sync_once()
    backup = city.backup(postgres)
    receive(desk, 2, start=3)
    client.sync_once()  # these reach the server after the backup, then its disk dies
    city.restore(backup)
    receive(desk, 40, start=5)  # a backlog of many batches meets the restored server
    client.batch = client.ceiling = 5
    report = client.sync_once()
    assert report.new_epoch
    assert report.exchanges < 25, report.exchanges
    assert_converged(city, MINH_CHAU, [desk])
    desk.close()
