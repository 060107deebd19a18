"""Events as stored rows: identity, content hash, and conversion both ways.

The content hash covers everything that makes an event what it is, so a replay of the same event is
recognised as a duplicate and the same id arriving with other content is caught (sync quarantines
it instead of overwriting).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from desk_app.domain.model import Event, EventKind
from desk_app.store.models import EventRow


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(event: Event) -> str:
    body = {
        "event_id": event.event_id,
        "dossier_id": event.dossier_id,
        "kind": str(event.kind),
        "payload": event.payload,
        "actor": event.actor,
        "desk_id": event.desk_id,
        "hlc": event.hlc,
        "wall_time": event.wall_time.isoformat(),
    }
    return hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()


def to_row(event: Event, origin: str = "local") -> EventRow:
    return EventRow(**row_values(event, origin))


def row_values(event: Event, origin: str = "local") -> dict[str, Any]:
    """The events-table columns for an event (bulk loaders insert these directly)."""
    return {
        "event_id": event.event_id,
        "dossier_id": event.dossier_id,
        "kind": str(event.kind),
        "payload": canonical_json(event.payload),
        "actor": event.actor,
        "desk_id": event.desk_id,
        "hlc": event.hlc,
        "wall_time": event.wall_time.isoformat(),
        "content_hash": content_hash(event),
        "origin": origin,
    }


def from_row(row: EventRow) -> Event:
    return Event(
        event_id=row.event_id,
        dossier_id=row.dossier_id,
        kind=EventKind(row.kind),
        payload=json.loads(row.payload),
        actor=row.actor,
        desk_id=row.desk_id,
        hlc=row.hlc,
        wall_time=datetime.fromisoformat(row.wall_time),
    )
