"""Issue 13's batched ingest: a push's rows are written a table at a time (one upsert for the tallies, one
UPDATE for many dossiers, a new dossier folded from the batch instead of read back). A tricky batch stored in
one push must leave exactly the state the same events leave pushed one at a time, and that state must agree
with what the log says (fingerprints, report tallies), on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.domain.model import EventKind
from sync.protocol import WireEvent, checksum_digest, event_hash
from sync.server import devices, ingest, projection, tables, tallies
from sync.server.db import CityDB
from tests.conftest import request
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import open_desk, wire_events

WILL = "2.001019"  # a procedure with a fee (50.000 đồng): its dossiers carry payment events
VOLATILE = {"received_at", "updated_at", "device_id", "id"}  # when and by which device row, not what


def _signed(event: dict, **changes) -> dict:
    changed = {**event, **changes}
    return {**changed, "content_hash": event_hash(WireEvent.model_validate(changed))}


def _forged_copy(event: dict, **payload) -> dict:
    """Another dossier under the same printed code (a second device of the point squatting on it)."""
    return _signed(event, event_id=str(uuid.uuid4()), dossier_id=str(uuid.uuid4()),
                   payload={**event["payload"], **payload})


def _scenario(desk) -> tuple[list[dict], list[dict], list[dict]]:
    """(stored before, first batch, second batch) of one point's events."""
    desk.dossiers.receive(request(name="Đỗ Văn Hưng"), "clerk")  # its code is held when the batches come
    before = wire_events(desk)
    paid = desk.dossiers.receive(request(WILL, name="Nguyễn Văn An"), "clerk").dossier.code
    desk.pay(paid, "cash", "clerk")
    desk.dossiers.apply(paid, EventKind.RESULT_READY, {}, "clerk")
    refused = desk.dossiers.receive(request(WILL, name="Trần Thị Bình"), "clerk").dossier.code
    desk.pay(refused, "transfer", "clerk", reference="FT1")
    desk.dossiers.apply(refused, EventKind.REFUSED, {"reason": "Thiếu giấy tờ"}, "clerk")
    new = [e for e in wire_events(desk) if e["event_id"] not in {b["event_id"] for b in before}]
    [paid_received] = [e for e in new if e["kind"] == EventKind.RECEIVED and e["payload"]["code"] == paid]
    [step] = [e for e in new if e["kind"] == EventKind.RESULT_READY]
    first = [*new[:3],
             new[0],  # the same event twice in one batch: stored once, then a duplicate
             _forged_copy(paid_received, lookup_key="squat-1"),  # a code taken earlier in this very batch
             _forged_copy(before[0], lookup_key="squat-2"),  # a code held by a stored dossier
             _signed(step, actor="someone-else"),  # the same id with other content: quarantined
             *new[3:]]
    desk.refund(refused, "clerk", "Hồ sơ bị từ chối")
    desk.dossiers.apply(paid, EventKind.RETURNED, {"receiver_name": "Nguyễn Văn An"}, "clerk")
    seen = {e["event_id"] for e in before + new}
    later = [e for e in wire_events(desk) if e["event_id"] not in seen]
    return before, first, [*later, *new[1:3]]  # steps on stored dossiers, with duplicates of the first batch


def _database(backend: str, tmp_path: Path, name: str, request_) -> CityDB:
    if backend == "sqlite":
        return CityDB.open(str(tmp_path / f"{name}.sqlite3"), migrate=True)
    return CityDB.open(request_.getfixturevalue("postgres").migrated_database(), migrate=True)


def _push(db: CityDB, pusher: devices.Device, events: list[dict]) -> list[tuple[str, str, str]]:
    with db.write() as conn:
        results = ingest.push(conn, pusher, [WireEvent.model_validate(e) for e in events])
    return [(r.event_id, r.status, r.reason) for r in results]


def _state(db: CityDB) -> dict[str, list]:
    kept = ("events", "dossiers", "scopes", "unit_days", "report_months", "report_totals", "payments", "quarantine")
    with db.read() as conn:
        return {name: sorted(json.dumps({k: v for k, v in row._mapping.items() if k not in VOLATILE}, sort_keys=True,
                                        ensure_ascii=False)
                             for row in conn.execute(select(getattr(tables, name))))
                for name in kept}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_tricky_batch_stores_what_the_same_events_pushed_one_by_one_store(backend, seeded_template, tmp_path,
                                                                            request):
    desk = open_desk(seeded_template, tmp_path, "desk", MINH_CHAU, 1)
    before, first, second = _scenario(desk)
    worlds = {}
    for name in ("batched", "one_by_one"):
        db = _database(backend, tmp_path, name, request)
        with db.write() as conn:
            pusher = devices.Device(devices.create(conn, MINH_CHAU)[0], MINH_CHAU)
        _push(db, pusher, before)
        if name == "batched":
            results = _push(db, pusher, first) + _push(db, pusher, second)
        else:
            results = [result for event in first + second for result in _push(db, pusher, [event])]
        worlds[name] = (results, _state(db), db)
    (results, state, db), (one_results, one_state, one_db) = worlds["batched"], worlds["one_by_one"]
    try:
        assert results == one_results
        assert Counter((status, reason) for _, status, reason in results) == {
            ("stored", ""): 8, ("duplicate", ""): 3, ("quarantined", "code_taken"): 2,
            ("quarantined", "id_conflict"): 1}
        assert state == one_state
        assert len(state["payments"]) == 3  # two receipts and the refund
        _assert_agrees_with_the_log(db)
    finally:
        desk.close()
        db.close()
        one_db.close()


def _assert_agrees_with_the_log(db: CityDB) -> None:
    """The fingerprint is the XOR of the stored hashes; the report tallies are the sum of every dossier's
    contribution folded from its events afresh."""
    with db.read() as conn:
        hashes = conn.execute(select(tables.events.c.content_hash)).scalars().all()
        scope = conn.execute(select(tables.scopes.c.count, tables.scopes.c.xor)).one()
        xor = 0
        for content_hash in hashes:
            xor ^= checksum_digest(content_hash)
        assert (scope.count, scope.xor) == (len(hashes), f"{xor:016x}")
        ids = conn.execute(select(tables.dossiers.c.id)).scalars().all()
        expected: Counter = Counter()
        for events in projection.histories(conn, list(ids)).values():
            expected.update(tallies._keys(tallies.contribution(events)))
        expected = +tallies.with_margins(expected)
        m = tables.report_months
        stored = Counter({(row.unit_code, row.procedure_code, row.month, flow): row._mapping[flow]
                          for row in conn.execute(select(m)) for flow in tallies.FLOWS})
        assert +stored == expected
