import json
from datetime import date

import pytest

from desk_app.core.idcard_qr import QrError, parse_idcard_qr
from desk_app.core.messages import (
    FIELD_LABELS,
    TEMPLATES,
    Issue,
    Severity,
    ValidationFailed,
    raise_if_errors,
    render,
)
from desk_app.core.personal_id import check_personal_id
from desk_app.core.phone import check_phone
from desk_app.core.validation import validate_applicant
from desk_app.domain.model import Applicant, Sex

TODAY = date(2026, 11, 23)
CARD = "001090123456|012345678|NGUYỄN VĂN AN|01011990|Nam|Hà Nội|15042021"
QR_GARBAGE = [
    "",
    "https://example.vn/",
    "8934588012345",
    "hello",
    CARD.replace("001090123456", "00109012345"),
    "001090123456|012345678|AN|01011990",
    CARD.replace("012345678", "0123"),
    CARD.replace("NGUYỄN VĂN AN", "-"),
    CARD.replace("01011990", "31021990"),
    CARD.replace("15042021", "00002021"),
    CARD.replace("|Nam|", "|X|"),
    CARD.replace("NGUYỄN", "NGUYá»„N"),
]


def qr_issue(payload):
    try:
        parse_idcard_qr(payload)
    except QrError as exc:
        return exc.issue
    raise AssertionError(f"parsed: {payload!r}")


def produced_issues():
    """Issues the modules really produce, with their real parameters, one or more per code."""
    issues = [qr_issue(p) for p in QR_GARBAGE]
    for value, dob, sex in [
        ("", None, None),
        ("0010901234x6", None, None),
        ("0010901234", None, None),
        ("003090123456", date(1991, 1, 1), Sex.FEMALE),
        ("001000123456", date(2000, 1, 1), None),
        ("001430123456", None, None),
    ]:
        issues += check_personal_id(value, dob, sex, today=TODAY)
    for phone in ["09x", "091234567", "0612345678", "01689123456", "+44 20 7946 0958"]:
        issues += check_phone(phone)
    for applicant in [
        Applicant(full_name="", date_of_birth=date(2030, 1, 1), email="a@b"),
        Applicant(full_name="An 2", date_of_birth=date(1850, 1, 1), address="Hµng B¹c"),
        Applicant(full_name="NguyÔn V¨n An"),
    ]:
        issues += validate_applicant(applicant, today=TODAY)
    return issues


ISSUES = produced_issues()


def test_every_catalogued_code_is_produced_and_every_produced_code_is_catalogued():
    assert {issue.code for issue in ISSUES} == set(TEMPLATES)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("issue", ISSUES, ids=lambda issue: issue.code)
def test_every_issue_renders_with_field_label_and_its_details(issue, lang):
    text = render(issue, lang)
    assert text.startswith(FIELD_LABELS[lang][issue.field] + ": ")
    assert text.endswith(".")
    assert "{" not in text and "}" not in text
    for key, value in issue.params.items():
        if not key.endswith("_sex"):
            assert value in text


def test_catalogue_has_both_languages_and_same_placeholders():
    for code, texts in TEMPLATES.items():
        assert set(texts) == {"vi", "en"}, code
        vi_keys = {part.split("}")[0] for part in texts["vi"].split("{")[1:]}
        en_keys = {part.split("}")[0] for part in texts["en"].split("{")[1:]}
        assert vi_keys == en_keys, code


def test_every_field_has_a_label_in_both_languages():
    fields = {"full_name", "personal_id", "date_of_birth", "sex", "phone", "email", "address", "qr"}
    assert set(FIELD_LABELS["vi"]) == set(FIELD_LABELS["en"]) == fields


def test_sex_words_follow_the_language():
    issue = Issue("personal_id", "personal_id.sex_mismatch", Severity.WARNING,
                  {"digit": "1", "id_sex": "female", "entered_sex": "male"})
    assert "giới tính nữ" in render(issue) and "là nam" in render(issue)
    assert "means female" in render(issue, "en") and "entered is male" in render(issue, "en")


def test_language_variants_and_unknown_languages():
    issue = Issue("personal_id", "personal_id.length", Severity.ERROR, {"count": "11"})
    assert render(issue, "en-US") == "Personal ID number: must have exactly 12 digits (11 entered)."
    assert render(issue, "fr") == render(issue, "vi") == render(issue)


def test_unknown_code_still_names_the_field():
    text = render(Issue("phone", "phone.something_new", Severity.ERROR), "vi")
    assert text == "Số điện thoại: giá trị không hợp lệ (phone.something_new)."


def test_issue_is_immutable_hashable_and_compares_params_by_value():
    a = Issue("phone", "phone.length", Severity.ERROR, {"count": 9})
    b = Issue("phone", "phone.length", Severity.ERROR, {"count": "9"})
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert json.loads(json.dumps(a.params)) == {"count": "9"}  # services and sync can log/ship it
    with pytest.raises(TypeError):
        a.params["count"] = "10"  # type: ignore[index]


def test_validation_failed_carries_issues_and_reads_in_vietnamese():
    issues = [
        Issue("full_name", "full_name.required", Severity.ERROR),
        Issue("personal_id", "personal_id.length", Severity.ERROR, {"count": "11"}),
    ]
    exc = ValidationFailed(issues)
    assert isinstance(exc, ValueError)
    assert exc.issues == tuple(issues)
    assert str(exc) == (
        "Họ và tên: chưa nhập, bắt buộc phải có.; "
        "Số định danh cá nhân: phải có đúng 12 chữ số (đã nhập 11)."
    )
    assert exc.messages("en") == [
        "Full name: is required.",
        "Personal ID number: must have exactly 12 digits (11 entered).",
    ]


def test_raise_if_errors_lets_warnings_through():
    warning = Issue("personal_id", "personal_id.unknown_province", Severity.WARNING, {"province_code": "003"})
    raise_if_errors([warning])
    with pytest.raises(ValidationFailed) as caught:
        raise_if_errors([warning, Issue("full_name", "full_name.required", Severity.ERROR)])
    assert len(caught.value.issues) == 2
