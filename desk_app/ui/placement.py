"""Where the main window opens: where this clerk left it, else maximized on its screen.

Kept per user in QSettings (the INI format, so a test can point it at a temporary folder with
`QSettings.setPath`): clerks who share one Windows account on a commune PC each get their own.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget


def window_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "MotCuaDesk", "MotCua Desk")


def _key(username: str) -> str:
    return f"window/{username}/geometry"


def show_placed(window: QWidget, username: str, screen: QScreen | None = None) -> None:
    """Show `window` where `username` left it if that lies on `screen` (by default the one it is on), else
    maximized there: a size left on a bigger screen, or on one since unplugged, would spill over."""
    screen = screen or window.screen()
    saved = window_settings().value(_key(username))
    if isinstance(saved, QByteArray | bytes) and window.restoreGeometry(QByteArray(saved)) \
            and screen.availableGeometry().contains(window.geometry()):
        window.show()
        return
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMaximized)
    window.setScreen(screen)
    window.move(screen.availableGeometry().topLeft())
    window.showMaximized()


def remember(window: QWidget, username: str) -> None:
    settings = window_settings()
    settings.setValue(_key(username), window.saveGeometry())
    settings.sync()
