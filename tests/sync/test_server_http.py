"""The city server over real HTTP on 127.0.0.1, on SQLite and on PostgreSQL: enrollment, auth,
idempotent push with quarantine, bounded pulls, point isolation, protocol and clock checks."""

from __future__ import annotations

import hashlib
import threading

import requests
from sqlalchemy import select

from sync.protocol import WireEvent, event_hash
from sync.server import devices, tables
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.helpers import (
    hello,
    open_desk,
    post_exchange,
    raw_enroll,
    receive,
    refuse,
    server_count,
    wire_events,
)


def _rehash(event: dict) -> dict:
    return {**event, "content_hash": event_hash(WireEvent.model_validate(event))}


def test_enrollment_code_works_once_and_only_a_hash_of_the_token_is_kept(city):
    code = city.new_device(MINH_CHAU, "Bàn 1")
    first = requests.post(city.base_url + "/v1/enroll", json={"code": code, "desk_id": "d1"}, timeout=10)
    again = requests.post(city.base_url + "/v1/enroll", json={"code": code, "desk_id": "d2"}, timeout=10)
    assert first.status_code == 200 and first.json()["unit_code"] == MINH_CHAU
    assert again.status_code == 403 and again.json()["code"] == "bad_code"
    token = first.json()["token"]
    with city.db.read() as conn:
        row = conn.execute(select(tables.devices)).mappings().one()
    assert token not in row.values() and code not in row.values()
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()


def test_every_sync_request_needs_a_valid_token(city):
    assert post_exchange(city, "not-a-token", hello()).status_code == 401
    response = requests.post(city.base_url + "/v1/sync/exchange", json=hello(), timeout=10)
    assert response.status_code == 401


def test_a_revoked_token_stops_working_at_once(city):
    token = raw_enroll(city, MINH_CHAU)
    assert post_exchange(city, token, hello()).status_code == 200
    with city.db.write() as conn:
        device_id = conn.execute(select(tables.devices.c.id)).scalar_one()
    with city.db.write() as conn:
        devices.revoke(conn, device_id)
    assert post_exchange(city, token, hello()).status_code == 401


def test_push_stores_each_event_once_however_often_it_arrives(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 3)
    events = wire_events(desk)
    token = raw_enroll(city, MINH_CHAU)
    first = post_exchange(city, token, hello(push=events)).json()
    second = post_exchange(city, token, hello(push=events)).json()
    assert (first["stored"], first["duplicates"], first["results"]) == (3, 0, [])
    assert (second["stored"], second["duplicates"], second["results"]) == (0, 3, [])
    assert server_count(city, "events") == 3 and server_count(city, "dossiers") == 3


def test_same_id_with_other_content_is_quarantined_never_overwritten(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 1)
    [event] = wire_events(desk)
    token = raw_enroll(city, MINH_CHAU)
    post_exchange(city, token, hello(push=[event]))
    forged = _rehash({**event, "actor": "someone else"})
    answer = post_exchange(city, token, hello(push=[forged])).json()
    assert answer["results"][0] == {"event_id": event["event_id"], "status": "quarantined", "reason": "id_conflict"}
    with city.db.read() as conn:
        stored = conn.execute(select(tables.events.c.actor, tables.events.c.content_hash)).one()
        held = conn.execute(select(tables.quarantine.c.event_id, tables.quarantine.c.reason)).one()
    assert stored == ("clerk", event["content_hash"])
    assert held == (event["event_id"], "id_conflict")


def test_one_bad_event_never_blocks_the_rest_of_the_batch(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 2)
    good1, good2 = wire_events(desk)
    tampered = {**good1, "event_id": "f" * 36, "actor": "x"}  # hash no longer matches
    orphan = _rehash({**good2, "event_id": "e" * 36, "dossier_id": "d" * 36, "kind": "refused",
                      "payload": {"reason": "x"}})
    token = raw_enroll(city, MINH_CHAU)
    answer = post_exchange(city, token, hello(push=[good1, tampered, orphan, good2])).json()
    assert [(r["event_id"], r["status"], r["reason"]) for r in answer["results"]] == [
        (tampered["event_id"], "rejected", "hash_mismatch"), (orphan["event_id"], "rejected", "unknown_dossier")]
    assert answer["stored"] == 2
    assert server_count(city, "events") == 2 and server_count(city, "quarantine") == 2


