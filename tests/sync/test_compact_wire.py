"""The compact exchange (issue 13, sync/wire.py): what the server can derive stays home, the rest travels as
CBOR columns in a zstd frame with the shipped dictionary. An old desk's plain JSON still syncs, a body the
server cannot read whole is refused with nothing stored, and a desk whose dictionary or events the server
cannot match sends plain JSON instead."""

from __future__ import annotations

import types
import uuid

import pytest
import requests
import zstandard
from sqlalchemy import select, text

from desk_app.core import replica
from desk_app.domain.ids import dossier_id_for, event_id_for
from desk_app.domain.model import EventKind
from sync import transport as transport_module
from sync import wire
from sync.protocol import ExchangeRequest, WireEvent, fields_hash
from sync.server import tables
from sync.transport import Transport
from tests.sync.conftest import MINH_CHAU
from tests.sync.faultproxy import FaultProxy
from tests.sync.helpers import assert_converged, enroll, open_desk, raw_enroll, receive, result_ready, server_count


def _backlog(desk, n: int) -> list[str]:
    codes = receive(desk, n)
    for code in codes[::2]:
        result_ready(desk, code)
    return codes


def _compact_post(city, token: str, body: bytes, **headers: str) -> requests.Response:
    sent = {"Authorization": f"Bearer {token}", "Content-Type": wire.MEDIA_TYPE, "Content-Encoding": "zstd",
            "X-Motcua-Protocol": "1", **headers}
    return requests.post(city.base_url + "/v1/sync/exchange", data=body, headers=sent, timeout=30)


def _request(desk) -> ExchangeRequest:
    with desk.store.read() as session:
        push = [WireEvent.model_validate(replica.wire_dict(row)) for row in replica.unsent(session, 1000)]
    return ExchangeRequest(protocol=1, client_time_ms=0, push=push)


