from __future__ import annotations

from datetime import datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.due import Deadline, TimeRule, compute_due, deadline_state
from desk_app.core.reference import default_calendar
from desk_app.domain.calendar import OfficeHours, WorkCalendar

CAL = default_calendar()


def due(rule: str, received: datetime, cal: WorkCalendar = CAL) -> datetime:
    return compute_due(TimeRule.parse(rule), received, cal)


# --- TimeRule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "wording"),
    [
        ("same_day_15h", TimeRule("same_day_15h"), "Trong ngày"),
        ("same_day", TimeRule("same_day"), "Trong ngày"),
        ("working_days:3", TimeRule("working_days", 3), "03 ngày làm việc"),
        ("working_days:15", TimeRule("working_days", 15), "15 ngày làm việc"),
        ("calendar_days:30", TimeRule("calendar_days", 30), "30 ngày"),
    ],
)
def test_rule_parse_str_and_wording(text: str, rule: TimeRule, wording: str) -> None:
    assert TimeRule.parse(text) == rule
    assert str(rule) == text
    assert rule.describe_vi() == wording


@pytest.mark.parametrize(
    "text",
    ["", "same day", "working_days", "working_days:", "working_days:abc", "working_days:0",
     "working_days:-2", "working_days:+3", "calendar_days:３", "same_day:2", "weeks:2"],
)
def test_bad_rule_text_is_rejected_with_the_text_and_syntax(text: str) -> None:
    with pytest.raises(ValueError, match="expected 'same_day_15h'") as info:
        TimeRule.parse(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    ("kind", "days"), [("same_day", 1), ("working_days", 0), ("calendar_days", -1), ("months", 1)]
)
def test_inconsistent_rule_cannot_be_constructed(kind: str, days: int) -> None:
    with pytest.raises(ValueError):
        TimeRule(kind, days)  # type: ignore[arg-type]


# --- same_day_15h -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (datetime(2026, 2, 13, 10, 0), datetime(2026, 2, 13, 17, 0)),
        (datetime(2026, 2, 13, 15, 30), datetime(2026, 2, 23, 17, 0)),  # after cut-off, then Tết
        (datetime(2026, 1, 10, 9, 0), datetime(2026, 1, 10, 17, 0)),  # make-up Saturday
        (datetime(2026, 3, 10, 14, 59), datetime(2026, 3, 10, 17, 0)),
        (datetime(2026, 3, 10, 15, 0), datetime(2026, 3, 11, 17, 0)),
        (datetime(2026, 3, 10, 15, 1), datetime(2026, 3, 11, 17, 0)),
        (datetime(2026, 3, 10, 7, 30), datetime(2026, 3, 10, 17, 0)),  # before opening
        (datetime(2026, 3, 10, 12, 30), datetime(2026, 3, 10, 17, 0)),  # lunch break
        (datetime(2026, 3, 10, 18, 0), datetime(2026, 3, 11, 17, 0)),  # after hours
        (datetime(2026, 3, 15, 10, 0), datetime(2026, 3, 16, 17, 0)),  # Sunday
        (datetime(2026, 3, 13, 16, 0), datetime(2026, 3, 16, 17, 0)),  # Friday after cut-off
        (datetime(2026, 1, 9, 15, 30), datetime(2026, 1, 10, 17, 0)),  # next day is make-up Saturday
    ],
)
def test_same_day_with_cutoff(received: datetime, expected: datetime) -> None:
    assert due("same_day_15h", received) == expected


def test_cutoff_and_closing_time_are_configurable() -> None:
    sessions = ((time(7, 30), time(11, 30)), (time(13), time(16, 30)))
    hours = OfficeHours(sessions=sessions, same_day_cutoff=time(14))
    cal = WorkCalendar.from_rows([], hours)
    assert due("same_day_15h", datetime(2026, 3, 10, 13, 59), cal) == datetime(2026, 3, 10, 16, 30)
    assert due("same_day_15h", datetime(2026, 3, 10, 14, 0), cal) == datetime(2026, 3, 11, 16, 30)


# --- same_day ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (datetime(2026, 3, 10, 16, 30), datetime(2026, 3, 10, 17, 0)),  # no cut-off
        (datetime(2026, 3, 10, 12, 30), datetime(2026, 3, 10, 17, 0)),
        (datetime(2026, 3, 10, 18, 0), datetime(2026, 3, 11, 17, 0)),
        (datetime(2026, 3, 15, 10, 0), datetime(2026, 3, 16, 17, 0)),
    ],
)
def test_same_day_without_cutoff(received: datetime, expected: datetime) -> None:
    assert due("same_day", received) == expected


