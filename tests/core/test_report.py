"""The supervisor's report on a hand-built month: every figure counted exactly, two clerks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from desk_app.core.report import Figures, Outcome, build_report, month_bounds, outcome
from desk_app.domain.model import EventKind
from tests.conftest import request

NOW = datetime(2026, 3, 20, 10, 0)  # a Friday; the report is looked at mid-month


def seed_month(desk, clock) -> dict[str, str]:
    """Eight dossiers (3-working-day procedure) by two clerks; returns label -> code."""
    apply = desk.dossiers.apply

    def receive(label: str, at: datetime, clerk: str, name: str = "Nguyễn Văn An") -> str:
        clock.set(at)
        codes[label] = desk.dossiers.receive(request(name=name), clerk).dossier.code
        return codes[label]

    codes: dict[str, str] = {}
    receive("feb", datetime(2026, 2, 24, 9, 0), "canbo1")  # outside the period
    on_time = receive("on_time", datetime(2026, 3, 10, 9, 30), "canbo1")  # due 13/03 09:30
    late = receive("late", datetime(2026, 3, 10, 10, 0), "canbo1", "Trần Thị Bích")
    receive("overdue", datetime(2026, 3, 11, 9, 0), "canbo2", "Đặng Đức Anh")  # due 16/03
    delayed = receive("delayed", datetime(2026, 3, 11, 9, 15), "canbo2")
    refused = receive("refused", datetime(2026, 3, 12, 8, 30), "canbo1")
    supplement = receive("supplement", datetime(2026, 3, 12, 9, 0), "canbo1")
    apply(refused, EventKind.REFUSED, {"reason": "Không thuộc thẩm quyền"}, "canbo1")
    apply(supplement, EventKind.SUPPLEMENT_REQUESTED, {"items": [{"item": "Giấy khai sinh", "reason": "thiếu"}]},
          "canbo1")
    clock.set(datetime(2026, 3, 12, 15, 0))
    apply(on_time, EventKind.RESULT_READY, {}, "lanhdao")
    clock.set(datetime(2026, 3, 13, 9, 0))
    apply(delayed, EventKind.DELAYED, {"new_due_at": "2026-03-25T09:00", "reason": "Chờ xác minh"}, "canbo2")
    clock.set(datetime(2026, 3, 16, 9, 0))  # after the result was ready on time, the citizen came late
    apply(on_time, EventKind.RETURNED, {"receiver_name": "Nguyễn Văn An"}, "canbo1")
    apply(late, EventKind.RESULT_READY, {}, "lanhdao")  # due 13/03 10:00: late
    clock.set(datetime(2026, 3, 17, 9, 0))
    apply(delayed, EventKind.RESULT_READY, {}, "lanhdao")  # before the new date, still late: it was delayed
    receive("in_progress", datetime(2026, 3, 19, 9, 0), "canbo2")  # due 24/03
    clock.set(NOW)
    return codes


def _month(desk):
    start, end = month_bounds(date(2026, 3, 20))
    return build_report(desk.dossiers.in_period(start, end), start, end, NOW)


def test_month_bounds():
    assert month_bounds(date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month_bounds(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_each_dossier_has_one_outcome(desk, clock):
    codes = seed_month(desk, clock)
    got = {label: outcome(desk.dossiers.get_by_code(code), NOW) for label, code in codes.items()}
    assert got == {
        "feb": Outcome.OVERDUE, "on_time": Outcome.ON_TIME, "late": Outcome.LATE, "overdue": Outcome.OVERDUE,
        "delayed": Outcome.LATE, "refused": Outcome.CLOSED, "supplement": Outcome.IN_PROGRESS,
        "in_progress": Outcome.IN_PROGRESS,
    }


def test_totals_of_the_month(desk, clock):
    seed_month(desk, clock)
    assert _month(desk).totals == Figures(received=7, returned=3, on_time=1, late=2, overdue=1, in_progress=2,
                                          closed=1)


def test_the_on_time_rate_is_on_time_over_the_dated_results(desk, clock):
    seed_month(desk, clock)
    report = _month(desk)
    assert report.totals.on_time_rate == 1 / 3  # one on time, two late
    assert {row.key: row.figures.on_time_rate for row in report.by_clerk} == {"canbo1": 0.5, "canbo2": 0.0}
    assert Figures(received=2, in_progress=2).on_time_rate is None  # nothing resolved: no rate, not 0 %
    assert Figures(received=1, returned=1).on_time_rate is None  # resolved without a date to judge by


def test_per_clerk_and_per_procedure(desk, clock):
    seed_month(desk, clock)
    report = _month(desk)
    clerks = {row.key: row.figures for row in report.by_clerk}
    assert clerks == {
        "canbo1": Figures(received=4, returned=2, on_time=1, late=1, in_progress=1, closed=1),
        "canbo2": Figures(received=3, returned=1, late=1, overdue=1, in_progress=1),
    }
    (procedure,) = report.by_procedure
    assert procedure.key == "1.004873" and procedure.figures == report.totals
    assert "hôn nhân" in procedure.label


def test_days_count_receipts_and_results_on_the_day_they_happened(desk, clock):
    seed_month(desk, clock)
    days = {d.day.day: (d.received, d.on_time, d.late) for d in _month(desk).days}
    assert len(days) == 31
    assert days[10] == (2, 0, 0) and days[11] == (2, 0, 0) and days[12] == (2, 1, 0)
    assert days[16] == (0, 0, 1) and days[17] == (0, 0, 1) and days[19] == (1, 0, 0)
    assert sum(r for r, _, _ in days.values()) == 7


def test_without_history_a_resolved_dossier_is_counted_but_not_judged(desk, clock):
    codes = seed_month(desk, clock)
    bare = replace(desk.dossiers.get_by_code(codes["on_time"]), history=())
    report = build_report([bare], date(2026, 3, 1), date(2026, 3, 31), NOW)
    assert report.totals == Figures(received=1, returned=1)


def test_the_period_query_gives_each_dossier_exactly_as_loaded_alone(desk, clock):
    seed_month(desk, clock)
    for start, end in ((date(2026, 3, 1), date(2026, 3, 31)), (date(2026, 3, 11), date(2026, 3, 11)),
                       (date(2026, 4, 1), date(2026, 4, 30))):
        fast = desk.dossiers.in_period(start, end)
        assert fast == [desk.dossiers.get(d.dossier_id) for d in fast]
    assert len(fast) == 0 and len(desk.dossiers.in_period(date(2026, 3, 1), date(2026, 3, 31))) == 7
