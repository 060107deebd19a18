from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.reference import default_calendar
from desk_app.domain.calendar import OfficeHours, WorkCalendar, read_holiday_rows

CAL = default_calendar()


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- the shipped 2025-2026 table -------------------------------------------------------------


@pytest.mark.parametrize("day", _days(date(2026, 2, 14), date(2026, 2, 22)))
def test_tet_2026_break_is_all_days_off(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", _days(date(2025, 1, 25), date(2025, 2, 2)))
def test_tet_2025_break_is_all_days_off(day: date) -> None:
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize(
    "day", [date(2026, 2, 13), date(2026, 2, 23), date(2025, 1, 24), date(2025, 2, 3)]
)
def test_days_either_side_of_tet_are_working(day: date) -> None:
    assert CAL.is_working_day(day)


@pytest.mark.parametrize("day", [date(2025, 4, 26), date(2026, 1, 10), date(2026, 8, 22)])
def test_makeup_saturdays_are_working_days(day: date) -> None:
    assert day.weekday() == 5
    assert CAL.is_working_day(day)
    assert CAL.day_off_name(day) is None


@pytest.mark.parametrize("day", [date(2025, 5, 2), date(2026, 1, 2), date(2026, 8, 31)])
def test_swapped_weekdays_are_days_off(day: date) -> None:
    assert day.weekday() < 5
    assert not CAL.is_working_day(day)


def test_other_saturdays_stay_days_off() -> None:
    assert not CAL.is_working_day(date(2026, 1, 17))
    assert not CAL.is_working_day(date(2025, 4, 19))


def test_vietnam_culture_day_2026_is_a_day_off() -> None:
    assert not CAL.is_working_day(date(2026, 11, 24))
    assert CAL.day_off_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"


def test_hung_kings_on_sunday_gives_monday_off() -> None:
    assert not CAL.is_working_day(date(2026, 4, 27))
    assert CAL.is_working_day(date(2026, 4, 28))


def test_day_off_names() -> None:
    assert CAL.day_off_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert CAL.day_off_name(date(2026, 2, 14)) == "Thứ Bảy"
    assert CAL.day_off_name(date(2026, 2, 15)) == "Chủ nhật"
    assert CAL.day_off_name(date(2026, 3, 10)) is None


# --- counting ---------------------------------------------------------------------------------


def test_next_working_day_skips_the_whole_tet_break() -> None:
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert CAL.next_working_day(date(2025, 1, 24)) == date(2025, 2, 3)


def test_next_working_day_is_strictly_after() -> None:
    assert CAL.next_working_day(date(2026, 3, 10)) == date(2026, 3, 11)


def test_next_working_day_lands_on_makeup_saturday() -> None:
    assert CAL.next_working_day(date(2026, 1, 9)) == date(2026, 1, 10)


def test_add_working_days_across_tet() -> None:
    assert CAL.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)


def test_add_zero_working_days() -> None:
    assert CAL.add_working_days(date(2026, 3, 10), 0) == date(2026, 3, 10)
    assert CAL.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 23)


def test_add_negative_working_days_is_rejected() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(date(2026, 3, 10), -1)


def test_working_days_between() -> None:
    assert CAL.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2
    assert CAL.working_days_between(date(2026, 2, 24), date(2026, 2, 13)) == -2
    assert CAL.working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0
    # (Fri 9 Jan, Mon 12 Jan] holds the make-up Saturday and Monday
    assert CAL.working_days_between(date(2026, 1, 9), date(2026, 1, 12)) == 2


# --- effective receipt ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "effective"),
    [
        (datetime(2026, 3, 10, 9, 15), datetime(2026, 3, 10, 9, 15)),  # inside a session
        (datetime(2026, 3, 10, 7, 30), datetime(2026, 3, 10, 8, 0)),  # before opening
        (datetime(2026, 3, 10, 12, 30), datetime(2026, 3, 10, 13, 0)),  # lunch break
        (datetime(2026, 3, 10, 12, 0), datetime(2026, 3, 10, 13, 0)),  # sessions are half-open
        (datetime(2026, 3, 10, 18, 0), datetime(2026, 3, 11, 8, 0)),  # after hours
        (datetime(2026, 3, 13, 17, 0), datetime(2026, 3, 16, 8, 0)),  # Friday closing time
        (datetime(2026, 3, 15, 10, 0), datetime(2026, 3, 16, 8, 0)),  # Sunday
        (datetime(2026, 2, 13, 18, 0), datetime(2026, 2, 23, 8, 0)),  # eve of the Tết break
        (datetime(2026, 1, 10, 9, 0), datetime(2026, 1, 10, 9, 0)),  # make-up Saturday
    ],
)
def test_effective_receipt(received: datetime, effective: datetime) -> None:
    assert CAL.effective_receipt(received) == effective


