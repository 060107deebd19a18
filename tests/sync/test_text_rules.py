"""The server refuses the text the desk refuses: the same domain payload models check both (issue 17 #8)."""

from __future__ import annotations

from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import hello, open_desk, post_exchange, raw_enroll, receive, server_count, wire_events
from tests.sync.test_server_http import _rehash


def test_a_pushed_payload_with_an_escape_in_an_unknown_key_is_rejected_alone(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 2)
    first, second = wire_events(desk)
    tampered = _rehash({**first, "payload": {**first["payload"], "ghi_chu": "\x1b]8;;http://x\x07bấm"}})
    answer = post_exchange(city, raw_enroll(city, MINH_CHAU), hello(push=[tampered, second])).json()
    assert [(r["event_id"], r["status"], r["reason"]) for r in answer["results"]] == [
        (first["event_id"], "rejected", "bad_payload")]
    assert answer["stored"] == 1 and server_count(city, "events") == 1
