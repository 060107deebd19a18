"""The hand-over steps of a dossier, for the control sheet, each judged against the due date in force.

A delay moves the due date only for the steps after it: a step finished late before the apology was
issued stays late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desk_app.domain.model import Dossier, Event, EventKind
from desk_app.printing.events import ordered, parse_time


class Timing(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


@dataclass(frozen=True)
class Handover:
    giver: str
    receiver: str
    at: datetime
    due_at: datetime
    note: str = ""
    to_applicant: bool = False  # the receiver is the person collecting the result

    @property
    def timing(self) -> Timing:
        """Late after the due moment; on time on the due day itself; early on any day before."""
        if self.at > self.due_at:
            return Timing.LATE
        return Timing.ON_TIME if self.at.date() == self.due_at.date() else Timing.EARLY


def initial_due(dossier: Dossier) -> datetime:
    """The first appointment: the old date of the earliest delay, else the dossier's own due date."""
    delays = [e for e in ordered(dossier) if e.kind == EventKind.DELAYED]
    if delays:
        return parse_time(delays[0].payload.get("old_due_at"), "old_due_at")
    return dossier.due.due_at


def handovers(dossier: Dossier, section: str) -> list[Handover]:
    walker = _Walker(dossier, section)
    events = ordered(dossier)
    if not any(e.kind == EventKind.RECEIVED for e in events):
        walker.received(dossier.received_at)
    for event in events:
        walker.step(event)
    return walker.steps


class _Walker:
    def __init__(self, dossier: Dossier, section: str) -> None:
        self.section, self.authority = section, dossier.authority
        self.holder, self.due = section, initial_due(dossier)
        self.steps: list[Handover] = []

    def hand(self, receiver: str, at: datetime, note: str = "", to_applicant: bool = False) -> None:
        self.steps.append(Handover(self.holder, receiver, at, self.due, note, to_applicant))
        self.holder = receiver

    def received(self, at: datetime) -> None:
        self.hand(self.authority, at)

    def step(self, event: Event) -> None:
        payload, kind = event.payload, event.kind
        if kind == EventKind.RECEIVED:
            self.received(event.wall_time)
        elif kind == EventKind.TRANSFERRED:
            self.hand(payload.get("to_authority", ""), event.wall_time, payload.get("note", ""))
        elif kind == EventKind.DELAYED:
            self.due = parse_time(payload.get("new_due_at"), "new_due_at")
        elif kind == EventKind.RESULT_READY:
            self.hand(self.section, event.wall_time, payload.get("note", ""))
        elif kind == EventKind.RETURNED:
            at = parse_time(payload.get("returned_at", event.wall_time.isoformat()), "returned_at")
            self.hand(payload.get("receiver_name", ""), at, to_applicant=True)
