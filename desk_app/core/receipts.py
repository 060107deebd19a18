"""Fee receipt series and numbers (ký hiệu, số biên lai), unique across every desk of a point with no network.

The same idea as the dossier codes (core.codes): the series names the point, the year and the desk's number
at the point (1-9, given at set-up or enrollment), and the 7-digit number counts that desk's receipts of that
year. Two desks never share a series, and a desk's counter is kept per year, so a PC whose clock is set back
(even into last year) continues that year's count and never repeats a number. The series template is
configuration, checked to contain the unit, the year and the desk.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date

from desk_app.core.codes import check_desk_no
from desk_app.domain.errors import InvalidInput

DEFAULT_SERIES = "{unit}-{yy}B{desk}"
CAPACITY = 9_999_999  # receipts one desk can number in a year (7 digits, as printed)
_YEAR_FIELDS = {"yy", "yyyy"}
_ALLOWED = {"unit", "desk"} | _YEAR_FIELDS


@dataclass(frozen=True)
class ReceiptSeries:
    template: str = DEFAULT_SERIES

    def __post_init__(self) -> None:
        names = {name for _, name, _, _ in string.Formatter().parse(self.template) if name}
        missing = {"unit", "desk"} - names | (set() if names & _YEAR_FIELDS else {"yy"})
        unknown = names - _ALLOWED
        if missing or unknown or not self.template.startswith("{unit}"):
            raise InvalidInput(
                f"Mẫu ký hiệu biên lai «{self.template}» không hợp lệ: phải bắt đầu bằng {{unit}} và có {{yy}} "
                f"(hoặc {{yyyy}}) và {{desk}}; thiếu {sorted(missing)}, không biết {sorted(unknown)}.",
                f"Receipt series template {self.template!r} is invalid: it must start with {{unit}} and contain "
                f"the year and {{desk}}.")

    def series(self, unit: str, day: date, desk_no: int) -> str:
        check_desk_no(desk_no)
        return self.template.format(unit=unit, yy=f"{day:%y}", yyyy=f"{day:%Y}", desk=desk_no)


def check_number(number: int, desk_no: int, day: date) -> None:
    if not 1 <= number <= CAPACITY:
        raise InvalidInput(
            f"Bàn {desk_no} đã dùng hết {CAPACITY:,} số biên lai của năm {day.year}. Hãy báo quản trị viên.".replace(
                ",", "."),
            f"Desk {desk_no} has used all {CAPACITY} receipt numbers of {day.year}.")


def counter_name(day: date, desk_no: int) -> str:
    """Key of the per-desk yearly receipt counter (per year: a clock set back reuses no number)."""
    return f"receipt:{day.year}:{desk_no}"
