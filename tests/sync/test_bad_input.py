"""Bad input to the server: each gets a 4xx with a clear reason and changes nothing; and a
schemathesis run over the published OpenAPI spec finds no 5xx."""

from __future__ import annotations

import gzip
import json

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from sync.protocol import MAX_BATCH_EVENTS, MAX_BODY_BYTES, MAX_WIRE_BYTES
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.helpers import hello, open_desk, post_exchange, raw_enroll, receive, server_count, wire_events

HEADERS = {"Content-Type": "application/json", "X-Motcua-Protocol": "1"}


@pytest.fixture
def token(city) -> str:
    return raw_enroll(city, MINH_CHAU)


def _post(city, token: str, data: bytes, **headers: str) -> requests.Response:
    return requests.post(city.base_url + "/v1/sync/exchange", data=data, timeout=30,
                         headers={**HEADERS, "Authorization": f"Bearer {token}", **headers})


def _unchanged(city) -> bool:
    return server_count(city, "events") == 0 and server_count(city, "quarantine") == 0


def test_malformed_json_is_a_422_with_the_place_it_broke(city, token):
    answer = _post(city, token, b'{"protocol": 1, "push": [')
    assert answer.status_code == 422 and answer.json()["code"] == "invalid" and _unchanged(city)


def test_wrong_types_are_a_422_naming_the_field(city, token):
    answer = post_exchange(city, token, hello(cursor="latest"))
    assert answer.status_code == 422 and "cursor" in answer.json()["reason"] and _unchanged(city)


def test_a_batch_over_the_limit_is_refused_whole(city, token, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 1)
    [event] = wire_events(desk)
    answer = post_exchange(city, token, hello(push=[event] * (MAX_BATCH_EVENTS + 1)))
    assert answer.status_code == 422 and "push" in answer.json()["reason"] and _unchanged(city)


def test_a_body_over_the_wire_limit_is_a_413(city, token):
    answer = _post(city, token, b" " * (MAX_WIRE_BYTES + 1))
    assert answer.status_code == 413 and answer.json()["code"] == "body_too_large"


def test_a_decompression_bomb_stops_at_the_cap(city, token):
    bomb = gzip.compress(b" " * (MAX_BODY_BYTES * 8))  # ~32 MB of spaces in ~32 kB
    assert len(bomb) < MAX_WIRE_BYTES
    answer = _post(city, token, bomb, **{"Content-Encoding": "gzip"})
    assert answer.status_code == 413 and answer.json()["code"] == "inflated_too_large" and _unchanged(city)


def test_corrupt_gzip_and_unknown_encodings_are_refused(city, token):
    assert _post(city, token, b"not gzip", **{"Content-Encoding": "gzip"}).status_code == 400
    assert _post(city, token, b"{}", **{"Content-Encoding": "br"}).status_code == 415


def test_a_gzip_body_cut_before_its_trailer_or_followed_by_junk_is_refused(city, token, seeded_template,
                                                                          tmp_path):
    """Without its trailer nothing checked the stream's CRC and length: a cut body was taken (issue 17.13)."""
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 1)
    whole = gzip.compress(json.dumps(hello(push=wire_events(desk)), ensure_ascii=False).encode())
    for body, code in ((whole[:-8], "truncated_gzip"), (whole[:-3], "truncated_gzip"), (whole + b"junk", "bad_gzip")):
        answer = _post(city, token, body, **{"Content-Encoding": "gzip"})
        assert answer.status_code == 400 and answer.json()["code"] == code and _unchanged(city)
    assert _post(city, token, whole, **{"Content-Encoding": "gzip"}).status_code == 200


def test_events_for_another_point_and_replays_with_another_devices_token(city, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 2)
    events = wire_events(desk)
    stranger = raw_enroll(city, BA_DINH)
    answer = post_exchange(city, stranger, hello(push=events))
    assert answer.status_code == 403 and "điểm tiếp nhận" in answer.json()["reason"] and _unchanged(city)
    owner = raw_enroll(city, MINH_CHAU)
    assert post_exchange(city, owner, hello(push=events)).status_code == 200
    replay = post_exchange(city, stranger, hello(push=events))  # the same events, stolen and replayed
    assert replay.status_code == 403 and server_count(city, "events") == 2


def test_a_wrong_protocol_version_changes_nothing(city, token, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 1)
    answer = post_exchange(city, token, hello(protocol=0, push=wire_events(desk)), **{"X-Motcua-Protocol": "0"})
    assert answer.status_code == 426 and _unchanged(city)


def test_a_payload_no_desk_could_fold_is_rejected_alone(city, token, seeded_template, tmp_path):
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 1)
    [event] = wire_events(desk)
    from tests.sync.test_server_http import _rehash

    broken = _rehash({**event, "event_id": "b" * 36, "dossier_id": "c" * 36,
                      "payload": {**event["payload"], "sets": 0, "due_at": "tomorrow"}})
    answer = post_exchange(city, token, hello(push=[broken, event])).json()
    assert [(r["status"], r["reason"]) for r in answer["results"]] == [("rejected", "bad_payload")]
    assert answer["stored"] == 1


# --- schemathesis over the published spec --------------------------------------------------------


def test_no_input_makes_the_server_fail(city):
    """Every operation of the published spec, fuzzed by schemathesis with a valid device token
    (so it gets past authentication): never a 5xx."""
    token = raw_enroll(city, MINH_CHAU)
    spec = schemathesis.openapi.from_url(city.base_url + "/openapi.json")
    operations = [result.ok() for result in spec.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/enroll", "/v1/sync/exchange", "/v1/reference/{version}", "/tra-cuu"}
    for operation in operations:
        _fuzz(operation, token)


def _fuzz(operation, token: str) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def check(case) -> None:
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])

    check()


def test_the_openapi_spec_is_published_with_the_exchange_body(city):
    spec = requests.get(city.base_url + "/openapi.json", timeout=10).json()
    body = spec["paths"]["/v1/sync/exchange"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "push" in json.dumps(body) or "$ref" in json.dumps(body)
