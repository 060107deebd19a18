"""What the desk writes for support when something goes wrong that no screen handled."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desk_app import logs

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(logs, "_listeners", [])
    yield logs.configure(tmp_path / "logs", native=False)  # native crashes: in a child process below
    _drop_file_handlers()


def _drop_file_handlers() -> None:
    import logging
    from logging.handlers import RotatingFileHandler

    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        handler.close()
        root.removeHandler(handler)


def test_an_uncaught_error_is_written_to_the_log_with_its_traceback(files):
    heard = []
    logs.on_uncaught(heard.append)
    try:
        raise ValueError("hỏng ở đâu đó")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    text = files.log.read_text(encoding="utf-8")
    assert "uncaught error" in text and "ValueError: hỏng ở đâu đó" in text and "Traceback" in text
    assert [type(e) for e in heard] == [ValueError]


def test_an_error_on_a_worker_thread_is_logged_too(files):
    worker = threading.Thread(target=lambda: 1 / 0, name="desk-print")
    worker.start()
    worker.join()
    text = files.log.read_text(encoding="utf-8")
    assert "uncaught error in thread desk-print" in text and "ZeroDivisionError" in text


def test_the_next_start_knows_the_last_session_did_not_end_cleanly(files):
    assert logs.begin_session(files) is False
    assert logs.begin_session(files) is True  # never ended: killed, crashed or the power went
    logs.end_session(files)
    assert logs.begin_session(files) is False


def test_a_native_crash_leaves_its_trace_in_the_native_log(tmp_path):
    folder = tmp_path / "logs"
    code = ("from pathlib import Path; from desk_app import logs; import faulthandler; "
            f"logs.configure(Path({str(folder)!r})); faulthandler._sigsegv()")
    died = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert died.returncode != 0
    text = (folder / logs.NATIVE_NAME).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in text and "Current thread" in text
