"""Background sync for the desk: periodic rounds, on demand, when connectivity returns; exponential
backoff with full jitter after failures; progress and status for the window. No Qt: the window
polls `status()` or passes callbacks that post to its own thread.

There is always a next wake-up (sync.md F7): after any outcome, success or failure of any kind, the
loop computes a delay and sleeps on an event that `trigger()` can cut short.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

from desk_app.core import replica
from sync.client import Progress, RoundReport, SyncClient
from sync.transport import SyncError

BASE_DELAY = 2.0
MAX_DELAY = 15 * 60.0
PERMANENT_DELAY = 30 * 60.0  # a refusal needs an administrator; keep trying, slowly


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    conflicts: int
    held: int  # events parked or quarantined, for a supervisor
    last_success: str
    last_error: str
    clock_warning: str
    running: bool


def backoff_delay(failures: int, rng: Callable[[], float] = random.random, retry_after: float | None = None) -> float:
    """Full jitter: uniform in [0, min(cap, base * 2^failures)], never below the server's Retry-After."""
    ceiling = min(MAX_DELAY, BASE_DELAY * (2 ** min(failures, 30)))
    return float(max(retry_after or 0.0, rng() * ceiling))


class BackgroundSync:
    def __init__(self, client: SyncClient, interval: float = 300.0, rng: Callable[[], float] = random.random,
                 on_round: Callable[[RoundReport | SyncError], None] | None = None) -> None:
        self.client, self.interval, self.rng = client, interval, rng
        self.on_round = on_round
        self.failures = 0
        self.next_delay = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._running = False
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="desk-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    def trigger(self) -> None:
        """Sync now: the clerk asked, or the OS reports the network is back."""
        self._wake.set()

    def set_progress(self, callback: Callable[[Progress], None] | None) -> None:
        self.client.on_progress = callback

    def status(self) -> SyncStatus:
        with self.client.store.read() as session:
            seen = replica.overview(session)
        return SyncStatus(seen.pending, seen.conflicts or 0, seen.held or 0, seen.state.last_success,
                          seen.state.last_error, seen.state.clock_warning, self._running)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.next_delay = self.run_once()
            self._wake.wait(self.next_delay)
            self._wake.clear()

    def run_once(self) -> float:
        """One round; returns the delay before the next one."""
        self._running = True
        try:
            outcome: RoundReport | SyncError = self.client.sync_once()
        except SyncError as exc:
            outcome = exc
        finally:
            self._running = False
        if self.on_round:
            self.on_round(outcome)
        return self._delay_after(outcome)

    def _delay_after(self, outcome: RoundReport | SyncError) -> float:
        if isinstance(outcome, RoundReport):
            self.failures = 0
            return self.interval
        self.failures += 1
        if not outcome.transient:
            return PERMANENT_DELAY
        return backoff_delay(self.failures, self.rng, outcome.retry_after)
