"""The hand-over steps of a dossier, for the control sheet, each judged against the due date in force.

A delay moves the due date only for the steps after it: a step finished late before the apology was
issued stays late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desk_app.domain.model import Dossier, Event, EventKind
from desk_app.domain.payloads import (
    Delayed,
    ResultReady,
    Returned,
    SupplementReceived,
    SupplementRequested,
    Transferred,
)
from desk_app.printing.events import data_of, ordered


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
    to_applicant: bool = False  # the receiver is the applicant (collecting the result, or completing it)
    from_applicant: bool = False  # the applicant hands it in again (a supplement)

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
        return data_of(delays[0], Delayed).old_due_at
    return dossier.due.due_at


def handovers(dossier: Dossier, section: str, notes: dict[str, str] | None = None) -> list[Handover]:
    """The hand-overs in order. A supplement round is two: the dossier back to the applicant to complete
    (`notes["supplement_out"]`), and in again when the papers come (`notes["supplement_in"]`), from when
    the processing time restarts."""
    walker = _Walker(dossier, section, notes or {})
    events = ordered(dossier)
    if not any(e.kind == EventKind.RECEIVED for e in events):
        walker.received(dossier.received_at)
    for event in events:
        walker.step(event)
    return walker.steps


class _Walker:
    def __init__(self, dossier: Dossier, section: str, notes: dict[str, str]) -> None:
        self.section, self.authority, self.notes = section, dossier.authority, notes
        self.applicant = dossier.applicant.full_name
        self.holder, self.due = section, initial_due(dossier)
        self.steps: list[Handover] = []

    def hand(self, receiver: str, at: datetime, note: str = "", to_applicant: bool = False) -> None:
        from_applicant = bool(self.steps) and self.steps[-1].to_applicant and self.holder == self.applicant
        self.steps.append(Handover(self.holder, receiver, at, self.due, note, to_applicant, from_applicant))
        self.holder = receiver

    def received(self, at: datetime) -> None:
        self.hand(self.authority, at)

    def step(self, event: Event) -> None:
        kind = event.kind
        if kind == EventKind.RECEIVED:
            self.received(event.wall_time)
        elif kind == EventKind.TRANSFERRED:
            transfer = data_of(event, Transferred)
            receiver = transfer.to_authority + (f" ({transfer.handed_to})" if transfer.handed_to else "")
            self.hand(receiver, event.wall_time, transfer.note or "")
        elif kind == EventKind.SUPPLEMENT_REQUESTED:
            items = "; ".join(item.item for item in data_of(event, SupplementRequested).items)
            note = " ".join(p for p in (self.notes.get("supplement_out", ""), items) if p)
            self.hand(self.applicant, event.wall_time, note, to_applicant=True)
        elif kind == EventKind.SUPPLEMENT_RECEIVED:
            received = data_of(event, SupplementReceived)
            if received.new_due_at:
                self.due = received.new_due_at  # the processing time restarts
            self.hand(self.authority, event.wall_time, self.notes.get("supplement_in", ""))
        elif kind == EventKind.DELAYED:
            self.due = data_of(event, Delayed).new_due_at
        elif kind == EventKind.RESULT_READY:
            self.hand(self.section, event.wall_time, data_of(event, ResultReady).note or "")
        elif kind == EventKind.RETURNED:
            returned = data_of(event, Returned)
            self.hand(returned.receiver_name, returned.returned_at, self._return_note(returned), to_applicant=True)

    def _return_note(self, returned: Returned) -> str:
        """Who collected, as the desk recorded it: their personal ID, and whether on the applicant's behalf."""
        parts = []
        if returned.receiver_personal_id and self.notes.get("return_id"):
            parts.append(self.notes["return_id"].format(id=returned.receiver_personal_id))
        if returned.for_applicant and self.notes.get("return_for_applicant"):
            parts.append(self.notes["return_for_applicant"])
        return "; ".join(parts)
