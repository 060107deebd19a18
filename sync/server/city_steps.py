"""Steps the city itself records on a point's dossier: the competent authority's back office (received
from the point, result ready, refused by the authority) and review decisions that accept a held event's
content. Each is an ordinary event, pushed through the same ingest as a desk's (checked, sequenced,
projected, messages queued) so it reaches the point's desks at their next sync; nothing stored is edited.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import Connection, func, select

from desk_app.domain.errors import DeskError
from desk_app.domain.hlc import HybridClock
from desk_app.domain.lifecycle import check_transition, fold
from desk_app.domain.model import EventKind
from desk_app.domain.payloads import check_new
from sync.protocol import WireEvent, event_hash
from sync.server import ingest, projection, tables
from sync.server.clock import hanoi_now
from sync.server.devices import CITY_UNIT, Device
from sync.server.ingest import StoredHook

BACK_OFFICE_DESK = "city-back-office"  # the desk id the back office's steps carry
BACK_OFFICE_KINDS = (EventKind.AUTHORITY_RECEIVED, EventKind.RESULT_READY, EventKind.REFUSED)


class StepRefused(ValueError):
    """The step cannot be recorded; the message is Vietnamese, for the officer."""


def with_hash(fields: dict[str, Any]) -> WireEvent:
    return WireEvent(**fields, content_hash=event_hash(WireEvent(**fields, content_hash="0" * 64)))


def _stamp(conn: Connection, dossier_id: str, node: str) -> str:
    latest = conn.execute(select(func.max(tables.events.c.hlc)).where(tables.events.c.dossier_id == dossier_id)
                          ).scalar()
    clock = HybridClock(node)
    if latest:
        clock.observe(latest)  # after every step the desks wrote, whatever their clocks said
    return clock.tick()


def record(conn: Connection, dossier_id: str, kind: EventKind, payload: dict[str, Any], actor: str,
           on_stored: StoredHook | None = None) -> WireEvent:
    """Check the step against the dossier's status and payload rules, then store it as the city's event."""
    history = projection.histories(conn, [dossier_id]).get(dossier_id)
    if not history:
        raise StepRefused("Không có hồ sơ này ở thành phố.")
    try:
        check_transition(fold(history).status, kind)
        check_new(kind, payload)
    except DeskError as exc:
        raise StepRefused(exc.vi) from None
    event = with_hash({"event_id": str(uuid.uuid4()), "dossier_id": dossier_id, "kind": str(kind),
                       "payload": payload, "actor": actor[:100], "desk_id": BACK_OFFICE_DESK,
                       "hlc": _stamp(conn, dossier_id, BACK_OFFICE_DESK),
                       "wall_time": hanoi_now().replace(microsecond=0).isoformat()})
    result = ingest.push(conn, Device("city", CITY_UNIT), [event], on_stored)[0]
    if result.status != "stored":
        raise StepRefused(f"Thành phố không nhận bước này ({result.reason or result.status}).")
    return event


def accept_held(conn: Connection, body: str, unit_code: str, on_stored: StoredHook | None = None) -> WireEvent:
    """A held event's content stored as a new event (new id; the clerk's actor, desk and clock kept), as
    if its point had sent it: the same checks as any push. StepRefused says why it cannot be taken."""
    original = WireEvent.model_validate_json(body)
    fields = original.model_dump(exclude={"content_hash"})
    fields["event_id"] = str(uuid.uuid4())
    event = with_hash(fields)
    try:
        result = ingest.push(conn, Device("review", unit_code), [event], on_stored)[0]
    except ingest.Forbidden:
        raise StepRefused("Sự kiện thuộc hồ sơ của điểm khác với máy đã gửi nó; không thể chấp nhận.") from None
    if result.status != "stored":
        raise StepRefused(f"Nội dung này vẫn không được nhận: {result.reason or result.status}.")
    return event


def event_rows(conn: Connection, dossier_id: str) -> list[dict[str, Any]]:
    """The dossier's accepted events in the one order every replica folds them, payloads read."""
    e = tables.events
    rows = conn.execute(select(e).where(e.c.dossier_id == dossier_id)).mappings().all()
    ordered = sorted(rows, key=lambda r: (r["kind"] != EventKind.RECEIVED, r["hlc"], r["event_id"]))
    return [{**r, "payload": json.loads(r["payload"])} for r in ordered]