def test_effective_receipt_follows_configured_hours() -> None:
    hours = OfficeHours(sessions=((time(7, 30), time(11, 30)), (time(13, 30), time(16, 30))))
    cal = WorkCalendar.from_rows([], hours)
    assert cal.effective_receipt(datetime(2026, 3, 10, 7, 30)) == datetime(2026, 3, 10, 7, 30)
    assert cal.effective_receipt(datetime(2026, 3, 10, 12, 0)) == datetime(2026, 3, 10, 13, 30)
    assert cal.effective_receipt(datetime(2026, 3, 10, 16, 45)) == datetime(2026, 3, 11, 7, 30)


def test_aware_datetimes_are_rejected() -> None:
    with pytest.raises(ValueError, match="naive"):
        CAL.effective_receipt(datetime(2026, 3, 10, 9, tzinfo=UTC))


@pytest.mark.parametrize(
    "sessions",
    [
        (),
        ((time(12), time(8)),),
        ((time(8), time(12)), (time(11), time(17))),
    ],
)
def test_bad_office_hours_are_rejected(sessions: tuple[tuple[time, time], ...]) -> None:
    with pytest.raises(ValueError):
        OfficeHours(sessions=sessions)


# --- building from rows -----------------------------------------------------------------------


def test_unknown_kind_names_the_row() -> None:
    with pytest.raises(ValueError, match=r"2026-05-19,day_of,typo: unknown kind"):
        WorkCalendar.from_rows([(date(2026, 5, 19), "day_of", "typo")])


def test_datetime_in_row_is_rejected() -> None:
    with pytest.raises(ValueError, match="date"):
        WorkCalendar.from_rows([(datetime(2026, 5, 19), "holiday", "x")])  # type: ignore[list-item]


def test_published_update_changes_the_calendar() -> None:
    cal = WorkCalendar.from_rows(
        [
            (date(2026, 5, 19), "holiday", "Ngày nghỉ đặc biệt"),
            (date(2026, 5, 23), "makeup_working_day", "bù"),
        ]
    )
    assert cal.day_off_name(date(2026, 5, 19)) == "Ngày nghỉ đặc biệt"
    assert cal.is_working_day(date(2026, 5, 23))


def test_later_row_wins_so_updates_can_be_appended() -> None:
    cal = WorkCalendar.from_rows(
        [
            (date(2026, 8, 31), "substituted_day_off", "nghỉ"),
            (date(2026, 8, 31), "makeup_working_day", "đi làm"),
        ]
    )
    assert cal.is_working_day(date(2026, 8, 31))


def test_read_holiday_rows_from_csv(tmp_path: Path) -> None:
    path = tmp_path / "holidays.csv"
    path.write_text(
        "date,kind,name_vi,confidence\n2027-01-01,holiday,Tết Dương lịch,high\n", encoding="utf-8"
    )
    assert read_holiday_rows(path) == [(date(2027, 1, 1), "holiday", "Tết Dương lịch")]


def test_bad_date_in_csv_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "holidays.csv"
    path.write_text("date,kind,name_vi,confidence\n2027-01-01,holiday,A,high\n2027-13-01,holiday,B,high\n")
    with pytest.raises(ValueError, match=r"holidays.csv:3"):
        read_holiday_rows(path)


# --- properties -------------------------------------------------------------------------------

_dates = st.dates(min_value=date(2024, 12, 1), max_value=date(2027, 1, 31))
_counts = st.integers(min_value=0, max_value=40)
_kinds = st.sampled_from(
    ["holiday", "observed_compensatory_day_off", "substituted_day_off", "makeup_working_day"]
)
_random_calendars = st.lists(st.tuples(_dates, _kinds, st.just("x")), max_size=60).map(WorkCalendar.from_rows)
_calendars = st.one_of(st.just(CAL), _random_calendars)
_moments = st.datetimes(min_value=datetime(2024, 12, 1), max_value=datetime(2027, 1, 31))


@given(_calendars, _dates, _counts, _counts)
def test_adding_n_then_m_equals_adding_n_plus_m(cal: WorkCalendar, d: date, n: int, m: int) -> None:
    # From a day off, adding 0 first moves forward, so the law holds from working days only.
    start = cal.add_working_days(d, 0)
    assert cal.add_working_days(cal.add_working_days(start, n), m) == cal.add_working_days(start, n + m)


@given(_calendars, _dates, _counts)
def test_added_days_are_counted_back(cal: WorkCalendar, d: date, n: int) -> None:
    start = cal.add_working_days(d, 0)
    end = cal.add_working_days(start, n)
    assert cal.is_working_day(end)
    assert cal.working_days_between(start, end) == n


@given(_calendars, _dates)
def test_next_working_day_is_the_first_working_day_after(cal: WorkCalendar, d: date) -> None:
    nxt = cal.next_working_day(d)
    assert nxt > d and cal.is_working_day(nxt)
    assert all(not cal.is_working_day(x) for x in _days(d + timedelta(days=1), nxt - timedelta(days=1)))


@given(_calendars, _moments)
def test_effective_receipt_is_inside_a_session_and_not_earlier(cal: WorkCalendar, moment: datetime) -> None:
    eff = cal.effective_receipt(moment)
    assert eff >= moment
    assert cal.is_working_day(eff.date())
    assert any(start <= eff.time() < end for start, end in cal.hours.sessions)
    assert cal.effective_receipt(eff) == eff
