"""Hybrid logical clock stamps never go backwards, whatever the PC's clock does."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.hlc import HybridClock, Stamp


def test_stamps_increase_even_when_the_wall_clock_is_set_back():
    wall = iter([5_000, 5_000, 1_000, 9_000]).__next__
    clock = HybridClock("desk-a", now_ms=wall)
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert Stamp.parse(stamps[2]).millis == 5_000  # the clock went back to 1,000: we stay ahead


def test_observing_a_remote_stamp_from_the_future_orders_later_local_events_after_it():
    clock = HybridClock("desk-a", now_ms=lambda: 1_000)
    remote = str(Stamp(90_000, 7, "city"))
    clock.observe(remote)
    assert clock.tick() > remote


def test_clock_resumes_from_the_persisted_stamp_after_a_restart():
    first = HybridClock("desk-a", now_ms=lambda: 50_000)
    last = first.tick()
    restarted = HybridClock("desk-a", last=last, now_ms=lambda: 10_000)  # PC clock reset to the past
    assert restarted.tick() > last


@given(st.lists(st.integers(0, 10**12), min_size=1, max_size=50))
def test_stamps_are_strictly_increasing_for_any_wall_clock(walls):
    feed = iter(walls + [walls[-1]] * 2)
    clock = HybridClock("n", now_ms=lambda: next(feed))
    stamps = [clock.tick() for _ in walls]
    assert all(a < b for a, b in itertools.pairwise(stamps))
