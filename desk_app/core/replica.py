"""The desk's side of sync, as store operations: what to send, marking what the server acknowledged,
and applying what it sent back. Every function runs inside the caller's transaction, so the client
commits an acknowledgement together with the page it pulled and the new cursor (sync.md I3, I5).

Merging is the union of events: a remote event is inserted once (by event id) and the dossier row
is rebuilt from all its events with the same fold every replica uses. The same id with other
content is put in quarantine, never over the event we hold.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.core import reference
from desk_app.core.events import canonical_json, from_row
from desk_app.core.handbook import published as handbook
from desk_app.core.projection import project
from desk_app.core.settings import get_values, load_clock, load_settings, save_clock, set_value
from desk_app.domain.catalogue import definition_from_json
from desk_app.domain.lifecycle import ordered
from desk_app.domain.model import EventKind
from desk_app.store.device_token import DeviceToken
from desk_app.store.models import DossierRow, EventRow, PublishedWordingRow

_PREFIX = "sync."
STATE_KEYS = ("server_url", "token", "device_id", "unit_code", "cursor", "epoch", "reference_version",
              "last_success", "last_error", "clock_offset_ms", "clock_warning", "handed_over")


@dataclass(frozen=True)
class SyncState:
    server_url: str = ""
    token: str = ""
    device_id: str = ""
    unit_code: str = ""
    cursor: int = 0
    epoch: str = ""
    reference_version: int = 0
    last_success: str = ""
    last_error: str = ""
    clock_offset_ms: int = 0
    clock_warning: str = ""
    handed_over: str = ""  # "device:seq": unsent events up to seq are held at the city for that revoked device

    @property
    def enrolled(self) -> bool:
        return bool(self.server_url and self.token)


def load_state(session: Session) -> SyncState:
    stored = get_values(session, [_PREFIX + key for key in STATE_KEYS])  # one query: the bar reads it often
    raw = {key: stored.get(_PREFIX + key, "") for key in STATE_KEYS}
    raw["token"] = _token(session).get()
    ints = ("cursor", "reference_version", "clock_offset_ms")
    values: dict[str, Any] = {k: (int(v or 0) if k in ints else v) for k, v in raw.items()}
    return SyncState(**values)


def save_state(session: Session, **values: Any) -> None:
    for key, value in values.items():
        if key not in STATE_KEYS:
            raise KeyError(key)
        if key == "token":
            _token(session).set(str(value))  # never in the database (desk_app.store.device_token)
        else:
            set_value(session, _PREFIX + key, str(value))


def _token(session: Session) -> DeviceToken:
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    return DeviceToken(str(engine.url.database))


# --- push -----------------------------------------------------------------------------------------


def unsent(session: Session, limit: int, after_seq: int = 0) -> list[EventRow]:
    """Events the server has not acknowledged, oldest first (a dossier's 'received' comes first)."""
    query = (select(EventRow).where(EventRow.pushed_at.is_(None), EventRow.seq > after_seq)
             .order_by(EventRow.seq).limit(limit))
    return list(session.scalars(query))


def unsent_heads(session: Session, limit: int, after_seq: int = 0) -> list[tuple[str, str]]:
    """(event id, dossier id) of unsent events, oldest first: cheap enough to plan batches far ahead."""
    query = (select(EventRow.event_id, EventRow.dossier_id)
             .where(EventRow.pushed_at.is_(None), EventRow.seq > after_seq).order_by(EventRow.seq).limit(limit))
    return list(session.execute(query).tuples().all())


def unsent_by_id(session: Session, event_ids: Sequence[str]) -> list[EventRow]:
    """These events, oldest first."""
    rows: list[EventRow] = []
    for start in range(0, len(event_ids), 500):
        rows += session.scalars(select(EventRow).where(EventRow.event_id.in_(event_ids[start:start + 500])))
    return sorted(rows, key=lambda row: row.seq)


def last_unsent_seq(session: Session) -> int:
    return session.scalar(select(func.max(EventRow.seq)).where(EventRow.pushed_at.is_(None))) or 0


def unsent_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(EventRow).where(EventRow.pushed_at.is_(None))) or 0


def wire_dict(row: EventRow) -> dict[str, Any]:
    return {"event_id": row.event_id, "dossier_id": row.dossier_id, "kind": row.kind,
            "payload": json.loads(row.payload), "actor": row.actor, "desk_id": row.desk_id, "hlc": row.hlc,
            "wall_time": row.wall_time, "content_hash": row.content_hash}


def received_stamps(session: Session, dossier_ids: Iterable[str]) -> dict[str, str]:
    """Each dossier's "received" stamp: the compact wire names a step's dossier by it (sync/wire.py)."""
    ids = list(set(dossier_ids))
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        query = select(EventRow.dossier_id, EventRow.hlc).where(EventRow.dossier_id.in_(ids[start:start + 500]),
                                                                EventRow.kind == EventKind.RECEIVED.value)
        found.update(session.execute(query).tuples().all())
    return found


