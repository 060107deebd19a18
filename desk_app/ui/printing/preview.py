"""Print preview: every page of the reportlab PDF as the printer will get it, then the Qt print dialog.

Pages are rendered in a worker (raster.RenderJob), so a long register never freezes the window; the
clerk sees "Đang chuẩn bị bản xem trước…" until the first page arrives.
"""

from __future__ import annotations

import os
import re
import threading

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.ui.printing import cups
from desk_app.ui.printing.buttons import keyed_button
from desk_app.ui.printing.raster import page_sizes, pdf_page_images, print_pdf, render_in_background

__all__ = ["PrintPreviewDialog", "open_preview", "pdf_page_images", "print_pdf"]

# A job or a queue that will not print (a paused CUPS queue reports itself stopped; Qt maps it to these).
STOPPED = (QPrinter.PrinterState.Aborted, QPrinter.PrinterState.Error)
PREVIEW_DPI = 150
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.15, 3.0  # display pixels per rendered pixel


class PrintPreviewDialog(QDialog):
    printed = Signal(str, int)  # printer name, pages painted (the owner may remember the printer)

    def __init__(self, pdf: bytes, title: str, copies: int = 1, parent: QWidget | None = None, *,
                 printer_name: str | None = None, suggested_name: str = "") -> None:
        super().__init__(parent)
        self.pdf, self.title, self.copies = pdf, title, max(1, copies)
        self.printer_name = printer_name
        self.suggested_name = suggested_name or _file_name(title)
        self.images: list[QImage] = []
        self.page_labels: list[QLabel] = []
        self.rendering = False
        self._cancel: threading.Event | None = None  # set to stop rendering
        self._scale: float | None = None  # None: fit the width of the window
        self.setWindowTitle(self.tr("Xem trước: %1").replace("%1", title))
        self._build()
        self.finished.connect(self._stop_rendering)

    # --- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.print_button = keyed_button(self, self.tr("In… (Ctrl+P)"), "Ctrl+P", self.print_dialog,
                                         self.tr("In"))
        self.save_button = keyed_button(self, self.tr("Lưu PDF… (Ctrl+S)"), "Ctrl+S", self.save_pdf,
                                        self.tr("Lưu PDF"))
        self.zoom_out_button = keyed_button(self, "−", "Ctrl+-", self.zoom_out, self.tr("Thu nhỏ"))
        # Ctrl++ needs Shift on most keyboards, so Ctrl+= zooms in too.
        self.zoom_in_button = keyed_button(self, "+", ["Ctrl++", "Ctrl+="], self.zoom_in, self.tr("Phóng to"))
        for sign in (self.zoom_out_button, self.zoom_in_button):
            # A sign needs no dialog button's 80 px (the style's minimum for any text): twice its height,
            # which grows with the font, leaves the bar room for the others at 150 %.
            sign.setMaximumWidth(2 * sign.sizeHint().height())
        self.fit_button = keyed_button(self, self.tr("Vừa chiều ngang"), "Ctrl+0", self.fit_width)
        self.close_button = keyed_button(self, self.tr("Đóng (Esc)"), "Esc", self.reject, self.tr("Đóng"))
        self.status = QLabel(self.tr("Đang chuẩn bị bản xem trước…"), self)
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        bar = QHBoxLayout()
        for button in (self.print_button, self.save_button, self.zoom_out_button, self.zoom_in_button,
                       self.fit_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        self.pages = QWidget(self)
        self.pages.setObjectName("previewPages")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        # Always there, so "fit width" does not change as pages arrive and the bar appears.
        self.scroll_area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.scroll_area.setWidget(self.pages)
        self.pages.setStyleSheet("QWidget#previewPages { background: #8a8a8a; }")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        # On a line of its own: between the buttons, at 150 % font it was squeezed into a narrow column
        # ("Đã lưu <path>" one word a line) and pushed the dialog wider than the screen.
        layout.addWidget(self.status)
        layout.addWidget(self.scroll_area, 1)
        self._size_to_screen()

    def _size_to_screen(self) -> None:
        """A share of the screen it opens on: measured again when shown, as it may open on another one."""
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(max(self.minimumSizeHint().width(), int(screen.width() * 0.6)), int(screen.height() * 0.85))

    # --- rendering --------------------------------------------------------------------------------

    def showEvent(self, event) -> None:  # Qt API name
        if self._cancel is None:
            self._size_to_screen()
        super().showEvent(event)
        if self._cancel is None:
            self._start_rendering()

    def _start_rendering(self) -> None:
        self.rendering = True
        self._cancel = threading.Event()
        render_in_background(self.pdf, PREVIEW_DPI, self, self._add_page, self._rendered,
                             lambda exc: self._render_failed(str(exc)), self._cancel)

    def _stop_rendering(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _add_page(self, index: int, image: QImage) -> None:
        self.images.append(image)
        label = QLabel(self.pages)
        label.setObjectName(f"page{index + 1}")
        label.setAccessibleName(self.tr("Trang %1").replace("%1", str(index + 1)))
        label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # a page never squeezes
        self.page_labels.append(label)
        self.pages_layout.addWidget(label)
        self._show_page(label, image)

    def _rendered(self, count: int) -> None:
        self.rendering = False
        self.status.setText(self.tr("%1 trang").replace("%1", str(count)))

    def _render_failed(self, message: str) -> None:
        self.rendering = False
        self._error(self.tr("Không dựng được bản xem trước: %1").replace("%1", message))

    # --- zoom -------------------------------------------------------------------------------------

    def current_scale(self) -> float:
        if self._scale is not None or not self.images:
            return self._scale or 1.0
        margins = self.pages_layout.contentsMargins()
        room = self.scroll_area.viewport().width() - margins.left() - margins.right()
        return max(MIN_SCALE, min(MAX_SCALE, room / max(image.width() for image in self.images)))

    def zoom_in(self) -> None:
        self._set_scale(self.current_scale() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_scale(self.current_scale() / ZOOM_STEP)

    def fit_width(self) -> None:
        self._scale = None
        self._redraw()

    def _set_scale(self, scale: float) -> None:
        self._scale = max(MIN_SCALE, min(MAX_SCALE, scale))
        self._redraw()

    def _redraw(self) -> None:
        for label, image in zip(self.page_labels, self.images, strict=True):
            self._show_page(label, image)

    def _show_page(self, label: QLabel, image: QImage) -> None:
        width = max(1, round(image.width() * self.current_scale()))
        scaled = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        label.setPixmap(QPixmap.fromImage(scaled))

    def resizeEvent(self, event) -> None:  # Qt API name
        super().resizeEvent(event)
        if self._scale is None and self.images:
            self._redraw()

    # --- print and save ---------------------------------------------------------------------------

    def make_printer(self) -> QPrinter:
        """A printer set up for this PDF: its paper size and orientation, the copies, the remembered printer."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.printer_name and self.printer_name in QPrinterInfo.availablePrinterNames():
            printer.setPrinterName(self.printer_name)
        sizes = page_sizes(self.pdf)
        if sizes:
            first = sizes[0]
            landscape = first.width() > first.height()
            portrait = first.transposed() if landscape else first
            # Fuzzy matching turns 595x842 pt into the named A4, which drivers know by name.
            printer.setPageSize(QPageSize(portrait, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch))
            printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape
                                       else QPageLayout.Orientation.Portrait)
        printer.setCopyCount(self.copies)
        printer.setDocName(self.title)
        return printer

    def print_dialog(self) -> None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("In: %1").replace("%1", self.title))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Paint the pages on an already chosen printer; the copies asked for are painted here, collated."""
        copies = max(1, printer.copyCount())
        printer.setCopyCount(1)  # drivers differ in honouring copy counts: paint each copy ourselves
        missing = self._missing_printer(printer)
        if missing:
            self._error(missing)
            return 0
        if printer.outputFormat() == QPrinter.OutputFormat.NativeFormat and cups.is_queue(printer.printerName()):
            return self._print_vector(printer.printerName(), copies)
        try:
            painted = print_pdf(self.pdf, printer, copies)
        except DeskError as exc:
            self._error(exc.message(self._lang()))
            return 0
        self._say_sent(printer, painted)
        self.printed.emit(printer.printerName(), painted)
        return painted

    def _print_vector(self, name: str, copies: int) -> int:
        """The PDF itself to a CUPS queue (vector text, not 300-dpi bitmaps); what CUPS says of the queue."""
        sizes = page_sizes(self.pdf)
        media = QPageSize(sizes[0], QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch).key() \
            if sizes else ""
        try:
            sent = cups.send_pdf(self.pdf, name, copies, self.title, media)
        except DeskError as exc:
            self._error(exc.message(self._lang()))
            return 0
        pages = len(sizes) * copies
        self._said_queue(name, pages, paused=sent.paused)
        self.printed.emit(name, pages)
        return pages

    def _said_queue(self, name: str, pages: int, paused: bool) -> None:
        if paused:
            said = self.tr("Đã gửi %1 trang tới máy in «%2», nhưng máy in đang tạm dừng hoặc báo lỗi nên giấy "
                           "chưa ra. Kiểm tra máy in rồi in lại (Ctrl+P).")
            self._error(said.replace("%1", str(pages)).replace("%2", name))
        else:
            self._info(self.tr("Đã gửi %1 trang tới máy in «%2».").replace("%1", str(pages)).replace("%2", name))

    def _missing_printer(self, printer: QPrinter) -> str:
        """Why nothing can go to `printer` (removed since it was chosen), or ""."""
        if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
            return ""
        if QPrinterInfo.printerInfo(printer.printerName()).isNull():
            return self.tr("Máy in «%1» không còn trong máy: chưa in được. Chọn máy in khác rồi in lại (Ctrl+P).")\
                .replace("%1", printer.printerName())
        return ""

    def _say_sent(self, printer: QPrinter, painted: int) -> None:
        """What became of the pages: never "sent to the printer" when they went to a file (Qt's fallback when
        there is no printer) or to a queue that is paused or in error (checked where the platform says)."""
        pages = str(painted)
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            self._error(self.tr("Chưa in ra giấy: %1 trang được ghi ra tệp %2. Chọn máy in rồi in lại (Ctrl+P).")
                        .replace("%1", pages).replace("%2", printer.outputFileName() or "?"))
            return
        name = printer.printerName()
        state = QPrinterInfo.printerInfo(name).state()
        self._said_queue(name, painted, paused=printer.printerState() in STOPPED or state in STOPPED)

    def save_pdf(self, path: str | None = None) -> str | None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu PDF"), self.suggested_name, "PDF (*.pdf)")
            if not path:
                return None
        try:
            with open(path, "wb") as out:
                out.write(self.pdf)
        except OSError as exc:
            self._error(self.tr("Không lưu được tệp: %1").replace("%1", exc.strerror or str(exc)))
            return None
        self._info(self.tr("Đã lưu %1").replace("%1", path))
        return path

    @staticmethod
    def _lang() -> str:
        app = QApplication.instance()
        return str(app.property("motcua_lang") or "vi") if app else "vi"

    def _info(self, text: str) -> None:
        self.status.setStyleSheet("")
        self.status.setText(text)

    def _error(self, text: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(text)


def _file_name(title: str) -> str:
    return re.sub(r'[\\/:*?"<>|]+', "-", title).strip() + ".pdf"


def open_preview(pdf: bytes, title: str, copies: int = 1, parent: QWidget | None = None, *,
                 printer_name: str | None = None, suggested_name: str = "") -> PrintPreviewDialog:
    """Open the preview without blocking (window-modal) and return it; deleted when closed.

    With MOTCUA_NO_PREVIEW set (benchmarks, scripted runs) it is built but not shown, so nothing renders.
    """
    dialog = PrintPreviewDialog(pdf, title, copies, parent, printer_name=printer_name,
                                suggested_name=suggested_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if not os.environ.get("MOTCUA_NO_PREVIEW"):
        dialog.open()
    return dialog
