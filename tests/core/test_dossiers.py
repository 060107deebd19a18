"""Receiving dossiers and recording their steps, through the public services."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from desk_app.core.messages import ValidationFailed
from desk_app.core.search import Query
from desk_app.domain.errors import IllegalTransition, InvalidInput, NotFound
from desk_app.domain.model import Delivery, EventKind, ReceivedDocument, Status
from desk_app.store.models import AuditRow, DossierRow, EventRow
from tests.conftest import applicant, request


def _counts(desk) -> tuple[int, int, int]:
    with desk.store.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in (DossierRow, EventRow, AuditRow))


def test_receive_keeps_every_fact_and_computes_the_due_date(desk, clock):
    result = desk.dossiers.receive(request(), "canbo1")
    d = result.dossier
    assert d.code == "09661-260310-1001"
    assert d.status == Status.RECEIVED
    assert d.receiving_unit == "09661" and d.authority == "09661"
    assert (d.procedure_code, d.procedure_version) == ("1.004873", 1)
    assert d.applicant.full_name == "Nguyễn Văn An" and d.applicant.personal_id == "001090123456"
    assert d.documents == (ReceivedDocument("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, 0),)
    assert d.received_at == datetime(2026, 3, 10, 9, 30)
    assert d.due.due_at == datetime(2026, 3, 13, 9, 30)  # 3 working days
    assert (d.due.rule, d.due.rule_text) == ("working_days:3", "03 ngày làm việc")
    assert len(d.lookup_key) >= 16 and d.register_book == "2026/B1" and d.register_entry == 1
    assert [e.kind for e in d.history] == [EventKind.RECEIVED]
    assert d.history[0].actor == "canbo1"
    assert desk.dossiers.get_by_code(d.code) == d


def test_same_day_procedure_received_after_cutoff_is_due_next_working_day(desk, clock):
    clock.set(datetime(2026, 2, 13, 15, 30))  # Friday before Tết 2026
    d = desk.dossiers.receive(request("1.001193"), "canbo1").dossier
    assert d.due.due_at == datetime(2026, 2, 23, 17, 0)


def test_text_is_stored_in_nfc_and_the_phone_normalised(desk):
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"
    d = desk.dossiers.receive(request(applicant=applicant(decomposed, phone="+84 912 345 678")), "c").dossier
    assert d.applicant.full_name == "Nguyễn Văn An"
    assert d.applicant.phone == "0912345678"


def test_id_mismatch_is_a_warning_and_the_dossier_is_saved(desk):
    result = desk.dossiers.receive(request(applicant=applicant(personal_id="001085123456")), "c")
    assert [w.code for w in result.warnings] == ["personal_id.birth_year_mismatch"]
    assert desk.dossiers.get_by_code(result.dossier.code).applicant.personal_id == "001085123456"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"applicant": applicant("")}, ValidationFailed),
        ({"applicant": applicant(personal_id="12345")}, ValidationFailed),
        ({"documents": []}, InvalidInput),
        ({"documents": [ReceivedDocument("Tờ khai", 0, 0)]}, InvalidInput),
        ({"sets": 0}, InvalidInput),
        ({"fee_vnd": -1}, InvalidInput),
        ({"delivery": Delivery.POST, "delivery_address": " "}, InvalidInput),
        ({"procedure_code": "9.999999"}, NotFound),
        ({"authority": "99999"}, NotFound),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(desk, changes, error):
    before = _counts(desk)
    with pytest.raises(error) as caught:
        desk.dossiers.receive(request(**changes), "c")
    assert str(caught.value)  # a message for the clerk
    assert _counts(desk) == before


def test_validation_error_names_the_field_in_vietnamese(desk):
    with pytest.raises(ValidationFailed) as caught:
        desk.dossiers.receive(request(applicant=applicant(personal_id="12345")), "c")
    assert "Số định danh" in str(caught.value) and "12" in str(caught.value)


def test_competent_authority_can_differ_from_receiving_point(desk):
    d = desk.dossiers.receive(request(authority="00070"), "c").dossier
    assert (d.receiving_unit, d.authority) == ("09661", "00070")


def test_full_lifecycle_to_returned(desk, clock):
    code = desk.dossiers.receive(request(), "c").dossier.code
    desk.dossiers.apply(code, EventKind.TRANSFERRED, {}, "c")
    clock.set(clock.moment + timedelta(days=1))
    desk.dossiers.apply(code, EventKind.RESULT_READY, {"note": "Đã ký"}, "lanhdao")
    d = desk.dossiers.apply(code, EventKind.RETURNED, {"receiver_name": "Nguyễn Văn An"}, "c")
    assert d.status == Status.RETURNED
    assert [e.kind for e in d.history] == ["received", "transferred", "result_ready", "returned"]
    assert d.history[-1].payload["returned_at"] == "2026-03-11T09:30:00"
    assert d.history[1].payload["to_authority"] == "09661"


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], EventKind.RETURNED),
        ([EventKind.REFUSED], EventKind.RESULT_READY),
        ([EventKind.RESULT_READY, EventKind.RETURNED], EventKind.REFUSED),
        ([EventKind.STOPPED], EventKind.TRANSFERRED),
        ([], EventKind.SUPPLEMENT_RECEIVED),
        ([], EventKind.RECEIVED),
    ],
)
def test_illegal_transition_is_refused_with_a_clear_error_and_writes_nothing(desk, path, illegal):
    code = desk.dossiers.receive(request(), "c").dossier.code
    payloads = {EventKind.REFUSED: {"reason": "Sai thẩm quyền"}, EventKind.STOPPED: {"reason": "Người dân rút"},
                EventKind.RETURNED: {"receiver_name": "An"}}
    for kind in path:
        desk.dossiers.apply(code, kind, payloads.get(kind, {}), "c")
    before = _counts(desk)
    with pytest.raises(IllegalTransition) as caught:
        desk.dossiers.apply(code, illegal, payloads.get(illegal, {}), "c")
    assert "Không thể" in caught.value.vi
    assert _counts(desk) == before


def test_refusal_needs_a_reason(desk):
    code = desk.dossiers.receive(request(), "c").dossier.code
    with pytest.raises(InvalidInput, match="reason"):
        desk.dossiers.apply(code, EventKind.REFUSED, {"reason": "  "}, "c")
    assert desk.dossiers.get_by_code(code).status == Status.RECEIVED


def test_delay_before_due_sets_the_new_date(desk, clock):
    d = desk.dossiers.receive(request(), "c").dossier
    new_due = datetime(2026, 3, 18, 9, 30)
    delayed = desk.dossiers.apply(d.code, EventKind.DELAYED, {"new_due_at": new_due.isoformat(),
                                                              "reason": "Chờ xác minh"}, "c")
    assert delayed.status == Status.DELAYED and delayed.due.due_at == new_due
    assert delayed.history[-1].payload["old_due_at"] == "2026-03-13T09:30:00"


def test_delay_after_due_date_has_passed_is_refused(desk, clock):
    d = desk.dossiers.receive(request(), "c").dossier
    clock.set(d.due.due_at + timedelta(minutes=1))
    with pytest.raises(IllegalTransition, match="quá hạn"):
        desk.dossiers.apply(d.code, EventKind.DELAYED, {"new_due_at": "2026-03-20T09:00", "reason": "x"}, "c")


def test_delay_to_an_earlier_date_is_refused(desk):
    d = desk.dossiers.receive(request(), "c").dossier
    with pytest.raises(InvalidInput, match="sau ngày hẹn cũ"):
        desk.dossiers.apply(d.code, EventKind.DELAYED, {"new_due_at": "2026-03-12T09:00", "reason": "x"}, "c")


def test_supplement_received_restarts_the_processing_time(desk, clock):
    code = desk.dossiers.receive(request(), "c").dossier.code
    desk.dossiers.apply(code, EventKind.SUPPLEMENT_REQUESTED,
                        {"items": [{"item": "Giấy chứng sinh", "reason": "thiếu"}]}, "c")
    clock.set(datetime(2026, 3, 16, 14, 0))  # Monday
    d = desk.dossiers.apply(code, EventKind.SUPPLEMENT_RECEIVED,
                            {"documents": [{"name": "Giấy chứng sinh", "originals": 1, "copies": 0}]}, "c")
    assert d.status == Status.RECEIVED
    assert d.due.due_at == datetime(2026, 3, 19, 14, 0)


def test_applicant_correction_changes_details_not_status(desk):
    code = desk.dossiers.receive(request(), "c").dossier.code
    d = desk.dossiers.apply(code, EventKind.APPLICANT_CORRECTED, {"applicant": {"phone": "0987 654 321"}}, "c")
    assert d.applicant.phone == "0987654321" and d.applicant.full_name == "Nguyễn Văn An"
    assert d.status == Status.RECEIVED


def test_unknown_dossier_gives_not_found(desk):
    with pytest.raises(NotFound, match="09661-260310-9999"):
        desk.dossiers.apply("09661-260310-9999", EventKind.RESULT_READY, {}, "c")


def test_an_import_retried_with_the_same_id_is_received_once(desk):
    req = request(dossier_id="1b4e28ba-2fa1-41d2-883f-0016d3cca427")
    first = desk.dossiers.receive(req, "c").dossier
    again = desk.dossiers.receive(req, "c").dossier
    assert first.code == again.code
    assert _counts(desk)[0] == 1


def test_every_action_is_in_the_audit_log_with_its_actor(desk):
    code = desk.dossiers.receive(request(), "canbo1").dossier.code
    desk.dossiers.apply(code, EventKind.REFUSED, {"reason": "Không đủ điều kiện"}, "canbo2")
    entries = desk.audit.entries(code)
    assert [(e["action"], e["actor"]) for e in entries] == [("dossier.received", "canbo1"),
                                                             ("dossier.refused", "canbo2")]
    assert entries[1]["details"]["reason"] == "Không đủ điều kiện"


def test_in_period_lists_the_register_in_order_of_receipt(desk, clock):
    for day in (9, 10, 11):
        clock.set(datetime(2026, 3, day, 10, 0))
        desk.dossiers.receive(request(), "c")
    got = desk.dossiers.in_period(datetime(2026, 3, 10).date(), datetime(2026, 3, 11).date())
    assert [d.received_at.day for d in got] == [10, 11]


def test_demo_dossiers_look_like_a_real_office(desk, clock):
    from desk_app.demo import seed_demo

    clock.set(datetime(2026, 11, 20, 16, 0))
    assert seed_demo(desk, 120) == 120
    everything = desk.search(Query(limit=500))
    statuses = {d.status for d in everything}
    assert {Status.RECEIVED, Status.TRANSFERRED, Status.RETURNED} <= statuses
    assert desk.view_counts()["overdue"] < 20  # most past-due dossiers were finished
    assert all(d.applicant.personal_id[:3] == "001" for d in everything)
    assert len({d.code for d in everything}) == 120


def test_corrections_record_what_they_were_based_on(desk):
    code = desk.dossiers.receive(request(), "c").dossier.code
    first = desk.dossiers.apply(code, EventKind.APPLICANT_CORRECTED, {"applicant": {"phone": "0911111111"}}, "c")
    second = desk.dossiers.apply(code, EventKind.APPLICANT_CORRECTED, {"applicant": {"email": "a@b.vn"}}, "c")
    assert first.history[-1].payload["based_on"] == first.history[0].hlc
    assert second.history[-1].payload["based_on"] == first.history[-1].hlc
    with desk.store.read() as session:
        assert session.scalar(select(DossierRow.conflicts).where(DossierRow.code == code)) == 0