def mark_pushed(session: Session, event_ids: Iterable[str], at: str) -> None:
    ids = list(event_ids)
    for start in range(0, len(ids), 500):
        session.execute(update(EventRow).where(EventRow.event_id.in_(ids[start:start + 500])).values(pushed_at=at))


def acknowledged(session: Session, event_ids: Iterable[str]) -> set[str]:
    """Those of these events the server took (pushed and not parked)."""
    ids, found = list(event_ids), set()
    parked = set(session.scalars(text("SELECT event_id FROM sync_quarantine WHERE side = 'parked'")))
    for start in range(0, len(ids), 500):
        found |= set(session.scalars(select(EventRow.event_id).where(
            EventRow.event_id.in_(ids[start:start + 500]), EventRow.pushed_at.is_not(None))))
    return found - parked


def park(session: Session, event_id: str, reason: str, at: str) -> None:
    """The server refused this event for good: keep it, stop sending it, show it to a supervisor."""
    row = session.scalars(select(EventRow).where(EventRow.event_id == event_id)).first()
    if row is None:
        return
    row.pushed_at = at
    _quarantine(session, event_id, "parked", reason, row.content_hash, wire_dict(row), at)


def _quarantine(session: Session, event_id: str, side: str, reason: str, content_hash: str, body: dict,
                at: str) -> None:
    session.execute(text(
        "INSERT OR IGNORE INTO sync_quarantine (event_id, side, reason, content_hash, body, at) "
        "VALUES (:event_id, :side, :reason, :hash, :body, :at)"),
        {"event_id": event_id, "side": side, "reason": reason, "hash": content_hash,
         "body": json.dumps(body, ensure_ascii=False, sort_keys=True), "at": at})


def quarantined(session: Session) -> list[dict[str, str]]:
    rows = session.execute(text("SELECT event_id, side, reason, at FROM sync_quarantine ORDER BY id"))
    return [dict(row._mapping) for row in rows]


@dataclass(frozen=True)
class Held:
    """An event held back for a supervisor: refused by the server, or too large to send ('parked'), or a
    remote one this desk could not take ('remote')."""

    event_id: str
    side: str
    reason: str
    at: str
    kind: str
    dossier_id: str
    code: str  # the dossier's printed code, when this desk holds the dossier or the event carries it


def held(session: Session) -> list[Held]:
    rows = session.execute(text("SELECT event_id, side, reason, at, body FROM sync_quarantine ORDER BY id"))
    out = []
    for row in rows:
        body = json.loads(row.body or "{}")
        dossier_id = str(body.get("dossier_id", ""))
        code = session.scalar(select(DossierRow.code).where(DossierRow.id == dossier_id)) if dossier_id else None
        payload = body.get("payload") if isinstance(body.get("payload"), dict) else {}
        out.append(Held(row.event_id, row.side, row.reason, row.at, str(body.get("kind", "")), dossier_id,
                        code or str(payload.get("code", ""))))
    return out


# --- pull -----------------------------------------------------------------------------------------


@dataclass
class Ingested:
    new: int = 0
    duplicates: int = 0
    quarantined: int = 0
    dossiers: set[str] = field(default_factory=set)


def ingest(session: Session, events: Sequence[dict[str, Any]], at: str) -> Ingested:
    """Insert remote events once each, rebuild the dossiers they touch, move the clock past them."""
    report = Ingested()
    held = _held_hashes(session, [e["event_id"] for e in events])
    fresh: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        known = held.get(event["event_id"])
        if known is None:
            held[event["event_id"]] = event["content_hash"]
            fresh[event["dossier_id"]].append(event)
        elif known == event["content_hash"]:
            report.duplicates += 1
        else:
            _quarantine(session, event["event_id"], "remote", "id_conflict", event["content_hash"], event, at)
            report.quarantined += 1
    for dossier_id, batch in fresh.items():
        _apply_dossier(session, dossier_id, batch, at, report)
    observe_clock(session, [e["hlc"] for batch in fresh.values() for e in batch])
    return report


