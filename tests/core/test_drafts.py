"""The intake form as plain data: date parsing, checks, the receive request, and the draft table."""

from datetime import date

import pytest

from desk_app.core.drafts import DocumentLine, DraftService, IntakeForm, check_form, parse_day, to_request
from desk_app.core.messages import Severity
from desk_app.domain.model import Delivery, ReceivedDocument, Sex

TODAY = date(2026, 3, 10)
BIRTH = "1.001193"


def _form(**changes) -> IntakeForm:
    form = IntakeForm(
        procedure_code=BIRTH,
        applicant={"full_name": "Nguyễn Văn An", "personal_id": "001090123456", "date_of_birth": "01/01/1990",
                   "sex": "male", "phone": "0912 345 678", "email": "", "address": "Xã Minh Châu"},
        fields={"child_full_name": "Nguyễn Văn Bình", "child_date_of_birth": "2/3/2026", "child_sex": "Nam",
                "place_of_birth": "Bệnh viện Đa khoa Ba Vì"},
        documents=[DocumentLine("Tờ khai đăng ký khai sinh", True, 1, 0),
                   DocumentLine("Giấy chứng sinh hoặc văn bản người làm chứng/giấy cam đoan", True, 1, 0),
                   DocumentLine("Giấy tờ tùy thân người đi khai", True, 0, 0)],
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form


@pytest.mark.parametrize(("typed", "expected"), [
    ("01/01/1990", date(1990, 1, 1)), ("1/2/1990", date(1990, 2, 1)), ("01-02-1990", date(1990, 2, 1)),
    ("01.02.1990", date(1990, 2, 1)), ("01021990", date(1990, 2, 1)), (" 29/02/2024 ", date(2024, 2, 29)), ("", None),
])
def test_dates_as_clerks_type_them(typed, expected):
    assert parse_day(typed) == expected


@pytest.mark.parametrize("typed", ["31/02/1990", "1990-01-01", "01/01/90", "mai", "1/1"])
def test_malformed_dates_are_refused(typed):
    with pytest.raises(ValueError):
        parse_day(typed)


def test_a_complete_form_has_no_errors_and_makes_the_request(desk):
    defn = desk.procedure(BIRTH)
    form = _form()
    assert [i for i in check_form(form, defn, TODAY) if i.severity == Severity.ERROR] == []
    request = to_request(form, defn)
    assert request.applicant.date_of_birth == date(1990, 1, 1) and request.applicant.sex == Sex.MALE
    assert request.fields["child_date_of_birth"] == "2026-03-02"  # dates stored ISO
    # the identity paper is only shown, so it is not among the kept documents
    assert [d.name for d in request.documents] == [
        "Tờ khai đăng ký khai sinh", "Giấy chứng sinh hoặc văn bản người làm chứng/giấy cam đoan"]
    assert request.documents[0] == ReceivedDocument("Tờ khai đăng ký khai sinh", 1, 0)


def test_problems_name_their_field(desk):
    defn = desk.procedure(BIRTH)
    form = _form(fields={"child_full_name": "", "child_date_of_birth": "32/01/2026"},
                 documents=[DocumentLine("Tờ khai đăng ký khai sinh", True, 0, 0)],
                 delivery=Delivery.POST.value)
    form.applicant["date_of_birth"] = "1/13/1990"
    found = {(i.field, i.code, i.severity) for i in check_form(form, defn, TODAY)}
    assert ("date_of_birth", "date_of_birth.format", Severity.ERROR) in found
    assert ("field:child_full_name", "field.required", Severity.ERROR) in found
    assert ("field:child_date_of_birth", "field.date_format", Severity.ERROR) in found
    assert ("document:Tờ khai đăng ký khai sinh", "document.no_copies", Severity.ERROR) in found
    assert ("document:Giấy chứng sinh hoặc văn bản người làm chứng/giấy cam đoan", "document.missing_required",
            Severity.WARNING) in found
    assert ("delivery_address", "delivery_address.required", Severity.ERROR) in found


def test_applicant_errors_come_from_the_domain_validation(desk):
    form = _form()
    form.applicant["personal_id"] = "00109012345"
    codes = [(i.field, i.code) for i in check_form(form, desk.procedure(BIRTH), TODAY)]
    assert ("personal_id", "personal_id.length") in codes


def test_only_presented_papers_is_not_a_dossier(desk):
    form = _form(documents=[DocumentLine("Giấy tờ tùy thân người đi khai", True)])
    assert "documents.none" in [i.code for i in check_form(form, desk.procedure(BIRTH), TODAY)]


def test_no_procedure_picked_is_an_error():
    assert check_form(IntakeForm(applicant={"full_name": "An"}), None, TODAY)[0].code == "procedure.required"


def test_emptiness_ignores_a_picked_procedure_but_not_a_tick():
    assert IntakeForm(procedure_code=BIRTH, documents=[DocumentLine("x")]).is_empty()
    assert not IntakeForm(documents=[DocumentLine("x", ticked=True)]).is_empty()
    assert not IntakeForm(applicant={"full_name": " Ân"}).is_empty()


def test_json_round_trip_keeps_vietnamese_and_ignores_unknown_keys():
    form = _form(fee_vnd=8000)
    assert IntakeForm.from_json(form.to_json()) == form
    assert "Nguyễn" in form.to_json()
    assert IntakeForm.from_json('{"applicant": {"full_name": "An", "nickname": "x"}, "future": 1}').applicant == {
        "full_name": "An"}


def test_drafts_are_per_user_replaced_and_discarded(desk, clock):
    drafts = DraftService(desk.store, clock)
    assert drafts.load("canbo1") is None
    drafts.save("canbo1", _form())
    drafts.save("canbo1", _form(sets=2))
    drafts.save("canbo2", IntakeForm(applicant={"full_name": "Lê Thị Hồng"}))
    assert drafts.load("canbo1") == _form(sets=2)
    assert drafts.load("canbo2").applicant["full_name"] == "Lê Thị Hồng"
    drafts.discard("canbo1")
    assert drafts.load("canbo1") is None and drafts.load("canbo2") is not None


def test_a_corrupt_draft_is_dropped_not_fatal(desk, clock):
    from desk_app.store.models import DraftRow

    with desk.store.write() as session:
        session.add(DraftRow(username="canbo1", body="{not json", updated_at="2026-03-10T09:30:00"))
    drafts = DraftService(desk.store, clock)
    assert drafts.load("canbo1") is None
    with desk.store.read() as session:
        assert session.get(DraftRow, "canbo1") is None
