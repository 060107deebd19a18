"""The dossier screen's fee part (issue 11) with real widgets: the state on the screen's fee button, Alt+F opens
the fee part (amount in figures and words), a transfer refused without its reference beside the field, recorded
with it and its receipt printed into the preview; after a refusal, the refund it offers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desk_app.core.accounts import Role, User
from desk_app.core.actions import Need
from desk_app.domain.model import EventKind
from desk_app.ui.context import DeskContext
from desk_app.ui.printing.raster import wait_for_renders
from tests.conftest import request
from tests.ui.conftest import press, type_text
from tests.ui.test_detail import activate, confirm, open_detail, pdf_text, press_step

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def _renders_finish():
    yield
    assert wait_for_renders(10)


@pytest.fixture
def clerk(qapp, desk) -> DeskContext:
    return DeskContext(desk, User("canbo1", "Nguyễn Thị Hoà", Role.CLERK))


@pytest.fixture
def will_id(desk) -> str:
    return desk.dossiers.receive(request("2.001019", name="Lê Thị Bích Ngọc"), "canbo1").dossier.dossier_id


def open_fees(qtbot, detail):
    """Alt+F on the dossier screen: the fee part's dialog, active."""
    activate(qtbot, detail)
    qtbot.keyClick(detail, Qt.Key.Key_F, ALT)
    dialog = detail.payment_dialog
    assert dialog is not None and dialog.isVisible()
    activate(qtbot, dialog)
    return dialog


def _choose(box, index: int) -> None:
    """Pick a payment method with the keyboard, as a clerk does: focus the list, arrow down."""
    box.method.setFocus()
    for _ in range(index - box.method.currentIndex()):
        press(box.method, Qt.Key.Key_Down)
    assert box.method.currentIndex() == index


def _pay_cash(qtbot, detail) -> None:
    dialog = open_fees(qtbot, detail)
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    detail.last_preview.close()


def test_a_transfer_needs_its_reference_then_is_recorded_and_its_receipt_printed(qtbot, clerk, will_id):
    detail = open_detail(qtbot, clerk, will_id)
    assert detail.fee_button.text() == "Phí: 50.000 đ, chưa nộp… (Alt+F)"
    dialog = open_fees(qtbot, detail)
    box = dialog.box
    assert box.amount.text() == "Số tiền: 50.000 đồng (Năm mươi nghìn đồng)"
    assert box.state.text() == "Chưa nộp phí" and box.refund_button.isHidden()
    _choose(box, 1)
    assert box.detail_label.text() == "Mã giao dịch"
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    assert box.error.isVisible() and "Chuyển khoản: cần ghi số tham chiếu" in box.error.text()
    assert [e.kind for e in clerk.desk.dossiers.history(will_id)] == [EventKind.RECEIVED]  # nothing written
    type_text(box.detail, "FT26340998877")
    with qtbot.waitSignal(detail.changed), qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    assert not dialog.isVisible() and detail.fee_button.text() == "Phí: đã thu 50.000 đ… (Alt+F)"
    printed = pdf_text(detail.last_preview.pdf)
    assert printed.count("BIÊN LAI THU PHÍ, LỆ PHÍ") == 2 and "Năm mươi nghìn đồng" in printed
    assert "mã giao dịch FT26340998877" in printed
    last = detail.timeline.row_texts()[-1]
    assert last[1] == "Thu phí, lệ phí" and "50.000 đồng, chuyển khoản" in last[3] and last[2] == "Nguyễn Thị Hoà"
    detail.last_preview.close()
    box = open_fees(qtbot, detail).box
    assert box.state.text() == "Đã thu: biên lai 09661-26B1/0000001, 50.000 đồng"
    assert box.pay_button.text() == "Điều chỉnh biên lai (Alt+F)" and not box.why.isHidden()


def test_paying_twice_is_not_offered_a_correction_needs_its_reason(qtbot, clerk, will_id):
    detail = open_detail(qtbot, clerk, will_id)
    _pay_cash(qtbot, detail)
    dialog = open_fees(qtbot, detail)
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)  # now the button corrects: without a reason it refuses
    assert "cần ghi lý do điều chỉnh" in dialog.box.error.text()
    assert len(clerk.desk.ledger(will_id).receipts) == 1


def test_an_exemption_without_its_reason_is_refused_beside_the_field(qtbot, clerk, will_id):
    detail = open_detail(qtbot, clerk, will_id)
    dialog = open_fees(qtbot, detail)
    _choose(dialog.box, 2)
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    assert "cần ghi lý do miễn" in dialog.box.error.text()
    assert clerk.desk.ledger(will_id).receipts == []


def test_a_refusal_offers_the_refund(qtbot, clerk, will_id):
    detail = open_detail(qtbot, clerk, will_id)
    _pay_cash(qtbot, detail)
    activate(qtbot, detail)
    dialog = press_step(qtbot, detail, "Alt+C")
    type_text(dialog.fields[Need.REASON], "Người lập di chúc không tự đến")
    with qtbot.waitSignal(detail.preview_opened, timeout=10_000):
        confirm(qtbot, dialog)
    detail.last_preview.close()
    assert detail.fee_button.text() == "Phí: cần hoàn 50.000 đ… (Alt+F)"
    fees = open_fees(qtbot, detail)
    box = fees.box
    assert not box.refund_button.isHidden() and box.pay_button.isHidden()  # refused: nothing more to collect
    with qtbot.waitSignal(detail.changed):
        qtbot.keyClick(fees, Qt.Key.Key_R, ALT)
    assert detail.fee_button.text() == "Phí: đã hoàn… (Alt+F)"
    refund = clerk.desk.dossiers.history(will_id)[-1]
    assert refund.kind == EventKind.PAYMENT_REFUNDED and refund.payload["reason"] == "Người lập di chúc không tự đến"
    assert detail.timeline.row_texts()[-1][1] == "Hoàn phí, lệ phí"


def test_the_list_has_an_unpaid_view_on_alt_7(qtbot, clerk, will_id, desk):
    from desk_app.ui.dossiers.list_page import DossierListPage

    desk.dossiers.receive(request(name="Trần Văn Miễn"), "canbo1")  # a free procedure: never unpaid
    paid = desk.dossiers.receive(request("2.001019", name="Phạm Đã Nộp"), "canbo1").dossier.code
    desk.pay(paid, "cash", "canbo1")
    page = DossierListPage(clerk)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    activate(qtbot, page)
    press(page, Qt.Key.Key_7, ALT)
    assert page.view == "unpaid" and page.view_buttons["unpaid"].text() == "Chưa nộp phí (1)"
    assert page.model.rowCount() == 1 and "Alt+7" in page.view_buttons["unpaid"].toolTip()