# --- working_days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "received", "expected"),
    [
        ("working_days:3", datetime(2026, 2, 12, 10, 0), datetime(2026, 2, 24, 10, 0)),  # Tết 2026
        ("working_days:2", datetime(2025, 1, 23, 14, 20), datetime(2025, 2, 3, 14, 20)),  # Tết 2025
        ("working_days:2", datetime(2025, 4, 24, 10, 0), datetime(2025, 4, 26, 10, 0)),  # make-up Sat
        ("working_days:2", datetime(2025, 4, 29, 9, 0), datetime(2025, 5, 6, 9, 0)),  # 30/4 to 2/5 off
        ("working_days:1", datetime(2026, 8, 28, 9, 0), datetime(2026, 9, 3, 9, 0)),  # 31/8 swapped
        ("working_days:1", datetime(2026, 11, 23, 9, 0), datetime(2026, 11, 25, 9, 0)),  # 24/11
        ("working_days:3", datetime(2026, 3, 10, 7, 30), datetime(2026, 3, 13, 8, 0)),
        ("working_days:3", datetime(2026, 3, 10, 12, 30), datetime(2026, 3, 13, 13, 0)),
        ("working_days:3", datetime(2026, 3, 10, 18, 0), datetime(2026, 3, 16, 8, 0)),
        ("working_days:3", datetime(2026, 3, 15, 10, 0), datetime(2026, 3, 19, 8, 0)),  # Sunday
    ],
)
def test_working_days(rule: str, received: datetime, expected: datetime) -> None:
    assert due(rule, received) == expected


# --- calendar_days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "received", "expected"),
    [
        ("calendar_days:30", datetime(2026, 3, 10, 9, 0), datetime(2026, 4, 9, 17, 0)),
        ("calendar_days:14", datetime(2026, 2, 2, 9, 0), datetime(2026, 2, 23, 17, 0)),  # ends in Tết
        ("calendar_days:28", datetime(2026, 10, 27, 9, 0), datetime(2026, 11, 25, 17, 0)),  # ends 24/11
        ("calendar_days:3", datetime(2026, 4, 24, 9, 0), datetime(2026, 4, 28, 17, 0)),  # ends 27/4
        ("calendar_days:5", datetime(2026, 3, 10, 9, 0), datetime(2026, 3, 16, 17, 0)),  # ends Sunday
        ("calendar_days:30", datetime(2026, 1, 1, 10, 0), datetime(2026, 2, 4, 17, 0)),  # counts from 5/1
    ],
)
def test_calendar_days(rule: str, received: datetime, expected: datetime) -> None:
    assert due(rule, received) == expected


# --- deadline state ---------------------------------------------------------------------------

_DUE = datetime(2026, 3, 13, 17, 0)  # a Friday


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (datetime(2026, 3, 13, 17, 1), Deadline.OVERDUE),
        (datetime(2026, 3, 16, 8, 0), Deadline.OVERDUE),
        (datetime(2026, 3, 13, 17, 0), Deadline.DUE_TODAY),
        (datetime(2026, 3, 13, 8, 0), Deadline.DUE_TODAY),
        (datetime(2026, 3, 12, 16, 0), Deadline.DUE_SOON),
        (datetime(2026, 3, 11, 9, 0), Deadline.DUE_SOON),
        (datetime(2026, 3, 10, 9, 0), Deadline.ON_TRACK),
    ],
)
def test_deadline_state(now: datetime, state: Deadline) -> None:
    assert deadline_state(_DUE, now, CAL) == state


def test_due_soon_counts_working_days_not_calendar_days() -> None:
    # eleven calendar days but only two working days across Tết 2026
    assert deadline_state(datetime(2026, 2, 24, 17), datetime(2026, 2, 13, 9), CAL) == Deadline.DUE_SOON
    # four calendar days hold three working days thanks to the make-up Saturday 10/1/2026
    assert deadline_state(datetime(2026, 1, 12, 17), datetime(2026, 1, 8, 9), CAL) == Deadline.ON_TRACK


def test_due_soon_window_is_configurable() -> None:
    now = datetime(2026, 3, 10, 9, 0)
    assert deadline_state(_DUE, now, CAL, soon_working_days=3) == Deadline.DUE_SOON
    assert deadline_state(_DUE, datetime(2026, 3, 12, 9), CAL, soon_working_days=0) == Deadline.ON_TRACK


def test_deadline_state_values_are_stable() -> None:
    assert [s.value for s in Deadline] == ["on_track", "due_soon", "due_today", "overdue"]


# --- properties -------------------------------------------------------------------------------

_rules = st.one_of(
    st.sampled_from([TimeRule("same_day_15h"), TimeRule("same_day")]),
    st.builds(TimeRule, st.sampled_from(["working_days", "calendar_days"]), st.integers(1, 60)),
)
_moments = st.datetimes(min_value=datetime(2024, 12, 1), max_value=datetime(2026, 12, 31))


@given(_rules, _moments)
def test_due_is_after_receipt_and_on_a_working_day(rule: TimeRule, received: datetime) -> None:
    due_at = compute_due(rule, received, CAL)
    assert due_at > received
    assert CAL.is_working_day(due_at.date())
    assert CAL.hours.opening <= due_at.time() <= CAL.hours.closing


@given(_rules, _moments, _moments)
def test_due_is_monotone_in_receipt_time(rule: TimeRule, a: datetime, b: datetime) -> None:
    early, late = sorted((a, b))
    assert compute_due(rule, early, CAL) <= compute_due(rule, late, CAL)


@given(st.integers(1, 60), _moments)
def test_working_days_due_is_n_working_days_after_effective_receipt(n: int, received: datetime) -> None:
    effective = CAL.effective_receipt(received)
    due_at = compute_due(TimeRule("working_days", n), received, CAL)
    assert CAL.working_days_between(effective.date(), due_at.date()) == n
    assert due_at.time() == effective.time()


@given(_rules)
def test_rule_text_round_trips(rule: TimeRule) -> None:
    assert TimeRule.parse(str(rule)) == rule

