"""Print preview and printing: the pages of the reportlab PDF, rasterised, shown and painted on a printer."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog

from desk_app.printing import FormKind
from desk_app.ui.printing.preview import PrintPreviewDialog, open_preview, pdf_page_images, print_pdf
from desk_app.ui.printing.raster import wait_for_renders
from tests.conftest import request
from tests.ui.conftest import save_shot


@pytest.fixture(autouse=True)
def _renders_finish():
    yield
    assert wait_for_renders(10)


@pytest.fixture
def receipt(qapp, desk) -> bytes:
    dossier = desk.dossiers.receive(request(), "canbo1").dossier
    return desk.print_form(FormKind.RECEIPT, dossier.dossier_id, "canbo1")


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def dark_share(image: QImage) -> float:
    """Share of pixels darker than mid-grey (text and lines on white paper)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    dark = sum(1 for y in range(grey.height()) for v in bytes(grey.constScanLine(y))[: grey.width()] if v < 128)
    return dark / (grey.width() * grey.height())


def activate(qtbot, window) -> None:
    """Make `window` the active one, so its shortcuts fire (offscreen, an earlier test's window may hold it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def printer_to(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(96)  # keeps the test fast; the renderer caps real printers at 300 dpi
    return printer


def test_every_receipt_page_renders_to_an_image_with_ink(receipt):
    images = pdf_page_images(receipt, dpi=40)
    assert len(images) == page_count(receipt) == 2  # the receipt's two copies (liên)
    for image in images:
        assert (image.width(), image.height()) == (331, 468)  # A4 at 40 dpi
        assert 0.005 < dark_share(image) < 0.5  # text on paper: neither blank nor black


def test_print_pdf_paints_every_page_of_every_copy_on_the_printer(receipt, tmp_path):
    out = tmp_path / "printed.pdf"
    painted = print_pdf(receipt, printer_to(out), copies=2)
    assert painted == 4
    printed = out.read_bytes()
    assert page_count(printed) == 4
    assert all(dark_share(image) > 0.005 for image in pdf_page_images(printed, dpi=30))


def test_the_preview_says_it_is_preparing_then_shows_one_label_per_page(qtbot, receipt):
    dialog = open_preview(receipt, "Giấy tiếp nhận hồ sơ")
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.status.text() == "Đang chuẩn bị bản xem trước…"
    qtbot.waitUntil(lambda: not dialog.rendering, timeout=5000)
    assert len(dialog.page_labels) == 2
    assert all(not label.pixmap().isNull() for label in dialog.page_labels)
    assert dialog.status.text() == "2 trang"
    qtbot.waitUntil(lambda: dialog.pages.height() >= 2 * dialog.page_labels[0].height())  # laid out
    save_shot(dialog, "preview")


def test_zoom_keys_grow_and_shrink_the_pages_and_ctrl_0_fits_the_width(qtbot, receipt):
    dialog = open_preview(receipt, "Giấy tiếp nhận hồ sơ")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.rendering, timeout=5000)
    activate(qtbot, dialog)
    fitted = dialog.page_labels[0].pixmap().width()
    qtbot.keyClick(dialog, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert dialog.page_labels[0].pixmap().width() > fitted
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert dialog.page_labels[0].pixmap().width() < fitted
    qtbot.keyClick(dialog, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert dialog.page_labels[0].pixmap().width() == fitted


def test_ctrl_s_saves_the_very_same_bytes(qtbot, receipt, tmp_path, monkeypatch):
    dialog = open_preview(receipt, "Giấy tiếp nhận hồ sơ")
    qtbot.addWidget(dialog)
    direct = tmp_path / "direct.pdf"
    assert dialog.save_pdf(str(direct)) == str(direct)
    assert direct.read_bytes() == receipt
    chosen = tmp_path / "chosen.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), "PDF (*.pdf)"))
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert chosen.read_bytes() == receipt
    assert str(chosen) in dialog.status.text()


def test_a_failed_save_is_said_in_the_dialog(qtbot, receipt, tmp_path):
    dialog = PrintPreviewDialog(receipt, "Giấy tiếp nhận hồ sơ")
    qtbot.addWidget(dialog)
    assert dialog.save_pdf(str(tmp_path / "no-such-folder" / "x.pdf")) is None
    assert dialog.status.text().startswith("Không lưu được tệp")


def test_the_printer_gets_the_pdf_paper_and_the_copies_chosen(qtbot, receipt, tmp_path):
    dialog = PrintPreviewDialog(receipt, "Giấy tiếp nhận hồ sơ", copies=2, printer_name="Máy in không có")
    qtbot.addWidget(dialog)
    printer = dialog.make_printer()
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Portrait
    assert printer.copyCount() == 2
    assert printer.printerName() != "Máy in không có"  # not installed: the default printer stays
    out = tmp_path / "printed.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(96)
    with qtbot.waitSignal(dialog.printed) as signal:
        assert dialog.print_to(printer) == 4
    assert signal.args[1] == 4 and page_count(out.read_bytes()) == 4
    # Qt's own fallback with no printer: a file, said as such (it read «Đã gửi 4 trang tới máy in»)
    said = dialog.status.text()
    assert said.startswith("Chưa in ra giấy: 4 trang được ghi ra tệp") and str(out) in said and "Ctrl+P" in said
    assert "Đã gửi" not in said


def test_a_printer_gone_since_it_was_chosen_is_said_and_nothing_is_painted(qtbot, receipt):
    dialog = PrintPreviewDialog(receipt, "Giấy tiếp nhận hồ sơ")
    qtbot.addWidget(dialog)
    printer = dialog.make_printer()
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        pytest.skip("no print queue on this machine (Qt prints to a file): install CUPS to run this")
    printer.setPrinterName("Máy in đã gỡ")
    assert dialog.print_to(printer) == 0
    assert "không còn trong máy" in dialog.status.text()


def test_no_preview_is_shown_when_the_environment_says_so(qtbot, receipt, monkeypatch):
    monkeypatch.setenv("MOTCUA_NO_PREVIEW", "1")
    dialog = open_preview(receipt, "Giấy tiếp nhận hồ sơ")
    qtbot.addWidget(dialog)
    assert not dialog.isVisible() and not dialog.page_labels


def long_pdf(pdf: bytes, times: int) -> bytes:
    writer = PdfWriter()
    for _ in range(times):
        writer.append(PdfReader(io.BytesIO(pdf)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_long_pdf_renders_in_the_background_page_by_page(qtbot, receipt):
    pdf = long_pdf(receipt, 7)
    dialog = open_preview(pdf, "Sổ theo dõi")
    qtbot.addWidget(dialog)
    assert dialog.rendering and not dialog.page_labels  # open returned before any page was drawn
    qtbot.waitUntil(lambda: len(dialog.page_labels) >= 1, timeout=5000)
    qtbot.waitUntil(lambda: not dialog.rendering, timeout=10_000)
    assert len(dialog.page_labels) == 14 and dialog.status.text() == "14 trang"
    assert dialog.images[0].width() == 827  # past 12 pages, 100 dpi keeps memory in bounds


def test_closing_while_rendering_stops_the_worker(qtbot, receipt):
    dialog = open_preview(long_pdf(receipt, 10), "Sổ theo dõi")
    qtbot.waitUntil(lambda: len(dialog.page_labels) >= 1, timeout=5000)
    dialog.close()  # deleted on close; the worker must notice and stop, not draw into a dead window
    assert wait_for_renders(5)
    qtbot.wait(20)


def test_a_broken_pdf_is_said_in_the_preview(qtbot):
    dialog = open_preview(b"%PDF-1.4 broken", "Hỏng")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.rendering, timeout=5000)
    assert dialog.status.text().startswith("Không dựng được bản xem trước")
