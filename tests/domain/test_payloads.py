"""Typed payloads: built strictly, read leniently, dumped back to the JSON they were hashed with."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk_app.domain import limits
from desk_app.domain import payloads as P
from desk_app.domain.model import Applicant, Delivery, EventKind, ReceivedDocument, Sex

RECEIVED = {
    "code": "09661-260310-1001", "lookup_key": "abc", "receiving_unit": "09661", "authority": "09661",
    "procedure_code": "1.001193", "procedure_version": 1, "procedure_name": "Đăng ký khai sinh",
    "applicant": {"full_name": "Lê Thị Hoa", "personal_id": "", "date_of_birth": "1990-05-17", "sex": "female",
                  "phone": "", "email": "", "address": ""},
    "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}], "sets": 1, "fee_vnd": 0,
    "received_at": "2026-03-10T09:30:00", "due_at": "2026-03-13T09:30:00", "due_rule": "working_days:3",
    "due_rule_text": "03 ngày làm việc", "delivery": "counter", "delivery_address": "", "fields": {},
    "register_book": "2026/B1", "register_entry": 7,
}


def test_a_stored_received_payload_reads_typed_and_dumps_back_to_the_same_json():
    data = P.read_payload(EventKind.RECEIVED, RECEIVED)
    assert isinstance(data, P.Received)
    assert data.applicant == Applicant("Lê Thị Hoa", date_of_birth=date(1990, 5, 17), sex=Sex.FEMALE)
    assert data.documents == (ReceivedDocument("Tờ khai", 1, 0),)
    assert data.due_at == datetime(2026, 3, 13, 9, 30) and data.delivery == Delivery.COUNTER
    assert data.wire() == RECEIVED  # the canonical form stored, hashed and sent (optional values left out)


@pytest.mark.parametrize("kind, raw", [
    (EventKind.SUPPLEMENT_REQUESTED, {"items": [{"item": "Tờ khai", "reason": "thiếu chữ ký"}], "guide_name": "An"}),
    (EventKind.SUPPLEMENT_RECEIVED, {"documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}],
                                     "new_due_at": "2026-03-16T09:30:00"}),
    (EventKind.REFUSED, {"reason": "Không thuộc thẩm quyền"}),
    (EventKind.TRANSFERRED, {"to_authority": "00004", "note": "Phòng Tư pháp"}),
    (EventKind.DELAYED, {"old_due_at": "2026-03-13T09:30:00", "new_due_at": "2026-03-20T09:30:00", "reason": "x"}),
    (EventKind.STOPPED, {"reason": "Người nộp rút hồ sơ"}),
    (EventKind.RESULT_READY, {}),
    (EventKind.RETURNED, {"receiver_name": "Lê Thị Hoa", "returned_at": "2026-03-13T10:00:00"}),
    (EventKind.APPLICANT_CORRECTED, {"applicant": {"phone": "0911111111"}, "based_on": "0000000001000-0000-a"}),
])
def test_every_step_round_trips_through_its_model(kind, raw):
    data = P.check_new(kind, raw)
    assert type(data) is P.PAYLOADS[kind]
    assert data.wire() == raw


def test_a_missing_required_field_names_it():
    with pytest.raises(P.InvalidPayload) as caught:
        P.check_new(EventKind.DELAYED, {"old_due_at": "2026-03-13T09:30:00", "reason": "x"})
    assert caught.value.where == "new_due_at"


def test_new_text_is_cleaned_and_checked_but_stored_text_is_read_as_written():
    zero_width = {**RECEIVED, "applicant": {"full_name": "Lê\u200b Thị Hoa"}}
    assert P.check_new(EventKind.RECEIVED, zero_width).applicant.full_name == "Lê Thị Hoa"
    for bad in ("Lê\x00 Hoa", "Lê \x1b[31mHoa", "Lê \u202eaoH"):
        with pytest.raises(P.InvalidPayload, match="ký tự điều khiển"):
            P.check_new(EventKind.RECEIVED, {**RECEIVED, "applicant": {"full_name": bad}})
    huge = {**RECEIVED, "applicant": {"full_name": "A", "address": "x" * (limits.ADDRESS + 1)}, "sets": 20000}
    with pytest.raises(P.InvalidPayload, match="dài quá"):
        P.check_new(EventKind.RECEIVED, huge)
    assert P.read_payload(EventKind.RECEIVED, huge).sets == 20000  # an older desk saved it: still readable


def test_counts_refuse_booleans_strings_and_numbers_past_the_limit():
    for sets in (True, "2", 2.0, 0, limits.SETS + 1, 10**30):
        with pytest.raises(P.InvalidPayload):
            P.check_new(EventKind.RECEIVED, {**RECEIVED, "sets": sets})


def test_a_time_must_be_iso_text_not_a_number():
    with pytest.raises(P.InvalidPayload):
        P.check_new(EventKind.DELAYED, {"old_due_at": 1700000000, "new_due_at": "2026-03-20T09:30:00",
                                        "reason": "x"})


def test_a_correction_changes_only_the_fields_it_names_and_null_clears_one():
    before = Applicant("Lê Thị Hoa", phone="0911111111", date_of_birth=date(1990, 5, 17))
    change = P.check_new(EventKind.APPLICANT_CORRECTED, {"applicant": {"phone": "0922222222",
                                                                      "date_of_birth": None}})
    assert isinstance(change, P.ApplicantCorrected)
    after = change.applicant.applied_to(before)
    assert after == Applicant("Lê Thị Hoa", phone="0922222222")
    assert change.wire() == {"applicant": {"phone": "0922222222", "date_of_birth": None}}


def test_keys_a_newer_desk_added_survive_a_round_trip():
    data = P.check_new(EventKind.REFUSED, {"reason": "x", "refund_offered": True})
    assert data.wire() == {"reason": "x", "refund_offered": True}


def test_consent_is_left_out_of_the_received_payload_when_not_given_so_old_hashes_stand():
    """A dossier received before messages existed hashes the same; consent, when given, is typed."""
    assert "notify" not in P.check_new("received", RECEIVED).wire()
    given = P.check_new("received", {**RECEIVED, "notify": {"channel": "zalo", "phone": "0912345678"}})
    assert given.notify == P.Consent(channel=P.Channel.ZALO, phone="0912345678")
    with pytest.raises(P.InvalidPayload, match="notify"):
        P.check_new("received", {**RECEIVED, "notify": {"channel": "fax", "phone": "0912345678"}})
