"""The figures a one-stop centre reports (docs/reports.md), kept up to date at ingest.

Each dossier contributes a handful of monthly *flows* to its point and procedure: received in the month of
reception; resolved early / on time / late, refused or withdrawn in the month it left the office's hands;
and for every stretch of time it spent open past its due date, one "became overdue" in the month that
began and one "stopped being overdue" in the month that ended. Those flows are summed per (point,
procedure, month) in `report_months`, and over all months in `report_totals`. Any period's figures then
come from a few hundred rows, never from the dossiers: carried over at the start of a month is what was
received before it minus what was closed before it, overdue at the end of a month is the sum of the
overdue flows up to it.

A dossier's contribution is a pure function of its events (the same fold as every replica), stored with
its row; when a push changes a dossier's history, the difference between the old contribution and the new
one is applied, so a late step, a conflict or a duplicate never counts twice.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from desk_app.domain.lifecycle import fold, ordered, received
from desk_app.domain.model import Event, Status
from sync.server import tables
from sync.server.clock import HANOI
from sync.server.db import insert_rows

OPEN = frozenset({Status.RECEIVED, Status.TRANSFERRED, Status.DELAYED})  # running against the due date
CLOSED = {Status.RESULT_READY: "", Status.RETURNED: "", Status.REFUSED: "refused", Status.STOPPED: "withdrawn"}
RESOLVED = ("early", "on_time", "late")
OUTCOMES = (*RESOLVED, "refused", "withdrawn")
FLOWS = ("received", *OUTCOMES, "overdue_in", "overdue_out")

Key = tuple[str, str, str, str]  # unit, procedure, month (YYYY-MM), flow
ALL = "*"  # the unit or procedure of a margin row: (point, ALL), (ALL, procedure) and (ALL, ALL) are kept too


def _local(moment: datetime) -> datetime:
    """Desk times are naive Hanoi time; an aware one (a city step) is converted to it."""
    return moment.astimezone(HANOI).replace(tzinfo=None) if moment.tzinfo else moment


def contribution(events: Sequence[Event]) -> dict[str, Any]:
    """What one dossier adds to the tallies: {"u": unit, "p": procedure, "c": [[flow, month], ...]}."""
    seq = ordered(events)
    first = received(seq[0])
    moments = [_local(first.received_at)]
    for event in seq[1:]:  # HLC order; a desk clock that went back never makes time run backwards here
        moments.append(max(moments[-1], _local(event.wall_time)))
    states = [fold(seq[: i + 1]) for i in range(len(seq))]
    flows: list[list[str]] = [["received", _month(moments[0])]]
    outcome = _outcome(states, moments)
    if outcome is not None:
        flows.append([outcome[0], _month(outcome[1])])
    for start, end in overdue_spans(states, moments):
        flows.append(["overdue_in", _month(start)])
        if end is not None:
            flows.append(["overdue_out", _month(end)])
    return {"u": first.receiving_unit, "p": first.procedure_code, "c": flows}


def _month(moment: datetime) -> str:
    return moment.strftime("%Y-%m")


def _outcome(states: Sequence[Any], moments: Sequence[datetime]) -> tuple[str, datetime] | None:
    """How and when the dossier left the office's hands: the first step into a closed status. Resolved
    (result ready) is late when after the due date or when the date was ever put back (a delay means the
    first promise was missed: Decree 118/2025, as Decree 61/2018 Art. 19 before it); early when on a day
    before the due date's day; on time otherwise."""
    delayed = False
    for state, moment in zip(states, moments, strict=True):
        delayed = delayed or state.status == Status.DELAYED
        if state.status not in CLOSED:
            continue
        kind = CLOSED[state.status]
        if kind:
            return kind, moment
        due = _local(state.due_at)
        if delayed or moment > due:
            return "late", moment
        return ("early" if moment.date() < due.date() else "on_time"), moment
    return None


def overdue_spans(states: Sequence[Any], moments: Sequence[datetime]) -> list[tuple[datetime, datetime | None]]:
    """The stretches of time the dossier was open past its due date ([start, end), end None: still is).
    State i holds from moment i to moment i+1; waiting for a supplement pauses the clock (not open)."""
    spans: list[tuple[datetime, datetime | None]] = []
    for i, state in enumerate(states):
        if state.status not in OPEN:
            continue
        until = moments[i + 1] if i + 1 < len(moments) else None
        start = max(_local(state.due_at), moments[i])
        if until is not None and start >= until:
            continue
        if spans and spans[-1][1] == start:  # still overdue across a step that kept it open (a transfer)
            start = spans.pop()[0]
        spans.append((start, until))
    return spans


def _keys(share: dict[str, Any] | None) -> Counter[Key]:
    if not share:
        return Counter()
    return Counter((share["u"], share["p"], month, flow) for flow, month in share["c"])


def apply(conn: Connection, changes: Iterable[tuple[str | None, dict[str, Any]]]) -> None:
    """Apply (old stored contribution as JSON or None, new contribution) pairs to the tallies."""
    delta: Counter[Key] = Counter()
    for old, new in changes:
        delta.update(_keys(new))
        delta.subtract(_keys(json.loads(old) if old else None))
    delta = with_margins(delta)
    months: dict[tuple[str, str, str], dict[str, int]] = {}
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for (unit, procedure, month, flow), n in delta.items():
        if n:
            row = months.setdefault((unit, procedure, month), dict.fromkeys(FLOWS, 0))
            row[flow] += n
            total = totals.setdefault((unit, procedure), dict.fromkeys(FLOWS, 0))
            total[flow] += n
    bump_many(conn, tables.report_months, [{"unit_code": unit, "procedure_code": procedure, "month": month,
                                             **counts} for (unit, procedure, month), counts in sorted(months.items())])
    bump_many(conn, tables.report_totals, [{"unit_code": unit, "procedure_code": procedure, **counts}
                                           for (unit, procedure), counts in sorted(totals.items())])


def with_margins(counts: Counter[Key]) -> Counter[Key]:
    """The counts with their margins added: per point over all procedures, per procedure over all points, and
    the city's whole, so a report of all points reads a few hundred rows, not one per point and procedure."""
    out: Counter[Key] = Counter()
    for (unit, procedure, month, flow), n in counts.items():
        for u, p in ((unit, procedure), (unit, ALL), (ALL, procedure), (ALL, ALL)):
            out[(u, p, month, flow)] += n
    return out


def bump_many(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Add each row's counts to the row of the same key, creating it: one upsert for all of them, in key order
    so two pushes lock shared rows in the same order. Concurrent pushes never race on the insert."""
    insert_rows(conn, table, rows, add_on_conflict=True)


def dumps(share: dict[str, Any]) -> str:
    return json.dumps(share, ensure_ascii=False, separators=(",", ":"))
