"""The sync corner of the status bar: online or not, what waits to be sent, when it last worked, what needs
review, a "sync now" button and a progress bar while a round runs (style_ux B5).

Every state has an icon AND words, never colour alone. "Online" means the last exchange with the city
server succeeded (an application-level fact), not that the PC has a network. The training desk is
never synced: no worker is started for it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QStyle, QWidget

from desk_app.core import replica
from desk_app.services import Desk
from desk_app.ui.context import DeskContext
from desk_app.ui.tasks import Lane, tasks

if TYPE_CHECKING:
    from desk_app.ui.sync_worker import SyncWorker
    from sync.client import Progress

log = logging.getLogger(__name__)

# The sync modules (requests, the protocol) load after the window is up, and on a worker thread.
START_DELAY_MS = 200

REFRESH_MS = 3000  # the unsent count after local saves: one indexed count, cheap


def _when(iso: str) -> str:
    """"2026-03-10T09:30:05" -> "09:30 10/03"; anything unreadable is shown as it is."""
    try:
        return datetime.fromisoformat(iso.strip()).strftime("%H:%M %d/%m")
    except ValueError:
        return iso


def _split_error(last_error: str) -> tuple[str, str]:
    """The client stores "YYYY-mm-dd HH:MM:SS reason"; returns (when, reason)."""
    parts = last_error.split(" ", 2)
    if len(parts) == 3 and parts[0][:4].isdigit():
        return _when(f"{parts[0]}T{parts[1]}"), parts[2]
    return "", last_error


class SyncStatusBar(QWidget):
    """A permanent status-bar widget. `synced` fires on the UI thread after a round brought new events."""

    synced = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.worker: SyncWorker | None = None
        self.state = replica.SyncState()
        self.pending = self.conflicts = self.held = 0
        self.syncing = self._started = self._closed = self._sync_loaded = False
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.extras["sync_bar"] = self  # the settings dialog refreshes it after an enrollment

    def _build(self) -> None:
        self.icon = QLabel(self)
        self.status = QLabel(self)
        self.status.setObjectName("syncState")
        self.pending_label = QLabel(self)
        self.last_label = QLabel(self)
        self.review_label = QLabel(self)
        self.held_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setFormat(self.tr("Đã gửi %v/%m"))
        self.progress.setTextVisible(True)
        # wide enough for its own words at any font size (measured, not a fixed pixel width)
        self.progress.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.tr("Đã gửi 00000/00000")) * 3 // 2)
        self.progress.hide()
        self.button = QPushButton(self.tr("Đồng bộ ngay (F5)"), self)
        self.button.setToolTip(self.tr("Gửi ngay các thay đổi chờ gửi và nhận thay đổi từ máy chủ (F5)"))
        self.button.setAutoDefault(False)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F5 reaches it; Tab stays in the forms
        self.button.clicked.connect(self.sync_now)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.icon)
        layout.addWidget(self.status)
        self._separators: dict[QLabel, QFrame] = {}
        for widget in (self.pending_label, self.last_label, self.review_label, self.held_label):
            self._separators[widget] = _separator(self)
            layout.addWidget(self._separators[widget])
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.button)
        self._show(self.review_label, False)
        self._show(self.held_label, False)

    def _show(self, label: QLabel, visible: bool) -> None:
        label.setVisible(visible)
        self._separators[label].setVisible(visible)

    # --- life ------------------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._started:
            self.refresh()  # the headline at once (cheap); counts and the worker just after
            QTimer.singleShot(START_DELAY_MS, self.start)

    def start(self) -> None:
        """Called just after the first show: counts, the refresh timer and, on an enrolled real desk, the worker."""
        if self._started:
            return
        self._started = True
        self.refresh()
        self._timer.start()
        if not self.ctx.training:
            desk = self.ctx.desk
            self._run(lambda: _load_sync_and_count(desk), self._on_sync_loaded)

    def _on_sync_loaded(self, counts: tuple[int, int] | None) -> None:
        self._sync_loaded = True
        if counts is not None:
            self._set_counts(counts)
        self.refresh()  # starts the worker on an enrolled desk

    def shutdown(self) -> None:
        """Stop the worker (after at most a few seconds); called when the window closes."""
        self._closed = True
        self._timer.stop()
        if self.worker is not None:
            self.worker.stop()
            self.worker = None

    def sync_now(self) -> None:
        """A round now (F5): the worker's wait is cut short; a round already running is followed by another."""
        self.refresh()
        if not self._ensure_worker() or self.worker is None:
            return
        self._set_syncing(True)
        self.worker.trigger()

    def _ensure_worker(self) -> bool:
        if self.worker is None and not self._closed and not self.ctx.training and self.state.enrolled:
            from desk_app.ui.sync_worker import SyncWorker

            self.worker = SyncWorker(self.ctx.desk.worker_sessions(), self)
            self.worker.round_started.connect(lambda: self._set_syncing(True), Qt.ConnectionType.QueuedConnection)
            self.worker.progressed.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
            self.worker.round_finished.connect(self._on_round, Qt.ConnectionType.QueuedConnection)
            self.worker.start()
        return self.worker is not None

    # --- what the worker says --------------------------------------------------------------------------

    def _on_progress(self, progress: Progress) -> None:
        from desk_app.ui.sync_worker import progress_fraction

        done, total = progress_fraction(progress)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.pending = progress.pending
        self._render()

    def _on_round(self, outcome: object, counts: tuple[int, int] | None) -> None:
        self.ctx.desk.reload()  # a round may bring reference data, settings or a new unit name
        if counts is not None:
            self.conflicts, self.held = counts
        self._set_syncing(False)
        self.refresh()
        from sync.client import RoundReport

        if isinstance(outcome, RoundReport) and outcome.received:
            self.synced.emit()

    def _set_syncing(self, on: bool) -> None:
        self.syncing = on
        if on and not self.progress.isVisible():
            self.progress.setRange(0, 0)  # busy until the first exchange reports numbers
        self.progress.setVisible(on)

    def _set_counts(self, counts: tuple[int, int]) -> None:
        self.conflicts, self.held = counts
        self._render()

    def _run(self, work, done) -> None:
        tasks().run(Lane.DB, work, done, owner=self)

    # --- showing it ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the sync state and the unsent count (public: the window calls it after a save)."""
        if self._closed:
            return
        seen = self.ctx.desk.sync_overview(review=False)  # indexed and cheap: fine on the UI thread
        self.state, self.pending = seen.state, seen.pending
        if self._sync_loaded:
            self._ensure_worker()
        self._render()

    @property
    def online(self) -> bool:
        return self.state.enrolled and bool(self.state.last_success) and not self.state.last_error

    def _render(self) -> None:
        icon, text, tip = self._headline()
        size = self.status.fontMetrics().height()
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(size, size))
        self.status.setText(text)
        for widget in (self.icon, self.status):
            widget.setToolTip(tip)
        for label in (self.pending_label, self.last_label):  # practice work is never sent: no count to show
            self._show(label, not self.ctx.training)
        self.pending_label.setText(self.tr("Chờ gửi: %1").replace("%1", str(self.pending)))
        last = _when(self.state.last_success) if self.state.last_success else self.tr("chưa có")
        self.last_label.setText(self.tr("Đồng bộ lần cuối: %1").replace("%1", last))
        self.review_label.setText(self.tr("Cần xem lại: %1").replace("%1", str(self.conflicts)))
        self.review_label.setToolTip(self.tr("Hồ sơ có thao tác mâu thuẫn giữa các máy, cần giám sát viên xem lại"))
        self._show(self.review_label, self.conflicts > 0)
        self.held_label.setText(self.tr("Bị giữ lại: %1").replace("%1", str(self.held)))
        self.held_label.setToolTip(self.tr("Sự kiện máy chủ không nhận (trùng mã hoặc bị từ chối), cần xem lại"))
        self._show(self.held_label, self.held > 0 and self.ctx.is_supervisor)
        self.button.setEnabled(not self.ctx.training and self.state.enrolled)

    def _headline(self) -> tuple[QStyle.StandardPixmap, str, str]:
        pixmap = QStyle.StandardPixmap
        if self.ctx.training:
            return (pixmap.SP_MessageBoxInformation, self.tr("Bản thực hành: không đồng bộ"),
                    self.tr("Dữ liệu thực hành chỉ nằm trên máy này và không bao giờ gửi lên máy chủ."))
        if not self.state.enrolled:
            return (pixmap.SP_MessageBoxWarning, self.tr("Chưa đăng ký máy chủ"),
                    self.tr("Máy chưa đăng ký với máy chủ thành phố: giám sát viên mở Cài đặt (Ctrl+,) để đăng ký."))
        clock = "\n" + self.state.clock_warning if self.state.clock_warning else ""
        if self.online:
            tip = self.tr("Lần trao đổi gần nhất với máy chủ %1 đã thành công.").replace("%1", self.state.server_url)
            return pixmap.SP_DialogApplyButton, self.tr("Trực tuyến"), tip + clock
        when, reason = _split_error(self.state.last_error)
        tip = (self.tr("Lỗi lần đồng bộ gần nhất (%1): %2").replace("%1", when).replace("%2", reason)
               if reason else self.tr("Chưa trao đổi được với máy chủ."))
        tip += "\n" + self.tr("Máy sẽ tự thử lại; mọi hồ sơ vẫn được lưu trên máy này.")
        return pixmap.SP_MessageBoxCritical, self.tr("Ngoại tuyến"), tip + clock


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line


def _load_sync_and_count(desk: Desk) -> tuple[int, int] | None:
    """On the DB lane: import the sync client there (~0.1 s of the UI thread otherwise), then count."""
    import sync.client  # noqa: F401  (the import is the point)

    try:
        seen = desk.sync_overview()
        return seen.conflicts or 0, seen.held or 0
    except Exception:  # e.g. the file busy: each round recounts, and sync must start regardless
        log.warning("could not count dossiers to review", exc_info=True)
        return None
