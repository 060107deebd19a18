"""The fee at intake (issue 11): the amount recorded is the rule's quote of what was counted, the counts
are kept on the received event, and `Desk.fee_quote` gives the same quote back for a stored dossier."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from desk_app.domain.errors import InvalidInput
from desk_app.domain.fees import FeeInputs
from desk_app.domain.model import EventKind, ReceivedDocument
from desk_app.store.models import AuditRow, CounterRow, DossierRow, EventRow
from tests.conftest import request

AFTER_RULES = datetime(2026, 12, 8, 9, 30)  # a Tuesday; the v2 definitions are in force from 1/12/2026
COPY = "2.000815"
COPY_DOCS = [ReceivedDocument("Bản sao cần chứng thực (nếu người yêu cầu tự chụp)", 0, 1)]


def _rows(desk) -> tuple[int, ...]:
    with desk.store.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t))
                     for t in (DossierRow, EventRow, AuditRow, CounterRow))


def test_a_certified_copy_records_the_page_count_and_its_amount(desk, clock):
    clock.set(AFTER_RULES)
    counted = FeeInputs(pages=(3, 1, 250), copies=2)
    dossier = desk.dossiers.receive(request(COPY, documents=COPY_DOCS, fee_inputs=counted), "canbo1").dossier
    assert dossier.procedure_version == 2
    assert dossier.fee_vnd == 10_000 + 4_000 + 400_000
    received = next(e for e in dossier.history if e.kind == EventKind.RECEIVED)
    assert received.payload["fee_inputs"] == {"pages": [3, 1, 250], "copies": 2}
    due = desk.fee_quote(dossier.code)
    assert due.total_vnd == dossier.fee_vnd and len(due.lines) == 3
    assert due.fee_name == "Phí chứng thực bản sao từ bản chính" and "226/2016/TT-BTC" in due.legal_basis


def test_an_exemption_is_kept_and_quoted_back_with_its_reason(desk, clock):
    clock.set(AFTER_RULES)
    counted = FeeInputs(exemption="chinh_sach")
    dossier = desk.dossiers.receive(request(fee_inputs=counted), "canbo1").dossier  # marital status, 3.000đ
    assert dossier.fee_vnd == 0
    due = desk.fee_quote(dossier.code)
    assert due.total_vnd == 0 and "hộ nghèo" in due.exempt_reason


def test_without_counts_the_rule_uses_its_defaults(desk, clock):
    clock.set(AFTER_RULES)
    dossier = desk.dossiers.receive(request(), "canbo1").dossier
    assert dossier.fee_vnd == 3_000  # Hà Nội's figure for the marital status certificate
    assert desk.fee_quote(dossier.code).lines[0].label == "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân"


@pytest.mark.parametrize(("changes", "words"), [
    ({"fee_inputs": FeeInputs(pages=(-3,))}, "Số trang của bản chính thứ 1"),
    ({"fee_inputs": FeeInputs(pages=(3,), copies=10**9)}, "Số bản sao"),
    ({"fee_inputs": FeeInputs(pages=(3,)), "fee_vnd": 4_000}, "khác số tính theo quy định (5.000 đ)"),
    ({}, "Cần nhập số trang của từng bản chính"),
])
def test_bad_counts_are_refused_and_write_nothing(desk, clock, changes, words):
    clock.set(AFTER_RULES)
    before = _rows(desk)
    with pytest.raises(InvalidInput) as caught:
        desk.dossiers.receive(request(COPY, documents=COPY_DOCS, **changes), "canbo1")
    assert words in caught.value.vi
    assert _rows(desk) == before


def test_a_dossier_received_before_the_rules_keeps_its_recorded_amount(desk, clock):
    # 10/3/2026: version 1 of 2.000815 (amount 0, read the text); the clerk typed what the text gave.
    dossier = desk.dossiers.receive(request(COPY, documents=COPY_DOCS, fee_vnd=6_000), "canbo1").dossier
    assert (dossier.procedure_version, dossier.fee_vnd) == (1, 6_000)
    due = desk.fee_quote(dossier.code)
    assert due.total_vnd == 6_000 and [line.amount_vnd for line in due.lines] == [6_000]
    assert "1.000đ/trang" in due.note


def test_a_figure_the_city_has_not_published_is_typed_by_the_clerk(desk, clock):
    clock.set(AFTER_RULES)
    docs = [ReceivedDocument("Tờ khai đăng ký lại khai sinh", 1, 0)]
    dossier = desk.dossiers.receive(request("1.004884", documents=docs, fee_vnd=8_000), "canbo1").dossier
    assert dossier.fee_vnd == 8_000
    due = desk.fee_quote(dossier.code)
    assert due.total_vnd == 8_000 and due.fee_name == "Lệ phí đăng ký lại khai sinh"


def test_quote_fee_reads_the_version_in_force(desk, clock):
    assert desk.quote_fee(COPY, FeeInputs(pages=(3,))).total_vnd == 0  # March 2026: version 1, text only
    clock.set(AFTER_RULES)
    assert desk.quote_fee(COPY, FeeInputs(pages=(3,))).total_vnd == 5_000
