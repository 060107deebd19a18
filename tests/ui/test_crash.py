"""The clerk's side of an unexpected error: a calm message naming the log, and word of an unclean exit."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desk_app import logs
from desk_app.ui import crash


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    monkeypatch.setattr(logs, "_listeners", [])
    return logs.configure(tmp_path / "logs", native=False)


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_an_uncaught_error_shows_one_calm_message_with_the_log_path(qapp, files):
    crash.install(files)
    for _ in range(3):  # an error in a loop: one message, not three
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    [box] = _boxes()
    assert "Các hồ sơ đã lưu vẫn an toàn" in box.text() and str(files.log) in box.text()
    assert "Traceback" not in box.text() and "boom" not in box.text()
    box.accept()
    assert _boxes() == []
    assert "RuntimeError: boom" in files.log.read_text(encoding="utf-8")


def test_after_an_unclean_exit_the_next_start_says_saved_dossiers_are_safe(qapp, files):
    box = crash.tell_about_last_session(files)
    assert box.isVisible() and "không kết thúc bình thường" in box.text() and str(files.log) in box.text()
    box.accept()
