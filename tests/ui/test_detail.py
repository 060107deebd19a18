"""The dossier detail as the clerk uses it: read the header and timeline, press a step's key, fill its form
in Vietnamese, confirm with Ctrl+Enter; the database, the timeline, the printed form and the preview follow."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from desk_app.core.accounts import Role, User
from desk_app.core.actions import Need
from desk_app.core.events import to_row
from desk_app.domain.model import Event, EventKind, ReceivedDocument, Status
from desk_app.printing import FormKind
from desk_app.ui.context import DeskContext
from desk_app.ui.dossiers.detail import DossierDetailDialog
from desk_app.ui.printing.raster import wait_for_renders
from tests.conftest import request
from tests.ui.conftest import press, save_shot, type_text

K = EventKind
CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def _renders_finish():
    yield
    assert wait_for_renders(10)


@pytest.fixture
def clerk(qapp, desk) -> DeskContext:
    """A logged-in clerk without the password hashing (the log-in has its own tests)."""
    return DeskContext(desk, User("canbo1", "Nguyễn Thị Hoà", Role.CLERK))


@pytest.fixture
def dossier_id(desk) -> str:
    return desk.dossiers.receive(request(name="Lê Thị Bích Ngọc"), "canbo1").dossier.dossier_id


def activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def open_detail(qtbot, clerk, dossier_id) -> DossierDetailDialog:
    detail = DossierDetailDialog(clerk, dossier_id)
    qtbot.addWidget(detail)
    detail.show()
    activate(qtbot, detail)
    return detail


def press_step(qtbot, detail, keys: str):
    letter = getattr(Qt.Key, f"Key_{keys[-1]}")
    qtbot.keyClick(detail, letter, ALT)
    dialog = detail.step_dialog
    assert dialog is not None and dialog.isVisible()
    activate(qtbot, dialog)
    return dialog


def confirm(qtbot, dialog) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return, CTRL)


def pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def fill_reason(dialog, text):
    type_text(dialog.fields[Need.REASON], text)


STEPS = [
    (K.REFUSED, "Alt+C", Status.REFUSED, "Hồ sơ không thuộc thẩm quyền giải quyết của xã",
     "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
    (K.STOPPED, "Alt+D", Status.STOPPED, "Người nộp đề nghị dừng để bổ sung giấy tờ khác",
     "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"),
    (K.DELAYED, "Alt+H", Status.DELAYED, "Chờ xác minh thông tin hộ tịch ở xã khác",
     "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN"),
    (K.SUPPLEMENT_REQUESTED, "Alt+B", Status.SUPPLEMENT_REQUESTED, "thiếu chữ ký người yêu cầu",
     "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
]


@pytest.mark.parametrize(("kind", "keys", "status", "words", "title"), STEPS, ids=[s[0].value for s in STEPS])
def test_a_step_with_a_form_is_recorded_shown_and_printed(qtbot, clerk, dossier_id, kind, keys, status, words,
                                                          title):
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, keys)
    if kind == K.SUPPLEMENT_REQUESTED:
        type_text(dialog.fields[Need.ITEMS], f"Tờ khai: {words}")
    else:
        fill_reason(dialog, words)
    with qtbot.waitSignal(detail.changed) as changed, qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        confirm(qtbot, dialog)
    assert changed.args == [dossier_id] and not dialog.isVisible()
    assert clerk.desk.dossiers.get(dossier_id).status == status
    last = detail.timeline.row_texts()[-1]
    assert words in last[3] and last[2] == "Nguyễn Thị Hoà"
    assert kind not in detail.step_buttons or kind == K.DELAYED  # a delay may be repeated
    preview = detail.last_preview
    assert preview is not None and preview.isVisible()
    assert title in pdf_text(preview.pdf) and words in pdf_text(preview.pdf)
    if kind == K.REFUSED:
        assert detail.no_steps.isVisible()


def test_a_phone_in_the_guides_name_is_refused_beside_the_field(qtbot, clerk, dossier_id):
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+B")
    type_text(dialog.fields[Need.ITEMS], "Tờ khai: thiếu chữ ký")
    dialog.guide_name.setText("0912345678")
    confirm(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors[Need.GUIDE].isVisible()
    assert "chữ số" in dialog.errors[Need.GUIDE].text()
    assert clerk.desk.dossiers.get(dossier_id).status == Status.RECEIVED  # nothing recorded
    dialog.guide_name.setText("Nguyễn Thị Hoà")
    dialog.guide_phone.setText("12345")
    confirm(qtbot, dialog)
    assert "Số điện thoại không đúng" in dialog.errors[Need.GUIDE].text()
    dialog.guide_phone.clear()
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        confirm(qtbot, dialog)
    printed = pdf_text(detail.last_preview.pdf)
    assert "liên hệ với Nguyễn Thị Hoà tại Bộ phận Một cửa để được hướng dẫn." in printed


def test_a_supplement_picks_papers_from_the_checklist_gives_a_deadline_and_hides_the_appointment(
        qtbot, clerk, dossier_id):
    detail = open_detail(qtbot, clerk, dossier_id)
    assert "Hẹn trả:" in detail.header.text()
    dialog = press_step(qtbot, detail, "Alt+B")
    papers = dialog.papers
    assert papers.count() == 3 and papers.item(0).text() == "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"
    papers.setFocus()
    papers.setCurrentRow(0)
    qtbot.keyClick(papers, Qt.Key.Key_Space)  # ticked from the keyboard
    assert papers.item(0).checkState() == Qt.CheckState.Checked
    items = dialog.fields[Need.ITEMS]
    assert items.toPlainText() == "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân: "
    items.moveCursor(QTextCursor.MoveOperation.End)
    type_text(items, "thiếu chữ ký")
    items.setPlainText(items.toPlainText() + "\nGiấy ủy quyền: người nộp không phải người yêu cầu")  # not listed
    deadline = dialog.fields[Need.DEADLINE]
    assert deadline.date().toPython() == date(2026, 3, 17)  # five working days from Tuesday 10/03
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        confirm(qtbot, dialog)
    printed = pdf_text(detail.last_preview.pdf)
    assert "1 Tờ khai cấp Giấy xác nhận tình trạng hôn nhân thiếu chữ ký" in printed
    assert "2 Giấy ủy quyền người nộp không phải người yêu cầu" in printed
    assert "nộp bổ sung, hoàn thiện hồ sơ trước ngày 17/03/2026." in printed
    header = detail.header.text()
    assert "Hẹn trả" not in header and "chờ công dân nộp trước ngày 17/03/2026" in header
    assert "Hạn nộp: 17/03/2026" in detail.timeline.row_texts()[-1][3]


def test_keys_typed_ahead_as_a_step_closes_never_reprint_the_receipt(qtbot, clerk, dossier_id):
    """After a refusal no step is left: the focus fell on «In lại giấy tiếp nhận», and the Space or Enter typed
    ahead for the closing form reprinted the receipt. Only Ctrl+P reprints."""
    code = clerk.desk.dossiers.get(dossier_id).code
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+C")
    fill_reason(dialog, "Hồ sơ không thuộc thẩm quyền giải quyết của xã")
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        confirm(qtbot, dialog)
    detail.last_preview.close()
    activate(qtbot, detail)
    for key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Space):
        press(detail, key)
    assert wait_for_renders(10)
    forms = [e["details"]["form"] for e in clerk.desk.audit.entries(code, "print")]
    assert forms == ["refusal"]  # nothing reprinted
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        press(detail, Qt.Key.Key_P, CTRL)  # the deliberate key
    assert [e["details"]["form"] for e in clerk.desk.audit.entries(code, "print")] == ["refusal", "receipt"]


def test_papers_in_restart_the_time_and_a_new_receipt_opens_with_the_new_appointment(qtbot, clerk, dossier_id,
                                                                                     clock):
    first = pdf_pages(clerk.desk.print_form(FormKind.RECEIPT, dossier_id, "canbo1"))  # at intake
    code = clerk.desk.dossiers.get(dossier_id).code
    clerk.desk.dossiers.apply(dossier_id, K.SUPPLEMENT_REQUESTED, {"items": [{"item": "Giấy ủy quyền"}]}, "canbo1")
    clock.set(datetime(2026, 3, 12, 14, 0))
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+N")
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        confirm(qtbot, dialog)
    new = pdf_pages(detail.last_preview.pdf)
    due = clerk.desk.dossiers.get(dossier_id).due.due_at
    assert due > datetime(2026, 3, 13, 9, 30)  # three working days again, from Thursday 14:00
    assert f"{due:%H} giờ {due:%M} phút, ngày {due:%d} tháng {due.month} năm {due:%Y}" in " ".join(new)
    assert "Giấy ủy quyền" in " ".join(new) and "BẢN IN LẠI" not in " ".join(new) and new != first
    detail.last_preview.close()
    activate(qtbot, detail)
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        press(detail, Qt.Key.Key_P, CTRL)
    again = pdf_pages(detail.last_preview.pdf)
    assert [REPRINT_MARK.sub("", page) for page in again] == new  # a reprint of the new receipt
    assert [e["details"].get("round", 0) for e in clerk.desk.audit.entries(code, "print") if
            e["details"]["form"] == "receipt"] == [0, 1, 1]


def test_a_reprint_after_a_delay_keeps_the_appointment_it_gave(clerk, dossier_id):
    """The apology letter carries the new date; the receipt reprinted is the one the citizen holds."""
    original = pdf_pages(clerk.desk.print_form(FormKind.RECEIPT, dossier_id, "canbo1"))
    due = clerk.desk.dossiers.get(dossier_id).due.due_at
    later = (due + timedelta(days=3)).replace(microsecond=0)
    clerk.desk.dossiers.apply(dossier_id, K.DELAYED, {"new_due_at": later.isoformat(), "reason": "Chờ xác minh"},
                              "canbo1")
    reprint = pdf_pages(clerk.desk.print_form(FormKind.RECEIPT, dossier_id, "canbo1"))
    assert [REPRINT_MARK.sub("", page) for page in reprint] == original


BIRTH = {"child_full_name": "Nguyễn Minh Khôi", "child_date_of_birth": "2026-03-02", "child_sex": "Nam",
         "place_of_birth": "Bệnh viện Đa khoa huyện Ba Vì"}


def test_the_child_of_a_birth_registration_is_on_the_receipt_and_the_dossier_screen(qtbot, clerk):
    """The procedure's own subject (its required fields) was on neither."""
    received = clerk.desk.dossiers.receive(request(
        "1.001193", name="Trần Thị Mai", fields=BIRTH,
        documents=[ReceivedDocument("Tờ khai đăng ký khai sinh", 1, 0)]), "canbo1").dossier
    printed = pdf_text(clerk.desk.print_form(FormKind.RECEIPT, received.dossier_id, "canbo1"))
    for line in ("Họ, chữ đệm và tên của trẻ: Nguyễn Minh Khôi", "Ngày, tháng, năm sinh của trẻ: 02/03/2026",
                 "Giới tính của trẻ: Nam", "Nơi sinh: Bệnh viện Đa khoa huyện Ba Vì"):
        assert line in printed
    detail = open_detail(qtbot, clerk, received.dossier_id)
    shown = re.sub(r"\s+", " ", detail.header.text())
    assert "Họ, chữ đệm và tên của trẻ:</td><td><b>Nguyễn Minh Khôi</b>" in shown
    assert "02/03/2026" in shown


