"""The bar under the form (due date, what just happened, New and Save) and printing off the UI thread:
reportlab takes ~60 ms a receipt, the save itself ~15 ms, so the clerk can turn to the next citizen while
the preview comes up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desk_app.ui.context import DeskContext
from desk_app.ui.intake.procedure_picker import due_text
from desk_app.ui.keys import shortcut_hint
from desk_app.ui.tasks import Lane, tasks

# Long enough for the window's first paint and the clerk's first keys: importing reportlab holds the
# GIL in bursts, which would otherwise stretch start-up.
WARM_UP_DELAY_MS = 1500


def _register_fonts() -> None:
    from desk_app.printing.fonts import register_fonts  # imported here: on the printing thread

    register_fonts()


def warm_up_printing() -> None:
    """Soon after start, parse the receipt fonts on the printing lane, so the first receipt comes as
    fast as the rest."""
    QTimer.singleShot(WARM_UP_DELAY_MS, lambda: tasks().run(Lane.PRINT, _register_fonts))


def print_in_background(ctx: DeskContext, form: str, dossier_id: str, on_done: Callable[[bytes], None],
                        on_failed: Callable[[Exception], None], owner: QObject) -> None:
    """`Desk.print_form` on the printing lane (audited there, in its own transaction); the PDF or the
    refusal comes back on the UI thread, unless `owner` is gone by then (the dossier is saved and can
    be reprinted)."""
    desk, user = ctx.desk, ctx.user  # the work holds no widget (the context also holds the sync bar)
    tasks().run(Lane.PRINT, lambda: desk.print_form(form, dossier_id, user.username),
                on_done, on_failed, owner=owner)


class SaveBar(QWidget):
    """The live due date (refreshed each minute while shown, so the 15:00 same-day cut-off shows without
    a click), the confirmation line, and the New and Save buttons."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.procedure_code = ""
        self.due_timer = QTimer(self)
        self.due_timer.setInterval(60_000)
        self.due_timer.timeout.connect(self._tick)
        self.due_label = QLabel(self.tr("Hẹn trả: chọn thủ tục để tính"), self)
        self.due_label.setObjectName("dueLabel")
        self.due_label.setStyleSheet("font-weight: bold;")
        self.confirmation = QLabel(self)
        self.confirmation.setObjectName("confirmation")
        self.confirmation.setWordWrap(True)
        self.new_button = self._button(self.tr("Hồ sơ mới"), "F2")
        self.save_button = self._button(self.tr("Lưu và in giấy tiếp nhận"), "Ctrl+Enter")
        # Scans at intake (issue 12): the papers of the dossier just saved, while the citizen is still here.
        self.scan_button = QPushButton(self.tr("&Quét giấy tờ hồ sơ vừa lưu…"), self)
        self.scan_button.setObjectName("scan_saved")
        self.scan_button.setAutoDefault(False)
        self.scan_button.setEnabled(False)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        for widget, stretch in ((self.due_label, 0), (self.confirmation, 1), (self.scan_button, 0),
                                (self.new_button, 0), (self.save_button, 0)):
            bar.addWidget(widget, stretch)

    def _button(self, text: str, keys: str) -> QPushButton:
        button = QPushButton(f"{text} ({keys})", self)
        button.setToolTip(shortcut_hint(text, keys))
        button.setAutoDefault(False)  # Enter moves between fields; saving is Ctrl+Enter
        return button

    def showEvent(self, event) -> None:
        self.due_timer.start()
        super().showEvent(event)

    def _tick(self) -> None:
        # Stopped here rather than in hideEvent, which Qt also sends while tearing the page down, when
        # the Python side of this widget may already be gone.
        if not self.isVisible():
            self.due_timer.stop()
            return
        self.refresh_due()

    def set_procedure(self, code: str) -> None:
        self.procedure_code = code
        self.refresh_due()

    def refresh_due(self) -> None:
        if not self.procedure_code:
            self.due_label.setText(self.tr("Hẹn trả: chọn thủ tục để tính"))
            return
        due, _rule = self.ctx.desk.due(self.procedure_code, self.ctx.desk.now())
        self.due_label.setText(due_text(due))

    def confirm(self, text: str, error: bool = False) -> None:
        self.confirmation.setText(text)
        self.confirmation.setStyleSheet(f"color: {'#b00020' if error else '#1b5e20'}; font-weight: bold;")
