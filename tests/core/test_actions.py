"""The detail screen's steps without Qt: what each asks for, the problems found, the payload it makes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk_app.core.actions import (
    NEEDS,
    Need,
    Problem,
    StepInput,
    check,
    item_lines,
    parse_items,
    payload,
    requested_items,
    step_actions,
)
from desk_app.domain.model import EventKind as K
from desk_app.domain.model import Status
from tests.conftest import request


def test_a_received_dossier_offers_every_step_but_return_and_supplement_arrival():
    offered = step_actions(Status.RECEIVED)
    assert offered == [K.SUPPLEMENT_REQUESTED, K.REFUSED, K.TRANSFERRED, K.DELAYED, K.STOPPED, K.RESULT_READY]
    assert step_actions(Status.RESULT_READY) == [K.RETURNED]
    assert step_actions(Status.SUPPLEMENT_REQUESTED) == [K.SUPPLEMENT_RECEIVED, K.REFUSED, K.STOPPED]
    assert step_actions(Status.RETURNED) == []


def test_items_are_one_per_line_with_an_optional_reason_after_a_colon():
    text = "Tờ khai: thiếu chữ ký\n\n - Bản sao giấy khai sinh \n"
    assert parse_items(text) == [
        {"item": "Tờ khai", "reason": "thiếu chữ ký"},
        {"item": "Bản sao giấy khai sinh", "reason": ""},
    ]


DAY = date(2026, 3, 17)


@pytest.mark.parametrize(("kind", "given", "problems"), [
    (K.REFUSED, StepInput(reason="   "), [Problem(Need.REASON, "required")]),
    (K.STOPPED, StepInput(), [Problem(Need.REASON, "required")]),
    (K.SUPPLEMENT_REQUESTED, StepInput(), [Problem(Need.ITEMS, "required"), Problem(Need.DEADLINE, "required")]),
    (K.SUPPLEMENT_REQUESTED, StepInput(items_text=": thiếu dấu", deadline=DAY), [Problem(Need.ITEMS, "item_name")]),
    (K.DELAYED, StepInput(reason="Chờ xác minh"), [Problem(Need.NEW_DUE, "required")]),
    (K.TRANSFERRED, StepInput(to_authority="UBND xã"), [Problem(Need.AUTHORITY, "authority_code")]),
    (K.RETURNED, StepInput(), [Problem(Need.RECEIVER, "required")]),
    (K.RESULT_READY, StepInput(), []),
    (K.SUPPLEMENT_REQUESTED, StepInput(items_text="Tờ khai", guide_name="0912345678", deadline=DAY),
     [Problem(Need.GUIDE, "guide_name")]),  # the phone typed into the name box
    (K.SUPPLEMENT_REQUESTED, StepInput(items_text="Tờ khai", guide_name="Lê Văn Đức", guide_phone="12345",
                                       deadline=DAY),
     [Problem(Need.GUIDE, "guide_phone")]),
    (K.SUPPLEMENT_REQUESTED, StepInput(items_text="Tờ khai", guide_name="", guide_phone="", deadline=DAY), []),
])
def test_check_names_the_field_with_the_problem(kind, given, problems):
    assert check(kind, given) == problems


def test_the_supplement_deadline_comes_after_today_and_is_kept():
    given = StepInput(items_text="Tờ khai", deadline=date(2026, 3, 10))
    assert check(K.SUPPLEMENT_REQUESTED, given, today=date(2026, 3, 10)) == [Problem(Need.DEADLINE, "deadline_past")]
    assert check(K.SUPPLEMENT_REQUESTED, given, today=date(2026, 3, 9)) == []
    assert payload(K.SUPPLEMENT_REQUESTED, given)["deadline"] == "2026-03-10"


def test_a_paper_ticked_in_the_checklist_becomes_a_line_for_its_reason_and_unticked_goes():
    text = item_lines("Giấy ủy quyền: thiếu", "Tờ khai", True)
    assert text == "Giấy ủy quyền: thiếu\nTờ khai: "
    assert item_lines(text + "bản chụp mờ", "Tờ khai", True) == text + "bản chụp mờ"  # already there: kept
    assert item_lines(text + "bản chụp mờ", "Tờ khai", False) == "Giấy ủy quyền: thiếu"


def test_the_guides_phone_is_kept_in_its_national_form():
    given = StepInput(items_text="Tờ khai", guide_name="Lê Văn Đức", guide_phone="024 3825 1234")
    assert payload(K.SUPPLEMENT_REQUESTED, given)["guide_phone"] == "02438251234"


def test_payload_keeps_what_the_kind_needs_and_drops_empty_optionals():
    given = StepInput(reason="Hồ sơ không thuộc thẩm quyền", note="", items_text="x", guide_name="")
    assert payload(K.REFUSED, given) == {"reason": "Hồ sơ không thuộc thẩm quyền"}
    due = datetime(2026, 3, 20, 16, 0, 0, 123)
    assert payload(K.DELAYED, StepInput(new_due_at=due, reason="Chờ xác minh")) == {
        "new_due_at": "2026-03-20T16:00:00", "reason": "Chờ xác minh"}


@pytest.mark.parametrize("kind", list(NEEDS))
def test_every_step_with_complete_input_is_accepted_by_the_service(desk, kind):
    dossier = desk.dossiers.receive(request(), "canbo1").dossier
    if kind == K.RETURNED:
        desk.dossiers.apply(dossier.code, K.RESULT_READY, {}, "canbo1")
    if kind == K.SUPPLEMENT_RECEIVED:
        desk.dossiers.apply(dossier.code, K.SUPPLEMENT_REQUESTED, {"items": [{"item": "Tờ khai"}]}, "canbo1")
    given = StepInput(reason="Lý do rõ ràng", items_text="Tờ khai: thiếu chữ ký", guide_name="Nguyễn Thị Hoà",
                      deadline=DAY,
                      new_due_at=dossier.due.due_at.replace(day=dossier.due.due_at.day + 1),
                      to_authority="00070", receiver_name="Nguyễn Văn An", documents_text="Tờ khai")
    assert check(kind, given) == []
    after = desk.dossiers.apply(dossier.code, kind, payload(kind, given), "canbo1")
    assert after.history[-1].kind == kind


def test_the_documents_that_arrive_default_to_those_last_requested(desk):
    code = desk.dossiers.receive(request(), "canbo1").dossier.code
    desk.dossiers.apply(code, K.SUPPLEMENT_REQUESTED, {"items": [{"item": "Tờ khai", "reason": "sai"}]}, "canbo1")
    assert requested_items(desk.dossiers.history(code)) == ["Tờ khai"]


def test_who_collects_the_result_is_named_with_a_valid_personal_id():
    def given(**changes):
        return StepInput(**{"receiver_name": "Trần Văn Hùng", "receiver_personal_id": "", **changes})

    assert check(K.RETURNED, given()) == []  # the applicant: the ID is on file
    assert check(K.RETURNED, given(collected_by_applicant=False)) == [Problem(Need.RECEIVER, "receiver_id_required")]
    assert check(K.RETURNED, given(receiver_personal_id="12345")) == [Problem(Need.RECEIVER, "receiver_id")]
    made = payload(K.RETURNED, given(receiver_personal_id="001 090 123 456", collected_by_applicant=False))
    assert made == {"receiver_name": "Trần Văn Hùng", "receiver_personal_id": "001090123456", "for_applicant": True}