def test_a_procedure_without_fields_prints_no_subject_line(clerk, dossier_id):
    assert clerk.desk.subject(clerk.desk.dossiers.get(dossier_id)) == ()


REPRINT_MARK = re.compile(r"^BẢN IN LẠI In lại lúc \d\d:\d\d \d\d/\d\d/\d{4} ")


def pdf_pages(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_a_reprint_by_the_supervisor_is_the_original_naming_the_receiving_clerk(qtbot, clerk, dossier_id):
    """The receipt printed at intake by canbo1, reprinted from the detail by the supervisor: the same pages
    under the reprint mark, signed by the clerk who received the dossier (it named the supervisor)."""
    original = pdf_pages(clerk.desk.print_form(FormKind.RECEIPT, dossier_id, "canbo1"))
    assert "Nguyễn Thị Hoà" in " ".join(original)
    boss = DeskContext(clerk.desk, User("giamsat", "Trần Văn Đức", Role.SUPERVISOR))
    detail = open_detail(qtbot, boss, dossier_id)
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        detail.reprint_receipt()
    reprint = pdf_pages(detail.last_preview.pdf)
    assert all(REPRINT_MARK.match(page) for page in reprint)
    assert [REPRINT_MARK.sub("", page) for page in reprint] == original
    assert "Trần Văn Đức" not in " ".join(reprint)
    assert [e["actor"] for e in clerk.desk.audit.entries(clerk.desk.dossiers.get(dossier_id).code, "print")] == [
        "canbo1", "giamsat"]  # the log still says who printed


def test_a_refusal_names_who_refused_whoever_prints_it(clerk, dossier_id):
    clerk.desk.dossiers.apply(dossier_id, K.REFUSED, {"reason": "Không thuộc thẩm quyền của xã"}, "giamsat")
    printed = pdf_text(clerk.desk.print_form(FormKind.REFUSAL, dossier_id, "canbo1"))
    assert "Trần Văn Đức" in printed and "Nguyễn Thị Hoà" not in printed


def test_refusal_form_screenshot(qtbot, clerk, dossier_id):
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+C")
    fill_reason(dialog, "Hồ sơ không thuộc thẩm quyền giải quyết của UBND xã Minh Châu")
    save_shot(dialog, "action_refuse")
    assert dialog.fields[Need.REASON].hasFocus()


def test_transfer_shows_the_unit_name_and_records_its_code(qtbot, clerk, dossier_id):
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+X")
    field = dialog.fields[Need.AUTHORITY].search
    field.clear()
    type_text(field, "99999")
    confirm(qtbot, dialog)
    assert dialog.isVisible() and "Không có đơn vị" in dialog.errors[Need.AUTHORITY].text()
    field.clear()
    type_text(field, "00070")
    assert dialog.unit_name.text() == "→ UBND Phường Hoàn Kiếm"
    confirm(qtbot, dialog)
    assert clerk.desk.dossiers.get(dossier_id).status == Status.TRANSFERRED
    assert detail.timeline.row_texts()[-1][3] == "Chuyển đến: UBND Phường Hoàn Kiếm"
    assert wait_for_renders(10)
    qtbot.wait(50)  # a preview would have been delivered by now
    assert detail.last_preview is None  # no form for a transfer


def test_transfer_picks_the_unit_by_its_name_without_marks(qtbot, clerk, dossier_id):
    """Not a bare 5-digit code: the name typed as it comes (no marks), Enter takes the highlighted unit."""
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+X")
    picker = dialog.fields[Need.AUTHORITY]
    assert picker.search.text() == "Xã Minh Châu (09661)"  # the dossier's own authority, by name
    picker.search.clear()
    type_text(picker.search, "hoan kiem")
    assert picker.results.isVisible() and picker.results.currentItem().text() == "Phường Hoàn Kiếm (00070)"
    press(picker.search, Qt.Key.Key_Return)
    assert picker.code() == "00070" and dialog.unit_name.text() == "→ UBND Phường Hoàn Kiếm"
    assert dialog.fields[Need.HANDED_TO].hasFocus()  # on to who takes it there
    type_text(picker.search, " x")  # typing again un-picks: a name alone is not a unit
    confirm(qtbot, dialog)
    assert dialog.isVisible() and "chọn trong danh sách" in dialog.errors[Need.AUTHORITY].text()
    picker.search.clear()
    type_text(picker.search, "hoàn kiếm")
    press(picker.search, Qt.Key.Key_Return)
    type_text(dialog.fields[Need.HANDED_TO], "Phòng Văn hóa - Xã hội, bà Lê Thu")  # who takes it there
    confirm(qtbot, dialog)
    assert clerk.desk.dossiers.get(dossier_id).status == Status.TRANSFERRED
    assert detail.timeline.row_texts()[-1][3] == ("Chuyển đến: UBND Phường Hoàn Kiếm. "
                                                  "Người, bộ phận nhận: Phòng Văn hóa - Xã hội, bà Lê Thu")
    printed = pdf_text(clerk.desk.print_form(FormKind.CONTROL, dossier_id, "canbo1"))
    assert "Nhận: UBND Phường Hoàn Kiếm (Phòng Văn hóa - Xã hội, bà Lê Thu)" in printed


def test_result_then_return_to_the_applicant(qtbot, clerk, dossier_id):
    detail = open_detail(qtbot, clerk, dossier_id)
    confirm(qtbot, press_step(qtbot, detail, "Alt+K"))
    assert clerk.desk.dossiers.get(dossier_id).status == Status.RESULT_READY
    assert list(detail.step_buttons) == [K.RETURNED]
    activate(qtbot, detail)
    dialog = press_step(qtbot, detail, "Alt+T")
    name = dialog.fields[Need.RECEIVER]
    assert name.text() == "Lê Thị Bích Ngọc" and dialog.receiver_id.text() == "001090123456"
    assert dialog.receiver_self.isChecked()
    dialog.receiver_self.setFocus()  # «Người nộp hồ sơ tự nhận» unticked: someone else collects
    qtbot.keyClick(dialog.receiver_self, Qt.Key.Key_Space)
    assert not dialog.receiver_self.isChecked() and name.text() == "" and dialog.receiver_id.text() == ""
    type_text(name, "Trần Văn Hùng")
    confirm(qtbot, dialog)
    assert dialog.isVisible() and "nhập số định danh" in dialog.errors[Need.RECEIVER].text()  # who, then
    type_text(dialog.receiver_id, "00109012345")
    confirm(qtbot, dialog)
    assert "12 chữ số" in dialog.errors[Need.RECEIVER].text()
    type_text(dialog.receiver_id, "6")
    confirm(qtbot, dialog)
    assert clerk.desk.dossiers.get(dossier_id).status == Status.RETURNED
    assert detail.timeline.row_texts()[-1][1:] == [
        "Trả kết quả", "Nguyễn Thị Hoà",
        "Người nhận: Trần Văn Hùng. Số định danh 001090123456. Nhận thay người nộp"]
    assert detail.no_steps.isVisible()
    printed = pdf_text(clerk.desk.print_form(FormKind.CONTROL, dossier_id, "canbo1"))
    assert "Nhận: Ông/Bà Trần Văn Hùng" in printed
    assert "Số định danh cá nhân: 001090123456; Nhận thay người nộp hồ sơ" in printed


def test_supplement_arrival_defaults_to_the_documents_asked_for(qtbot, clerk, dossier_id):
    clerk.desk.dossiers.apply(dossier_id, K.SUPPLEMENT_REQUESTED, {"items": [{"item": "Bản sao giấy khai sinh"}]},
                              "canbo1")
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+N")
    assert dialog.fields[Need.DOCUMENTS].toPlainText() == "Bản sao giấy khai sinh"
    confirm(qtbot, dialog)
    assert clerk.desk.dossiers.get(dossier_id).status == Status.RECEIVED


def test_an_empty_reason_is_said_next_to_the_field_and_nothing_is_written(qtbot, clerk, dossier_id):
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+C")
    type_text(dialog.fields[Need.REASON], "   ")
    confirm(qtbot, dialog)
    assert dialog.isVisible() and dialog.errors[Need.REASON].isVisible()
    assert dialog.errors[Need.REASON].text() == "Chưa nhập, bắt buộc phải có."
    assert len(clerk.desk.dossiers.history(dossier_id)) == 1
    assert clerk.desk.dossiers.get(dossier_id).status == Status.RECEIVED


def test_a_new_date_before_the_old_one_is_refused_inline(qtbot, clerk, dossier_id):
    old_due = clerk.desk.dossiers.get(dossier_id).due.due_at
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+H")
    dialog.fields[Need.NEW_DUE].setDateTime(QDateTime(old_due - timedelta(days=1)))
    fill_reason(dialog, "Chờ xác minh")
    confirm(qtbot, dialog)
    assert dialog.isVisible() and "Ngày hẹn mới phải sau ngày hẹn cũ" in dialog.error.text()
    assert len(clerk.desk.dossiers.history(dossier_id)) == 1
    assert detail.last_preview is None


def test_enter_moves_through_the_form_and_never_confirms_esc_cancels(qtbot, clerk, dossier_id):
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+H")
    assert dialog.fields[Need.NEW_DUE].hasFocus()
    press(dialog, Qt.Key.Key_Return)
    assert dialog.fields[Need.REASON].hasFocus()
    type_text(dialog.fields[Need.REASON], "Chờ ý kiến cơ quan khác")
    press(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.confirm_button.hasFocus()
    assert len(clerk.desk.dossiers.history(dossier_id)) == 1
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and len(clerk.desk.dossiers.history(dossier_id)) == 1


def test_reprint_comes_out_marked_and_the_control_sheet_prints(qtbot, clerk, dossier_id):
    clerk.desk.print_form(FormKind.RECEIPT, dossier_id, "canbo1")  # the first print, at intake
    detail = open_detail(qtbot, clerk, dossier_id)
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        qtbot.keyClick(detail, Qt.Key.Key_P, CTRL)
    assert "BẢN IN LẠI" in pdf_text(detail.last_preview.pdf)
    assert detail.last_preview.isVisible()
    detail.last_preview.close()
    activate(qtbot, detail)
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        qtbot.keyClick(detail, Qt.Key.Key_P, ALT)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in pdf_text(detail.last_preview.pdf)


def test_the_header_says_who_what_and_colours_the_deadline(qtbot, clerk, dossier_id, clock):
    detail = open_detail(qtbot, clerk, dossier_id)
    header = detail.header.text()
    code = clerk.desk.dossiers.get(dossier_id).code
    assert code in header and "Đã tiếp nhận" in header and "Lê Thị Bích Ngọc" in header
    assert "trong hạn" in header and "• Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in detail.documents.text()
    assert [row[1] for row in detail.timeline.row_texts()] == ["Tiếp nhận"]
    assert detail.step_buttons[K.REFUSED].toolTip() == "Từ chối tiếp nhận (Alt+C)"
    clock.set(datetime(2026, 3, 20, 9, 0))
    detail.refresh()
    assert "quá hạn" in detail.header.text() and "#b00020" in detail.header.text()
    clock.set(datetime(2026, 3, 10, 9, 30))
    clerk.desk.dossiers.apply(dossier_id, K.DELAYED, {"new_due_at": "2026-03-18T16:00", "reason": "Chờ xác minh"},
                              "canbo1")
    detail.refresh()
    detail.resize(1000, 600)  # a 1366x768 laptop at 125 %: what the commune desks have
    save_shot(detail, "detail")


def test_a_conflicting_step_from_sync_is_flagged_in_the_timeline(qtbot, clerk, dossier_id):
    desk = clerk.desk
    received = desk.dossiers.history(dossier_id)[0]
    late = Event(str(uuid.uuid4()), dossier_id, K.RETURNED, {"receiver_name": "Ai đó", "returned_at": "x"},
                 "canbo9", "desk-9", received.hlc.replace(received.hlc[:13], str(int(received.hlc[:13]) + 1)),
                 datetime(2026, 3, 10, 10, 0))
    with desk.store.write() as session:
        session.add(to_row(late))
    detail = open_detail(qtbot, clerk, dossier_id)
    rows = detail.timeline.row_texts()
    assert rows[-1][1] == "⚠ Trả kết quả"
    assert "Xung đột" in detail.timeline.item(1, 1).toolTip() and "Đã tiếp nhận" in detail.timeline.item(1, 1).toolTip()
    assert "1 bước xung đột" in detail.header.text()


def test_papers_handed_in_with_a_supplement_are_listed_as_received(qtbot, clerk, dossier_id, clock):
    desk = clerk.desk
    desk.dossiers.apply(dossier_id, K.SUPPLEMENT_REQUESTED, {"items": [{"item": "Bản sao giấy khai sinh"}]},
                        "canbo1")
    clock.set(datetime(2026, 3, 12, 9, 15))
    detail = open_detail(qtbot, clerk, dossier_id)
    dialog = press_step(qtbot, detail, "Alt+N")
    documents = dialog.fields[Need.DOCUMENTS]  # the paper asked for is already listed
    documents.moveCursor(QTextCursor.MoveOperation.End)
    press(documents, Qt.Key.Key_Return)  # Enter starts the next paper
    type_text(documents, "Giấy xác nhận cư trú")
    confirm(qtbot, dialog)
    assert clerk.desk.dossiers.get(dossier_id).status == Status.RECEIVED
    lines = detail.documents.text().split("<br>")
    assert "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân" in lines[0]  # the intake papers stay first
    assert lines[-2:] == [
        "• Bản sao giấy khai sinh: bản chính 1, bản sao 0 <i>(nhận bổ sung ngày 12/03/2026)</i>",
        "• Giấy xác nhận cư trú: bản chính 1, bản sao 0 <i>(nhận bổ sung ngày 12/03/2026)</i>"]
    detail.resize(1000, 600)
    qtbot.wait(50)  # the new step buttons are shown and the old ones deleted through posted events
