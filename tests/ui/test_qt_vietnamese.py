"""Qt's own strings in Vietnamese (our qtbase_vi), and back to English when the language switches.

Qt ignores a translation whose context or source text differs by one character from its own, so the
last tests check every message of qtbase_vi.ts against the qtbase_*.qm files the PySide6 wheel ships,
and that the committed .qm is what the .ts compiles to.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo, QLocale
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QLineEdit, QMessageBox, QPushButton

from desk_app.ui import i18n

QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
SB = QDialogButtonBox.StandardButton


@pytest.fixture
def lang(switch_language):
    return switch_language


def texts(buttons) -> list[str]:
    return [button.text() for button in buttons]


def menu_texts(widget: QLineEdit) -> list[str]:
    """The context menu's entries without their shortcut column ("&Copy\tCtrl+C" -> "&Copy")."""
    menu = widget.createStandardContextMenu()
    try:
        return [action.text().split("\t")[0] for action in menu.actions() if not action.isSeparator()]
    finally:
        menu.deleteLater()


def test_button_box_ok_cancel_are_vietnamese(lang, qtbot):
    lang("vi")
    box = QDialogButtonBox(SB.Ok | SB.Cancel)
    qtbot.addWidget(box)
    assert box.button(SB.Ok).text() == "Đồng ý"
    assert box.button(SB.Cancel).text() == "Hủy"


def test_message_box_buttons_are_vietnamese(lang, qtbot):
    lang("vi")
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                           | QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Close)
    box.setDetailedText("chi tiết lỗi")
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Có"
    assert box.button(QMessageBox.StandardButton.No).text() == "&Không"
    assert box.button(QMessageBox.StandardButton.Save).text() == "Lưu"
    assert box.button(QMessageBox.StandardButton.Close).text() == "Đóng"
    assert "Xem chi tiết..." in texts(box.findChildren(QPushButton))


def test_line_edit_menu_is_vietnamese(lang, qtbot):
    lang("vi")
    edit = QLineEdit("Nguyễn Văn An")
    qtbot.addWidget(edit)
    assert menu_texts(edit) == ["&Hoàn tác", "&Làm lại", "Cắ&t", "&Sao chép", "&Dán", "Xóa", "Chọn tất cả"]


def test_print_preview_toolbar_is_vietnamese(lang, qtbot):
    lang("vi")
    dialog = QPrintPreviewDialog(QPrinter())
    qtbot.addWidget(dialog)
    actions = {action.text(): action.toolTip() for action in dialog.findChildren(QAction) if action.text()}
    assert dialog.windowTitle() == "Xem trước khi in"
    for text in ("In", "Trang sau", "Trang trước", "Trang đầu", "Trang cuối", "Vừa chiều rộng", "Vừa trang",
                 "Phóng to", "Thu nhỏ", "Khổ dọc", "Khổ ngang", "Thiết lập trang"):
        assert actions.get(text) == text
    assert not {"Print", "Next page", "Zoom in", "Page setup"} & set(actions)


def test_print_and_file_dialogs_are_vietnamese(lang, qtbot):
    """The Linux/Qt-drawn dialogs (Windows shows its own, in the system's language)."""
    lang("vi")
    printer = QPrinter()
    printing = QPrintDialog(printer)
    files = QFileDialog(None, "Xuất sổ", "")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    for dialog in (printing, files):
        qtbot.addWidget(dialog)
    assert "&In" in texts(printing.findChildren(QPushButton))
    assert {"&Tên tệp:", "Loại tệ&p:", "Tìm tr&ong:"} <= set(texts(files.findChildren(QLabel)))


def test_english_comes_back_after_switching(lang, qtbot):
    lang("vi")
    lang("en")
    box = QDialogButtonBox(SB.Ok | SB.Cancel)
    qtbot.addWidget(box)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    assert sorted(texts(box.buttons())) == ["Cancel", "OK"]
    assert menu_texts(edit)[:2] == ["&Undo", "&Redo"]
    assert QLocale().name() == "en_GB"


# --- the translation files themselves ----------------------------------------------------------------


def ts_messages(ts: Path) -> dict[tuple[str, str], str]:
    root = ET.parse(ts).getroot()
    return {(context.findtext("name"), message.findtext("source")): message.findtext("translation")
            for context in root.iter("context") for message in context.iter("message")}


def qm_keys(qm: Path) -> set[tuple[str, str]]:
    """(context, source) of every message in a .qm (Qt's binary format: tagged sections, tagged fields)."""
    data = qm.read_bytes()
    assert data[:16] == QM_MAGIC
    pos, messages = 16, b""
    while pos < len(data):
        tag, size = data[pos], struct.unpack(">I", data[pos + 1:pos + 5])[0]
        messages = data[pos + 5:pos + 5 + size] if tag == 0x69 else messages
        pos += 5 + size
    keys, current, pos = set(), {}, 0
    while pos < len(messages):
        tag, pos = messages[pos], pos + 1
        if tag == 1:  # end of one message
            keys.add((current.get(7, ""), current.get(6, "")))
            current = {}
            continue
        size, pos = struct.unpack(">I", messages[pos:pos + 4])[0], pos + 4
        if size != 0xFFFFFFFF:
            current[tag] = messages[pos:pos + size].decode("utf-8", "replace") if tag in (6, 7) else None
            pos += size
    return keys


def test_every_source_text_is_one_qt_uses():
    """Each (context, source) must exist in Qt's own shipped translations: a guessed text is silently ignored."""
    shipped = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    known = set().union(*(qm_keys(qm) for qm in shipped.glob("qtbase_*.qm")))
    ours = ts_messages(i18n.translations_dir() / "qtbase_vi.ts")
    assert len(ours) > 200
    assert set(ours) - known == set()


def test_translations_keep_placeholders_and_one_mnemonic():
    for (context, source), text in ts_messages(i18n.translations_dir() / "qtbase_vi.ts").items():
        assert text and text != source, (context, source)
        for placeholder in ("%1", "%2"):
            assert (placeholder in source) == (placeholder in text), (context, source)
        assert text.replace("&&", "").count("&") <= 1, (context, source)


def test_committed_qm_files_are_up_to_date(tmp_path):
    """Every .ts compiles, and the .qm in the repository (and the bundle) is exactly what it compiles to."""
    sources = sorted(i18n.translations_dir().glob("*.ts"))
    assert sources
    for ts in sources:
        fresh = tmp_path / ts.with_suffix(".qm").name
        i18n.compile_ts(ts, fresh)
        committed = ts.with_suffix(".qm")
        assert committed.exists(), f"{committed.name} missing: run python -m desk_app.ui.i18n --build"
        assert fresh.read_bytes() == committed.read_bytes(), f"{committed.name} is stale: rebuild it"
