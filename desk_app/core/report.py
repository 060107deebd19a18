"""The supervisor's report: how the dossiers received in a period stand, in total, per procedure, per
clerk and per day. Pure: it reads `Dossier` values (with their history) and a moment, nothing else.

Every dossier of the period falls in exactly one outcome, so the figures add up to `received`:
- resolved (``returned``): the result is ready or handed over. It is on time when the result was
  ready (or, lacking that event, handed over) at or before the due date, and was never delayed: a
  delay (xin lỗi, hẹn lại) means the first promise was missed, so it counts as late whatever the new
  date (Decree 61/2018 Art. 19 treats it as an overdue dossier);
- overdue: still open (received, transferred, delayed) and past its due date, as the list's
  "Quá hạn" view counts it;
- in progress: still open and not past due, or waiting for a supplement (the clock is paused);
- closed: refused or stopped, neither on time nor late.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from enum import StrEnum

from desk_app.domain.fee_ledger import ledger
from desk_app.domain.lifecycle import ordered
from desk_app.domain.model import Dossier, EventKind, Status
from desk_app.domain.payloads import Returned

OPEN = frozenset({Status.RECEIVED, Status.TRANSFERRED, Status.DELAYED})
RESOLVED = frozenset({Status.RESULT_READY, Status.RETURNED})


class Outcome(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    RESOLVED_UNDATED = "resolved_undated"  # resolved but no history to tell when (a list without events)
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


@dataclass(frozen=True)
class Figures:
    received: int = 0
    returned: int = 0  # resolved: result ready or handed over
    on_time: int = 0
    late: int = 0
    overdue: int = 0  # still open past the due date
    in_progress: int = 0
    closed: int = 0  # refused or stopped
    # Fees (issue 11): what the dossiers' standing receipts hold (net of cancellations and refunds), and how
    # many dossiers with a fee, still being handled, have no receipt.
    fee_paid_vnd: int = 0
    unpaid: int = 0
    digitised: int = 0  # every required paper scanned (issue 12); counted when the report is given a test

    @property
    def digitisation_rate(self) -> float | None:
        """Dossiers with every required paper scanned over dossiers received (None: none received)."""
        return self.digitised / self.received if self.received else None

    @property
    def on_time_rate(self) -> float | None:
        """The share resolved on time among those resolved with a known date (None: none yet)."""
        dated = self.on_time + self.late
        return self.on_time / dated if dated else None


@dataclass(frozen=True)
class Row:
    key: str  # procedure code or clerk's username
    label: str  # procedure name or the clerk's username (the UI may show a full name)
    figures: Figures


@dataclass(frozen=True)
class Day:
    day: date
    received: int
    on_time: int  # resolved that day, on time
    late: int  # resolved that day, late


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    totals: Figures
    by_procedure: tuple[Row, ...]
    by_clerk: tuple[Row, ...]
    days: tuple[Day, ...]


def month_bounds(day: date) -> tuple[date, date]:
    """First and last day of the month holding `day`."""
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def resolved_at(dossier: Dossier) -> datetime | None:
    """When the office finished: the result-ready event, else the hand-over time; None without history."""
    returned = None
    for event in ordered(dossier.history):
        if event.kind == EventKind.RESULT_READY:
            return event.wall_time
        if event.kind == EventKind.RETURNED and returned is None:
            data = event.data
            returned = data.returned_at if isinstance(data, Returned) else event.wall_time
    return returned


def was_delayed(dossier: Dossier) -> bool:
    return any(event.kind == EventKind.DELAYED for event in dossier.history)


def outcome(dossier: Dossier, now: datetime) -> Outcome:
    if dossier.status in RESOLVED:
        done = resolved_at(dossier)
        if done is None:
            return Outcome.RESOLVED_UNDATED
        late = done > dossier.due.due_at or was_delayed(dossier)
        return Outcome.LATE if late else Outcome.ON_TIME
    if dossier.status in OPEN and now > dossier.due.due_at:
        return Outcome.OVERDUE
    if dossier.status in (Status.REFUSED, Status.STOPPED):
        return Outcome.CLOSED
    return Outcome.IN_PROGRESS


_COUNTED: dict[Outcome, tuple[str, ...]] = {
    Outcome.ON_TIME: ("returned", "on_time"),
    Outcome.LATE: ("returned", "late"),
    Outcome.RESOLVED_UNDATED: ("returned",),
    Outcome.OVERDUE: ("overdue",),
    Outcome.IN_PROGRESS: ("in_progress",),
    Outcome.CLOSED: ("closed",),
}


class _Tally:
    """Mutable counts while walking the dossiers; frozen into `Figures` at the end."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys((f.name for f in fields(Figures)), 0)

    def add(self, result: Outcome, fee: tuple[int, int] = (0, 0), digitised: bool = False) -> None:
        self.counts["received"] += 1
        for name in _COUNTED[result]:
            self.counts[name] += 1
        self.counts["fee_paid_vnd"] += fee[0]
        self.counts["unpaid"] += fee[1]
        self.counts["digitised"] += digitised

    def freeze(self) -> Figures:
        return Figures(**self.counts)


def build_report(dossiers: Iterable[Dossier], start: date, end: date, now: datetime,
                 digitised: Callable[[Dossier], bool] | None = None) -> Report:
    """Figures for the dossiers received from `start` to `end` inclusive (others are ignored); `digitised`
    tells whether a dossier has every required paper scanned (the desk's ScanService.digitised)."""
    totals = _Tally()
    procedures: dict[str, tuple[str, _Tally]] = {}
    clerks: dict[str, _Tally] = {}
    days = {start + timedelta(days=n): [0, 0, 0] for n in range((end - start).days + 1)}
    for dossier in dossiers:
        if not start <= dossier.received_at.date() <= end:
            continue
        result, fee = outcome(dossier, now), fee_figures(dossier)
        scanned = bool(digitised and digitised(dossier))
        totals.add(result, fee, scanned)
        procedures.setdefault(dossier.procedure_code, (dossier.procedure_name, _Tally()))[1].add(result, fee, scanned)
        clerks.setdefault(dossier.received_by, _Tally()).add(result, fee, scanned)
        _count_days(days, dossier, result)
    return Report(
        start, end, totals.freeze(),
        by_procedure=tuple(sorted((Row(code, name, t.freeze()) for code, (name, t) in procedures.items()),
                                  key=lambda r: (-r.figures.received, r.key))),
        by_clerk=tuple(Row(user, user, t.freeze()) for user, t in sorted(clerks.items())),
        days=tuple(Day(day, *counts) for day, counts in days.items()),
    )


def fee_figures(dossier: Dossier) -> tuple[int, int]:
    """(amount its standing receipt holds, 1 if a fee is due with no receipt while it is still handled)."""
    live = ledger(list(dossier.history)).live
    if live is not None:
        return live.data.amount_vnd, 0
    return 0, int(dossier.fee_vnd > 0 and dossier.status not in (Status.REFUSED, Status.STOPPED))


def _count_days(days: dict[date, list[int]], dossier: Dossier, result: Outcome) -> None:
    days[dossier.received_at.date()][0] += 1
    if result in (Outcome.ON_TIME, Outcome.LATE):
        done = resolved_at(dossier)
        if done is not None and done.date() in days:
            days[done.date()][1 if result == Outcome.ON_TIME else 2] += 1
