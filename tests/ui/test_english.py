"""The window in English (issue 5: Vietnamese by default, English switchable).

The strings are written in Vietnamese; resources/translations/motcua_en.ts holds their English and is
compiled to motcua_en.qm. These tests switch one QApplication to English, look at what the clerk sees,
and put the previous language back so the other tests still meet the Vietnamese window.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableView,
    QWidget,
)

from desk_app.ui import i18n
from desk_app.ui.main_window import TRAINING_MARK, MainWindow

ROOT = Path(__file__).resolve().parents[2]
TS = i18n.translations_dir() / "motcua_en.ts"
VIETNAMESE = re.compile(r"[À-ỹĐđ]")  # any letter with a Vietnamese diacritic (ASCII is never caught)
PLACEHOLDER = re.compile(r"%(?:\d|v|m|label|value)")


@pytest.fixture
def english(switch_language):
    """English for one test; calling the value switches language (`english("vi")`)."""
    switch_language("en")
    return switch_language


@pytest.fixture
def window(qtbot, english, supervisor_ctx):
    supervisor_ctx.lang = "en"  # what the shell passes on when the desk's language is English
    win = MainWindow(supervisor_ctx)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def ts_messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    return [(c.findtext("name"), m.findtext("source"), m.find("translation"))
            for c in root.iter("context") for m in c.iter("message")]


def shown_texts(root: QWidget) -> list[str]:
    """Every label, button, box title, list item, column header, placeholder and tooltip under `root`."""
    texts = [root.windowTitle(), *(t for a in root.actions() for t in (a.text(), a.toolTip()))]
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTableView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.headerData(i, Qt.Orientation.Horizontal) or "") for i in range(model.columnCount())]
    return [t for t in texts if t]


def test_tabs_and_menus_are_english(window):
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["Intake (F2)", "Dossiers (F3)", "Reports (F4)"]
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&File", "&Dossiers", "&Sync", "&Help"]
    dossier_menu = window.menuBar().actions()[1].menu()
    assert [a.text() for a in dossier_menu.actions()][:2] == ["&New dossier", "&Save and print receipt"]
    assert "Sync now (F5)" in [a.toolTip() for a in window.actions()]
    assert "Desk 1 · Clerk: <b>Trần Văn Đức</b>" in window.header.text()


def test_menu_mnemonics_are_ascii_and_unique_in_each_menu(window):
    bars = [window.menuBar().actions(), *(a.menu().actions() for a in window.menuBar().actions())]
    for actions in bars:
        letters = [re.search(r"&(\w)", a.text()).group(1).lower() for a in actions if a.text()]
        assert all(letter.isascii() for letter in letters), letters
        assert len(letters) == len(set(letters)), letters


def test_intake_save_button_and_list_views_are_english(window):
    assert window.intake.bar.save_button.text() == "Save and print receipt (Ctrl+Enter)"
    assert window.intake.bar.new_button.text() == "New dossier (F2)"
    window.tabs.setCurrentWidget(window.dossiers)
    titles = [button.text().split(" (")[0] for button in window.dossiers.view_buttons.values()]
    assert titles == ["Today", "Due today", "Due soon", "Overdue", "Needs review", "All", "Unpaid"]


def test_no_vietnamese_left_on_any_page_but_the_data(window, qtbot):
    # The commune, the supervisor's name and the mark printed on practice forms stay as they are.
    data = ("Xã Minh Châu", "Trần Văn Đức", TRAINING_MARK)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        qtbot.wait(20)
    window.grab()
    leftovers = []
    for text in shown_texts(window):
        for name in data:
            text = text.replace(name, "")
        if VIETNAMESE.search(text):
            leftovers.append(text)
    assert leftovers == []


def test_qt_buttons_follow_the_language(english, qtbot):
    english("vi")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    english("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_every_entry_is_translated_keeping_placeholders_and_keys():
    messages = ts_messages()
    assert len(messages) > 250
    for context, source, translation in messages:
        where = (context, source)
        assert translation.get("type") is None and translation.text, where  # not unfinished, vanished, obsolete
        text = translation.text
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), where
        assert re.findall(r"\((?:Ctrl|Alt|Esc|F\d)[^)]*\)", source) == re.findall(r"\((?:Ctrl|Alt|Esc|F\d)[^)]*\)",
                                                                                   text), where
        assert source.count("&") == text.count("&"), where
        assert all(c.isascii() and c.isalpha() for c in re.findall(r"&(.)", text)), where
        assert not VIETNAMESE.search(text), where


def _lupdate() -> str:
    found = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lupdate")
    if not found:
        pytest.skip("pyside6-lupdate not installed")
    return found


def test_the_ts_covers_every_string_in_the_window(tmp_path):
    """A string added to desk_app/ui without running scripts/update_translations.sh shows up unfinished."""
    fresh = tmp_path / "motcua_en.ts"
    shutil.copyfile(TS, fresh)
    sources = sorted(str(p) for p in (ROOT / "desk_app" / "ui").rglob("*.py"))
    subprocess.run([_lupdate(), "-silent", "-no-obsolete", "-source-language", "vi_VN", "-target-language",
                    "en_GB", *sources, "-ts", str(fresh)], check=True, cwd=ROOT)
    root = ET.parse(fresh).getroot()
    untranslated = [(c.findtext("name"), m.findtext("source")) for c in root.iter("context")
                    for m in c.iter("message") if m.find("translation").get("type")]
    assert untranslated == []


def test_the_committed_qm_is_a_fresh_compile_of_the_ts(tmp_path):
    fresh = tmp_path / "motcua_en.qm"
    i18n.compile_ts(TS, fresh)
    assert fresh.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run python -m desk_app.ui.i18n --build"
