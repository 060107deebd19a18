"""Dates and times written out the way Vietnamese administrative forms write them."""

from __future__ import annotations

from datetime import date, datetime


def month_text(month: int, pad_all: bool) -> str:
    """Decree 30/2020 pads only January and February ("tháng 01", "tháng 3"); `pad_all` pads every month."""
    return f"{month:02d}" if pad_all or month < 3 else str(month)


def day_month_year(value: date, pad_all_months: bool = False) -> str:
    """ "ngày 05 tháng 3 năm 2026" """
    return f"ngày {value.day:02d} tháng {month_text(value.month, pad_all_months)} năm {value.year}"


def time_and_date(value: datetime, pad_all_months: bool = False) -> str:
    """ "08 giờ 30 phút, ngày 05 tháng 3 năm 2026" """
    return f"{value.hour:02d} giờ {value.minute:02d} phút, {day_month_year(value, pad_all_months)}"


def place_and_date(place: str, value: date, pad_all_months: bool = False) -> str:
    """ "Hà Nội, ngày 05 tháng 3 năm 2026", the line under the national header."""
    return f"{place}, {day_month_year(value, pad_all_months)}"


def short_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def short_datetime(value: datetime) -> str:
    """Compact form for table cells: "08:30 05/03/2026"."""
    return value.strftime("%H:%M %d/%m/%Y")
