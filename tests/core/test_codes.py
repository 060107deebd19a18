"""Dossier codes: the official shape, unique across every desk of every point with no network."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.codes import CodePattern
from desk_app.domain.errors import InvalidInput
from desk_app.services import Desk
from tests.conftest import Clock, request

OFFICIAL = re.compile(r"^\d{5}-\d{6}-\d{4}$")


def test_default_pattern_is_unit_date_and_four_digit_daily_sequence():
    code = CodePattern().format("09661", date(2026, 2, 13), 2, 7)
    assert code == "09661-260213-2007" and OFFICIAL.match(code)


@pytest.mark.parametrize("template", ["{unit}-{yymmdd}-{seq:04d}", "{unit}-{desk}{seq:03d}", "{unit}{nonsense}",
                                      "HS-{unit}-{yymmdd}-{desk}{seq:03d}", "{yymmdd}-{unit}-{desk}{seq:03d}"])
def test_a_pattern_that_could_collide_or_is_unknown_is_refused(template):
    with pytest.raises(InvalidInput, match="Mẫu mã hồ sơ"):
        CodePattern(template)


def test_a_desk_that_used_all_numbers_of_the_day_gets_a_clear_error():
    with pytest.raises(InvalidInput, match="hết 999 số"):
        CodePattern().format("09661", date(2026, 2, 13), 1, 1000)


def test_configured_pattern_is_used_by_the_desk(desk):
    desk.configure(code_pattern="{unit}.{yyyymmdd}.{desk}{seq:04d}")
    assert desk.dossiers.receive(request(), "c").dossier.code == "09661.20260310.10001"


# Simulated offline desks: several points, several desks each, random days and clocks set back.
_desks = st.lists(st.tuples(st.sampled_from(["09661", "00070", "04930"]), st.integers(1, 9)),
                  min_size=2, max_size=6, unique=True)
_receipts = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 9)), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None)
@given(desks=_desks, receipts=_receipts)
def test_codes_never_collide_across_offline_desks_and_days(tmp_path_factory, seeded_template, desks, receipts):
    folder = tmp_path_factory.mktemp("desks")
    opened = []
    for n, (unit, desk_no) in enumerate(desks):
        path = folder / f"{n}.sqlite3"
        path.write_bytes(seeded_template.read_bytes())
        clock = Clock(datetime(2026, 3, 9, 9, 0))
        desk = Desk.open(path, now=clock)
        desk.configure(unit_code=unit, desk_no=desk_no)
        opened.append((desk, clock))
    codes = []
    try:
        for day_offset, which in receipts:
            desk, clock = opened[which % len(opened)]
            clock.set(datetime(2026, 3, 9, 9, 0) + timedelta(days=day_offset))  # may go back a day
            codes.append(desk.dossiers.receive(request(), "c").dossier.code)
    finally:
        for desk, _ in opened:
            desk.close()
    assert len(codes) == len(set(codes))
    assert all(OFFICIAL.match(code) for code in codes)
