"""SIGKILL at random points of a sync, to the server and to a desk: after restarts and a final
round, every event exists exactly once everywhere and every replica shows the same status."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

from desk_app.core import replica
from sync.transport import SyncError
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import assert_converged, enroll, open_desk, receive, refuse

ROOT = Path(__file__).resolve().parents[2]


def _busy_desks(city, template, folder, n: int = 2):
    desks = [open_desk(template, folder, f"d{i}", MINH_CHAU, i + 1) for i in range(n)]
    clients = [enroll(desk, city, MINH_CHAU) for desk in desks]
    for i, desk in enumerate(desks):
        codes = receive(desk, 30, start=i)
        refuse(desk, codes[0])
    return desks, clients


def test_server_killed_mid_sync_loses_nothing_and_stores_nothing_twice(city, seeded_template, tmp_path):
    city.stop()
    city.start_process()
    desks, clients = _busy_desks(city, seeded_template, tmp_path)
    rng = random.Random(11)
    for client in clients:
        client.batch = 4
    interrupted = 0
    for cycle in range(5):
        for i, desk in enumerate(desks):
            receive(desk, 24, start=cycle + i)  # fresh work (6 exchanges each), so the kill lands inside a push
        stop = threading.Event()
        workers = [threading.Thread(target=_sync_until, args=(client, stop)) for client in clients]
        for worker in workers:
            worker.start()
        time.sleep(rng.uniform(0.02, 0.15))
        city.kill()  # SIGKILL: no shutdown hooks, transactions cut wherever they were
        stop.set()
        for worker in workers:
            worker.join()
        interrupted += any(_unsent(desk) for desk in desks)
        city.start_process()
    assert interrupted > 0, "no kill landed during a push"
    for client in clients * 2:
        client.sync_once()
    assert_converged(city, MINH_CHAU, desks)


def _sync_until(client, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            client.sync_once()
        except SyncError:
            time.sleep(0.01)


def test_desk_killed_mid_sync_loses_nothing_and_stores_nothing_twice(city, seeded_template, tmp_path):
    desks, clients = _busy_desks(city, seeded_template, tmp_path)
    clients[1].sync_once()  # the other desk's work is waiting on the server for the desk we kill
    rng = random.Random(5)
    path = str(desks[0].store.path)
    interrupted = 0
    for cycle in range(5):
        # 30 events in batches of 2: 15 exchanges, so a kill soon after the first ack lands mid-push
        # even on an idle machine where loopback exchanges take a few milliseconds.
        receive(desks[0], 30, start=cycle)
        before = _unsent(desks[0])
        worker = subprocess.Popen([sys.executable, "-m", "tests.sync.desk_worker", path, "2"], cwd=ROOT)
        _wait_for(lambda before=before: _unsent(desks[0]) < before)  # the round has begun
        time.sleep(rng.uniform(0.0, 0.02))
        worker.kill()
        worker.wait()
        interrupted += _unsent(desks[0]) > 0
    assert interrupted > 0, "no kill landed during a push"
    for client in clients * 2:
        client.sync_once()
    assert_converged(city, MINH_CHAU, desks)


def _unsent(desk) -> int:
    with desk.store.read() as session:
        return replica.unsent_count(session)


def _wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the desk process never started syncing"
        time.sleep(0.01)
