"""Dates written out as on Vietnamese administrative documents."""

from __future__ import annotations

from datetime import date, datetime

from desk_app.printing.vn_dates import place_and_date, time_and_date


def test_time_and_date_in_words():
    assert time_and_date(datetime(2026, 3, 5, 8, 5)) == "08 giờ 05 phút, ngày 05 tháng 3 năm 2026"


def test_january_and_february_take_a_leading_zero_as_decree_30_requires():
    assert place_and_date("Hà Nội", date(2026, 2, 9)) == "Hà Nội, ngày 09 tháng 02 năm 2026"
    assert place_and_date("Hà Nội", date(2026, 12, 24)) == "Hà Nội, ngày 24 tháng 12 năm 2026"


def test_a_wording_set_may_pad_every_month():
    assert time_and_date(datetime(2026, 3, 5, 14, 0), pad_all_months=True) == (
        "14 giờ 00 phút, ngày 05 tháng 03 năm 2026")
