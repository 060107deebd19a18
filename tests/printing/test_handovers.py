"""Early / on time / late per hand-over, against the due date in force at that step."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from desk_app.printing.handovers import Handover, Timing, handovers, initial_due

DUE = datetime(2026, 3, 10, 8, 30)


def test_timing_compares_the_step_with_the_due_moment():
    assert Handover("a", "b", datetime(2026, 3, 9, 16, 0), DUE).timing == Timing.EARLY
    assert Handover("a", "b", datetime(2026, 3, 10, 8, 0), DUE).timing == Timing.ON_TIME
    assert Handover("a", "b", datetime(2026, 3, 10, 8, 31), DUE).timing == Timing.LATE


def test_steps_follow_the_dossier_from_desk_to_authority_and_back(dossier):
    steps = handovers(dossier, "Bộ phận")
    assert [(s.giver, s.receiver) for s in steps] == [
        ("Bộ phận", "UBND phường Hoàn Kiếm"),
        ("UBND phường Hoàn Kiếm", "Nguyễn Văn Ẩn"),  # back to complete the papers
        ("Nguyễn Văn Ẩn", "UBND phường Hoàn Kiếm"),  # and in again
        ("UBND phường Hoàn Kiếm", "Phòng Văn hóa - Xã hội"),
        ("Phòng Văn hóa - Xã hội", "Bộ phận"),
        ("Bộ phận", "Nguyễn Văn Ẩn"),
    ]
    assert steps[-1].to_applicant and steps[1].to_applicant and steps[2].from_applicant


def test_a_delay_moves_the_due_date_only_for_later_steps(dossier):
    steps = handovers(dossier, "Bộ phận")
    assert steps[3].due_at == DUE  # transferred before the delay
    assert steps[4].due_at == datetime(2026, 3, 12, 8, 30)  # result after the delay


def test_the_first_appointment_survives_a_dossier_whose_due_was_rewritten(dossier):
    rewritten = replace(dossier, due=replace(dossier.due, due_at=datetime(2026, 3, 12, 8, 30)))
    assert initial_due(rewritten) == DUE
