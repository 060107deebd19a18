"""Scanning the chip ID card's QR with a keyboard-wedge scanner into whatever field has focus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.core.wedge import WedgeBuffer
from desk_app.ui.intake.page import IntakePage
from tests.ui.conftest import press, type_text

PAYLOAD = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Thôn Đoài, Xã Minh Châu, Hà Nội|15062021"
FILLED = {"full_name": "Nguyễn Văn An", "personal_id": "001090123456", "date_of_birth": "01/01/1990",
          "sex": "male", "address": "Thôn Đoài, Xã Minh Châu, Hà Nội"}


# --- the burst detector, no Qt ------------------------------------------------------------------------


def feed_all(buffer: WedgeBuffer, text: str, owner: object = "field", start: float = 0.0) -> list[bool]:
    """Feed one character per key, 5 ms apart; the mark is the text typed so far (the field's state)."""
    return [buffer.feed(ch, owner, start + i * 0.005, lambda: buffer.text) for i, ch in enumerate(text)]


def test_a_scan_is_recognised_and_keys_after_the_first_bar_are_swallowed():
    buffer = WedgeBuffer()
    swallowed = feed_all(buffer, PAYLOAD)
    first_bar = PAYLOAD.index("|")
    assert not any(swallowed[:first_bar]) and all(swallowed[first_bar:])
    assert buffer.finish() == (PAYLOAD, "")
    assert buffer.text == ""


def test_what_the_clerk_typed_before_the_scan_is_kept():
    buffer = WedgeBuffer()
    feed_all(buffer, "0912345678" + PAYLOAD)  # phone typed, then the scan without a pause
    assert buffer.finish() == (PAYLOAD, "0912345678")


def test_a_pause_before_the_scan_marks_where_it_starts():
    buffer = WedgeBuffer()
    for i, ch in enumerate("0987654321"):  # the clerk types the phone, a key every 0.2 s
        buffer.feed(ch, "phone", i * 0.2, lambda: buffer.text)
    short_id = PAYLOAD.replace("001090123456", "00109012345")  # a misread ID, typed a second later
    feed_all(buffer, short_id, owner="phone", start=3.0)
    assert buffer.finish() == (short_id, "0987654321")  # not "100109012345" stolen from the phone


def test_a_slow_scanner_is_still_read_whole():
    buffer = WedgeBuffer()
    for i, ch in enumerate(PAYLOAD):  # 150 ms a key: only the bars tell it is a scan
        buffer.feed(ch, "field", i * 0.15, lambda: buffer.text)
    assert buffer.finish() == (PAYLOAD, "")


def test_scanner_prefixes_and_control_characters():
    buffer = WedgeBuffer()
    feed_all(buffer, "]Q1\x02" + PAYLOAD + "\x03")
    assert buffer.finish() == ("]Q1" + PAYLOAD, "")  # the parser drops the AIM prefix itself


def test_ordinary_typing_is_not_a_scan():
    buffer = WedgeBuffer()
    assert not any(feed_all(buffer, "Nguyễn Văn An 0912345678"))
    assert buffer.finish() is None


def test_a_pause_or_another_field_starts_a_new_burst():
    buffer = WedgeBuffer(gap=2.0)
    feed_all(buffer, "001090123456")
    feed_all(buffer, "|abc", start=5.0)
    assert buffer.text == "|abc" and buffer.finish() is None
    feed_all(buffer, "001090123456", owner="name")
    feed_all(buffer, "|x", owner="phone")
    assert buffer.text == "|x"


def test_a_short_id_still_counts_as_a_scan_so_the_parser_can_say_what_is_wrong():
    buffer = WedgeBuffer()
    feed_all(buffer, "00109012345|NGUYỄN")
    assert buffer.finish() == ("00109012345|NGUYỄN", "")


# --- the page ---------------------------------------------------------------------------------------


@pytest.fixture
def page(qtbot, ctx):
    page = IntakePage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 780)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    type_text(page.picker.search, "dang ky khai sinh")
    press(page.picker.search, Qt.Key.Key_Return)
    return page


def scan(widget, payload: str = PAYLOAD) -> None:
    """The scanner types into the focused field and ends with Enter."""
    type_text(widget, payload)
    press(widget, Qt.Key.Key_Return)


def picked(values: dict[str, str]) -> dict[str, str]:
    return {key: values[key] for key in FILLED}


