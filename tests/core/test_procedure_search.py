"""The procedure picker's search: Vietnamese with or without marks, and the code in any common form."""

import pytest

BIRTH = ("1.001193", "Thủ tục đăng ký khai sinh")


@pytest.mark.parametrize("typed", ["đăng ký khai sinh", "dang ky khai sinh", "ĐĂNG KÝ KHAI SINH", "Dang Ky  khai sinh"])
def test_the_name_with_or_without_marks_finds_birth_registration_first(desk, typed):
    assert desk.find_procedures(typed)[0][:2] == BIRTH


@pytest.mark.parametrize("typed", ["1.001193", "001193", "1001193", " 1.001193 "])
def test_the_code_full_partial_or_without_its_dot_finds_only_birth_registration(desk, typed):
    assert [hit[:2] for hit in desk.find_procedures(typed)] == [BIRTH]


def test_decomposed_input_from_another_keyboard_is_folded_too(desk):
    import unicodedata

    assert desk.find_procedures(unicodedata.normalize("NFD", "đăng ký khai sinh"))[0][:2] == BIRTH


def test_every_word_must_match(desk):
    names = [hit.name for hit in desk.find_procedures("khai sinh luu dong")]
    assert names == ["Thủ tục đăng ký khai sinh lưu động"]
    assert desk.find_procedures("khai sinh xyzzy") == []


def test_an_empty_query_lists_the_catalogue_once_per_code(desk):
    codes = [hit.code for hit in desk.find_procedures("", limit=1000)]
    assert len(codes) == len(set(codes)) >= 150  # the bundled catalogue: issue 16 asked for 150+


@pytest.mark.parametrize(("typed", "code"), [
    ("làm sổ hộ khẩu", "1.004222"), ("lam so ho khau", "1.004222"),
    ("đăng ký tạm trú cho sinh viên", "1.004194"), ("dang ky tam tru cho sinh v", "1.004194"),
    ("chứng thực sổ đỏ", "2.000815"), ("mở quán ăn", "1.001612"), ("giấy xác nhận độc thân", "1.004873"),
])
def test_words_citizens_use_find_the_procedure_not_named_so(desk, typed, code):
    assert desk.find_procedures(typed)[0].code == code
