"""The running application object, typed: PySide6 declares `QApplication.instance()` as an optional
QCoreApplication, though the window always runs inside a QApplication."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def qapp() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "the window's code runs inside a QApplication"
    return app
