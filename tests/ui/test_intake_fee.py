"""The intake page's fee part (issue 11), with real widgets: it asks only what the procedure's fee rule
reads, shows the amount and its breakdown as the clerk types, refuses a wrong count beside it, and the
saved dossier keeps the counts and the amount."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desk_app.core.drafts import DraftService
from desk_app.ui.intake.page import IntakePage
from tests.ui.conftest import press, save_shot, type_text
from tests.ui.test_intake import make_page, save

AFTER_RULES = datetime(2026, 12, 8, 9, 30)  # the v2 definitions (fee rules) are in force from 1/12/2026


@pytest.fixture
def page(qtbot, ctx, clock):
    clock.set(AFTER_RULES)
    return make_page(qtbot, ctx)


def pick(page: IntakePage, code: str) -> None:
    type_text(page.picker.search, code)
    press(page.picker.search, Qt.Key.Key_Return)
    assert page.definition is not None and page.definition.code == code


def shown(page: IntakePage) -> set[str]:
    fee = page.checklist.fee_part
    return {key for key, widget in fee.rows.items() if fee.form.isRowVisible(widget)}


def breakdown(page: IntakePage) -> str:
    return page.checklist.fee_part.breakdown.text()


def test_certified_copies_ask_pages_and_copies_and_total_as_the_clerk_types(page):
    pick(page, "2.000815")
    fee = page.checklist.fee_part
    assert shown(page) == {"pages", "copies"}  # no signatures, contracts, exemption or typed amount
    type_text(fee.pages, "3 1")
    assert "Tổng: 7.000 đ" in breakdown(page)
    type_text(fee.pages, " 250")
    fee.copies.setFocus()
    fee.copies.selectAll()
    type_text(fee.copies, "2")
    text = breakdown(page)
    assert "Bản chính 1: 3 trang × 2 bản, 5.000 đ/bản: 10.000 đ" in text
    assert "Bản chính 3: 250 trang × 2 bản, 200.000 đ/bản (mức tối đa): 400.000 đ" in text
    assert "<b>Tổng: 414.000 đ</b>" in text and "Thông tư 226/2016/TT-BTC" in text
    assert fee.total() == 414_000


@pytest.mark.parametrize(("typed", "words"), [
    ("3 -2", "✖ Số trang của bản chính thứ 2 phải là số nguyên từ 1 đến 10.000 (đã nhập -2)."),
    ("3 ba", "✖ Số trang phải là số nguyên, mỗi bản chính một số."),
    ("", "✖ Cần nhập số trang của từng bản chính để tính phí."),
])
def test_a_wrong_page_count_is_shown_beside_it_and_blocks_the_save(qtbot, page, ctx, typed, words):
    pick(page, "2.000815")
    fill_copy_request(page)
    type_text(page.checklist.fee_part.pages, typed)
    assert breakdown(page) == words
    page.save_and_print()
    assert ctx.desk.dossiers.in_period(AFTER_RULES.date(), AFTER_RULES.date()) == []
    assert QApplication.focusWidget() is page.checklist.fee_part.pages  # the save went to what is wrong


def fill_copy_request(page: IntakePage) -> None:
    a = page.applicant.inputs
    type_text(a["full_name"], "Trần Thị Mai")
    type_text(a["address"], "Thôn Đoài, Xã Minh Châu, Hà Nội")
    type_text(page.fields.inputs["document_name"], "Bằng tốt nghiệp THPT")
    for row in page.checklist.rows:
        row.box.setChecked(True)


def test_the_saved_dossier_keeps_the_counts_and_the_amount(qtbot, page, ctx):
    pick(page, "2.000815")
    fill_copy_request(page)
    fee = page.checklist.fee_part
    type_text(fee.pages, "2, 12")
    fee.copies.setValue(3)
    assert fee.total() == (4_000 + 14_000) * 3
    for _ in range(4):  # the new height climbs one layout per turn of the event loop
        QApplication.processEvents()
    assert fee.height() >= fee.minimumSizeHint().height()  # the breakdown's last lines are not cut
    save_shot(page, "intake_fee")
    dossier_id, preview = save(qtbot, page)
    preview.close()
    dossier = ctx.desk.dossiers.get(dossier_id)
    assert dossier.fee_vnd == 54_000 and dossier.procedure_version == 2
    assert dossier.history[0].payload["fee_inputs"] == {"pages": [2, 12], "copies": 3}
    assert ctx.desk.fee_quote(dossier.code).total_vnd == 54_000
    assert fee.pages.text() == "" and fee.copies.value() == 1  # ready for the next citizen


def test_birth_registration_offers_its_exemptions_and_extra_copies(page):
    pick(page, "1.001193")
    fee = page.checklist.fee_part
    assert shown(page) == {"extra_copies", "exemption"}
    assert "<b>Tổng: 5.000 đ</b>" in breakdown(page)  # late registration, Hà Nội's figure
    assert [fee.exemption.itemText(i) for i in range(fee.exemption.count())][:2] == [
        "Không miễn", "Đăng ký khai sinh đúng hạn (trong 60 ngày kể từ ngày sinh)"]
    fee.exemption.setCurrentIndex(1)
    fee.exemption.activated.emit(1)
    fee.extra_copies.setValue(2)
    text = breakdown(page)
    assert "Miễn: Đăng ký khai sinh đúng hạn" in text and "<b>Tổng: 16.000 đ</b>" in text
    assert "Bản sao trích lục khai sinh: 2 bản × 8.000 đ: 16.000 đ" in text


def test_a_figure_the_city_has_not_published_is_typed(qtbot, page, ctx):
    pick(page, "1.004884")
    fee = page.checklist.fee_part
    assert shown(page) == {"exemption", "amount"}
    assert "chưa có con số" in breakdown(page)
    fee.amount.setValue(8_000)
    form = page.read_form()
    assert form.fee_vnd == 8_000 and form.fee_inputs == {}


def test_before_the_rules_the_amount_is_typed_as_it_was(qtbot, ctx, clock):
    page = make_page(qtbot, ctx)  # 10/3/2026: version 1, a single figure
    pick(page, "2.000635")
    assert shown(page) == {"amount"} and page.checklist.fee.value() == 8_000


def test_a_draft_keeps_the_counts(qtbot, ctx, clock):
    clock.set(AFTER_RULES)
    first = make_page(qtbot, ctx)
    pick(first, "2.000815")
    type_text(first.applicant.inputs["full_name"], "Trần Thị Mai")
    type_text(first.checklist.fee_part.pages, "3 4")
    first.checklist.fee_part.copies.setValue(2)
    first.drafts.timer.timeout.emit()
    assert DraftService(ctx.desk.store).load("canbo1").fee_inputs == {"pages": [3, 4], "copies": 2}
    first.drafts.flush = lambda: None
    first.deleteLater()
    QApplication.processEvents()
    second = make_page(qtbot, ctx)
    fee = second.checklist.fee_part
    assert (fee.pages.text(), fee.copies.value()) == ("3 4", 2)
    assert "<b>Tổng: 22.000 đ</b>" in breakdown(second)  # (5.000 + 6.000) × 2
