import pytest

from desk_app.core.messages import Severity, render
from desk_app.core.phone import PhoneError, check_phone, normalise_phone


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("912345678", "0912345678"),  # leading zero eaten by a spreadsheet
        ("0321234567", "0321234567"),
        ("0561234567", "0561234567"),
        ("0701234567", "0701234567"),
        ("0841234567", "0841234567"),  # a 084 mobile must not be mistaken for country code 84
        ("(024) 3825 1234", "02438251234"),
        ("+84 24 3825 1234", "02438251234"),
        ("0236 3821 234", "02363821234"),
        ("０９１２３４５６７８", "0912345678"),
    ],
)
def test_common_ways_of_writing_a_number_give_the_national_form(typed, stored):
    assert normalise_phone(typed) == stored
    assert check_phone(typed) == []


def test_blank_phone_is_fine_because_it_is_optional():
    assert normalise_phone("  ") == ""
    assert check_phone("") == []


def error_of(value):
    with pytest.raises(PhoneError) as caught:
        normalise_phone(value)
    return caught.value.issue


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("091234567", "phone.length"),  # one digit short
        ("09123456789", "phone.length"),
        ("0243825123", "phone.length"),  # landline needs 11
        ("0612345678", "phone.prefix"),
        ("0112345678", "phone.prefix"),
        ("0912abc678", "phone.non_digit"),
        ("an@gmail.com", "phone.non_digit"),
    ],
)
def test_garbage_is_refused_with_a_specific_reason(typed, code):
    issue = error_of(typed)
    assert issue.code == code
    assert issue.field == "phone"
    assert issue.severity is Severity.ERROR
    assert check_phone(typed) == [issue]


def test_length_message_says_how_many_digits_were_typed():
    assert render(error_of("091234567")).startswith("Số điện thoại: có 9 chữ số;")


def test_old_11_digit_mobile_gets_the_new_number_suggested_not_silently_converted():
    issue = error_of("0168 912 3456")
    assert issue.code == "phone.old_prefix"
    assert issue.params["suggestion"] == "0389123456"
    assert "0389123456" in render(issue, "en")


def test_old_hanoi_landline_gets_024_suggested():
    assert error_of("04 3825 1234").params["suggestion"] == "02438251234"


def test_foreign_number_is_only_a_warning():
    issue = error_of("+1 415 555 0100")
    assert issue.code == "phone.foreign"
    assert issue.severity is Severity.WARNING
    assert check_phone("+1 415 555 0100")[0].severity is Severity.WARNING
