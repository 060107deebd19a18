"""The handbook at the desk with real widgets: F1 on a procedure opens its entry beside the form at the
part that matters now, F1 elsewhere the shortcut list, and Hỏi đáp (Ctrl+H) answers a typed question
and picks the chosen procedure on the intake page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desk_app.domain.model import EventKind, ReceivedDocument
from desk_app.ui.dossiers.detail import DossierDetailDialog
from desk_app.ui.main_window import MainWindow
from tests.conftest import request
from tests.ui.conftest import press, save_shot, type_text


def activate(qtbot, window) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    activate(qtbot, win)
    yield win
    win.close()


def shown_text(panel) -> str:
    return panel.browser.toPlainText()


def test_f1_while_ticking_the_checklist_opens_the_papers_of_the_procedure_picked(window, qtbot):
    page = window.intake
    type_text(page.picker.search, "dang ky khai sinh")
    press(page.picker.search, Qt.Key.Key_Return)
    assert page.definition.code == "1.001193"
    page.checklist.rows[0].box.setFocus()
    press(window, Qt.Key.Key_F1)
    panel = window.handbook
    assert window.handbook_dock.isVisible() and (panel.code, panel.section) == ("1.001193", "papers")
    assert "Giấy chứng sinh" in shown_text(panel) and "Luật Hộ tịch 2014" in shown_text(panel)
    qtbot.waitUntil(lambda: panel.browser.verticalScrollBar().value() > 0)  # scrolled down to the papers
    top = panel.browser.cursorForPosition(panel.browser.viewport().rect().topLeft()).block().text()
    assert "Giấy tờ phải nộp" in top or "Tờ khai" in top
    save_shot(window, "handbook-f1-intake")
    page.applicant.inputs["full_name"].setFocus()
    press(window, Qt.Key.Key_F1)
    assert panel.section == "applicants"


def test_f1_in_the_picker_opens_the_highlighted_result_before_it_is_picked(window):
    page = window.intake
    type_text(page.picker.search, "tach ho")
    press(window, Qt.Key.Key_F1)
    assert window.handbook.code == "1.010038" and page.definition is None
    assert "Điều 25" in shown_text(window.handbook)


def test_f1_where_no_procedure_is_in_hand_shows_the_shortcuts_which_also_have_their_own_key(window, qtbot,
                                                                                          monkeypatch):
    window.show_dossiers()
    shown = []
    monkeypatch.setattr(QMessageBox, "open", lambda self: shown.append(self.text()))
    press(window, Qt.Key.Key_F1)
    assert not window.handbook_dock.isVisible() and shown and "Ctrl+H" in shown[0] and "Ctrl+F1" in shown[0]
    window.tabs.setCurrentWidget(window.intake)
    press(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 2


def test_closing_the_panel_gives_the_keyboard_back_to_the_picker(window):
    window.show_handbook("2.000815", "fees")
    window.handbook.close_panel()
    assert not window.handbook_dock.isVisible()
    assert QApplication.focusWidget() is window.intake.picker.search


def test_hoi_dap_answers_without_marks_and_enter_picks_the_procedure_on_the_intake_page(window, qtbot):
    press(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = window.ask_dialog
    assert dialog is not None and dialog.isVisible()
    type_text(dialog.question, "chung thuc so do mat bao nhieu tien")
    first = dialog.results.item(0).text()
    assert first.startswith("2.000815 · Chứng thực bản sao từ bản chính — Lệ phí")
    assert "200.000 đồng" in first and "Nguồn: Thông tư 226/2016/TT-BTC" in first
    save_shot(dialog, "handbook-ask")
    press(dialog.question, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert window.intake.definition.code == "2.000815"
    assert (window.handbook.code, window.handbook.section) == ("2.000815", "fees")


def test_hoi_dap_says_so_when_nothing_answers_and_down_moves_between_answers(window):
    dialog = window.open_ask()
    type_text(dialog.question, "xyzzy")
    assert dialog.results.count() == 0 and "Không tìm thấy" in dialog.status.text()
    dialog.question.clear()
    type_text(dialog.question, "nguoi nuoc ngoai ket hon o xa duoc khong")
    assert dialog.results.item(0).text().startswith("1.000894")
    press(dialog.question, Qt.Key.Key_Down)
    assert dialog.results.currentRow() == 1
    dialog.reject()


def test_f1_on_a_dossier_and_while_refusing_it_opens_the_entry_at_the_reasons(qtbot, ctx):
    papers = [ReceivedDocument("Bản chính giấy tờ, văn bản làm cơ sở chứng thực", 0, 1)]
    dossier_id = ctx.desk.dossiers.receive(request(procedure="2.000815", documents=papers), "canbo1").dossier.dossier_id
    dialog = DossierDetailDialog(ctx, dossier_id)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    press(dialog, Qt.Key.Key_F1)
    assert dialog.handbook.isVisible() and (dialog.handbook.code, dialog.handbook.section) == ("2.000815", "papers")
    step = dialog.start_step(EventKind.REFUSED)
    activate(qtbot, step)
    press(step, Qt.Key.Key_F1)
    assert step.handbook.isVisible() and step.handbook.section == "reasons"
    assert "Điều 22" in shown_text(step.handbook)
    save_shot(step, "handbook-f1-refusing")
    step.reject()
