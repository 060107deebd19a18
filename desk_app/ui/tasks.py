"""The one way the window runs work off the UI thread (after Anki's `aqt/taskman.py`).

Two lanes, each a single long-lived thread, so work of a kind never overlaps with itself:
- `Lane.DB`: database-bound work (counting what needs review, enrolling the desk, building the handbook);
- `Lane.PRINT`: every reportlab render (receipts, reprints, step forms, registers) and every pdfium
  raster of a page: reportlab keeps global state and pdfium is not thread-safe, so one thread does both.

Results come back to the UI thread: a worker only drops (ticket, value) into an inbox and wakes the
UI thread, which looks the ticket's callbacks up and calls them there. So no worker ever holds a widget
(a Python-owned widget released on a worker thread would be deleted there: a crash), and a callback whose
owner is gone by then is dropped. The `work` given to `run` must not capture widgets either: pass it the
Desk and plain values. Sync rounds are not tasks: they run in sync.background's own loop and report
through a `stream`.
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal

log = logging.getLogger(__name__)


class Lane(StrEnum):
    DB = "db"
    PRINT = "print"


@dataclass
class _Ticket:
    on_done: Callable[[Any], None] | None
    on_failed: Callable[[Exception], None] | None
    owner: QObject | None
    on_item: Callable[[Any], None] | None = None


class TaskManager(QObject):
    _wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._lanes = {lane: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"desk-{lane}") for lane in Lane}
        self._inbox: deque[tuple[int, str, Any]] = deque()  # appended by workers, drained on the UI thread
        self._tickets: dict[int, _Ticket] = {}  # touched on the UI thread only
        self._numbers = itertools.count(1)
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    # --- on the UI thread --------------------------------------------------------------------------

    def run(self, lane: Lane, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[Exception], None] | None = None, owner: QObject | None = None) -> int:
        """`work()` on the lane's thread; then `on_done(result)` or `on_failed(exception)` here."""
        ticket = self._register(_Ticket(on_done, on_failed, owner))
        self._lanes[lane].submit(self._perform, ticket, work)
        return ticket

    def stream(self, owner: QObject, on_item: Callable[[Any], None]) -> int:
        """A channel a worker thread can `post` items to; `on_item(item)` is called here for each."""
        return self._register(_Ticket(None, None, owner, on_item))

    def close_stream(self, ticket: int) -> None:
        self._tickets.pop(ticket, None)

    def wait(self, lane: Lane, timeout: float = 10.0) -> bool:
        """Until the lane has finished what was queued before and its results are delivered (tests)."""
        try:
            self._lanes[lane].submit(lambda: None).result(timeout)
        except TimeoutError:
            return False
        self._drain()
        return True

    def _register(self, ticket: _Ticket) -> int:
        number = next(self._numbers)
        self._tickets[number] = ticket
        return number

    def _drain(self) -> None:
        while self._inbox:
            number, kind, value = self._inbox.popleft()
            ticket = self._tickets.get(number) if kind == "item" else self._tickets.pop(number, None)
            if ticket is not None and (ticket.owner is None or shiboken6.isValid(ticket.owner)):
                _deliver(ticket, kind, value)

    # --- on any thread -----------------------------------------------------------------------------

    def post(self, ticket: int, item: Any) -> None:
        """Hand `item` to the stream's callback on the UI thread."""
        self._send(ticket, "item", item)

    def _perform(self, ticket: int, work: Callable[[], Any]) -> None:
        try:
            value = work()
        except Exception as exc:  # handed to the UI, which says it in words
            self._send(ticket, "failed", exc)
        else:
            self._send(ticket, "done", value)

    def _send(self, ticket: int, kind: str, value: Any) -> None:
        self._inbox.append((ticket, kind, value))
        try:
            self._wake.emit()
        except RuntimeError:  # the application is shutting down: nobody is left to tell
            log.debug("dropped a result: the task manager is gone")


def _deliver(ticket: _Ticket, kind: str, value: Any) -> None:
    if kind == "item" and ticket.on_item is not None:
        ticket.on_item(value)
    elif kind == "done" and ticket.on_done is not None:
        ticket.on_done(value)
    elif kind == "failed":
        if ticket.on_failed is not None:
            ticket.on_failed(value)
        else:
            log.error("background task failed", exc_info=value)


_manager: TaskManager | None = None


def tasks() -> TaskManager:
    """The application's task manager, created on first use, on the UI thread."""
    global _manager
    if _manager is None:
        app = QCoreApplication.instance()
        if app is None or QThread.currentThread() is not app.thread():
            raise RuntimeError("tasks() is first called on the UI thread, with a QApplication")
        _manager = TaskManager()
    return _manager