def test_a_backlog_travels_compact_at_a_fifth_of_the_bytes_and_arrives_whole(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    _backlog(desk, 60)
    proxy = FaultProxy(city.port)
    client = enroll(desk, city, MINH_CHAU)
    client = type(client)(desk.store, Transport(proxy.url, client.state().token))
    report = client.sync_once()
    proxy.close()
    assert report.sent == 90 and client.transport().fallbacks == 0
    # Plain JSON sent ~500 B a dossier (ids, hashes, desk id twice, key names in every event).
    assert proxy.bytes["up"] / 60 < 150
    with city.db.read() as conn:
        stored = dict(conn.execute(select(tables.events.c.event_id, tables.events.c.content_hash)).tuples().all())
    with desk.store.read() as session:
        mine = dict(session.execute(text("SELECT event_id, content_hash FROM events")).tuples().all())
    assert stored == mine  # every event, with the very hash the desk computed
    other = open_desk(seeded_template, tmp_path, "b", MINH_CHAU, 2)
    enroll(other, city, MINH_CHAU).sync_once()  # the pull comes compact too, hashes computed at the desk
    assert_converged(city, MINH_CHAU, [desk, other])
    desk.close()
    other.close()


def test_an_old_format_desk_still_syncs_beside_a_compact_one(city, seeded_template, tmp_path):
    old = open_desk(seeded_template, tmp_path, "old", MINH_CHAU, 1)
    new = open_desk(seeded_template, tmp_path, "new", MINH_CHAU, 2)
    _backlog(old, 6)
    _backlog(new, 6)
    old_client, new_client = enroll(old, city, MINH_CHAU), enroll(new, city, MINH_CHAU)
    old_client.transport().compact = False  # a desk from before the compact wire: JSON and gzip only
    for _ in range(2):
        old_client.sync_once()
        new_client.sync_once()
    assert new_client.transport().compact and new_client.transport().fallbacks == 0
    assert server_count(city, "events") == 18
    assert_converged(city, MINH_CHAU, [old, new])
    old.close()
    new.close()


def test_a_tampered_compressed_body_is_refused_with_400_and_stores_nothing(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 3)
    token = raw_enroll(city, MINH_CHAU)
    body = bytearray(wire.compress(wire.encode_request(_request(desk))))
    body[len(body) // 2] ^= 0x20
    answer = _compact_post(city, token, bytes(body))
    assert answer.status_code == 400 and answer.json()["code"] == "bad_zstd"
    assert "hỏng" in answer.json()["reason"]
    cut = wire.compress(wire.encode_request(_request(desk)))[:-5]
    assert _compact_post(city, token, cut).status_code == 400
    junk = wire.compress(b"\xff\x00 not cbor at all")
    answer = _compact_post(city, token, junk)
    assert answer.status_code == 400 and answer.json()["code"] == "bad_compact"
    assert server_count(city, "events") == 0 and server_count(city, "quarantine") == 0
    # The same events, whole, are taken.
    answer = _compact_post(city, token, wire.compress(wire.encode_request(_request(desk))))
    assert answer.status_code == 200 and answer.headers["Content-Type"] == wire.ANSWER_TYPE
    assert server_count(city, "events") == 3
    desk.close()


def test_a_dictionary_the_server_lacks_makes_the_desk_send_plain_json(city, seeded_template, tmp_path, monkeypatch):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    _backlog(desk, 4)
    samples = [wire.dumps({"n": i, "name": f"Nguyễn Văn {i}", "code": f"09661-2603{i:05d}"}) for i in range(2000)]
    foreign = zstandard.train_dictionary(4096, samples, dict_id=99_999)

    def compress(raw: bytes, dict_id: int | None = None) -> bytes:  # a desk one dictionary ahead of its server
        return zstandard.ZstdCompressor(dict_data=foreign, write_checksum=True).compress(raw)

    answer = _compact_post(city, raw_enroll(city, MINH_CHAU), compress(wire.encode_request(_request(desk))))
    assert answer.status_code == 415 and answer.json()["code"] == "unknown_dictionary"
    monkeypatch.setattr(transport_module, "wire", types.SimpleNamespace(**{**vars(wire), "compress": compress}))
    client = enroll(desk, city, MINH_CHAU)
    report = client.sync_once()
    assert report.sent == 6 and client.transport().fallbacks == 1 and not client.transport().compact
    assert server_count(city, "events") == 6
    desk.close()


def test_a_batch_the_server_rebuilds_otherwise_goes_again_as_json_and_each_event_is_checked(
        city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 3)
    with desk.store.write() as session:  # one event's stored hash no longer matches its fields
        victim = session.execute(text("SELECT event_id FROM events ORDER BY seq LIMIT 1")).scalar_one()
        session.execute(text("UPDATE events SET content_hash = :h WHERE event_id = :id"),
                        {"h": "0" * 64, "id": victim})
    client = enroll(desk, city, MINH_CHAU)
    report = client.sync_once()
    assert client.transport().fallbacks == 1 and client.transport().compact  # JSON for that batch only
    assert report.parked == 1 and server_count(city, "events") == 2
    with city.db.read() as conn:
        reason = conn.execute(select(tables.quarantine.c.reason)).scalar_one()
    assert reason == "hash_mismatch"
    desk.close()


def test_new_events_take_ids_derived_from_their_stamp_and_old_ones_keep_theirs(seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    [code] = receive(desk, 1)
    result_ready(desk, code)
    events = _request(desk).model_dump()["push"]
    received, step = events
    assert received["event_id"] == event_id_for(received["hlc"])
    assert received["dossier_id"] == dossier_id_for(received["hlc"]) == step["dossier_id"]
    assert step["event_id"] == event_id_for(step["hlc"])
    doc = wire.encode_events(events)
    assert doc["i"] == [None, None] and doc["d"] == [None, 1]  # neither id travels; the step points back
    old = {**step, "event_id": str(uuid.uuid4()), "dossier_id": str(uuid.uuid4())}  # saved before derived ids
    back = wire.decode_events(wire.loads(wire.dumps(wire.encode_events([received, old]))))
    assert [fields_hash(e) for e in back] == [fields_hash(received), fields_hash(old)]
    desk.close()


IRREGULAR = [
    {"event_id": "not-a-uuid", "dossier_id": "D-1", "kind": str(EventKind.RECEIVED),
     "payload": {"a/b": 1, "x": {}, "n": {"deep": {"er": [1, 2.5, None, True, "ư"]}}, "": "blank"},
     "actor": "canbo1", "desk_id": "desk-1", "hlc": "1796598783887-0003-other-node",
     "wall_time": "2026-03-10T07:56:14.250000"},
    {"event_id": str(uuid.uuid4()).upper(), "dossier_id": "D-1", "kind": "result_ready", "payload": {},
     "actor": "giamsat", "desk_id": "desk-2", "hlc": "0000000000001-9999-desk-2",
     "wall_time": "2026-03-10T07:56:14+07:00"},
    {"event_id": str(uuid.uuid4()), "dossier_id": str(uuid.uuid4()), "kind": "returned",
     "payload": {"receiver_name": "Trần Thị Bình", "n": {"deep": 1}}, "actor": "clerk", "desk_id": "desk-1",
     "hlc": "1796598783000-0000-desk-1", "wall_time": "1969-12-31T23:59:59"},
]


def test_irregular_events_travel_exactly():
    back = wire.decode_events(wire.loads(wire.dumps(wire.encode_events(IRREGULAR, extra=()))))
    assert back == IRREGULAR


@pytest.mark.parametrize("doc", [
    None, [], {"k": [0]}, {**wire.encode_events(IRREGULAR), "k": [0, 0]},
    {**wire.encode_events(IRREGULAR), "d": [None, 5, None]},
    {**wire.encode_events(IRREGULAR), "s": [0, -1, 0]},
    {**wire.encode_events(IRREGULAR), "p": {**wire.encode_events(IRREGULAR)["p"], "received": {"x": [b"b"]}}},
    {**wire.encode_events(IRREGULAR), "t": [1, 2**70, 3]},
    {**wire.encode_events(IRREGULAR), "w": [1.5, 0, 0]},
])
def test_malformed_columns_are_a_wire_error_and_nothing_else(doc):
    with pytest.raises(wire.WireError):
        wire.decode_events(doc)


def test_a_deferred_exchange_is_answered_503_before_its_body_is_read(city, tmp_path):
    """Admission control comes first: in a herd, decoding pushes only to defer them was the server's work."""
    token = raw_enroll(city, MINH_CHAU)
    slots = city.uvicorn.config.app.state.exchange_slots
    held = 0
    while slots.acquire(blocking=False):  # every slot taken by other desks' exchanges
        held += 1
    try:
        answer = _compact_post(city, token, b"\x28\xb5\x2f\xfd not even a whole frame")
        assert answer.status_code == 503 and answer.json()["code"] == "busy" and "Retry-After" in answer.headers
    finally:
        for _ in range(held):
            slots.release()
    assert _compact_post(city, token, b"\x28\xb5\x2f\xfd not even a whole frame").status_code == 400
