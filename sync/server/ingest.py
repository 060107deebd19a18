"""Push: store each event once, whatever number of times it arrives; never let one block the rest.

Per event, in the order sent: a bad hash or unknown kind is rejected, the same id with other content
is quarantined (never overwritten, sync.md F4), a known id with the same content is a duplicate, and
anything else is accepted. Rejected and quarantined events are kept in the quarantine table for a
supervisor, and the desk moves on (F6). A dossier code must be its point's (it starts with the unit
code) and unused by another dossier, or the event is quarantined: a device cannot squat on codes
another point prints, and the dossier that holds a code keeps answering its citizen (F19). The code
is checked again under the counter's lock, so two pushes of one code at once cannot both store it. Writing
to another point's dossiers is refused as a whole (403) and logged by the caller; the desk splits its
batch until that one event is alone and holds it (F18). Accepted events get sequence numbers at the very end of the
transaction, under the counter's row lock, so readers see them in commit order (F1, I6).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, union_all, update

from desk_app.domain.errors import InvalidInput
from desk_app.domain.model import Event, EventKind
from desk_app.domain.payloads import check_new, check_size, code_is_of_point
from sync.protocol import PushResult, WireEvent, event_hash
from sync.server import payments, projection, tables
from sync.server.clock import now_iso
from sync.server.db import insert_rows
from sync.server.devices import Device
from sync.server.scans import refs as scan_refs

KINDS = {str(kind) for kind in EventKind}


class Forbidden(Exception):
    """The device tried to touch data outside its point."""


@dataclass
class _Batch:
    device: Device
    known: dict[str, str]  # event_id -> content_hash, stored or accepted earlier in this batch
    units: dict[str, str]  # dossier_id -> receiving unit
    codes: dict[str, str]  # dossier code -> dossier_id, held or accepted earlier in this batch
    accepted: list[tuple[WireEvent, str]] = field(default_factory=list)
    parked: list[tuple[WireEvent, str]] = field(default_factory=list)


# Called in the push's transaction with the ids of the events just stored and their dossiers' histories.
StoredHook = Callable[[Connection, Sequence[str], dict[str, list[Event]]], object]


def push(conn: Connection, device: Device, batch: list[WireEvent], on_stored: StoredHook | None = None,
         ) -> list[PushResult]:
    state = _Batch(device, _known(conn, batch), *_dossiers(conn, batch))
    existing = set(state.units)
    results = [_classify(state, event) for event in batch]
    now = now_iso()
    if any(event.kind == EventKind.RECEIVED for event, _ in state.accepted):
        _lock_counter(conn)
        _recheck_codes(conn, state, existing, results)
    _park(conn, state, now)
    if state.accepted:
        histories = _append(conn, state, existing, now)
        if on_stored is not None:
            on_stored(conn, [e.event_id for e, _ in state.accepted], histories)
    return results


def _lock_counter(conn: Connection) -> None:
    """Take the counter's row lock now (it is held to commit anyway): whatever another push committed
    before us is visible from here on (READ COMMITTED), and nothing can commit between check and write."""
    c = tables.counters
    conn.execute(select(c.c.value).where(c.c.name == "events").with_for_update())


def _recheck_codes(conn: Connection, state: _Batch, existing: set[str], results: list[PushResult]) -> None:
    """Codes checked before the lock may have been taken since by a concurrent push of the same point: such a
    dossier's "received" is quarantined, and its steps in this batch go with it (their dossier is unknown)."""
    wanted = {str(e.payload["code"]): e.dossier_id for e, _ in state.accepted if e.kind == EventKind.RECEIVED}
    d = tables.dossiers
    held = conn.execute(select(d.c.code, d.c.id).where(d.c.code.in_(list(wanted)))).tuples().all()
    lost = {wanted[code] for code, holder in held if wanted[code] != holder}
    if not lost:
        return
    position: dict[str, int] = {}
    for i, result in enumerate(results):
        position.setdefault(result.event_id, i)  # the first time an id appears is the one accepted
    keep = []
    for event, unit in state.accepted:
        if event.dossier_id not in lost or (event.kind != EventKind.RECEIVED and event.dossier_id in existing):
            keep.append((event, unit))
            continue
        status, reason = ("quarantined", "code_taken") if event.kind == EventKind.RECEIVED else \
            ("rejected", "unknown_dossier")
        results[position[event.event_id]] = _reject(state, event, status, reason)
    state.accepted = keep


def _known(conn: Connection, batch: list[WireEvent]) -> dict[str, str]:
    ids = [event.event_id for event in batch]
    rows = conn.execute(select(tables.events.c.event_id, tables.events.c.content_hash)
                        .where(tables.events.c.event_id.in_(ids)))
    return dict(rows.tuples().all())


def _dossiers(conn: Connection, batch: list[WireEvent]) -> tuple[dict[str, str], dict[str, str]]:
    """In one query: the receiving unit of each stored dossier the batch names, and which dossier holds each
    code the batch's "received" events print."""
    ids = {event.dossier_id for event in batch}
    wanted = {str(e.payload.get("code", ""))[:80] for e in batch if e.kind == EventKind.RECEIVED}
    d = tables.dossiers
    # UNION ALL, not OR: PostgreSQL answers "id IN (..) OR code IN (..)" with a scan of every dossier.
    query = union_all(select(d.c.id, d.c.unit_code, d.c.code).where(d.c.id.in_(list(ids))),
                      select(d.c.id, d.c.unit_code, d.c.code).where(d.c.code.in_(list(wanted))))
    units: dict[str, str] = {}
    codes: dict[str, str] = {}
    for dossier_id, unit, code in conn.execute(query).tuples():
        if dossier_id in ids:
            units[dossier_id] = unit
        if code in wanted:
            codes[code] = dossier_id
    return units, codes


