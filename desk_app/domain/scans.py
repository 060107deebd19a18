"""Which scans a dossier has now, folded from its "scan attached" / "scan removed" events (issue 12).

Pure, like the status fold: every replica (a desk, the city) gets the same list from the same events in
whatever order they arrived. A scan is one document's pages as one PDF, named by its SHA-256; a removal
takes that document's scan with that hash off the list (attaching it again later brings it back). An
event whose payload cannot be read is left out, as the status fold leaves it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from desk_app.domain.lifecycle import ordered
from desk_app.domain.model import Event, EventKind
from desk_app.domain.payloads import InvalidPayload, ScanAttached, ScanRemoved

SCAN_KINDS = frozenset({EventKind.SCAN_ATTACHED, EventKind.SCAN_REMOVED})


@dataclass(frozen=True)
class Scan:
    document: str
    sha256: str
    size: int
    pages: int
    attached_at: datetime
    attached_by: str
    event_id: str


def current_scans(events: Iterable[Event]) -> list[Scan]:
    """The scans attached and not removed, in the order they were attached."""
    scans: dict[tuple[str, str], Scan] = {}
    for event in ordered(event for event in events if event.kind in SCAN_KINDS):
        try:
            data = event.data
        except InvalidPayload:
            continue
        if isinstance(data, ScanAttached):
            key = (data.document, data.sha256)
            if key not in scans:
                scans[key] = Scan(data.document, data.sha256, data.size, data.pages, event.wall_time, event.actor,
                                  event.event_id)
        elif isinstance(data, ScanRemoved):
            scans.pop((data.document, data.sha256), None)
    return list(scans.values())


def scanned_documents(events: Iterable[Event]) -> set[str]:
    """The names of the papers that have at least one scan now."""
    return {scan.document for scan in current_scans(events)}


def referenced_hashes(payloads: Iterable[dict[str, object]]) -> set[str]:
    """The hashes named by scan events' payloads (attached or removed): what the store must keep."""
    return {str(p["sha256"]) for p in payloads if isinstance(p.get("sha256"), str)}
