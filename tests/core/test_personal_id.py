from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.messages import Severity, render
from desk_app.core.personal_id import check_personal_id, describe_personal_id
from desk_app.domain.model import Sex

TODAY = date(2026, 11, 23)


def codes(issues):
    return [issue.code for issue in issues]


def check(value, dob=None, sex=None):
    return check_personal_id(value, dob, sex, today=TODAY)


def test_consistent_hanoi_man_born_1990_has_no_issues():
    assert check("001090123456", date(1990, 1, 1), Sex.MALE) == []


def test_woman_born_in_the_2000s_uses_digit_3():
    assert check("001305123456", date(2005, 6, 30), Sex.FEMALE) == []


def test_man_born_in_the_1800s_uses_digit_8():
    assert check("001899123456", date(1899, 12, 31), Sex.MALE) == []


def test_eleven_digits_is_an_error_with_the_count_in_the_message():
    issues = check("00109012345")
    assert codes(issues) == ["personal_id.length"]
    assert issues[0].severity is Severity.ERROR
    assert render(issues[0]) == "Số định danh cá nhân: phải có đúng 12 chữ số (đã nhập 11)."


def test_a_letter_is_reported_as_such_not_as_a_wrong_length():
    issues = check("00109012345a")
    assert codes(issues) == ["personal_id.non_digit"]
    assert issues[0].params["sample"] == "a"


def test_empty_is_an_error():
    assert codes(check("  ")) == ["personal_id.empty"]


@pytest.mark.parametrize(
    "typed", ["001 090 123 456", "001.090.123.456", "001-090-123-456", "００１０９０１２３４５６"]
)
def test_separators_and_full_width_digits_are_accepted(typed):
    assert check(typed, date(1990, 1, 1), Sex.MALE) == []


def test_birth_year_digits_mismatch_is_a_warning_not_an_error():
    issues = check("001090123456", date(1995, 3, 4), Sex.MALE)
    assert codes(issues) == ["personal_id.birth_year_mismatch"]
    assert issues[0].severity is Severity.WARNING
    assert "90" in render(issues[0]) and "1995" in render(issues[0])


def test_sex_digit_disagreeing_with_entered_sex_warns():
    issues = check("001305123456", date(2005, 1, 1), Sex.MALE)
    assert codes(issues) == ["personal_id.sex_mismatch"]
    assert issues[0].severity is Severity.WARNING
    assert render(issues[0]) == (
        "Số định danh cá nhân: chữ số thứ 4 (3) ứng với giới tính nữ, nhưng giới tính đã chọn là nam."
    )


def test_century_digit_disagreeing_with_birth_year_warns():
    # Digits 5-6 "00" fit 2000, but digit 4 "0" means the 1900s.
    issues = check("001000123456", date(2000, 1, 1), Sex.MALE)
    assert codes(issues) == ["personal_id.century_mismatch"]
    assert "1900–1999" in render(issues[0])


def test_unknown_birth_registration_code_warns():
    issues = check("003090123456", date(1990, 1, 1), Sex.MALE)
    assert codes(issues) == ["personal_id.unknown_province"]
    assert issues[0].severity is Severity.WARNING


def test_birth_year_in_the_future_warns_when_no_date_of_birth_was_entered():
    issues = check("001430123456")  # digit 4 = 4 -> 2100s
    assert codes(issues) == ["personal_id.birth_year_in_future"]
    assert "2130" in render(issues[0])


def test_describe_reads_province_sex_and_birth_year():
    info = describe_personal_id("001305123456")
    assert info is not None
    assert info.province is not None and info.province.name == "Thành phố Hà Nội"
    assert info.sex is Sex.FEMALE
    assert info.birth_year == 2005
    assert info.century == (2000, 2099)
    assert 2005 in info.birth_year_candidates and 1999 not in info.birth_year_candidates


def test_describe_gives_the_merged_2025_province():
    info = describe_personal_id("002090123456")
    assert info is not None and info.province is not None
    assert info.province.name == "Tỉnh Hà Giang"
    assert info.province.name_2025 == "Tỉnh Tuyên Quang"


def test_describe_returns_none_unless_12_digits():
    assert describe_personal_id("00109012345") is None
    assert describe_personal_id("00109012345x") is None


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.dates(), st.sampled_from(Sex))
def test_twelve_digits_are_never_refused(value, dob, sex):
    assert all(issue.severity is Severity.WARNING for issue in check(value, dob, sex))