def _held_hashes(session: Session, ids: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        query = select(EventRow.event_id, EventRow.content_hash).where(EventRow.event_id.in_(ids[start:start + 500]))
        found.update(session.execute(query).tuples().all())
    return found


def _apply_dossier(session: Session, dossier_id: str, batch: list[dict], at: str, report: Ingested) -> None:
    """One dossier in a savepoint: a dossier this desk cannot build is quarantined, the page goes on."""
    rows = [_event_row(event, at) for event in batch]
    try:
        with session.begin_nested():
            dossier = session.scalars(select(DossierRow).where(DossierRow.id == dossier_id)).first()
            history = [from_row(r) for r in session.scalars(select(EventRow).where(EventRow.dossier_id == dossier_id))]
            all_events = ordered([*history, *(from_row(r) for r in rows)])
            if dossier is None:
                dossier = project(all_events)
                session.add(dossier)
                session.flush()
            else:
                project(all_events, dossier)
            session.add_all(rows)
            session.flush()
    except (IntegrityError, ValueError, KeyError, TypeError) as exc:
        reason = "code_clash" if isinstance(exc, IntegrityError) else f"cannot_apply: {type(exc).__name__}"
        for event in batch:
            _quarantine(session, event["event_id"], "remote", reason, event["content_hash"], event, at)
        report.quarantined += len(batch)
        return
    report.new += len(batch)
    report.dossiers.add(dossier_id)


def _event_row(event: dict[str, Any], at: str) -> EventRow:
    return EventRow(**remote_row_values(event), pushed_at=at)


def remote_row_values(event: dict[str, Any]) -> dict[str, Any]:
    """The events-table columns (but pushed_at) for an event pulled from the city, as plain values (a bulk
    load inserts these). Built from the wire fields as sent, so the stored hash is the one every replica
    agrees on."""
    return {"event_id": event["event_id"], "dossier_id": event["dossier_id"], "kind": EventKind(event["kind"]).value,
            "payload": canonical_json(event["payload"]), "actor": event["actor"], "desk_id": event["desk_id"],
            "hlc": event["hlc"], "wall_time": event["wall_time"], "content_hash": event["content_hash"],
            "origin": "remote"}


def observe_clock(session: Session, stamps: list[str]) -> None:
    """Move this desk's clock past these stamps (a bulk load observes only its newest: core/snapshot.py)."""
    if not stamps:
        return
    clock = load_clock(session, load_settings(session).desk_id)
    for stamp in stamps:
        try:
            clock.observe(stamp)
        except ValueError:
            continue
    save_clock(session, clock)


# --- divergence and restore ---------------------------------------------------------------------------


def fingerprint_hashes(session: Session) -> list[str]:
    """Content hashes of what this desk holds of the server's scope: acknowledged and pulled events
    (not parked ones: the server refused them), plus remote events held in quarantine."""
    rows = session.execute(text(
        "SELECT content_hash FROM events WHERE pushed_at IS NOT NULL AND event_id NOT IN "
        "(SELECT event_id FROM sync_quarantine WHERE side = 'parked') "
        "UNION ALL SELECT content_hash FROM sync_quarantine WHERE side = 'remote'"))
    return [row[0] for row in rows]


def start_new_epoch(session: Session, epoch: str) -> int:
    """The server was restored from an older backup: resend everything it may lack, pull from 0."""
    result = session.execute(text(
        "UPDATE events SET pushed_at = NULL WHERE event_id NOT IN "
        "(SELECT event_id FROM sync_quarantine WHERE side = 'parked')"))
    save_state(session, epoch=epoch, cursor=0)
    return int(result.rowcount)  # type: ignore[attr-defined]  # a DML CursorResult, typed as Result


# --- status -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    """What the status bar, the CLI and the background loop show: the sync state, what is waiting to
    go, and (when asked for: it scans the dossiers) what a supervisor must review."""

    state: SyncState
    pending: int
    conflicts: int | None = None
    held: int | None = None


def overview(session: Session, *, review: bool = True) -> Overview:
    state, pending = load_state(session), unsent_count(session)
    if not review:
        return Overview(state, pending)
    return Overview(state, pending, conflicts_to_review(session), quarantine_count(session))



def conflicts_to_review(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(DossierRow).where(DossierRow.conflicts > 0)) or 0


def dossier_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(DossierRow)) or 0


def quarantine_count(session: Session) -> int:
    return session.execute(text("SELECT COUNT(*) FROM sync_quarantine")).scalar_one()


# --- reference data -------------------------------------------------------------------------------------


def apply_reference(session: Session, bundle: dict[str, Any]) -> None:
    """Install a published reference version; definitions are per version, so old ones stay."""
    for definition_json in bundle["procedures"]:
        reference.store_definition(session, definition_from_json(definition_json))
    for unit in bundle["units"]:
        reference.store_unit(session, unit)
    if bundle["holidays"]:
        rows = [(date.fromisoformat(day), kind, name) for day, kind, name in bundle["holidays"]]
        reference.replace_holidays(session, rows)
    for text_ in bundle.get("wording", []):
        head = json.loads(text_)  # the server checked each file; printing checks again before use
        if isinstance(head, dict) and isinstance(head.get("set"), str) and isinstance(head.get("version"), int):
            session.merge(PublishedWordingRow(set_name=head["set"], version=head["version"], body=text_))
    handbook.apply_published(session, bundle.get("handbook", []))  # the server checked; a bad one is skipped
    save_state(session, reference_version=bundle["version"])


def now_iso() -> str:
    return datetime.now().isoformat(timespec="seconds")
