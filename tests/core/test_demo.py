"""desk-app demo's sample history: each step recorded when it plausibly happened, so timelines, the lists
and the supervisor's report read as a real office's would (not every step at "09:30 today")."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import pairwise

import pytest

from desk_app.core.report import build_report
from desk_app.demo import seed_demo
from desk_app.domain.errors import IllegalTransition, InvalidInput
from desk_app.domain.model import EventKind
from desk_app.services import Desk
from tests.conftest import request

NOW = datetime(2026, 3, 10, 9, 30)  # the clock fixture's Tuesday morning
SINCE = date(2025, 12, 1)  # before the demo's 60 days


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeded_template):
    """200 sample dossiers by two clerks (seeding with every step takes some seconds: once for the module)."""
    path = tmp_path_factory.mktemp("demo") / "desk.sqlite3"
    shutil.copyfile(seeded_template, path)
    with Desk.open(path, now=lambda: NOW) as desk:
        assert seed_demo(desk, 200, actor="canbo1,canbo2") == 200
        yield desk


def everything(desk: Desk) -> list:
    return desk.dossiers.in_period(SINCE, NOW.date())


def test_each_timeline_reads_in_office_hours_in_order_and_never_after_now(seeded):
    calendar = seeded.calendar()
    dossiers = everything(seeded)
    assert len(dossiers) == 200
    for d in dossiers:
        times = [e.wall_time for e in d.history]
        assert times[0] == d.received_at, d.code  # the receipt is recorded when it was made
        assert all(a < b for a, b in pairwise(times)), (d.code, times)  # increasing, no minute twice
        for t in times:
            assert t <= NOW and t.second == 0, (d.code, t)
            assert calendar.effective_receipt(t) == t, (d.code, t)  # a working day, in a session, not at lunch
    later = [e.wall_time for d in dossiers for e in d.history[1:]]
    assert len(later) > 300  # most dossiers moved on
    assert Counter(later).most_common(1)[0][1] <= 3  # not every step at the same moment (the old "09:30 today")
    assert len({t.date() for t in later}) > 30 and len({t.hour for t in later}) >= 7


def test_the_report_counts_most_results_on_time_and_some_late(seeded):
    totals = build_report(everything(seeded), SINCE, NOW.date(), NOW).totals
    assert totals.received == 200
    assert totals.returned > 120  # an office that mostly keeps up
    assert totals.on_time > 0.7 * totals.returned  # about one result in seven comes a day late
    assert 0.05 * totals.returned < totals.late < 0.3 * totals.returned
    assert 0 < totals.overdue < 20


def test_two_clerks_take_turns_and_codes_follow_the_clock(seeded):
    dossiers = everything(seeded)
    by_clerk = Counter(d.received_by for d in dossiers)
    assert set(by_clerk) == {"canbo1", "canbo2"} and min(by_clerk.values()) > 50
    assert all(e.actor == d.received_by for d in dossiers for e in d.history)
    for day in {d.received_at.date() for d in dossiers}:
        of_day = [d for d in dossiers if d.received_at.date() == day]
        assert sorted(of_day, key=lambda d: d.code) == sorted(of_day, key=lambda d: d.received_at), day


def timelines(desk: Desk) -> list:
    return [(d.code, d.applicant.full_name, d.status, d.due.due_at,
             [(e.kind, e.wall_time, e.actor) for e in d.history]) for d in everything(desk)]


def test_the_same_seed_gives_the_same_dossiers_and_history(seeded, tmp_path, seeded_template):
    again = tmp_path / "again.sqlite3"
    shutil.copyfile(seeded_template, again)
    with Desk.open(again, now=lambda: NOW) as desk:
        seed_demo(desk, 200, actor="canbo1,canbo2", batch=64)  # other batches, same data
        assert timelines(desk) == timelines(seeded) and len(timelines(desk)) == 200


def test_a_back_dated_step_cannot_precede_the_last_one_nor_come_after_now(desk, clock):
    code = desk.dossiers.receive(request(), "c").dossier.code  # recorded at 09:30 today
    with pytest.raises(IllegalTransition):
        desk.dossiers.apply(code, EventKind.TRANSFERRED, {}, "c", at=NOW - timedelta(minutes=5))
    with pytest.raises(InvalidInput):
        desk.dossiers.apply(code, EventKind.TRANSFERRED, {}, "c", at=NOW + timedelta(minutes=5))
    assert [e.kind for e in desk.dossiers.history(code)] == [EventKind.RECEIVED]  # nothing written
    clock.set(NOW + timedelta(hours=2))
    done = desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "c", at=NOW + timedelta(hours=1))
    returned = desk.dossiers.apply(code, EventKind.RETURNED, {"receiver_name": "An"}, "c", at=NOW + timedelta(hours=1))
    assert done.history[-1].wall_time == NOW + timedelta(hours=1)
    assert returned.history[-1].payload["returned_at"] == (NOW + timedelta(hours=1)).isoformat()


def test_a_back_dated_receipt_needs_a_past_received_at(desk):
    with pytest.raises(InvalidInput):
        desk.dossiers.receive_many([request()], "c", backdated=True)  # no received_at
    with pytest.raises(InvalidInput):
        desk.dossiers.receive_many([request(received_at=NOW + timedelta(days=1))], "c", backdated=True)
    assert not desk.dossiers.in_period(SINCE, NOW.date() + timedelta(days=2))  # nothing written
    got = desk.dossiers.receive_many([request(received_at=NOW - timedelta(days=1))], "c", backdated=True)[0]
    assert got.dossier.history[0].wall_time == NOW - timedelta(days=1)
