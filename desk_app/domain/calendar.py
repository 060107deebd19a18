"""The working-day calendar used for appointment dates (ngày hẹn trả).

A day is a working day when it is Monday to Friday and not listed as a day off, or when it is listed
as a make-up working day (a Saturday swapped for a Friday or Monday off). The table of listed days
is data, not code: the city publishes a new one every year, so the calendar is built from rows and
each side reads its own copy (the desk: ``reference.default_calendar``).

Rules:
- All datetimes are naive local Hanoi time (Asia/Ho_Chi_Minh, UTC+7, no DST).
- Row kinds ``holiday``, ``observed_compensatory_day_off`` and ``substituted_day_off`` mark a day
  off; ``makeup_working_day`` marks a working day. Any other kind is an error. When a date appears
  twice the later row wins, so an updated table can be appended to the shipped one.
- Office sessions are half-open: with 08:00-12:00 and 13:00-17:00, 12:00 is already the lunch
  break and 17:00 is already after hours.
- A dossier received outside a session counts as received at the start of the next session
  (same day after the lunch break, otherwise the first session of the next working day).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

DAY_OFF_KINDS = frozenset({"holiday", "observed_compensatory_day_off", "substituted_day_off"})
MAKEUP_KIND = "makeup_working_day"
_KNOWN_KINDS = ", ".join([*sorted(DAY_OFF_KINDS), MAKEUP_KIND])

_WEEKEND_NAMES = {5: "Thứ Bảy", 6: "Chủ nhật"}
_ONE_DAY = timedelta(days=1)

HolidayRow = tuple[date, str, str]


@dataclass(frozen=True)
class OfficeHours:
    """When the reception desk is open; defaults are Hanoi civil-servant hours."""

    sessions: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
    same_day_cutoff: time = time(15)

    def __post_init__(self) -> None:
        if not self.sessions:
            raise ValueError("OfficeHours needs at least one session")
        previous_end = time.min
        for start, end in self.sessions:
            if not previous_end <= start < end:
                raise ValueError(f"office sessions must be ordered and non-overlapping: {self.sessions}")
            previous_end = end

    @property
    def opening(self) -> time:
        return self.sessions[0][0]

    @property
    def closing(self) -> time:
        return self.sessions[-1][1]

    def session_start_at_or_after(self, moment: time) -> time | None:
        """The moment itself if inside a session, else the next session start today, else None."""
        for start, end in self.sessions:
            if moment < end:
                return max(start, moment)
        return None


class WorkCalendar:
    """Answers "is this a working day?" and counts working days, from a table of listed days."""

    def __init__(self, listed: dict[date, tuple[bool, str]], hours: OfficeHours = OfficeHours()) -> None:
        # listed maps a date to (is_working_day, name); unlisted dates follow the weekday rule.
        self._listed = dict(listed)
        self.hours = hours

    @classmethod
    def from_rows(cls, rows: Iterable[HolidayRow], hours: OfficeHours = OfficeHours()) -> WorkCalendar:
        listed: dict[date, tuple[bool, str]] = {}
        for row in rows:
            day, is_working, name = _parse_row(row)
            listed[day] = (is_working, name)
        return cls(listed, hours)

    def is_working_day(self, d: date) -> bool:
        if d in self._listed:
            return self._listed[d][0]
        return d.weekday() < 5

    def day_off_name(self, d: date) -> str | None:
        """Why d is a day off, for display; None when it is a working day."""
        if self.is_working_day(d):
            return None
        if d in self._listed:
            return self._listed[d][1] or "Ngày nghỉ"
        return _WEEKEND_NAMES[d.weekday()]

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after d."""
        d += _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """n working days after d; with n == 0, d itself if working, else the next working day."""
        if n < 0:
            raise ValueError(f"cannot add a negative number of working days: {n}")
        if n == 0:
            return d if self.is_working_day(d) else self.next_working_day(d)
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; the negated count of (end, start] when end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(self.is_working_day(start + _ONE_DAY * i) for i in range(1, (end - start).days + 1))

    def effective_receipt(self, received_at: datetime) -> datetime:
        """When a receipt counts as received: unchanged inside a session, else the next session start."""
        _require_naive(received_at)
        day = received_at.date()
        if self.is_working_day(day):
            start = self.hours.session_start_at_or_after(received_at.time())
            if start == received_at.time():
                return received_at
            if start is not None:
                return datetime.combine(day, start)
        return self.opening_of(self.next_working_day(day))

    def opening_of(self, d: date) -> datetime:
        return datetime.combine(d, self.hours.opening)

    def closing_of(self, d: date) -> datetime:
        """End of the last office session on d: the time of day a date-only deadline falls due."""
        return datetime.combine(d, self.hours.closing)


def _parse_row(row: HolidayRow) -> tuple[date, bool, str]:
    day, kind, name = row
    if type(day) is not date:  # a datetime would never equal the dates we look up
        raise ValueError(f"holiday row {_show(row)}: first field must be a date, got {type(day).__name__}")
    if kind in DAY_OFF_KINDS:
        return day, False, name
    if kind == MAKEUP_KIND:
        return day, True, name
    raise ValueError(f"holiday row {_show(row)}: unknown kind {kind!r}; expected one of {_KNOWN_KINDS}")


def _show(row: HolidayRow) -> str:
    """The row as it would appear in the CSV, so a clerk or admin can find it."""
    return ",".join(str(field) for field in row)


HANOI = timezone(timedelta(hours=7))  # Vietnam keeps no daylight saving time


def local_time(moment: datetime) -> datetime:
    """A time with a zone (…+07:00, …Z from another system) as the naive Hanoi time the desk works in."""
    return moment if moment.tzinfo is None else moment.astimezone(HANOI).replace(tzinfo=None)


def _require_naive(moment: datetime) -> None:
    if moment.tzinfo is not None:
        raise ValueError(f"expected naive local Hanoi time, got an aware datetime: {moment.isoformat()}")


def read_holiday_rows(path: Path) -> list[HolidayRow]:
    """Rows of a holidays CSV (date,kind,name_vi,confidence); the confidence column is ignored."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [_csv_row(path, line_no, rec) for line_no, rec in enumerate(csv.DictReader(fh), start=2)]


def _csv_row(path: Path, line_no: int, rec: dict[str, str]) -> HolidayRow:
    try:
        day = date.fromisoformat(rec["date"].strip())
    except (KeyError, AttributeError, ValueError) as exc:
        raise ValueError(f"{path}:{line_no}: bad date in row {rec!r}") from exc
    return day, (rec.get("kind") or "").strip(), (rec.get("name_vi") or "").strip()
