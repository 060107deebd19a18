"""What the console shows of the messages: per point and day, how many waited, went and failed, the SMS
segments they took and what they cost at the city's rates; and the latest failures, for support."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Connection, select

from desk_app.domain.payloads import Channel
from sync.server import tables
from sync.server.notify import outbox
from sync.server.notify.templates import sms_segments


@dataclass
class DayCount:
    unit_code: str
    day: str
    queued: int = 0
    sent: int = 0
    failed: int = 0
    segments: int = 0  # SMS segments of the messages sent (what an SMS provider bills)
    zalo: int = 0  # Zalo template messages sent
    cost_vnd: int = 0


@dataclass
class Failure:
    unit_code: str
    code: str
    kind: str
    channel: str
    attempts: int
    error: str
    created_at: str

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label


@dataclass
class Report:
    days: list[DayCount] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def totals(self) -> DayCount:
        total = DayCount("", "")
        for day in self.days:
            for name in ("queued", "sent", "failed", "segments", "zalo", "cost_vnd"):
                setattr(total, name, getattr(total, name) + getattr(day, name))
        return total


def report(conn: Connection, since: datetime, unit: str | None, sms_cost_vnd: int, zalo_cost_vnd: int) -> Report:
    """Messages queued since `since` (Hanoi time), for one point or all."""
    o, d = tables.notify_outbox, tables.dossiers
    query = (select(o.c.unit_code, o.c.created_at, o.c.state, o.c.channel, o.c.body, o.c.kind, o.c.attempts,
                    o.c.last_error, d.c.code)
             .join(d, d.c.id == o.c.dossier_id, isouter=True)
             .where(o.c.created_at >= since.replace(microsecond=0).isoformat()))
    if unit:
        query = query.where(o.c.unit_code == unit)
    counts: dict[tuple[str, str], DayCount] = {}
    failures: list[Failure] = []
    for r in conn.execute(query.order_by(o.c.created_at)):
        day = counts.setdefault((r.unit_code, r.created_at[:10]), DayCount(r.unit_code, r.created_at[:10]))
        _count(day, r.state, r.channel, r.body, sms_cost_vnd, zalo_cost_vnd)
        if r.state == outbox.FAILED:
            failures.append(Failure(r.unit_code, r.code or "", r.kind, r.channel, r.attempts, r.last_error,
                                    r.created_at))
    ordered = sorted(counts.values(), key=lambda c: (c.day, c.unit_code), reverse=True)
    return Report(ordered, failures[-50:][::-1])


def _count(day: DayCount, state: str, channel: str, body: str, sms_cost: int, zalo_cost: int) -> None:
    if state == outbox.SENT:
        day.sent += 1
        if channel == "sms":
            parts = sms_segments(body)
            day.segments += parts
            day.cost_vnd += parts * sms_cost
        else:
            day.zalo += 1
            day.cost_vnd += zalo_cost
    elif state == outbox.FAILED:
        day.failed += 1
    else:
        day.queued += 1


def since_days(now: datetime, days: int) -> datetime:
    return (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)

