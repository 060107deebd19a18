"""Autosave of the unsaved form (style_ux B8): 1.5 s after the last edit, when focus leaves the page,
and on close; offered back, with a way to drop it, when the clerk comes back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from desk_app.core.drafts import DraftService, IntakeForm
from desk_app.ui.qtapp import qapp

DEBOUNCE_MS = 1500


class DraftKeeper(QObject):
    """Saves `read_form()` for `username` when something changed; never saves an empty form."""

    def __init__(self, service: DraftService, username: str, read_form: Callable[[], IntakeForm],
                 page: QWidget) -> None:
        super().__init__(page)
        self.service, self.username, self.read_form, self.page = service, username, read_form, page
        self.dirty = False
        self.stored = True  # whether a draft row may exist; unknown counts as yes
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.flush)

    def attach(self) -> None:
        """Watch focus leaving the page (another window, another app) while the page is shown."""
        qapp().installEventFilter(self)

    def detach(self) -> None:
        qapp().removeEventFilter(self)
        self.flush()

    def touch(self) -> None:
        """Something changed: save once the clerk pauses."""
        self.dirty = True
        self.timer.start()

    def flush(self) -> None:
        self.timer.stop()
        if not self.dirty:
            return
        self.dirty = False
        form = self.read_form()
        if form.is_empty():
            self.discard()
        else:
            self.service.save(self.username, form)
            self.stored = True

    def load(self) -> IntakeForm | None:
        form = self.service.load(self.username)
        self.stored = form is not None
        return form

    def discard(self) -> None:
        """Drop the draft; skips the write when there is none (a save should not pay for it)."""
        self.timer.stop()
        self.dirty = False
        if self.stored:
            self.service.discard(self.username)
            self.stored = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # During FocusOut the application already points at the new focus (None: another app).
        if event.type() == QEvent.Type.FocusOut and isinstance(watched, QWidget) and self.dirty:
            new = QApplication.focusWidget()
            if self.page.isAncestorOf(watched) and (new is None or not self.page.isAncestorOf(new)):
                self.flush()
        return False


class RestoredBanner(QWidget):
    """"Đã khôi phục bản nháp chưa lưu" with a button to drop the draft."""

    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBanner")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#draftBanner { background: #fff4ce; border: 1px solid #e0c060; }")
        self.label = QLabel(self.tr("Đã khôi phục bản nháp chưa lưu"), self)
        self.label.setObjectName("draftRestored")
        self.button = QPushButton(self.tr("Bỏ bản nháp"), self)
        self.button.setObjectName("discardDraft")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.discard_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()


def ask_discard(parent: QWidget) -> bool:
    """"Bỏ hồ sơ đang nhập?" with Vietnamese buttons (Qt has no Vietnamese of its own); keeping is default."""
    translate = QCoreApplication.translate  # a fixed context lupdate can see (parent.tr is not extractable)
    box = QMessageBox(QMessageBox.Icon.Question, translate("IntakePage", "Hồ sơ mới"),
                      translate("IntakePage", "Bỏ hồ sơ đang nhập?"), QMessageBox.StandardButton.NoButton, parent)
    drop = box.addButton(translate("IntakePage", "Bỏ hồ sơ"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(translate("IntakePage", "Tiếp tục nhập"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is drop
