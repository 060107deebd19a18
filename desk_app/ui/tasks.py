"""The one way the window runs work off the UI thread (after Anki's `aqt/taskman.py`).

Two lanes, each a single long-lived thread, so work of a kind never overlaps with itself:
- `Lane.DB`: database-bound work (counting what needs review, enrolling the desk);
- `Lane.PRINT`: every reportlab render (receipts, reprints, step forms, registers) and every pdfium
  raster of a page: reportlab keeps global state and pdfium is not thread-safe, so one thread does both.
Results come back with `run_on_main`: a queued signal to an object living on the UI thread, which calls
the callback there. A callback whose owner widget is gone is dropped (the window closed meanwhile).
Sync rounds are not tasks: they run in the sync package's own loop (sync.background) on their own thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

log = logging.getLogger(__name__)


class Lane(StrEnum):
    DB = "db"
    PRINT = "print"


class TaskManager(QObject):
    _call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._lanes = {lane: ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"desk-{lane}") for lane in Lane}
        self._call.connect(self._on_main, Qt.ConnectionType.QueuedConnection)

    def run(self, lane: Lane, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_failed: Callable[[Exception], None] | None = None, owner: QObject | None = None) -> Future:
        """`work()` on the lane's thread; then `on_done(result)` or `on_failed(exception)` on the UI thread."""
        future = self._lanes[lane].submit(work)
        future.add_done_callback(lambda done: self.run_on_main(lambda: _deliver(done, on_done, on_failed, owner)))
        return future

    def run_on_main(self, call: Callable[[], None], owner: QObject | None = None) -> None:
        """Call `call()` on the UI thread soon (safe from any thread); dropped if `owner` is gone by then."""
        if owner is not None:
            call = _unless_gone(call, owner)
        try:
            self._call.emit(call)
        except RuntimeError:  # the application is shutting down: nobody is left to tell
            log.debug("dropped a result: the task manager is gone")

    def wait(self, lane: Lane, timeout: float = 10.0) -> bool:
        """Block until the lane has finished what was queued before (tests, shutdown)."""
        try:
            self._lanes[lane].submit(lambda: None).result(timeout)
        except TimeoutError:
            return False
        return True

    def _on_main(self, call: Callable[[], None]) -> None:
        call()


def _unless_gone(call: Callable[[], None], owner: QObject) -> Callable[[], None]:
    def guarded() -> None:
        if shiboken6.isValid(owner):
            call()
    return guarded


def _deliver(future: Future, on_done: Callable[[Any], None] | None, on_failed: Callable[[Exception], None] | None,
             owner: QObject | None) -> None:
    if owner is not None and not shiboken6.isValid(owner):
        return
    exc = future.exception()
    if exc is None:
        if on_done is not None:
            on_done(future.result())
    elif on_failed is not None and isinstance(exc, Exception):
        on_failed(exc)
    else:
        log.error("background task failed", exc_info=exc)


_manager: TaskManager | None = None


def tasks() -> TaskManager:
    """The application's task manager, created on first use on the UI thread."""
    global _manager
    if _manager is None:
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("tasks() needs a QApplication")
        _manager = TaskManager()
        _manager.moveToThread(app.thread())
    return _manager
