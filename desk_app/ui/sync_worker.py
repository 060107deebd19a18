"""Sync off the UI thread: the background rounds on their own connection, reported through queued signals.

The worker has its own connection to the same SQLite file (WAL: the window keeps reading and writing while a
round runs). Nothing here touches a widget; the worker thread hands each piece of news to the UI thread
(a tasks stream), where the signals are emitted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desk_app.core import replica
from desk_app.core.sessions import Sessions
from desk_app.ui.tasks import tasks
from sync.background import BackgroundSync, backoff_delay
from sync.client import Progress, RoundReport, SyncClient
from sync.transport import SyncError, TransientError

log = logging.getLogger(__name__)
INTERVAL = 300.0  # a round every five minutes when idle (Anki's period); F5 or a save cuts it short
STOP_WAIT = 3.0  # a request in flight may stall for 45 s; the window does not wait that long


def review_counts(store: Sessions) -> tuple[int, int]:
    """Dossiers with conflicting steps and events held back; scans dossiers, so off the UI thread."""
    with store.read() as session:
        seen = replica.overview(session)
    return seen.conflicts or 0, seen.held or 0


class _Rounds(BackgroundSync):
    """BackgroundSync that also says when a round starts, and survives a bug or a locked file."""

    def __init__(self, client: SyncClient, on_start: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        self.on_start = on_start

    def run_once(self) -> float:
        self.on_start()
        try:
            return super().run_once()
        except Exception as exc:  # the loop must always have a next wake-up (sync.md F7)
            log.exception("sync round failed")
            self.failures += 1
            if self.on_round:
                self.on_round(TransientError("Lỗi khi đồng bộ trên máy này; sẽ thử lại.", repr(exc)))
            return backoff_delay(self.failures, self.rng)


class SyncWorker(QObject):
    """Owns the sync thread. Signals arrive on the UI thread; `round_finished` carries the outcome
    (RoundReport or SyncError) and (conflicts, held) counted on the worker's connection."""

    round_started = Signal()
    progressed = Signal(object)
    round_finished = Signal(object, object)

    def __init__(self, sessions: Sessions, parent: QObject | None = None, interval: float = INTERVAL) -> None:
        super().__init__(parent)
        self.store = sessions  # the worker's own connection; closed in stop()
        self.client = SyncClient(self.store)
        self._stopped = False
        self.rounds = _Rounds(self.client, self._started, interval=interval, on_round=self._finished)
        self.rounds.set_progress(self._progressed)
        self._news = tasks().stream(self, self._emit)  # created here, on the UI thread

    def start(self) -> None:
        self.rounds.start()

    def trigger(self) -> None:
        self.rounds.trigger()

    def stop(self, timeout: float = STOP_WAIT) -> None:
        """Stop after the current exchange; never emits again (the receivers may be gone)."""
        self._stopped = True
        tasks().close_stream(self._news)
        self.rounds.stop(timeout)
        self.store.close()

    def _started(self) -> None:
        if not self._stopped:
            tasks().post(self._news, ("round_started",))

    def _progressed(self, progress: Progress) -> None:
        if not self._stopped:
            tasks().post(self._news, ("progressed", progress))

    def _finished(self, outcome: RoundReport | SyncError) -> None:
        """Worker thread: count what needs review on this connection, then hand it all over."""
        if self._stopped:
            return
        try:
            counts = review_counts(self.store)
        except Exception:  # counting is a nicety; the outcome must still reach the window
            log.exception("could not count conflicts")
            counts = None
        tasks().post(self._news, ("round_finished", outcome, counts))

    def _emit(self, news: tuple) -> None:
        """UI thread: one piece of the worker's news, as the signal of that name."""
        if not self._stopped:
            name, *args = news
            getattr(self, name).emit(*args)


def progress_fraction(progress: Progress) -> tuple[int, int]:
    """(done, total) for a progress bar: events sent out of those sent plus still waiting."""
    return progress.sent, progress.sent + progress.pending
