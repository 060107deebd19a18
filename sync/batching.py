"""Forming push batches that can travel at the same time.

On the island link a round trip costs 0.6 s and a dropped connection costs the bytes in flight, so
small batches waste round trips and big ones waste bytes. Two batches in flight on two connections
hide the round trip of each behind the upload of the other. That is safe only if they share no
dossier: a step must never reach the server before the dossier's 'received' event.

A batch is bounded in bytes as well as in events: 400 events of the largest size a desk may save would
be far over the server's body cap, and a batch the server cannot take would stop the queue (sync.md F16).
"""

from __future__ import annotations

from sync.protocol import MAX_PUSH_BYTES, WireEvent


def wire_bytes(event: WireEvent) -> int:
    return len(event.model_dump_json().encode("utf-8"))


def disjoint_batches(events: list[WireEvent], size: int, lanes: int = 2,
                     max_bytes: int = MAX_PUSH_BYTES) -> list[list[WireEvent]]:
    """Up to `lanes` batches of at most `size` events and `max_bytes` of JSON (taken in outbox order)
    that share no dossier; each dossier's events stay together and in order. What does not fit waits
    for the next exchange. A single event is assumed to fit `max_bytes` (the desk parks any that cannot)."""
    groups: dict[str, list[tuple[WireEvent, int]]] = {}
    for event in events:
        groups.setdefault(event.dossier_id, []).append((event, wire_bytes(event)))
    batches: list[list[WireEvent]] = [[] for _ in range(lanes)]
    used = [0] * lanes
    for group in groups.values():
        weight = sum(n for _, n in group)
        lane = next((i for i, batch in enumerate(batches)
                     if len(batch) + len(group) <= size and used[i] + weight <= max_bytes), None)
        if lane is not None:
            batches[lane].extend(e for e, _ in group)
            used[lane] += weight
        elif not batches[0]:  # one dossier with more unsent events than a batch holds: send its oldest ones
            batches[0].extend(_head(group, size, max_bytes))
            used[0] = max_bytes
    return [batch for batch in batches if batch]


def _head(group: list[tuple[WireEvent, int]], size: int, max_bytes: int) -> list[WireEvent]:
    head: list[WireEvent] = []
    total = 0
    for event, n in group[:size]:
        if head and total + n > max_bytes:
            break
        head.append(event)
        total += n
    return head
