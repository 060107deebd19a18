"""Admission control (issue 13): above the server's limit of exchanges at once, one more is answered 503 with
Retry-After and changes nothing; the desk takes it as "later" (its backoff honours Retry-After), and once a
slot is free the same push is stored, once."""

from __future__ import annotations

import pytest

from sync.server.settings import ServerSettings
from sync.transport import TransientError
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.sync.helpers import enroll, hello, open_desk, post_exchange, raw_enroll, receive, wire_events


@pytest.fixture
def busy_city(db_url, tmp_path):
    server = CityServer(db_url, tmp_path / "server.log",
                        ServerSettings(db=db_url, max_exchanges=1, busy_retry_s=7)).start()
    yield server
    server.stop()
    server.db.close()


def test_an_exchange_over_the_limit_is_deferred_with_retry_after_and_stores_nothing(busy_city, seeded_template,
                                                                                   tmp_path):
    city = busy_city
    desk = open_desk(seeded_template, tmp_path, "desk", MINH_CHAU, 1)
    receive(desk, 1)
    [event] = wire_events(desk)
    token = raw_enroll(city, MINH_CHAU)
    slots = city.uvicorn.config.app.state.exchange_slots
    assert slots.acquire(blocking=False)  # another desk's exchange holds the only slot
    try:
        answer = post_exchange(city, token, hello(push=[event]))
        assert answer.status_code == 503 and answer.headers["Retry-After"] == "7"
        assert answer.json()["code"] == "busy" and "bận" in answer.json()["reason"]
        client = enroll(desk, city, MINH_CHAU)
        with pytest.raises(TransientError) as deferred:
            client.sync_once()
        assert deferred.value.retry_after == 7.0  # the background loop waits at least that long
    finally:
        slots.release()
    assert post_exchange(city, token, hello(push=[event])).json()["stored"] == 1  # admitted now, stored once
    report = client.sync_once()
    assert report.sent == 1 and post_exchange(city, token, hello(push=[event])).json()["duplicates"] == 1
    desk.close()


def test_a_deferred_exchange_costs_no_token_lookup(busy_city):
    """Admission comes before the device's token is looked up in the database (issue 13's herd: thousands of
    deferrals must cost next to nothing): with every slot taken even an unknown token is told "later",
    not "unknown device"; with a free slot the same request is refused for its token."""
    slots = busy_city.uvicorn.config.app.state.exchange_slots
    assert slots.acquire(blocking=False)
    try:
        deferred = post_exchange(busy_city, "no-such-token", hello())
        assert deferred.status_code == 503 and deferred.headers["Retry-After"] == "7"
    finally:
        slots.release()
    assert post_exchange(busy_city, "no-such-token", hello()).status_code == 401
