"""Whether, how and where the applicant wants to be told about a dossier: read from its events.

The "received" event carries the consent given at intake; later "consent_changed" events give or
withdraw it. Taken in the one order every replica uses, so the desk and the city agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from desk_app.domain import payloads
from desk_app.domain.lifecycle import ordered
from desk_app.domain.model import Event, EventKind


def consent_of(events: Iterable[Event]) -> payloads.Consent | None:
    """The consent in force after these events, or None (never given, or withdrawn)."""
    current: payloads.Consent | None = None
    for event in ordered(events):
        try:
            data = event.data
        except payloads.InvalidPayload:  # an unreadable step changes nothing (it is a conflict elsewhere)
            continue
        if isinstance(data, payloads.Received):
            current = data.notify
        elif isinstance(data, payloads.ConsentChanged):
            current = data.consent if data.given else None
    return current


def is_consent_step(kind: EventKind | str) -> bool:
    return kind == EventKind.CONSENT_CHANGED
