"""Fees at the city (issue 11): payment events, as they are accepted, become the lines of their desk's
collection sheet (the same `domain.fee_ledger.sheet_lines` the desk prints), so the console sums each point's
collection per day to the đồng the desks' sheets show. An event is accepted once, so its lines are too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select

from desk_app.domain.fee_ledger import PAYMENT_KINDS, day_of, sheet_lines
from desk_app.domain.model import Event
from desk_app.domain.payloads import InvalidPayload
from sync.server import tables
from sync.server.db import insert_rows


def project(conn: Connection, accepted: Iterable[tuple[Event, str]]) -> None:
    """Insert the sheet lines of the accepted payment events ((event, unit) pairs)."""
    rows = [row for event, unit in accepted if event.kind in PAYMENT_KINDS for row in _rows(event, unit)]
    insert_rows(conn, tables.payments, rows)


def _rows(event: Event, unit: str) -> list[dict[str, Any]]:
    try:
        day = day_of(event)
        lines = sheet_lines(event, "", "")
    except InvalidPayload:  # kept in the log as a conflict on the dossier; nothing to count
        return []
    return [{"event_id": event.event_id, "line": n, "unit_code": unit, "dossier_id": event.dossier_id,
             "desk_id": event.desk_id, "actor": event.actor, "day": day.isoformat() if day else "",
             "kind": line.kind, "receipt": line.receipt, "method": str(line.method), "fee_name": line.fee_name,
             "amount_vnd": line.amount_vnd} for n, line in enumerate(lines)]


def collections(conn: Connection, start: str, end: str, unit: str | None = None) -> list[dict[str, Any]]:
    """Per point and day from `start` to `end` (ISO days): receipts issued, net amount, and by method."""
    p = tables.payments
    query = (select(p.c.unit_code, p.c.day, p.c.method, p.c.kind, func.count(), func.sum(p.c.amount_vnd))
             .where(p.c.day >= start, p.c.day <= end).group_by(p.c.unit_code, p.c.day, p.c.method, p.c.kind))
    if unit:
        query = query.where(p.c.unit_code == unit)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for unit_code, day, method, kind, count, amount in conn.execute(query):
        row = found.setdefault((unit_code, day), {"unit_code": unit_code, "day": day, "receipts": 0,
                                                  "total_vnd": 0, "cash": 0, "transfer": 0, "exempt": 0,
                                                  "cancelled": 0})
        row["total_vnd"] += int(amount or 0)
        row[method] = row.get(method, 0) + int(amount or 0)
        if kind == "receipt":
            row["receipts"] += int(count)
        else:
            row["cancelled"] += int(count)
    return [found[key] for key in sorted(found, key=lambda k: (k[1], k[0]), reverse=True)]

