"""The application's life: QApplication, language and font, log-in, the window, training and log-out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QDialog

from desk_app import logs
from desk_app.core.accounts import User
from desk_app.services import Desk
from desk_app.ui import crash, i18n, style
from desk_app.ui.context import DeskContext, open_training
from desk_app.ui.login import LoginDialog

if TYPE_CHECKING:
    from desk_app.ui.main_window import MainWindow  # loaded on first show, after the log-in


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("MotCua Desk")
    app.setOrganizationName("MotCuaDesk")
    style.install(app)
    return app


class Shell(QObject):
    """Keeps one window open; swaps it for the practice twin or the log-in on request."""

    def __init__(self, app: QApplication, real: Desk, lang: str) -> None:
        super().__init__(app)
        self.app, self.real, self.lang = app, real, lang
        self.training: Desk | None = None
        self.window: MainWindow | None = None
        self.screen: QScreen | None = None  # where the clerk logged in: the window opens there

    def login(self) -> User | None:
        dialog = LoginDialog(self.real, self.lang)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.screen = dialog.screen()
        return dialog.user if accepted else None

    def show(self, user: User, training: bool = False) -> None:
        from desk_app.ui.main_window import MainWindow

        desk = self._training_desk() if training else self.real
        if self.window is not None:
            self.window.close()
        window = self.window = MainWindow(DeskContext(desk, user, self.lang))
        window.training_requested.connect(lambda on: self.show(user, on))
        window.logout_requested.connect(self._logout)
        window.show_placed(self.screen)

    def _training_desk(self) -> Desk:
        if self.training is None:
            self.training = open_training(self.real)
        return self.training

    def _logout(self) -> None:
        if self.window is None:
            return
        self.real.audit.record(self.window.ctx.user.username, "logout")
        self.window.close()
        self.window = None
        user = self.login()
        if user is None:
            self.app.quit()
        else:
            self.show(user)


def run_window(db: str | Path, lang: str | None = None, training: bool = False) -> int:
    files = logs.configure()
    crashed = logs.begin_session(files)
    try:
        return _run(db, lang, training, files, crashed)
    finally:
        logs.end_session(files)


def _run(db: str | Path, lang: str | None, training: bool, files: logs.LogFiles, crashed: bool) -> int:
    app = create_application()
    crash.install(files)
    Path(db).parent.mkdir(parents=True, exist_ok=True)
    real = Desk.open(db)
    lang = lang or real.settings.language
    translators = i18n.install(app, lang)  # noqa: F841 (kept alive while the app runs)
    if real.settings.font_size:
        from desk_app.ui.settings_dialog import apply_font

        apply_font(real.settings.font_size)  # 0: the system's size, as Qt starts
    shell = Shell(app, real, lang)
    if crashed:
        crash.tell_about_last_session(files).exec()
    user = shell.login()
    if user is None:
        return 0
    shell.show(user, training)
    code = app.exec()
    real.close()
    if shell.training is not None:
        shell.training.close()
    return code
