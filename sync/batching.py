"""Forming push batches that can travel at the same time.

On the island link a round trip costs 0.6 s and a dropped connection costs the bytes in flight, so
small batches waste round trips and big ones waste bytes. Two batches in flight on two connections
hide the round trip of each behind the upload of the other. That is safe only if they share no
dossier: a step must never reach the server before the dossier's 'received' event.
"""

from __future__ import annotations

from sync.protocol import WireEvent


def disjoint_batches(events: list[WireEvent], size: int, lanes: int = 2) -> list[list[WireEvent]]:
    """Up to `lanes` batches of at most `size` events (taken in outbox order) that share no dossier;
    each dossier's events stay together and in order. What does not fit waits for the next exchange."""
    groups: dict[str, list[WireEvent]] = {}
    for event in events:
        groups.setdefault(event.dossier_id, []).append(event)
    batches: list[list[WireEvent]] = [[] for _ in range(lanes)]
    for group in groups.values():
        target = next((batch for batch in batches if len(batch) + len(group) <= size), None)
        if target is not None:
            target.extend(group)
        elif not batches[0]:  # one dossier with more unsent events than a batch: send its oldest ones
            batches[0].extend(group[:size])
    return [batch for batch in batches if batch]
