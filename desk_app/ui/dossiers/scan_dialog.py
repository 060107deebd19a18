"""Attach a scan to one of the dossier's papers (issue 12): pick the paper, gather its pages (files chosen,
dropped on the dialog, saved by the scanner's software into the watched scan folder, or from the scanner
through the OS interface), choose grey / black-and-white / colour, and attach them as one PDF.

The dialog only gathers pages; `desk.scans.attach` checks every file and writes the scan and its event,
or refuses with a message in Vietnamese and changes nothing (shown here, the pages stay for another try).
Files from the scan folder are moved into its `da-dinh-kem` subfolder once attached. Files that were
already in the folder when the dialog opened are listed unticked: they may be another citizen's pages.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.core.scan_pdf import Colour, ScanFile, read_scan_file
from desk_app.core.scans import set_aside, waiting_files
from desk_app.domain.errors import DeskError
from desk_app.domain.model import Dossier
from desk_app.domain.scans import Scan, scanned_documents
from desk_app.scanners import Scanner, find_scanner
from desk_app.ui.context import DeskContext
from desk_app.ui.login import error_label
from desk_app.ui.printing.buttons import keyed_button

FILE_FILTER = "*.jpg *.jpeg *.png *.tif *.tiff *.pdf"
_PATH, _SCANNED = Qt.ItemDataRole.UserRole, Qt.ItemDataRole.UserRole + 1


class ScanAttachDialog(QDialog):
    def __init__(self, ctx: DeskContext, dossier: Dossier, document: str = "", parent: QWidget | None = None,
                 scanner: Scanner | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.dossier = ctx, dossier
        self.scanner = scanner
        self.attached: Scan | None = None
        self.folder = Path(ctx.desk.settings.scan_folder) if ctx.desk.settings.scan_folder else None
        self._seen: set[Path] = set()
        self.setWindowTitle(self.tr("Đính kèm bản quét – %1").replace("%1", dossier.code))
        self.setAcceptDrops(True)
        self._build(document)
        self.watcher = QFileSystemWatcher(self)
        if self.folder is not None and self.folder.is_dir():
            self.watcher.addPath(str(self.folder))
            self.watcher.directoryChanged.connect(lambda _path: self.pick_up_folder())
            self.pick_up_folder(already_there=True)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.fontMetrics().height() * 28)

    # --- layout ---------------------------------------------------------------------------------

    def _build(self, document: str) -> None:
        self.document = QComboBox(self)
        self.document.setObjectName("scan_document")
        scanned = scanned_documents(self.dossier.history)
        required = set(self.ctx.desk.scans.required_documents(self.dossier))
        for name in self.ctx.desk.scans.documents_of(self.dossier):
            marks = (" *" if name in required else "") + (self.tr(" (đã có bản quét)") if name in scanned else "")
            self.document.addItem(name + marks, name)
        first_missing = next((i for i in range(self.document.count())
                              if self.document.itemData(i) not in scanned), 0)
        wanted = self.document.findData(document) if document else first_missing
        self.document.setCurrentIndex(max(wanted, 0))
        self.colour = QComboBox(self)
        self.colour.setObjectName("scan_colour")
        for text, colour in ((self.tr("Thang xám (khuyên dùng, ~100–150 KB/trang)"), Colour.GREY),
                             (self.tr("Đen trắng (nhỏ nhất, cho giấy tờ chỉ có chữ)"), Colour.BITONAL),
                             (self.tr("Màu (ảnh, con dấu màu; nặng hơn)"), Colour.COLOUR)):
            self.colour.addItem(text, colour.value)
        self.colour.setCurrentIndex(max(self.colour.findData(self.ctx.desk.settings.scan_colour), 0))
        self.pages = QListWidget(self)
        self.pages.setObjectName("scan_pages")
        self.pages.setDragDropMode(QListWidget.DragDropMode.InternalMove)  # the order of the pages
        self.pages.setAccessibleName(self.tr("Các trang, theo thứ tự"))
        form = QFormLayout()
        for text, widget in ((self.tr("&Giấy tờ"), self.document), (self.tr("&Màu"), self.colour)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        hint = QLabel(self.tr("Kéo thả tệp vào đây, chọn tệp, hoặc quét vào thư mục quét: trang mới tự hiện ra. "
                              "Nhiều trang thành một tệp PDF theo thứ tự trong danh sách."), self)
        hint.setWordWrap(True)
        self.folder_note = QLabel(self._folder_text(), self)
        self.folder_note.setWordWrap(True)
        self.error = error_label(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.folder_note)
        layout.addLayout(self._page_buttons())
        layout.addWidget(self.error)
        layout.addLayout(self._closing_buttons())

    def _page_buttons(self) -> QHBoxLayout:
        self.choose_button = keyed_button(self, self.tr("Chọn tệp… (Ctrl+O)"), "Ctrl+O", self.choose_files)
        self.scanner_button = keyed_button(self, self.tr("Quét từ máy quét (Ctrl+Shift+S)"), "Ctrl+Shift+S",
                                           self.scan_now)
        self.remove_button = keyed_button(self, self.tr("Bỏ trang (Delete)"), "Delete", self.remove_page)
        row = QHBoxLayout()
        for button in (self.choose_button, self.scanner_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _closing_buttons(self) -> QHBoxLayout:
        self.cancel_button = keyed_button(self, self.tr("Hủy (Esc)"), "Esc", self.reject)
        self.attach_button = keyed_button(self, self.tr("Đính kèm (Ctrl+Enter)"), ("Ctrl+Return", "Ctrl+Enter"),
                                          self.attach)
        self.attach_button.setObjectName("scan_attach")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        row.addWidget(self.attach_button)
        return row

    def _folder_text(self) -> str:
        if self.folder is None:
            return self.tr("Chưa đặt thư mục quét (Cài đặt → Bản quét).")
        return self.tr("Thư mục quét: %1").replace("%1", str(self.folder))

    # --- gathering pages ------------------------------------------------------------------------

    def add_path(self, path: Path, ticked: bool = True, note: str = "") -> None:
        item = QListWidgetItem(path.name + (f" {note}" if note else ""), self.pages)
        item.setData(_PATH, str(path))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        item.setToolTip(str(path))

    def add_scanned(self, file: ScanFile) -> None:
        item = QListWidgetItem(file.name, self.pages)
        item.setData(_SCANNED, file)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)

    def choose_files(self) -> None:
        start = str(self.folder) if self.folder else ""
        names, _ = QFileDialog.getOpenFileNames(self, self.tr("Chọn các trang đã quét"), start,
                                                self.tr("Ảnh quét và PDF (%1)").replace("%1", FILE_FILTER))
        for name in names:
            self.add_path(Path(name))

    def pick_up_folder(self, already_there: bool = False) -> None:
        """New files the scanner's software saved into the scan folder become ticked pages; those found when
        the dialog opened are listed unticked."""
        if self.folder is None:
            return
        for path in waiting_files(self.folder):
            if path not in self._seen:
                self._seen.add(path)
                self.add_path(path, ticked=not already_there,
                              note=self.tr("(có sẵn trong thư mục)") if already_there else "")

    def scan_now(self) -> None:
        scanner = self.scanner or find_scanner()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            reason = scanner.why_unavailable()
            files = [] if reason else scanner.scan(Colour(self.colour.currentData()))
        except DeskError as exc:
            reason, files = self.ctx.message(exc), []
        finally:
            QGuiApplication.restoreOverrideCursor()
        self._say(reason)
        for file in files:
            self.add_scanned(file)

    def remove_page(self) -> None:
        for item in self.pages.selectedItems() or ([self.pages.currentItem()] if self.pages.currentItem() else []):
            self.pages.takeItem(self.pages.row(item))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls: list[QUrl] = event.mimeData().urls()
        for url in urls:
            if url.isLocalFile():
                self.add_path(Path(url.toLocalFile()))
        event.acceptProposedAction()

    # --- attaching ------------------------------------------------------------------------------

    def ticked(self) -> list[QListWidgetItem]:
        items = [self.pages.item(row) for row in range(self.pages.count())]
        return [item for item in items if item is not None and item.checkState() == Qt.CheckState.Checked]

    def attach(self) -> None:
        items = self.ticked()
        if not items:
            self._say(self.tr("Chưa có trang nào: chọn tệp, kéo thả, hoặc quét vào thư mục quét."))
            return
        document = self.document.currentData()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            files = [item.data(_SCANNED) or read_scan_file(item.data(_PATH)) for item in items]
            self.attached = self.ctx.desk.scans.attach(self.dossier.dossier_id, document, files,
                                                       self.ctx.user.username, self.colour.currentData())
        except DeskError as exc:
            self._say(self.ctx.message(exc))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        if self.folder is not None:  # the scan is attached; a file left behind is listed unticked next time
            with contextlib.suppress(OSError):
                set_aside([Path(item.data(_PATH)) for item in items if item.data(_PATH)], self.folder)
        self.accept()

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class RemoveScanDialog(QDialog):
    """Take a scan off the dossier (a wrong paper, another citizen's page): the reason is required and kept
    in the log; the file stays in the store while the log names it."""

    def __init__(self, ctx: DeskContext, dossier: Dossier, scan: Scan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.dossier, self.scan = ctx, dossier, scan
        self.setWindowTitle(self.tr("Gỡ bản quét – %1").replace("%1", dossier.code))
        what = QLabel(self.tr("Gỡ bản quét «%1» (%2 trang) khỏi hồ sơ %3?").replace("%1", scan.document)
                      .replace("%2", str(scan.pages)).replace("%3", dossier.code), self)
        what.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("scan_remove_reason")
        self.reason.setPlaceholderText(self.tr("Ví dụ: quét nhầm giấy tờ của người khác"))
        label = QLabel(self.tr("&Lý do"), self)
        label.setBuddy(self.reason)
        self.error = error_label(self)
        cancel = keyed_button(self, self.tr("Hủy (Esc)"), "Esc", self.reject)
        self.confirm_button = keyed_button(self, self.tr("Gỡ (Ctrl+Enter)"), ("Ctrl+Return", "Ctrl+Enter"),
                                           self.confirm)
        form = QFormLayout()
        form.addRow(label, self.reason)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.reason.setFocus()

    def confirm(self) -> None:
        try:
            self.ctx.desk.scans.remove(self.dossier.dossier_id, self.scan.sha256, self.reason.text(),
                                       self.ctx.user.username)
        except DeskError as exc:
            self.error.setText(self.ctx.message(exc))
            self.error.show()
            return
        self.accept()
