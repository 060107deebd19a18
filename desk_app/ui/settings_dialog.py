"""Settings: the city server and enrollment, printer and paper, font size and language.

Enrollment runs on a worker thread (a slow island link must not freeze the window) with the same rule
set as `desk-app enroll` (sync/enrollment.py). Only supervisors and administrators may enroll or change
the server; a clerk sees those fields disabled with the reason. Every saved change goes through
`desk.configure(actor=...)`, which audits it. The font size applies as it changes; Esc puts it back.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.accounts import Role
from desk_app.domain.errors import DeskError
from desk_app.services import Desk
from desk_app.ui import i18n, style
from desk_app.ui.context import DeskContext
from desk_app.ui.keys import enter_advances
from desk_app.ui.login import error_label
from desk_app.ui.qtapp import qapp
from desk_app.ui.tasks import Lane, tasks
from sync.client import TRAINING_REFUSAL
from sync.enrollment import change_server, enroll_desk
from sync.protocol import read_enrollment_qr
from sync.transport import SyncError

AUTO_FONT = 8  # the spin box's lowest step reads "automatic" and is stored as 0 (the system's size)


def apply_font(points: int) -> None:
    """The application font at `points`, or the system's own for 0; layouts grow with it."""
    qapp().setFont(style.ui_font(points) if style.load_ui_font() else _system_font(points))


