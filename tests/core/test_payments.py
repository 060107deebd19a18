"""Fees at the counter (issue 11): receipts, corrections and refunds as events; the day's sheet; closing it."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.receipts import ReceiptSeries
from desk_app.core.search import Query
from desk_app.domain.errors import DeskError, InvalidInput, PermissionDenied
from desk_app.domain.model import EventKind, Status
from desk_app.services import Desk
from tests.conftest import Clock, request

WILL = "2.001019"  # chứng thực di chúc: 50.000 đồng per will in the shipped catalogue
RECEIPT = re.compile(r"^\d{5}-\d{2}B\d/\d{7}$")


@pytest.fixture
def people(desk):
    desk.accounts.create("canbo1", "Nguyễn Thị Thu", "clerk", "motcua-demo")
    desk.accounts.create("giamsat", "Trần Văn Sát", "supervisor", "motcua-demo")
    return desk


def _receive(desk, procedure=WILL, name="Nguyễn Văn An"):
    return desk.dossiers.receive(request(procedure, name=name), "canbo1").dossier.code


def _snapshot(desk, code):
    return len(desk.dossiers.history(code)), desk.collection_sheet(desk.now().date()).lines


def test_a_payment_is_an_event_with_a_receipt_and_changes_no_status(people):
    code = _receive(people)
    dossier = people.pay(code, "cash", "canbo1")
    assert dossier.status == Status.RECEIVED
    paid = dossier.history[-1]
    assert paid.kind == EventKind.PAYMENT_RECORDED
    assert paid.payload["amount_vnd"] == 50_000 and paid.payload["method"] == "cash"
    assert RECEIPT.match(paid.data.receipt) and paid.data.receipt == "09661-26B1/0000001"
    assert paid.payload["lines"] == [{"label": "di chúc", "amount_vnd": 50_000}]
    assert paid.payload["payer"] == "Nguyễn Văn An" and paid.payload["day"] == "2026-03-10"
    assert people.ledger(code).paid_vnd == 50_000


def test_correction_cancels_the_receipt_and_issues_a_new_one_refund_gives_it_back(people):
    code = _receive(people)
    people.pay(code, "cash", "canbo1")
    people.correct_payment(code, "transfer", "canbo1", "Nộp bằng chuyển khoản, ghi nhầm", reference="FT26069")
    ledger = people.ledger(code)
    assert [r.label for r in ledger.receipts] == ["09661-26B1/0000001", "09661-26B1/0000002"]
    assert ledger.receipts[0].cancelled_by == "09661-26B1/0000002" and ledger.live.data.reference == "FT26069"
    people.dossiers.apply(code, EventKind.REFUSED, {"reason": "Không đủ điều kiện"}, "canbo1")
    refunded = people.refund(code, "canbo1")
    assert refunded.status == Status.REFUSED
    assert refunded.history[-1].payload["refunds"] == "09661-26B1/0000002"
    assert refunded.history[-1].payload["reason"] == "Không đủ điều kiện"  # the refusal's reason by default
    assert people.ledger(code).paid_vnd == 0
    sheet = people.collection_sheet(date(2026, 3, 10))
    assert [line.amount_vnd for line in sheet.lines] == [50_000, -50_000, 50_000, -50_000]
    assert sheet.total_vnd == 0 and len(sheet.receipts) == 2 and len(sheet.cancelled) == 2


@pytest.mark.parametrize(("method", "given", "message"), [
    ("cash", {"amount": -5_000}, "không được âm"),
    ("exempt", {}, "cần ghi lý do miễn"),
    ("transfer", {}, "cần ghi số tham chiếu"),
    ("cheque", {}, "Hình thức thu «cheque» không hợp lệ"),
    ("cash", {"amount": 0}, "phải lớn hơn 0"),
])
def test_bad_payment_input_is_refused_in_vietnamese_and_changes_nothing(people, method, given, message):
    code = _receive(people)
    before = _snapshot(people, code)
    with pytest.raises(DeskError, match=message):
        people.pay(code, method, "canbo1", **given)
    assert _snapshot(people, code) == before
    people.pay(code, "cash", "canbo1")  # the number refused was not used up
    assert people.ledger(code).live.label == "09661-26B1/0000001"


def test_paying_twice_is_refused_and_changes_nothing(people):
    code = _receive(people)
    people.pay(code, "cash", "canbo1")
    before = _snapshot(people, code)
    with pytest.raises(DeskError, match=r"đã thu phí .*không thu lần hai"):
        people.pay(code, "transfer", "canbo1", reference="FT1")
    assert _snapshot(people, code) == before


def test_exempt_records_the_reason_and_no_money(people):
    code = _receive(people)
    paid = people.pay(code, "exempt", "canbo1", reason="Người có công với cách mạng").history[-1]
    assert paid.payload["amount_vnd"] == 0 and paid.payload["exempt_reason"] == "Người có công với cách mạng"
    with pytest.raises(DeskError, match="không có khoản phí, lệ phí nào đã thu"):
        people.refund(code, "canbo1")


def test_unpaid_view_lists_dossiers_with_a_fee_and_no_standing_receipt(people):
    paid, unpaid, free = _receive(people), _receive(people, name="Lê Thị Bình"), _receive(people, "1.004873")
    refused = _receive(people, name="Phạm Văn Cường")
    people.pay(paid, "cash", "canbo1")
    people.dossiers.apply(refused, EventKind.REFUSED, {"reason": "Sai thẩm quyền"}, "canbo1")
    codes = {d.code for d in people.search(Query(view="unpaid"))}
    assert codes == {unpaid}
    assert free not in codes and people.view_counts()["unpaid"] == 1


def test_a_closed_day_takes_no_more_money_and_later_corrections_go_to_the_next_day(people, clock):
    code = _receive(people)
    people.pay(code, "cash", "canbo1")
    with pytest.raises(PermissionDenied, match="Chỉ giám sát viên"):
        people.close_day(date(2026, 3, 10), "canbo1")
    closed = people.close_day(date(2026, 3, 10), "giamsat")
    assert (closed.total_vnd, closed.receipts) == (50_000, 1)
    day_before = people.collection_sheet(date(2026, 3, 10))
    other = _receive(people, name="Lê Thị Bình")
    before = _snapshot(people, other)
    with pytest.raises(DeskError, match="Ngày 10/03/2026 đã khoá sổ thu phí"):
        people.pay(other, "cash", "canbo1")
    with pytest.raises(DeskError, match="đã khoá sổ"):
        people.close_day(date(2026, 3, 10), "giamsat")
    assert _snapshot(people, other) == before
    clock.set(datetime(2026, 3, 11, 8, 5))
    people.correct_payment(code, "cash", "canbo1", "Sai số tiền", amount=40_000)
    assert people.collection_sheet(date(2026, 3, 10)) == day_before  # the closed day reads as it was closed
    next_day = people.collection_sheet(date(2026, 3, 11))
    assert [(line.kind, line.receipt, line.amount_vnd) for line in next_day.lines] == [
        ("cancel", "09661-26B1/0000001", -50_000), ("receipt", "09661-26B1/0000002", 40_000)]
    with pytest.raises(InvalidInput, match="Chưa đến ngày"):
        people.close_day(date(2026, 3, 12), "giamsat")


def test_the_sheet_per_clerk_shows_only_their_receipts(people):
    people.accounts.create("canbo2", "Lê Văn Hai", "clerk", "motcua-demo")
    first, second = _receive(people), _receive(people, name="Lê Thị Bình")
    people.pay(first, "cash", "canbo1")
    people.pay(second, "transfer", "canbo2", reference="FT77")
    assert [line.code for line in people.collection_sheet(date(2026, 3, 10), "canbo2").lines] == [second]
    whole = people.collection_sheet(date(2026, 3, 10))
    assert whole.total_vnd == 100_000 and {str(k): v for k, v in whole.by_method().items()} == {
        "cash": 50_000, "transfer": 50_000}


@pytest.mark.parametrize("template", ["{unit}-{yy}", "{yy}B{desk}-{unit}", "{unit}-{desk}", "{unit}{what}{yy}{desk}"])
def test_a_series_that_could_collide_is_refused(template):
    with pytest.raises(InvalidInput, match="Mẫu ký hiệu biên lai"):
        ReceiptSeries(template)


# Simulated offline desks: several points, several desks each, random days and clocks set back (a year too).
_desks = st.lists(st.tuples(st.sampled_from(["09661", "00070"]), st.integers(1, 9)), min_size=2, max_size=5,
                  unique=True)
_payments = st.lists(st.tuples(st.sampled_from([0, 1, 2, -3, -1]), st.integers(0, 9)), min_size=1, max_size=12)


@settings(max_examples=10, deadline=None)
@given(desks=_desks, steps=_payments)
def test_receipts_never_collide_across_offline_desks_and_days(tmp_path_factory, seeded_template, desks, steps):
    folder = tmp_path_factory.mktemp("desks")
    opened = []
    for n, (unit, desk_no) in enumerate(desks):
        path = folder / f"{n}.sqlite3"
        path.write_bytes(seeded_template.read_bytes())
        clock = Clock(datetime(2026, 1, 2, 9, 0))
        desk = Desk.open(path, now=clock)
        desk.configure(unit_code=unit, desk_no=desk_no)
        opened.append((desk, clock))
    issued = []
    try:
        for day_offset, which in steps:
            desk, clock = opened[which % len(opened)]
            clock.set(datetime(2026, 1, 2, 9, 0) + timedelta(days=day_offset))  # back and forth, into 2025
            code = desk.dossiers.receive(request(WILL), "c").dossier.code
            desk.pay(code, "cash", "c")
            desk.correct_payment(code, "cash", "c", "sửa")
            issued += [r.label for r in desk.ledger(code).receipts]
    finally:
        for desk, _ in opened:
            desk.close()
    assert len(issued) == len(set(issued))
    assert all(RECEIPT.match(label) for label in issued)


def test_the_register_and_the_report_carry_the_fees(people):
    from desk_app.core.report import build_report
    from desk_app.printing.render import render_register_csv

    paid, unpaid, exempt = _receive(people), _receive(people, name="Lê Thị Bình"), _receive(people, name="Phạm Cường")
    people.pay(paid, "cash", "canbo1")
    people.pay(exempt, "exempt", "canbo1", reason="Hộ nghèo")
    day = date(2026, 3, 10)
    dossiers = people.dossiers.in_period(day, day)
    report = build_report(dossiers, day, day, people.now())
    assert (report.totals.fee_paid_vnd, report.totals.unpaid) == (50_000, 1)
    csv = render_register_csv([people.for_print(d) for d in dossiers], day, day, people.register_context())
    rows = {line.split(",")[1]: line for line in csv.decode("utf-8-sig").splitlines()[1:]}
    assert rows[paid].endswith(",50000,09661-26B1/0000001")
    assert rows[exempt].endswith(",0,09661-26B1/0000002 (miễn)") and rows[unpaid].endswith(",0,")
    assert csv.decode("utf-8-sig").splitlines()[0].endswith('"Phí, lệ phí đã thu (đồng)",Biên lai thu phí')
