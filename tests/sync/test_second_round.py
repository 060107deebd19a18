"""Issue 13, second round of sync faults: kept-alive connections the server closed under a request, the
push's steady window of uploads, and a revoked device's queued dossiers. Real desks, the real server on
127.0.0.1 (SQLite and PostgreSQL), the fault-injecting proxy between them."""

from __future__ import annotations

import time

import pytest

from desk_app import cli
from desk_app.cli import sync_cmd
from sync.client import LANES, SyncClient
from sync.transport import Transport
from tests.sync.conftest import MINH_CHAU
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.helpers import assert_converged, enroll, open_desk, receive


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
    assert client.sync_once().sent == 60
    assert proxy.open_peak == LANES  # never more than the window
    # The link is idle only before the first upload and before the round's last pull, never between batches.
    assert proxy.open_at_start.count(0) == 2, proxy.open_at_start
    assert_converged(city, MINH_CHAU, [desk])
    desk.close()
