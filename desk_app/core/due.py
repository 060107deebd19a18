"""Due dates (ngày hẹn trả) and how close a dossier is to its deadline.

All datetimes are naive local Hanoi time (Asia/Ho_Chi_Minh, no DST). "Close" below means the end of
the last office session of a day (17:00 by default); "effective" means
``calendar.effective_receipt(received_at)``, i.e. a receipt outside office sessions or on a day off
counts from the start of the next session.

Rules, by ``TimeRule.kind``:
- ``same_day_15h``: if the effective receipt falls on the day it was received and before the cut-off
  (15:00), due at close that day. If it is on that day but at/after the cut-off, due at close of the
  next working day. If it moved to a later day (after hours, day off), due at close of that day.
- ``same_day``: due at close of the effective day; there is no cut-off.
- ``working_days:N`` (N >= 1): the same clock time as the effective receipt, N working days later.
- ``calendar_days:N`` (N >= 1): effective date + N days, moved to the next working day when that is a
  day off (Civil Code: a period ending on a day off ends on the next working day); due at close.

Deadline states, checked in this order: OVERDUE when now is after due_at; DUE_TODAY when both are on
the same date; DUE_SOON when at most ``soon_working_days`` working days remain; else ON_TRACK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal, get_args

from desk_app.domain.calendar import WorkCalendar
from desk_app.domain.errors import InvalidInput

RuleKind = Literal["same_day_15h", "same_day", "working_days", "calendar_days"]
_SAME_DAY_KINDS = frozenset({"same_day_15h", "same_day"})
_COUNTED_KINDS = frozenset({"working_days", "calendar_days"})
_RULE_SYNTAX = "expected 'same_day_15h', 'same_day', 'working_days:N' or 'calendar_days:N' (N >= 1)"
_COUNTED_TEXT = re.compile(r"(working_days|calendar_days):([0-9]+)")


@dataclass(frozen=True)
class TimeRule:
    """How a procedure's processing time is counted; ``str(rule)`` is the stored form."""

    kind: RuleKind
    days: int = 0

    def __post_init__(self) -> None:
        if self.kind not in get_args(RuleKind):
            raise ValueError(f"unknown time rule kind {self.kind!r}; {_RULE_SYNTAX}")
        if self.kind in _SAME_DAY_KINDS and self.days != 0:
            raise ValueError(f"time rule {self.kind!r} takes no day count, got {self.days}")
        if self.kind in _COUNTED_KINDS and self.days < 1:
            raise ValueError(f"time rule {self.kind!r} needs a day count of at least 1, got {self.days}")

    @classmethod
    def parse(cls, text: str) -> TimeRule:
        cleaned = text.strip()
        if cleaned in _SAME_DAY_KINDS:
            return cls(cleaned)  # type: ignore[arg-type]
        match = _COUNTED_TEXT.fullmatch(cleaned)
        if match is None or int(match[2]) < 1:
            raise ValueError(f"invalid time rule {text!r}: {_RULE_SYNTAX}")
        return cls(match[1], int(match[2]))  # type: ignore[arg-type]

    def __str__(self) -> str:
        return self.kind if self.kind in _SAME_DAY_KINDS else f"{self.kind}:{self.days}"

    def describe_vi(self) -> str:
        """The wording printed on the receipt."""
        if self.kind in _SAME_DAY_KINDS:
            return "Trong ngày"
        unit = "ngày làm việc" if self.kind == "working_days" else "ngày"
        return f"{self.days:02d} {unit}"


def compute_due(rule: TimeRule, received_at: datetime, calendar: WorkCalendar) -> datetime:
    try:
        return _compute_due(rule, received_at, calendar)
    except OverflowError:  # a date near 31/12/9999: no due date fits in the calendar
        raise InvalidInput(
            f"Không tính được ngày hẹn cho thời điểm {received_at:%d/%m/%Y}: vượt quá lịch.",
            f"No due date can be computed for {received_at:%Y-%m-%d}: beyond the calendar.") from None


def _compute_due(rule: TimeRule, received_at: datetime, calendar: WorkCalendar) -> datetime:
    effective = calendar.effective_receipt(received_at)
    if rule.kind == "same_day_15h":
        return _same_day_with_cutoff(received_at, effective, calendar)
    if rule.kind == "same_day":
        return calendar.closing_of(effective.date())
    if rule.kind == "working_days":
        return datetime.combine(calendar.add_working_days(effective.date(), rule.days), effective.time())
    return _calendar_days(effective, rule.days, calendar)


def _same_day_with_cutoff(received_at: datetime, effective: datetime, calendar: WorkCalendar) -> datetime:
    day = effective.date()
    if day == received_at.date() and effective.time() >= calendar.hours.same_day_cutoff:
        day = calendar.next_working_day(day)
    return calendar.closing_of(day)


def _calendar_days(effective: datetime, days: int, calendar: WorkCalendar) -> datetime:
    # add_working_days(d, 0) is d itself, or the next working day when d is a day off.
    end = effective.date() + timedelta(days=days)
    return calendar.closing_of(calendar.add_working_days(end, 0))


class Deadline(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"


def deadline_state(
    due_at: datetime, now: datetime, calendar: WorkCalendar, soon_working_days: int = 2
) -> Deadline:
    if now > due_at:
        return Deadline.OVERDUE
    if now.date() == due_at.date():
        return Deadline.DUE_TODAY
    if calendar.working_days_between(now.date(), due_at.date()) <= soon_working_days:
        return Deadline.DUE_SOON
    return Deadline.ON_TRACK
