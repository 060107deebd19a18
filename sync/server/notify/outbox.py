"""The outbox: one row per dossier step that the applicant agreed to hear about.

Rows are inserted in the push's own transaction, keyed by the step's event id: a step that arrives
twice is already there, so it can never make a second message. The sender moves a row from queued
to sending (with a lease, so a killed sender's row is picked up again) to sent or, after the last
retry, failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from desk_app.domain.consent import consent_of
from desk_app.domain.lifecycle import ordered, received
from desk_app.domain.model import Event
from sync.server import tables
from sync.server.notify import templates as wording

QUEUED, SENDING, SENT, FAILED = "queued", "sending", "sent", "failed"
STEP_DATE = {"delayed": "new_due_at", "returned": "returned_at"}  # the date each message names


@dataclass(frozen=True)
class Message:
    event_id: str
    channel: str
    phone: str
    body: str
    attempts: int


def enqueue(conn: Connection, steps: Sequence[Event], histories: dict[str, list[Event]], unit_names: dict[str, str],
            templates: wording.TemplateSet, lookup_url: str, now: datetime) -> int:
    """Queue a message for each step that has one, where the applicant agreed; returns how many."""
    known = _already_queued(conn, [step.event_id for step in steps])
    rows = []
    for step in steps:
        if step.kind not in wording.STEPS or step.event_id in known:
            continue
        history = histories.get(step.dossier_id, [])
        consent = consent_of(history)
        if consent is None or not history:
            continue
        first = received(ordered(history)[0])
        values = {"unit": unit_names.get(first.receiving_unit, "Bo phan mot cua"), "code": first.code,
                  "date": _step_date(step, first.due_at), "link": f"{lookup_url}?ma={first.code}&k={first.lookup_key}"}
        rendered = wording.render(templates, consent.channel, step.kind, values)
        rows.append({"event_id": step.event_id, "dossier_id": step.dossier_id, "unit_code": first.receiving_unit,
                     "kind": str(step.kind), "channel": str(consent.channel), "phone": consent.phone,
                     "body": rendered.body, "state": QUEUED, "attempts": 0, "next_attempt_at": _iso(now),
                     "lease_until": None, "last_error": "", "created_at": _iso(now), "sent_at": None,
                     "gateway_ref": ""})
    if rows:
        conn.execute(insert(tables.notify_outbox), rows)
    return len(rows)


def remember_consent(conn: Connection, histories: dict[str, list[Event]]) -> None:
    """Keep each dossier's consent in force (or none) where a reply from its number can find it."""
    c = tables.notify_consent
    ids = list(histories)
    conn.execute(delete(c).where(c.c.dossier_id.in_(ids)))
    rows = [{"dossier_id": dossier_id, "channel": str(consent.channel), "phone": consent.phone}
            for dossier_id, events in histories.items() if (consent := consent_of(events)) is not None]
    if rows:
        conn.execute(insert(c), rows)


def forget_consent(conn: Connection, _event_ids: Sequence[str], histories: dict[str, list[Event]]) -> None:
    """After the city records withdrawals itself (a reply): the consent rows follow the events."""
    remember_consent(conn, histories)


def consenting(conn: Connection, phone: str) -> list[str]:
    """The dossiers whose applicant agreed to messages at this number."""
    c = tables.notify_consent
    return list(conn.execute(select(c.c.dossier_id).where(c.c.phone == phone)).scalars())


def _already_queued(conn: Connection, ids: list[str]) -> set[str]:
    o = tables.notify_outbox
    return set(conn.execute(select(o.c.event_id).where(o.c.event_id.in_(ids))).scalars())


def _step_date(step: Event, due_at: datetime) -> str:
    raw = step.payload.get(STEP_DATE.get(str(step.kind), ""), "")
    when = datetime.fromisoformat(raw) if raw else (step.wall_time if str(step.kind) != "supplement_requested"
                                                     else due_at)
    return when.strftime("%d/%m/%Y")


def claim(conn: Connection, now: datetime, lease: timedelta) -> Message | None:
    """The next due message, now marked as being sent until the lease ends (None when nothing is due)."""
    o = tables.notify_outbox
    due = or_(and_(o.c.state == QUEUED, o.c.next_attempt_at <= _iso(now)),
              and_(o.c.state == SENDING, o.c.lease_until < _precise(now)))  # its sender died mid-send
    row = conn.execute(select(o.c.event_id, o.c.channel, o.c.phone, o.c.body, o.c.attempts).where(due)
                       .order_by(o.c.next_attempt_at).limit(1)).first()
    if row is None:
        return None
    taken = conn.execute(update(o).where(o.c.event_id == row.event_id, due)
                         .values(state=SENDING, lease_until=_precise(now + lease), attempts=o.c.attempts + 1))
    if taken.rowcount != 1:  # another sender took it first
        return None
    return Message(row.event_id, row.channel, row.phone, row.body, row.attempts + 1)


def defer(conn: Connection, event_id: str, until: datetime) -> None:
    """Not now (quiet hours, the number's limit): back to the queue, the attempt not counted."""
    o = tables.notify_outbox
    conn.execute(update(o).where(o.c.event_id == event_id)
                 .values(state=QUEUED, lease_until=None, next_attempt_at=_iso(until), attempts=o.c.attempts - 1))


def mark_sent(conn: Connection, event_id: str, now: datetime, gateway_ref: str) -> None:
    o = tables.notify_outbox
    conn.execute(update(o).where(o.c.event_id == event_id)
                 .values(state=SENT, sent_at=_iso(now), lease_until=None, gateway_ref=gateway_ref[:200]))


def mark_failed(conn: Connection, event_id: str, error: str, retry_at: datetime | None) -> None:
    """A failed attempt: queued again for `retry_at`, or failed for good when there is none."""
    o = tables.notify_outbox
    values = {"state": QUEUED, "next_attempt_at": _iso(retry_at)} if retry_at else {"state": FAILED}
    conn.execute(update(o).where(o.c.event_id == event_id).values(lease_until=None, last_error=error[:2000], **values))


def sent_since(conn: Connection, phone: str, since: datetime) -> list[str]:
    """When messages to this number were sent since `since` (oldest first), for its rate limit."""
    o = tables.notify_outbox
    rows = conn.execute(select(o.c.sent_at).where(o.c.phone == phone, o.c.state == SENT, o.c.sent_at >= _iso(since))
                        .order_by(o.c.sent_at))
    return [r for r in rows.scalars() if r]


def counts(conn: Connection) -> dict[str, int]:
    o = tables.notify_outbox
    return dict(conn.execute(select(o.c.state, func.count()).group_by(o.c.state)).tuples().all())


def of_dossier(conn: Connection, dossier_id: str) -> list[dict[str, object]]:
    o = tables.notify_outbox
    rows = conn.execute(select(o.c.event_id, o.c.kind, o.c.channel, o.c.state, o.c.attempts, o.c.created_at,
                               o.c.sent_at, o.c.last_error).where(o.c.dossier_id == dossier_id)
                        .order_by(o.c.created_at))
    return [dict(r._mapping) for r in rows]


def _iso(moment: datetime) -> str:
    """Naive local time (Hanoi), to the second: what quiet hours and the desks mean by a time."""
    return moment.replace(microsecond=0, tzinfo=None).isoformat()


def _precise(moment: datetime) -> str:
    """To the millisecond, for leases: a lease of a second must not end early or late by truncation."""
    return moment.replace(tzinfo=None).isoformat(timespec="milliseconds")
