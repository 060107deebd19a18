"""The one renderer is reportlab (style_ux B4 path 3): its PDF is rasterised with pypdfium2, shown in the
preview and painted on whatever printer the Qt print dialog gives, so paper and archive never differ.

pypdfium2 is not thread-safe, so every call into it (opening, rendering, closing) holds `_PDFIUM`; the
preview renders in a worker thread while the UI thread may be printing another document.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pypdfium2 as pdfium
from PySide6.QtCore import QObject, QRectF, QRunnable, QSizeF, QThreadPool, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from desk_app.domain.errors import DeskError

_PDFIUM = threading.Lock()
MAX_PRINT_DPI = 300  # sharper than any desk laser needs; 600 dpi pages cost 4x the memory and time
POINTS_PER_INCH = 72


class PrintFailed(DeskError):
    pass


def page_sizes(pdf: bytes) -> list[QSizeF]:
    """Each page's size in PDF points (1/72 inch)."""
    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            sizes = []
            for index in range(len(doc)):
                page = doc[index]
                sizes.append(QSizeF(*page.get_size()))
                page.close()
            return sizes
        finally:
            doc.close()


def page_count(pdf: bytes) -> int:
    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            return len(doc)
        finally:
            doc.close()


def iter_page_images(pdf: bytes, dpi: int = 150, stop: Callable[[], bool] = lambda: False) -> Iterator[QImage]:
    """Page images one at a time (so a worker can report each and stop early); the lock is held per page."""
    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        count = len(doc)
    try:
        for index in range(count):
            if stop():
                return
            with _PDFIUM:
                image = _render(doc, index, dpi)
            yield image
    finally:
        with _PDFIUM:
            doc.close()


def _render(doc: pdfium.PdfDocument, index: int, dpi: int) -> QImage:
    page = doc[index]
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)  # RGB, as QImage expects
    try:
        data = bytes(bitmap.buffer)
        image = QImage(data, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888).copy()
    finally:
        bitmap.close()
        page.close()
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return image


def pdf_page_images(pdf: bytes, dpi: int = 150) -> list[QImage]:
    return list(iter_page_images(pdf, dpi))


def print_pdf(pdf: bytes, printer: QPrinter, copies: int = 1) -> int:
    """Paint every page of `pdf` on `printer`, `copies` times in collated order; returns pages painted.

    Pages are rendered at the printer's resolution (at most 300 dpi) and scaled to the paper keeping
    their aspect. The printer is set to full-page mode because the PDF carries its own margins.
    """
    dpi = max(72, min(printer.resolution(), MAX_PRINT_DPI))
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(f"Không mở được máy in «{printer.printerName()}».",
                          f"Could not open the printer {printer.printerName()!r}.")
    painted = 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for _ in range(max(1, copies)):
            for image in iter_page_images(pdf, dpi):
                if painted:
                    printer.newPage()
                painter.drawImage(_fit(image, painter.viewport().size().toSizeF()), image)
                painted += 1
    finally:
        painter.end()
    return painted


def _fit(image: QImage, area: QSizeF) -> QRectF:
    """The largest rectangle with the image's aspect inside `area`, centred across, from the top."""
    scale = min(area.width() / image.width(), area.height() / image.height())
    width, height = image.width() * scale, image.height() * scale
    return QRectF((area.width() - width) / 2, 0, width, height)


# --- rendering off the UI thread ----------------------------------------------------------------------


class RenderSignals(QObject):
    page = Signal(int, QImage)
    done = Signal(int)  # pages rendered
    failed = Signal(str)


class RenderJob(QRunnable):
    """Renders a PDF's pages in the pool; results arrive on the UI thread through `signals`.

    Past `many` pages it renders at `many_dpi`: a month's register at 150 dpi would hold hundreds of
    megabytes of page images on a desk PC with little memory.
    """

    def __init__(self, pdf: bytes, dpi: int, many: int = 12, many_dpi: int = 100) -> None:
        super().__init__()
        self.pdf, self.dpi, self.many, self.many_dpi = pdf, dpi, many, many_dpi
        self.signals = RenderSignals()
        self.cancelled = threading.Event()

    def run(self) -> None:
        count = 0
        try:
            dpi = self.dpi if page_count(self.pdf) <= self.many else min(self.dpi, self.many_dpi)
            for count, image in enumerate(iter_page_images(self.pdf, dpi, self.cancelled.is_set), start=1):
                self.signals.page.emit(count - 1, image)
        except Exception as exc:  # any failure (a broken PDF must reach the dialog, not kill the thread)
            self.signals.failed.emit(str(exc))
            return
        self.signals.done.emit(count)


_pool: QThreadPool | None = None


def render_pool() -> QThreadPool:
    """One render thread: pdfium is serialised anyway, and pages then arrive in order."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def wait_for_renders(msecs: int = 5000) -> bool:
    return _pool is None or _pool.waitForDone(msecs)