def test_scan_into_the_phone_field_fills_the_card_and_leaves_the_phone_alone(page):
    phone = page.applicant.inputs["phone"]
    type_text(phone, "0912 345 678")
    scan(phone)
    values = page.applicant.values()
    assert picked(values) == FILLED
    assert values["phone"] == "0912 345 678"
    assert QApplication.focusWidget() is phone  # the scanner's Enter did not move on
    assert not page.scan_message.isVisible()
    assert "Nguyễn Văn An" in page.confirmation.text()


def test_scan_into_a_procedure_field_or_the_search_line_leaves_no_payload(page):
    child = page.fields.inputs["child_full_name"]
    type_text(child, "Nguyễn Văn Bình")
    scan(child)
    assert child.text() == "Nguyễn Văn Bình"
    scan(page.picker.search, PAYLOAD.replace("Nguyễn Văn An", "Lê Thị Hồng").replace("|Nam|", "|Nữ|"))
    assert page.picker.search.text() == "dang ky khai sinh" and page.definition.code == "1.001193"
    assert page.applicant.values()["full_name"] == "Lê Thị Hồng" and page.applicant.values()["sex"] == "female"
    assert not any("|" in w.text() for w in page.findChildren(type(child)))


def test_scan_onto_a_tick_box_changes_nothing_but_the_applicant(page):
    box = page.checklist.rows[0].box
    scan(box)
    assert not box.isChecked()
    assert picked(page.applicant.values()) == FILLED


def test_scanner_control_characters_are_stripped(page):
    name = page.applicant.inputs["full_name"]
    scan(name, "\x02]Q1" + PAYLOAD + "\x03")
    assert picked(page.applicant.values()) == FILLED


def test_a_scanner_without_enter_ends_after_a_pause(qtbot, page):
    email = page.applicant.inputs["email"]
    type_text(email, PAYLOAD)
    qtbot.waitUntil(lambda: page.applicant.values()["personal_id"] == "001090123456", timeout=2000)
    assert email.text() == ""


@pytest.mark.parametrize(("payload", "words"), [
    (PAYLOAD.replace("01011990", "31021990"), "ngày sinh “31021990” không phải ngày hợp lệ"),
    (PAYLOAD.replace("001090123456", "00109012345"), "có 11 chữ số, cần đúng 12"),
    ("001090123456|012345678|NGUYỄN", "thiếu thông tin"),
])
def test_a_malformed_scan_says_why_and_changes_nothing(page, payload, words):
    a = page.applicant.inputs
    type_text(a["full_name"], "Trần Văn Đức")
    type_text(a["phone"], "0987654321")
    before = page.applicant.values()
    page.scan.buffer.reset()  # the second it takes to pick up the scanner (test keys come all at once)
    scan(a["phone"], payload)
    assert page.applicant.values() == before
    assert page.scan_message.isVisible()
    assert page.scan_message.text().startswith("✖ Mã QR thẻ căn cước:") and words in page.scan_message.text()


def test_typing_a_name_and_enter_still_moves_on(page):
    name = page.applicant.inputs["full_name"]
    type_text(name, "Phạm Thị Hương 1990|")  # one stray bar is not a scan
    press(name, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is page.applicant.inputs["personal_id"]
    assert name.text() == "Phạm Thị Hương 1990|"


def test_nothing_is_watched_while_the_page_is_hidden(page, qtbot):
    page.hide()
    other = type(page.applicant.inputs["phone"])()
    qtbot.addWidget(other)
    other.show()
    scan(other)
    assert "|" in other.text() and page.applicant.values()["personal_id"] == ""


@pytest.mark.parametrize("key", ["phone", "full_name", "address"])
def test_after_a_scan_the_caret_stays_in_the_clerks_field_at_the_end(page, key):
    field = page.applicant.inputs[key]
    type_text(field, "0912 345 678" if key == "phone" else "")
    scan(field)
    assert QApplication.focusWidget() is field
    assert field.cursorPosition() == len(field.text()) > 0  # typing goes on after the text, not before it
    type_text(field, "!")
    assert field.text().endswith("!")
    others = [w for k, w in page.applicant.inputs.items() if k not in (key, "sex")]
    assert all(w.cursorPosition() == 0 for w in others)  # a long address shows its start
