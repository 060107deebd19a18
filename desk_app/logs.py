"""What the desk writes down for support: a rotating log, tracebacks of errors nobody caught, native crashes.

A windowed program (PyInstaller's console=False) has no terminal: without this, `log.exception(...)` and an
uncaught error went nowhere. Everything lands in the user's log folder (platformdirs), which the clerk's
error message names, so support can ask for one file. A marker file says whether the last session ended
cleanly, so the next start can tell the clerk calmly what happened. No Qt here: the window adds its message.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import IO

from platformdirs import user_log_path

from desk_app.paths import APP_NAME
from desk_app.private_files import private_folder

LOG_NAME = "motcua-desk.log"
NATIVE_NAME = "native-crash.log"
MARKER_NAME = "session.running"
log = logging.getLogger("desk_app")
_native: IO[str] | None = None  # kept open: faulthandler writes to it when the process dies


@dataclass(frozen=True)
class LogFiles:
    folder: Path

    @property
    def log(self) -> Path:
        return self.folder / LOG_NAME

    @property
    def native(self) -> Path:
        return self.folder / NATIVE_NAME

    @property
    def marker(self) -> Path:
        return self.folder / MARKER_NAME


def default_folder() -> Path:
    return Path(os.environ.get("MOTCUA_LOG_DIR") or user_log_path(APP_NAME, appauthor=False))


def configure(folder: Path | None = None, level: int = logging.INFO, native: bool = True) -> LogFiles:
    """Log to a rotating file (1 MB x 5), record uncaught errors of every thread and (with `native`)
    native crashes."""
    global _native
    files = LogFiles(folder or default_folder())
    if not files.folder.exists():
        private_folder(files.folder)  # errors may quote what was typed: the owner's only, like the data
    handler = RotatingFileHandler(files.log, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [h for h in root.handlers if not isinstance(h, RotatingFileHandler)] + [handler]
    root.setLevel(level)
    if native and _native is None:
        _native = files.native.open("a", encoding="utf-8")
        faulthandler.enable(_native, all_threads=True)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_thread
    return files


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.critical("uncaught error", exc_info=(kind, exc, tb))
    for listener in list(_listeners):
        listener(exc)


def _log_thread(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    log.critical("uncaught error in thread %s", args.thread.name if args.thread else "?",
                 exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


_listeners: list[Callable[[BaseException], None]] = []


def on_uncaught(listener: Callable[[BaseException], None]) -> None:
    """Also tell `listener(exc)` about an uncaught error on the main thread (the window shows a message)."""
    _listeners.append(listener)


def begin_session(files: LogFiles) -> bool:
    """Mark this session as running; True when the last one did not end cleanly (killed, crashed)."""
    crashed = files.marker.exists()
    files.marker.write_text(str(os.getpid()), encoding="utf-8")
    if crashed:
        log.warning("the previous session did not end cleanly")
    return crashed


def end_session(files: LogFiles) -> None:
    files.marker.unlink(missing_ok=True)
