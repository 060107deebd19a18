"""Amounts in words as receipts write them: the hard cases of linh, mười/mươi, mốt, tư, lăm, không trăm."""

import pytest

from desk_app.domain.errors import InvalidInput
from desk_app.domain.money_words import amount_in_words, number_in_words

TABLE = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (44, "bốn mươi tư"),
    (45, "bốn mươi lăm"),
    (51, "năm mươi mốt"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (205, "hai trăm linh năm"),
    (999, "chín trăm chín mươi chín"),
    (1_000, "một nghìn"),
    (1_001, "một nghìn không trăm linh một"),
    (1_005, "một nghìn không trăm linh năm"),
    (1_010, "một nghìn không trăm mười"),
    (1_015, "một nghìn không trăm mười lăm"),
    (1_021, "một nghìn không trăm hai mươi mốt"),
    (1_100, "một nghìn một trăm"),
    (2_000, "hai nghìn"),
    (2_024, "hai nghìn không trăm hai mươi tư"),
    (5_000, "năm nghìn"),
    (10_000, "mười nghìn"),
    (10_500, "mười nghìn năm trăm"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (25_000, "hai mươi lăm nghìn"),
    (44_000, "bốn mươi tư nghìn"),
    (50_000, "năm mươi nghìn"),
    (100_000, "một trăm nghìn"),
    (105_000, "một trăm linh năm nghìn"),
    (115_000, "một trăm mười lăm nghìn"),
    (200_005, "hai trăm nghìn không trăm linh năm"),
    (201_000, "hai trăm linh một nghìn"),
    (999_999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
    (1_000_000, "một triệu"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_000_100, "một triệu một trăm"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (2_000_050, "hai triệu không trăm năm mươi"),
    (5_500_000, "năm triệu năm trăm nghìn"),
    (10_000_001, "mười triệu không trăm linh một"),
    (15_015_015, "mười lăm triệu không trăm mười lăm nghìn không trăm mười lăm"),
    (21_021_021, "hai mươi mốt triệu không trăm hai mươi mốt nghìn không trăm hai mươi mốt"),
    (100_000_000, "một trăm triệu"),
    (101_101_101, "một trăm linh một triệu một trăm linh một nghìn một trăm linh một"),
    (1_000_000_000, "một tỷ"),
    (1_000_000_001, "một tỷ không trăm linh một"),
    (1_000_001_000, "một tỷ không trăm linh một nghìn"),
    (1_001_000_000, "một tỷ không trăm linh một triệu"),
    (2_004_000_000, "hai tỷ không trăm linh bốn triệu"),
    (24_000_000_024, "hai mươi tư tỷ không trăm hai mươi tư"),
    (105_105_105_105, "một trăm linh năm tỷ một trăm linh năm triệu một trăm linh năm nghìn một trăm linh năm"),
    (999_999_999_999, "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
                      "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
]


@pytest.mark.parametrize(("amount", "words"), TABLE, ids=[str(a) for a, _ in TABLE])
def test_number_in_words(amount: int, words: str) -> None:
    assert number_in_words(amount) == words


def test_the_table_is_large_and_has_no_duplicates() -> None:
    assert len(TABLE) >= 60
    assert len({amount for amount, _ in TABLE}) == len(TABLE)


def test_amount_is_capitalised_and_in_dong() -> None:
    assert amount_in_words(105_000) == "Một trăm linh năm nghìn đồng"
    assert amount_in_words(21_000) == "Hai mươi mốt nghìn đồng"
    assert amount_in_words(0) == "Không đồng"


def test_southern_zero_ten() -> None:
    assert amount_in_words(105_000, zero_ten="lẻ") == "Một trăm lẻ năm nghìn đồng"


@pytest.mark.parametrize("bad", [-1, 1_000_000_000_000, 10**15, 1.5, True, "100"])
def test_out_of_range_is_refused_in_vietnamese(bad) -> None:
    with pytest.raises(InvalidInput, match="Số tiền phải là số nguyên"):
        amount_in_words(bad)
