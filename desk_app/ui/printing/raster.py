"""The one renderer is reportlab (style_ux B4 path 3): its PDF is rasterised with pypdfium2, shown in the
preview and painted on whatever printer the Qt print dialog gives, so paper and archive never differ.

pypdfium2 is not thread-safe, so every call into it (opening, rendering, closing) holds `_PDFIUM`; the
preview renders on the printing lane while the UI thread may be printing another document.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pypdfium2 as pdfium
from PySide6.QtCore import QObject, QRectF, QSizeF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from desk_app.domain.errors import DeskError
from desk_app.ui.tasks import Lane, tasks

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


def render_in_background(pdf: bytes, dpi: int, owner: QObject, on_page: Callable[[int, QImage], None],
                         on_done: Callable[[int], None], on_failed: Callable[[Exception], None],
                         cancelled: threading.Event, many: int = 12, many_dpi: int = 100) -> None:
    """Render the pages on the printing lane; each page, then the count, arrive on the UI thread.

    Past `many` pages it renders at `many_dpi`: a month's register at 150 dpi would hold hundreds of
    megabytes of page images on a desk PC with little memory.
    """
    manager = tasks()
    pages = manager.stream(owner, lambda item: on_page(*item))

    def work() -> int:  # holds no widget: only the PDF, the stream's number and the cancel flag
        count = 0
        use = dpi if page_count(pdf) <= many else min(dpi, many_dpi)
        for count, image in enumerate(iter_page_images(pdf, use, cancelled.is_set), start=1):
            manager.post(pages, (count - 1, image))
        return count

    def finished(count: int) -> None:
        manager.close_stream(pages)
        on_done(count)

    def failed(exc: Exception) -> None:
        manager.close_stream(pages)
        on_failed(exc)

    manager.run(Lane.PRINT, work, finished, failed, owner=owner)


def wait_for_renders(timeout: float = 5.0) -> bool:
    """Until the printing lane is idle (tests, and closing the window)."""
    return tasks().wait(Lane.PRINT, timeout)
