"""Background sync: backoff with jitter, a next wake-up after every outcome (F7), on-demand
rounds, progress callbacks and the status the window shows."""

from __future__ import annotations

import time

from sync.background import MAX_DELAY, BackgroundSync, backoff_delay
from tests.sync.conftest import MINH_CHAU
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.helpers import enroll, open_desk, receive, through


def test_backoff_grows_exponentially_with_full_jitter_and_a_cap():
    assert backoff_delay(1, rng=lambda: 1.0) == 4.0
    assert backoff_delay(3, rng=lambda: 1.0) == 16.0
    assert backoff_delay(40, rng=lambda: 1.0) == MAX_DELAY
    assert backoff_delay(3, rng=lambda: 0.25) == 4.0
    assert backoff_delay(1, rng=lambda: 0.0, retry_after=30.0) == 30.0


def test_failed_rounds_keep_a_next_wake_up_and_sync_resumes_when_the_link_returns(
        city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    proxy = FaultProxy(city.port)
    client = through(enroll(desk, city, MINH_CHAU), proxy.url, timeouts=(1.0, 1.0))
    receive(desk, 3)
    proxy.faults = Faults(http_503_probability=1.0)
    proxy.drop_all()
    progress, rounds = [], []
    background = BackgroundSync(client, interval=60.0, rng=lambda: 0.01, on_round=rounds.append)
    background.set_progress(progress.append)
    background.start()
    try:
        _wait(lambda: len(rounds) >= 3)  # failures, each followed by a short jittered retry
        assert all(isinstance(r, Exception) for r in rounds)
        assert background.status().pending == 3 and "bận" in background.status().last_error
        proxy.heal()
        _wait(lambda: background.next_delay == 60.0)  # success: back to the normal interval
        assert background.failures == 0 and background.status().pending == 0
        status = background.status()
        assert status.last_success and status.last_error == "" and status.conflicts == 0
        assert progress and progress[-1].pending == 0
        receive(desk, 1)
        background.trigger()  # on demand, without waiting for the 60 s interval
        _wait(lambda: background.status().pending == 0)
    finally:
        background.stop()
        proxy.close()
        desk.close()


def _wait(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.02)
