"""Attaching scans in the window (issue 12), with real widgets offscreen: Alt+Q on the dossier, pages dropped
on the dialog and saved into the watched scan folder, Ctrl+Enter; the dossier then shows the thumbnail,
marks the paper scanned and opens the scan. A bad file is refused in the dialog and nothing changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from desk_app.core.scans import SET_ASIDE
from desk_app.domain.model import EventKind, ReceivedDocument
from desk_app.scanners import WindowsScanner
from desk_app.ui.dossiers.detail import DossierDetailDialog
from desk_app.ui.dossiers.scan_dialog import ScanAttachDialog
from desk_app.ui.printing.raster import wait_for_renders
from tests import scan_files
from tests.conftest import request
from tests.ui.conftest import press, save_shot, type_text

TO_KHAI = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"
LY_HON = "Giấy tờ chứng minh đã ly hôn/vợ chồng đã chết (nếu có)"
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def _renders_finish():
    yield
    assert wait_for_renders(10)


@pytest.fixture
def dossier_id(ctx) -> str:
    docs = [ReceivedDocument(TO_KHAI, 1, 0), ReceivedDocument(LY_HON, 0, 1)]
    return ctx.desk.dossiers.receive(request(name="Lê Thị Bích Ngọc", documents=docs), "canbo1").dossier.dossier_id


@pytest.fixture
def scan_folder(ctx, tmp_path) -> Path:
    folder = tmp_path / "may-quet"
    folder.mkdir()
    ctx.desk.configure(scan_folder=str(folder))
    return folder


def open_detail(qtbot, ctx, dossier_id) -> DossierDetailDialog:
    detail = DossierDetailDialog(ctx, dossier_id)
    qtbot.addWidget(detail)
    detail.show()
    detail.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is detail, timeout=2000)
    return detail


def drop(widget, paths: list[Path]) -> None:
    """Files dropped from the file manager: the widget's own drag-enter and drop handlers (Qt delivers drop
    events only during a real drag, which offscreen has no mouse for)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    widget.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))


def test_attach_from_a_drop_and_the_scan_folder_then_see_and_open_it(qtbot, ctx, dossier_id, scan_folder, tmp_path):
    leftover = scan_files.write(scan_folder, "cu.png", scan_files.page(9))  # an earlier citizen's page
    detail = open_detail(qtbot, ctx, dossier_id)
    assert "chưa quét" in detail.documents.text() and not detail.scan_list.isVisible()
    qtbot.keyClick(detail, Qt.Key.Key_Q, ALT)
    dialog = detail.scan_dialog
    assert isinstance(dialog, ScanAttachDialog) and dialog.isVisible()
    assert dialog.document.currentData() == TO_KHAI  # the first paper without a scan
    [found] = [dialog.pages.item(row) for row in range(dialog.pages.count())]
    assert found.checkState() == Qt.CheckState.Unchecked and "có sẵn" in found.text()  # not taken by surprise
    drop(dialog, [scan_files.write(tmp_path, "trang1.jpg", scan_files.page(1, fmt="JPEG"))])
    scan_files.write(scan_folder, "trang2.png", scan_files.page(2))  # the scanner's software saves page 2
    qtbot.waitUntil(lambda: dialog.pages.count() == 3, timeout=5000)
    assert [item.text() for item in dialog.ticked()] == ["trang1.jpg", "trang2.png"]
    save_shot(dialog, "scan-attach")
    with qtbot.waitSignal(detail.changed):
        qtbot.keyClick(dialog.pages, Qt.Key.Key_Return, CTRL)
    assert not dialog.isVisible()
    [scan] = ctx.desk.scans.current(dossier_id)
    assert (scan.document, scan.pages, scan.attached_by) == (TO_KHAI, 2, "canbo1")
    assert (scan_folder / SET_ASIDE / "trang2.png").exists() and leftover.exists()  # used pages set aside
    assert "đã quét 2 trang" in detail.documents.text()
    assert detail.scan_list.isVisible() and detail.scan_list.count() == 1
    qtbot.waitUntil(lambda: not detail.scan_list.item(0).icon().isNull(), timeout=10_000)  # the thumbnail
    timeline = [detail.timeline.item(row, 1).text() for row in range(detail.timeline.rowCount())]
    assert "Đính kèm bản quét" in timeline
    save_shot(detail, "scan-detail")
    detail.scan_list.setFocus()
    detail.scan_list.setCurrentRow(0)
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        qtbot.keyClick(detail.scan_list, Qt.Key.Key_Return)
    assert detail.last_preview.pdf == ctx.desk.scans.pdf(scan.sha256)
    detail.last_preview.close()


