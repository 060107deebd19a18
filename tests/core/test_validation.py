import unicodedata
from datetime import date

import pytest

from desk_app.core.messages import Severity, render
from desk_app.core.validation import garbled_sample, normalise_applicant, validate_applicant
from desk_app.domain.model import Applicant, Sex

TODAY = date(2026, 11, 23)
GOOD = Applicant(
    full_name="Nguyễn Thị Ánh",
    personal_id="001190123456",
    date_of_birth=date(1990, 5, 17),
    sex=Sex.FEMALE,
    phone="0912345678",
    email="anh.nguyen@gmail.com",
    address="Số 12 phố Hàng Bạc, Phường Hoàn Kiếm, Hà Nội",
)


def codes(applicant):
    return [issue.code for issue in validate_applicant(applicant, today=TODAY)]


def with_(**changes):
    return Applicant(**{**GOOD.__dict__, **changes})


def test_complete_consistent_applicant_has_no_issues():
    assert codes(GOOD) == []


def test_only_the_name_is_required():
    assert codes(Applicant(full_name="Trần Văn Bình")) == []


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_missing_name_is_an_error(name):
    issues = validate_applicant(with_(full_name=name), today=TODAY)
    assert [i.code for i in issues] == ["full_name.required"]
    assert issues[0].severity is Severity.ERROR
    assert render(issues[0]) == "Họ và tên: chưa nhập, bắt buộc phải có."


def test_digits_in_the_name_warn():
    assert codes(with_(full_name="Nguyễn Văn 001090123456")) == ["full_name.digits"]


@pytest.mark.parametrize("name", ["NguyÔn V¨n An", "Nguyá»…n VÄƒn An", "ÐẶNG VĂN AN"])
def test_legacy_encoding_or_mojibake_in_the_name_warns(name):
    issues = validate_applicant(with_(full_name=name), today=TODAY)
    assert [i.code for i in issues] == ["full_name.garbled"]
    assert issues[0].severity is Severity.WARNING


def test_nfd_name_from_the_combining_code_table_is_not_flagged():
    assert codes(with_(full_name=unicodedata.normalize("NFD", "Đặng Thị Ánh Nguyệt"))) == []


def test_garbled_sample_points_at_the_word():
    assert garbled_sample("Hµng B¹c") == "Hµng"
    assert garbled_sample("Phường Hoàn Kiếm, Hà Nội") is None


def test_bad_personal_id_is_an_error_and_blocks():
    issues = validate_applicant(with_(personal_id="00119012345"), today=TODAY)
    assert [(i.code, i.severity) for i in issues] == [("personal_id.length", Severity.ERROR)]


def test_personal_id_structure_is_cross_checked_against_the_form():
    assert codes(with_(sex=Sex.MALE, date_of_birth=date(1991, 5, 17))) == [
        "personal_id.sex_mismatch",
        "personal_id.birth_year_mismatch",
    ]


def test_birth_date_in_future_or_before_1900_is_an_error():
    assert codes(with_(personal_id="", date_of_birth=date(2026, 11, 24))) == ["date_of_birth.future"]
    assert codes(with_(personal_id="", date_of_birth=date(1899, 12, 31))) == ["date_of_birth.too_early"]
    assert codes(with_(personal_id="", date_of_birth=TODAY)) == []


@pytest.mark.parametrize("email", ["anh@", "anh.gmail.com", "anh@gmail", "a b@gmail.com", "a@@b.vn"])
def test_malformed_email_is_an_error(email):
    issues = validate_applicant(with_(email=email), today=TODAY)
    assert [i.code for i in issues] == ["email.format"]
    assert email.strip() in render(issues[0])


def test_bad_phone_is_reported_on_the_phone_field():
    issues = validate_applicant(with_(phone="091234567"), today=TODAY)
    assert [(i.field, i.code) for i in issues] == [("phone", "phone.length")]


def test_normalise_tidies_without_changing_meaning():
    messy = Applicant(
        full_name=unicodedata.normalize("NFD", "  NGUYỄN   VĂN  AN "),
        personal_id=" 001 090 123 456 ",
        phone="+84 912 345 678",
        email=" an@gmail.com ",
        address="Số 12  phố Hàng Bạc,\n Hà Nội",
    )
    clean = normalise_applicant(messy)
    assert clean.full_name == "NGUYỄN VĂN AN"  # kept in capitals as typed, only NFC and spacing
    assert unicodedata.is_normalized("NFC", clean.full_name)
    assert clean.personal_id == "001090123456"
    assert clean.phone == "0912345678"
    assert clean.email == "an@gmail.com"
    assert clean.address == "Số 12 phố Hàng Bạc, Hà Nội"


def test_normalise_keeps_an_invalid_phone_as_typed_for_the_clerk_to_fix():
    assert normalise_applicant(with_(phone=" 0912 345 67 ")).phone == "0912 345 67"


def test_normalise_keeps_letters_in_the_id_so_validation_still_flags_them():
    clean = normalise_applicant(with_(personal_id="00119012345a"))
    assert clean.personal_id == "00119012345a"
    assert codes(clean) == ["personal_id.non_digit"]
