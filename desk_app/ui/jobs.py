"""One function on a short-lived thread, its result handed back to the UI thread through a queued signal.

Kept apart from the sync worker so that pages can run background work without loading the sync
client (requests, the wire schemas) on the UI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


class Job(QObject):
    """`work()` on its own thread; `done(result)` or `failed(exception)` on the UI thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.thread: threading.Thread | None = None

    def start(self) -> Job:
        self.thread = threading.Thread(target=self._run, name="desk-job", daemon=True)
        self.thread.start()
        return self

    def _run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # handed to the UI, which says it in words
            emit_safely(self, "failed", exc)
        else:
            emit_safely(self, "done", result)


def emit_safely(owner: QObject, name: str, *args: Any) -> None:
    """Emit from a worker thread; the window may have closed meanwhile (the C++ object deleted), which is
    no error: the news is dropped."""
    try:
        getattr(owner, name).emit(*args)
    except RuntimeError:  # "Internal C++ object already deleted" / "Signal source has been deleted"
        log.debug("receiver gone; dropped %s", name)