def _classify(state: _Batch, event: WireEvent) -> PushResult:
    _authorise(state, event)
    if event_hash(event) != event.content_hash:
        return _reject(state, event, "rejected", "hash_mismatch")
    if event.event_id in state.known:
        if state.known[event.event_id] == event.content_hash:
            return PushResult(event_id=event.event_id, status="duplicate")
        return _reject(state, event, "quarantined", "id_conflict")
    problem, unit = _check(state, event)
    if problem:
        return _reject(state, event, "rejected", problem)
    problem = _code_problem(state, event)
    if problem:
        return _reject(state, event, "quarantined", problem)
    state.units[event.dossier_id] = unit
    state.known[event.event_id] = event.content_hash
    state.accepted.append((event, unit))
    return PushResult(event_id=event.event_id, status="stored")


def _check(state: _Batch, event: WireEvent) -> tuple[str, str]:
    """(business reason to refuse this event alone or '', its scope); Forbidden for another point's data."""
    if event.kind not in KINDS:
        return "unknown_kind", ""
    if event.kind == EventKind.RECEIVED and state.device.is_city:
        return "city_cannot_receive", ""
    if _payload_invalid(event):
        return "bad_payload", ""
    unit = state.units.get(event.dossier_id)
    if unit is None and event.kind != EventKind.RECEIVED:
        return "unknown_dossier", ""
    return "", unit or str(event.payload["receiving_unit"])


def _code_problem(state: _Batch, event: WireEvent) -> str:
    """A printed code belongs to the point that issued it and to one dossier only."""
    if event.kind != EventKind.RECEIVED:
        return ""
    code = str(event.payload["code"])  # the payload was checked already
    if not code_is_of_point(code, str(event.payload["receiving_unit"])):
        return "code_of_other_point"
    holder = state.codes.setdefault(code, event.dossier_id)
    return "" if holder == event.dossier_id else "code_taken"


def _authorise(state: _Batch, event: WireEvent) -> None:
    """Before anything else (even 'duplicate'), so another point's data is never confirmed or touched."""
    unit = state.units.get(event.dossier_id)
    if unit is None and event.kind == EventKind.RECEIVED:
        unit = str(event.payload.get("receiving_unit", ""))
    if unit and unit != state.device.unit_code and not state.device.is_city:
        raise Forbidden(f"event {event.event_id} is for dossier {event.dossier_id} of point {unit}")


def _payload_invalid(event: WireEvent) -> bool:
    """Accept only what every desk can fold and project; otherwise one event would jam every replica."""
    try:
        check_new(event.kind, event.payload)
        check_size(EventKind(event.kind), event.payload)
    except InvalidInput:
        return True
    return False


def _reject(state: _Batch, event: WireEvent, status: str, reason: str) -> PushResult:
    state.parked.append((event, reason))
    return PushResult(event_id=event.event_id, status=status, reason=reason)


def _park(conn: Connection, state: _Batch, now: str) -> None:
    if state.parked:
        conn.execute(tables.quarantine.insert(), [
            {"device_id": state.device.id, "event_id": e.event_id[:64], "content_hash": e.content_hash,
             "reason": reason, "body": e.model_dump_json(), "received_at": now} for e, reason in state.parked])


def _append(conn: Connection, state: _Batch, existing: set[str], now: str) -> dict[str, list[Event]]:
    """Everything from the counter bump to commit runs under the counter's row lock: keep it short."""
    first = _reserve(conn, len(state.accepted))
    insert_rows(conn, tables.events, [_event_row(e, unit, first + i, state.device.id, now)
                                      for i, (e, unit) in enumerate(state.accepted)])
    projection.update_scopes(conn, [(unit, e.content_hash) for e, unit in state.accepted])
    scan_refs.record(conn, state.accepted)  # which dossier names which scan (issue 12)
    history = projection.refold(conn, {e.dossier_id for e, _ in state.accepted}, now, _fresh(state, existing))
    accepted = {e.event_id for e, _ in state.accepted}
    units = {e.event_id: unit for e, unit in state.accepted}
    payments.project(conn, [(event, units[event.event_id]) for events in history.values() for event in events
                            if event.event_id in accepted])  # fees (issue 11): the desks' sheet lines
    return history


def _fresh(state: _Batch, existing: set[str]) -> dict[str, list[Event]]:
    """The whole history of each dossier this push creates: its events are all in this batch."""
    fresh: dict[str, list[Event]] = {}
    for e, _unit in state.accepted:
        if e.dossier_id not in existing:
            fresh.setdefault(e.dossier_id, []).append(Event(
                e.event_id, e.dossier_id, EventKind(e.kind), e.payload, e.actor, e.desk_id, e.hlc,
                projection.when(e.wall_time)))
    return fresh


def _reserve(conn: Connection, count: int) -> int:
    """Take `count` sequence numbers; the UPDATE's row lock is held until commit."""
    end = conn.execute(update(tables.counters).where(tables.counters.c.name == "events")
                       .values(value=tables.counters.c.value + count).returning(tables.counters.c.value)).scalar_one()
    return int(end) - count + 1


def _event_row(event: WireEvent, unit: str, seq: int, device_id: str, now: str) -> dict[str, Any]:
    return {
        "seq": seq, "event_id": event.event_id, "dossier_id": event.dossier_id, "unit_code": unit,
        "kind": event.kind, "payload": json.dumps(event.payload, ensure_ascii=False, sort_keys=True),
        "actor": event.actor, "desk_id": event.desk_id, "hlc": event.hlc, "wall_time": event.wall_time,
        "content_hash": event.content_hash, "device_id": device_id, "received_at": now,
    }