def test_a_bad_file_is_refused_in_the_dialog_and_nothing_changes(qtbot, ctx, dossier_id, tmp_path):
    detail = open_detail(qtbot, ctx, dossier_id)
    dialog = detail.attach_scan()
    history = ctx.desk.dossiers.history(dossier_id)
    dialog.add_path(scan_files.write(tmp_path, "tot.png", scan_files.page()))
    dialog.add_path(scan_files.write(tmp_path, "hong.jpg", scan_files.truncated_jpeg()))
    dialog.attach_button.click()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "«hong.jpg» bị hỏng hoặc không trọn vẹn" in dialog.error.text()
    assert ctx.desk.dossiers.history(dossier_id) == history
    assert not list(ctx.desk.scan_store.hashes())
    dialog.pages.setCurrentRow(1)
    dialog.remove_page()  # the clerk drops the bad page and tries again
    dialog.attach_button.click()
    assert not dialog.isVisible() and len(ctx.desk.scans.current(dossier_id)) == 1


def test_without_a_scanner_interface_the_dialog_says_what_to_do(qtbot, ctx, dossier_id):
    dossier = ctx.desk.dossiers.get(dossier_id)
    dialog = ScanAttachDialog(ctx, dossier, scanner=WindowsScanner())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.scanner_button.click()
    assert "WIA/TWAIN" in dialog.error.text() and "thư mục quét" in dialog.error.text()
    assert dialog.pages.count() == 0
    assert "Chưa đặt thư mục quét" in dialog.folder_note.text()


def test_a_closed_dossier_offers_no_attach(qtbot, ctx, dossier_id):
    ctx.desk.dossiers.apply(dossier_id, EventKind.STOPPED, {"reason": "Công dân rút hồ sơ"}, "canbo1")
    detail = open_detail(qtbot, ctx, dossier_id)
    assert not detail.attach_button.isEnabled()
    assert detail.attach_scan() is None



def test_at_intake_the_papers_of_the_dossier_just_saved_are_scanned(qtbot, ctx, tmp_path):
    from tests.ui.test_intake import fill_birth_form, make_page, pick_birth, save

    page = make_page(qtbot, ctx)
    assert not page.bar.scan_button.isEnabled()  # nothing saved yet
    pick_birth(page)
    fill_birth_form(page)
    dossier_id, preview = save(qtbot, page)
    preview.close()
    assert page.bar.scan_button.isEnabled()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)
    page.picker.search.setFocus()
    press(page, Qt.Key.Key_Q, ALT)  # the button's own Alt letter (it animates the click: a moment later)
    qtbot.waitUntil(lambda: page.scan_dialog is not None, timeout=2000)
    dialog = page.scan_dialog
    assert isinstance(dialog, ScanAttachDialog) and dialog.isVisible()
    first_paper = ctx.desk.dossiers.get(dossier_id).documents[0].name
    assert dialog.document.currentData() == first_paper
    dialog.add_path(scan_files.write(tmp_path, "to-khai.tif", scan_files.tiff(2)))
    dialog.attach_button.click()
    [scan] = ctx.desk.scans.current(dossier_id)
    assert (scan.document, scan.pages) == (first_paper, 2)
    assert f"«{first_paper}» (2 trang)" in page.confirmation.text()


def test_a_scan_is_removed_with_a_reason(qtbot, ctx, dossier_id, tmp_path):
    ctx.desk.scans.attach_files(dossier_id, TO_KHAI, [scan_files.write(tmp_path, "a.png", scan_files.page())],
                                "canbo1")
    detail = open_detail(qtbot, ctx, dossier_id)
    detail.scan_list.setFocus()
    detail.scan_list.setCurrentRow(0)
    press(detail.scan_list, Qt.Key.Key_Delete, CTRL)  # or the list's context menu
    dialog = detail.remove_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.confirm_button.click()  # no reason yet
    assert dialog.isVisible() and "Cần ghi lý do gỡ bản quét" in dialog.error.text()
    assert len(ctx.desk.scans.current(dossier_id)) == 1
    type_text(dialog.reason, "Quét nhầm giấy tờ của người khác")
    with qtbot.waitSignal(detail.changed):
        dialog.confirm_button.click()
    assert ctx.desk.scans.current(dossier_id) == []
    assert detail.scan_list.count() == 0 and "chưa quét" in detail.documents.text()
    assert ctx.desk.dossiers.history(dossier_id)[-1].payload["reason"] == "Quét nhầm giấy tờ của người khác"