def test_pull_pages_are_bounded_and_an_interrupted_pull_resumes(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 12)
    pusher, reader = raw_enroll(city, MINH_CHAU), raw_enroll(city, MINH_CHAU)
    post_exchange(city, pusher, hello(push=wire_events(desk)))
    seen, cursor, pages = [], 0, 0
    while True:
        page = post_exchange(city, reader, hello(cursor=cursor, page_limit=5)).json()
        assert len(page["events"]) <= 5
        if pages == 1:  # the answer to this page is "lost": asking again from the same cursor gives the same page
            again = post_exchange(city, reader, hello(cursor=cursor, page_limit=5)).json()
            assert again["events"] == page["events"]
        seen += [e["event_id"] for e in page["events"]]
        cursor, pages = page["cursor"], pages + 1
        if not page["has_more"]:
            break
    assert pages == 3 and sorted(seen) == sorted(e["event_id"] for e in wire_events(desk))
    assert page["checksum"]["count"] == 12


def test_a_device_cannot_write_another_points_dossiers(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 1)
    events = wire_events(desk)
    intruder = raw_enroll(city, BA_DINH)
    answer = post_exchange(city, intruder, hello(push=events))
    assert answer.status_code == 403 and answer.json()["code"] == "other_point"
    owner = raw_enroll(city, MINH_CHAU)
    post_exchange(city, owner, hello(push=events))
    refuse(desk, events[0]["dossier_id"])
    step = wire_events(desk)[-1]
    assert post_exchange(city, intruder, hello(push=[step])).status_code == 403
    assert server_count(city, "events") == 1  # nothing the intruder sent was stored
    assert server_count(city, "security_log") == 2
    assert post_exchange(city, intruder, hello()).json()["events"] == []  # and it reads nothing of them


def test_an_old_desk_gets_a_clear_message_not_corrupted_data(city):
    token = raw_enroll(city, MINH_CHAU)
    answer = post_exchange(city, token, hello(protocol=0), **{"X-Motcua-Protocol": "0"})
    assert answer.status_code == 426
    assert "cập nhật" in answer.json()["reason"]
    newer = post_exchange(city, token, hello(protocol=99), **{"X-Motcua-Protocol": "99"})
    assert newer.status_code == 426 and newer.json()["code"] == "server_too_old"


def test_a_desk_whose_clock_is_far_off_is_warned(city):
    token = raw_enroll(city, MINH_CHAU)
    on_time = post_exchange(city, token, hello()).json()
    late = post_exchange(city, token, {**hello(), "client_time_ms": hello()["client_time_ms"] - 3 * 3600_000}).json()
    assert on_time["clock_warning"] == ""
    assert "chậm" in late["clock_warning"] and late["clock_offset_ms"] > 3 * 3600_000 - 60_000


def test_concurrent_pushes_are_seen_by_a_cursor_reader_without_gaps(city, seeded_template, tmp_path):
    """Sequence numbers become visible in commit order: a reader polling during concurrent pushes
    never moves its cursor past an event that commits later (sync.md I6, F1)."""
    desks = [open_desk(seeded_template, tmp_path, f"d{i}", MINH_CHAU, i + 1) for i in range(3)]
    for i, desk in enumerate(desks):
        receive(desk, 20, start=i)
    tokens = [raw_enroll(city, MINH_CHAU) for _ in desks]
    reader = raw_enroll(city, MINH_CHAU)

    def push(desk, token):
        for event in wire_events(desk):
            post_exchange(city, token, hello(push=[event]))

    threads = [threading.Thread(target=push, args=pair) for pair in zip(desks, tokens, strict=True)]
    for thread in threads:
        thread.start()
    seen, cursor = set(), 0
    while any(t.is_alive() for t in threads) or len(seen) < 60:
        page = post_exchange(city, reader, hello(cursor=cursor)).json()
        seen |= {e["event_id"] for e in page["events"]}
        cursor = page["cursor"]
        if not any(t.is_alive() for t in threads) and not page["has_more"]:
            break
    assert len(seen) == 60
