"""The desk-side store operations, without a server: order-independent merge, quarantine of a
clashing id, parking of an event the wire cannot carry, and hash agreement between both ends."""

from __future__ import annotations

import itertools

from sqlalchemy import select, text

from desk_app.core import replica
from desk_app.core.events import content_hash, from_row
from desk_app.store.models import DossierRow, EventRow
from sync.client import SyncClient
from sync.protocol import WireEvent, event_hash
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import open_desk, receive, refuse, result_ready, wire_events


def test_the_wire_hash_is_the_desks_content_hash(seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    [code] = receive(desk, 1)
    refuse(desk, code)
    with desk.store.read() as session:
        rows = list(session.scalars(select(EventRow)))
        for row in rows:
            assert event_hash(WireEvent.model_validate(replica.wire_dict(row))) == content_hash(from_row(row))


def test_events_arriving_in_any_order_give_the_same_dossier_everywhere(seeded_template, tmp_path):
    """F5: the merge is a union and the fold orders by HLC, so arrival order cannot matter."""
    source = open_desk(seeded_template, tmp_path, "src", MINH_CHAU, 1)
    [code] = receive(source, 1)
    refuse(source, code)
    other = open_desk(seeded_template, tmp_path, "other", MINH_CHAU, 2)
    events = wire_events(source)
    [first, *steps] = events
    second = open_desk(seeded_template, tmp_path, "b", MINH_CHAU, 3)
    result_ready_event = _step_from(second, first, result_ready)
    rows = []
    for i, order in enumerate(itertools.permutations([*steps, result_ready_event])):
        desk = other if i == 0 else open_desk(seeded_template, tmp_path, f"p{i}", MINH_CHAU, 4)
        with desk.store.write() as session:
            replica.ingest(session, [first], "t")
            for event in order:  # one page per event, in this order
                replica.ingest(session, [event], "t")
        with desk.store.read() as session:
            row = session.scalars(select(DossierRow)).one()
            rows.append((row.status, row.conflicts, row.due_at))
    assert len(set(rows)) == 1 and rows[0][1] == 1  # same status; the losing step is flagged


def _step_from(desk, received: dict, action) -> dict:
    """The same dossier at another desk: take its 'received' event, record a step there."""
    with desk.store.write() as session:
        replica.ingest(session, [received], "t")
    action(desk, desk.dossiers.get(received["dossier_id"]).code)
    return wire_events(desk)[-1]


def test_a_remote_event_with_a_known_id_but_other_content_is_quarantined_not_applied(seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    [code] = receive(desk, 1)
    [event] = wire_events(desk)
    forged = {**event, "actor": "mallory"}
    forged["content_hash"] = event_hash(WireEvent.model_validate(forged))
    with desk.store.write() as session:
        report = replica.ingest(session, [forged], "t")
    assert report.quarantined == 1 and report.new == 0
    with desk.store.read() as session:
        assert session.scalars(select(EventRow.actor)).one() == "clerk"
        assert replica.quarantined(session)[0]["reason"] == "id_conflict"
    assert desk.dossiers.get_by_code(code).received_by == "clerk"


def test_an_event_the_wire_cannot_carry_is_parked_and_the_rest_still_go(seeded_template, tmp_path):
    """F6 on the desk: a damaged local event is set aside for a supervisor, not retried forever."""
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 2)
    with desk.store.write() as session:
        session.execute(text("UPDATE events SET hlc = 'garbage' WHERE seq = (SELECT MIN(seq) FROM events)"))
    client = SyncClient(desk.store)
    batches = client._next_batches()
    assert sum(len(batch) for batch in batches) == 1
    with desk.store.read() as session:
        assert replica.unsent_count(session) == 1
        assert replica.quarantined(session)[0]["side"] == "parked"
