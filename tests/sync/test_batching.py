"""Batches that travel at the same time never share a dossier, so no step can overtake its dossier."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sync.batching import disjoint_batches, wire_bytes
from sync.protocol import WireEvent


def _event(n: int, dossier: int) -> WireEvent:
    return WireEvent(event_id=f"e{n}", dossier_id=f"d{dossier}", kind="received", payload={}, actor="a",
                     desk_id="x", hlc=f"{n:013d}-0000-x", wall_time="2026-03-10T09:30:00", content_hash="0" * 64)


@given(dossiers=st.lists(st.integers(0, 6), max_size=40), size=st.integers(1, 12))
def test_batches_share_no_dossier_keep_order_and_respect_the_size(dossiers, size):
    events = [_event(n, d) for n, d in enumerate(dossiers)]
    batches = disjoint_batches(events, size)
    seen = [{e.dossier_id for e in batch} for batch in batches]
    assert len(batches) <= 2 and all(0 < len(batch) <= size for batch in batches)
    assert not (len(seen) == 2 and seen[0] & seen[1])
    for batch in batches:
        for dossier in {e.dossier_id for e in batch}:
            mine = [e for e in events if e.dossier_id == dossier]
            assert [e for e in batch if e.dossier_id == dossier] == mine[: len([e for e in batch
                                                                                if e.dossier_id == dossier])]
    if events:
        assert batches, "something is always sent while events wait"


@given(weights=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3000)), max_size=30),
       max_bytes=st.integers(3500, 12_000))
def test_batches_are_bounded_in_bytes_too(weights, max_bytes):
    """A batch the server cannot take would stop the queue (F17): its events' JSON stays under the cap."""
    events = [_event(n, d).model_copy(update={"payload": {"x": "y" * w}}) for n, (d, w) in enumerate(weights)]
    batches = disjoint_batches(events, 400, lanes=4, max_bytes=max_bytes)
    assert all(sum(wire_bytes(e) for e in batch) <= max_bytes for batch in batches)
    if events:
        assert batches, "something is always sent while events wait"