def _system_font(points: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    if points:
        font.setPointSize(points)
    return font


def _enroll_on_worker(window_desk: Desk, actor: str, url: str, code: str):
    """DB lane: its own connection to the same file, so the window's stays free."""
    desk = Desk(window_desk.worker_sessions(), window_desk.now)
    try:
        state = enroll_desk(desk, url, code, actor=actor)
        return state, desk.unit(state.unit_code).name
    finally:
        desk.close()


class SettingsDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job: int | None = None  # the enrollment task under way
        self._font_before = QFont(QApplication.font())
        self.setWindowTitle(self.tr("Cài đặt"))
        self.state = ctx.desk.sync_overview(review=False).state
        layout = QVBoxLayout(self)
        layout.addWidget(self._server_box())
        layout.addWidget(self._printing_box())
        beside = QHBoxLayout()  # the scans' box next to the display's: the dialog keeps its height at 150 %
        beside.addWidget(self._display_box())
        beside.addWidget(self._scans_box())
        layout.addLayout(beside)
        self.error = error_label(self)
        layout.addWidget(self.error)
        layout.addStretch(1)  # a taller dialog leaves room at the bottom, not inside the boxes
        layout.addLayout(self._buttons())
        enter_advances(self, last=(self.code,))
        self._load()
        self._grow()

    # --- building ----------------------------------------------------------------------------------

    def _server_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Máy chủ thành phố"), self)
        form = QFormLayout(box)
        self.server_url = QLineEdit(box)
        self.server_url.setPlaceholderText("https://motcua.hanoi.gov.vn")
        self.code = QLineEdit(box)
        self.code.setPlaceholderText("XXXX-XXXX-XXXX")
        self.code.setToolTip(self.tr("Mã một lần do quản trị thành phố cấp cho máy này"))
        self.code.returnPressed.connect(self.enroll)
        self.enroll_button = QPushButton(self.tr("Đăng ký máy"), box)
        self.enroll_button.setAutoDefault(False)
        self.enroll_button.setToolTip(self.tr("Đăng ký máy này với máy chủ bằng mã một lần (Enter trong ô mã)"))
        self.enroll_button.clicked.connect(self.enroll)
        form.addRow(self.tr("Địa chỉ &máy chủ"), self.server_url)
        form.addRow(self.tr("Mã đăn&g ký"), self.code)
        form.addRow("", self.enroll_button)
        self.enrolled = QLabel(box)  # not wrapped: a device id cannot break, the dialog grows to fit it
        self.enrolled.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.server_error = error_label(box)
        self.server_reason = QLabel(box)
        self.server_reason.setWordWrap(True)
        self.server_reason.setObjectName("reason")
        for label in (self.enrolled, self.server_error, self.server_reason):
            form.addRow(label)
        for field in (self.server_url, self.code):
            caption = form.labelForField(field)
            if isinstance(caption, QLabel):
                caption.setBuddy(field)
        return box

    def _printing_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("In ấn"), self)
        form = QFormLayout(box)
        self.printer = QComboBox(box)
        self.paper = QComboBox(box)
        for paper in ("A4", "A5"):
            self.paper.addItem(paper, paper)
        form.addRow(self.tr("Máy &in"), self.printer)
        form.addRow(self.tr("&Khổ giấy"), self.paper)
        return box

    def _display_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Hiển thị"), self)
        form = QFormLayout(box)
        self.font_size = QSpinBox(box)
        self.font_size.setRange(AUTO_FONT, 20)
        self.font_size.setSuffix(" pt")
        self.font_size.setSpecialValueText(self.tr("Tự động (theo hệ thống)"))
        self.font_size.valueChanged.connect(lambda value: apply_font(self.points(value)))
        self.language = QComboBox(box)
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        note = QLabel(self.tr("Ngôn ngữ mới có hiệu lực khi mở lại chương trình."), box)
        note.setWordWrap(True)
        form.addRow(self.tr("&Cỡ chữ"), self.font_size)
        form.addRow(self.tr("&Ngôn ngữ"), self.language)
        form.addRow("", note)
        return box

    def _scans_box(self) -> QGroupBox:
        """Scanned papers (issue 12): the folder the scanner's software saves into, the pages' colour, and
        how much the desk's scan store holds (it grows with every scan; the admin guide says how to back it up)."""
        box = QGroupBox(self.tr("Bản quét"), self)
        form = QFormLayout(box)
        self.scan_folder = QLineEdit(box)
        self.scan_folder.setObjectName("scan_folder")
        self.scan_folder.setPlaceholderText("D:\\MayQuet")
        self.scan_folder.setToolTip(self.tr("Thư mục phần mềm máy quét lưu tệp vào"))
        browse = QPushButton(self.tr("Chọn…"), box)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._choose_scan_folder)
        row = QHBoxLayout()
        row.addWidget(self.scan_folder, 1)
        row.addWidget(browse)
        self.scan_colour = QComboBox(box)
        self.scan_colour.setObjectName("scan_colour")
        for text, value in ((self.tr("Thang xám"), "grey"), (self.tr("Đen trắng"), "bitonal"),
                            (self.tr("Màu"), "colour")):
            self.scan_colour.addItem(text, value)
        self.scan_store = QLabel(box)
        self.scan_store.setObjectName("scan_store")
        self.scan_store.setWordWrap(True)
        self.scan_store.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label = QLabel(self.tr("&Thư mục quét"), box)
        label.setBuddy(self.scan_folder)
        form.addRow(label, row)
        colour_label = QLabel(self.tr("Mà&u mặc định"), box)
        colour_label.setBuddy(self.scan_colour)
        form.addRow(colour_label, self.scan_colour)
        form.addRow(self.tr("Kho bản quét"), self.scan_store)
        return box

    def _choose_scan_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Thư mục quét"), self.scan_folder.text())
        if folder:
            self.scan_folder.setText(folder)

    def scan_store_text(self) -> str:
        """How much the scans take; where they are is in the tooltip (a path does not wrap)."""
        store = self.ctx.desk.scan_store
        count = sum(1 for _ in store.hashes())
        size = store.total_bytes() / (1024 * 1024)
        self.scan_store.setToolTip(self.tr("Thư mục: %1").replace("%1", str(store.root)))
        return (self.tr("%1 MB trong %2 tệp").replace("%1", f"{size:.1f}".replace(".", ","))
                .replace("%2", str(count)))

    def _buttons(self) -> QHBoxLayout:
        self.cancel_button = QPushButton(self.tr("Hủy (Esc)"), self)
        self.save_button = QPushButton(self.tr("Lưu (Ctrl+Enter)"), self)
        for button in (self.cancel_button, self.save_button):
            button.setAutoDefault(False)  # Enter advances between fields; it never saves by surprise
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.save_button)
        return row

    # --- loading -----------------------------------------------------------------------------------

    def _load(self) -> None:
        settings = self.ctx.desk.settings
        self.server_url.setText(self.state.server_url)
        self._show_enrolled()
        self.printer.addItem(self.tr("Máy in mặc định"), "")
        names = QPrinterInfo.availablePrinterNames()
        for name in names:
            self.printer.addItem(name, name)
        if settings.printer_name and settings.printer_name not in names:
            self.printer.addItem(self.tr("%1 (không tìm thấy)").replace("%1", settings.printer_name),
                                 settings.printer_name)
        self._select(self.printer, settings.printer_name)
        self._select(self.paper, settings.paper)
        self._select(self.language, settings.language)
        self.font_size.blockSignals(True)  # showing the saved size is not a change
        self.font_size.setValue(settings.font_size or AUTO_FONT)
        self.font_size.blockSignals(False)
        self.scan_folder.setText(settings.scan_folder)
        self._select(self.scan_colour, settings.scan_colour)
        self.scan_store.setText(self.scan_store_text())
        reason = self._server_locked_reason()
        for widget in (self.server_url, self.code, self.enroll_button):
            widget.setEnabled(not reason)
        self.server_reason.setText(reason)
        self.server_reason.setVisible(bool(reason))

    def _server_locked_reason(self) -> str:
        if self.ctx.training:
            return TRAINING_REFUSAL
        try:
            self.ctx.user.require(Role.SUPERVISOR)
        except DeskError as exc:
            return self.ctx.message(exc)
        return ""

    def _show_enrolled(self, unit_name: str = "") -> None:
        state = self.state
        if not state.enrolled:
            self.enrolled.setText(self.tr("Máy chưa đăng ký với máy chủ thành phố."))
            return
        unit = unit_name or self._unit_name(state.unit_code)
        self.enrolled.setText(self.tr("Đã đăng ký với máy chủ.\nThiết bị: %1\nĐơn vị: %2 (%3)")
                              .replace("%1", state.device_id).replace("%2", unit).replace("%3", state.unit_code))

    def _unit_name(self, code: str) -> str:
        try:
            return self.ctx.desk.unit(code).name
        except DeskError:
            return code

    @staticmethod
    def _select(combo: QComboBox, value: str) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    @staticmethod
    def points(value: int) -> int:
        return 0 if value <= AUTO_FONT else value

    # --- enrollment --------------------------------------------------------------------------------

    def enroll(self) -> None:
        if self._server_locked_reason() or self.job is not None:
            return
        self.server_error.hide()
        self.enroll_button.setEnabled(False)
        self.enrolled.setText(self.tr("Đang đăng ký với máy chủ…"))
        if (scanned := read_enrollment_qr(self.code.text())) is not None:  # the console's QR, from a scanner
            self.server_url.setText(self.server_url.text().strip() or scanned[0])
            self.code.setText(scanned[1])
        url, code = self.server_url.text(), self.code.text()
        desk, actor = self.ctx.desk, self.ctx.user.username  # the work holds no widget
        self.job = tasks().run(Lane.DB, lambda: _enroll_on_worker(desk, actor, url, code), self._enrolled,
                               self._enroll_failed, owner=self)

    def _enrolled(self, result) -> None:
        self.job = None
        self.state, unit_name = result
        self.ctx.desk.reload()  # the unit may have changed to the code's point
        self.code.clear()
        self.enroll_button.setEnabled(True)
        self._show_enrolled(unit_name)
        QTimer.singleShot(0, self, self._grow)  # dropped if the dialog is gone
        bar = self.ctx.extras.get("sync_bar")
        if bar is not None:
            bar.sync_now()  # first exchange straight away: the clerk sees "online"

    def _enroll_failed(self, exc: Exception) -> None:
        self.job = None
        self.enroll_button.setEnabled(True)
        self._show_enrolled()
        self.server_error.setText(self._words(exc))
        self.server_error.show()
        QTimer.singleShot(0, self, self._grow)  # dropped if the dialog is gone
        self.code.setFocus()

    def _grow(self) -> None:
        """Make room for a longer message, once the group boxes have laid it out (queued after setText):
        wrapped labels do not raise a dialog's minimum height by themselves."""
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)  # follows the font size
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def _words(self, exc: Exception) -> str:
        if isinstance(exc, SyncError):
            return exc.reason
        if isinstance(exc, DeskError):
            return self.ctx.message(exc)
        return self.tr("Không đăng ký được: %1").replace("%1", str(exc))

    # --- saving ------------------------------------------------------------------------------------

    def changes(self) -> dict[str, object]:
        settings = self.ctx.desk.settings
        wanted = {"printer_name": self.printer.currentData(), "paper": self.paper.currentData(),
                  "font_size": self.points(self.font_size.value()), "language": self.language.currentData(),
                  "scan_folder": self.scan_folder.text().strip(), "scan_colour": self.scan_colour.currentData()}
        return {key: value for key, value in wanted.items() if getattr(settings, key) != value}

    def save(self) -> None:
        actor = self.ctx.user.username
        try:
            url = self.server_url.text().strip()
            if not self._server_locked_reason() and url and url.rstrip("/") != self.state.server_url:
                self.state = change_server(self.ctx.desk, url, actor)
            changes = self.changes()
            folder = str(changes.get("scan_folder") or "")
            if folder and not Path(folder).is_dir():
                raise DeskError(f"Không có thư mục quét «{folder}».", f"No scan folder {folder!r}.")
            if changes:
                self.ctx.desk.configure(actor=actor, **changes)
        except (DeskError, SyncError) as exc:
            self.error.setText(self._words(exc))
            self.error.show()
            return
        self.accept()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the size being tried out: everything must still fit
            QTimer.singleShot(0, self, self._grow)  # dropped if the dialog is gone

    def reject(self) -> None:
        QApplication.setFont(self._font_before)  # Esc: the size tried out is put back
        super().reject()
