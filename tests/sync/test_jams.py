"""What could stop a desk's sync for good, or let one point squat on another's: every case ends with the
one event at fault held for a supervisor and everything else at the city (sync.md F16-F19)."""

from __future__ import annotations

import dataclasses
import http.server
import random
import string
import threading
import time
import uuid

import requests
from sqlalchemy import func, select

from desk_app.cli import main
from desk_app.core import replica
from desk_app.core.events import to_row
from desk_app.core.projection import project
from sync.client import SyncClient
from sync.protocol import ExchangeRequest, WireEvent
from sync.server import devices, ingest, service, tables
from sync.server.db import CityDB
from sync.transport import SyncError, Transport
from tests.conftest import request
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.helpers import enroll, hello, open_desk, post_exchange, raw_enroll, receive, wire_events
from tests.sync.test_server_http import _rehash


def _at_city(city, dossier_ids) -> set[str]:
    with city.db.read() as conn:
        query = select(tables.dossiers.c.id).where(tables.dossiers.c.id.in_(list(dossier_ids)))
        return set(conn.execute(query).scalars())


def _dossier_ids(desk) -> list[str]:
    return [d.dossier_id for d in desk.dossiers.in_period(desk.now().date(), desk.now().date())]


def _held(desk) -> list[dict[str, str]]:
    with desk.store.read() as session:
        return replica.quarantined(session)


def _save_as_an_older_desk_did(desk, address: str) -> str:
    """A dossier an older program saved before the shared limits existed: the event is written as it
    was then (stored payloads are read as written), with the hash every replica computes."""
    template = desk.dossiers.receive(request(name="Ngô Thị Xa"), "clerk").dossier
    received = desk.dossiers.history(template.code)[0]
    payload = {**received.payload, "code": template.code[:-3] + "999",
               "applicant": {**received.payload["applicant"], "address": address}}
    event = dataclasses.replace(received, event_id=str(uuid.uuid4()), dossier_id=str(uuid.uuid4()), payload=payload)
    with desk.store.write() as session:
        session.add(project([event]))
        session.flush()
        session.add(to_row(event))
    return event.dossier_id


def test_an_oversized_dossier_saved_before_the_limits_is_held_and_the_rest_reach_the_city(
        city, seeded_template, tmp_path):
    """F16: a 6 MB address (saved by an older desk) made every later sync fail with 'Dữ liệu sau khi giải
    nén quá lớn'; now that one event is held for a supervisor and the dossiers around it travel."""
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    receive(desk, 2)
    huge = _save_as_an_older_desk_did(desk, "x" * 6_000_000)
    receive(desk, 2, start=2)
    report = client.sync_once()
    receive(desk, 1, start=4)
    client.sync_once()
    everything = set(_dossier_ids(desk))
    assert _at_city(city, everything) == everything - {huge}
    [held] = _held(desk)
    assert held["side"] == "parked" and held["reason"].startswith("too_large") and report.parked == 0
    with desk.store.read() as session:
        assert replica.unsent_count(session) == 0


def _big_fields(rng: random.Random) -> dict[str, str]:
    """Fifty procedure fields of 1,000 characters: within every limit, ~51 kB an event, barely compressible."""
    return {f"f{i}": "".join(rng.choices(string.ascii_letters + string.digits, k=1000)) for i in range(50)}


def test_a_backlog_of_large_legal_dossiers_travels_in_batches_the_server_takes(city, seeded_template, tmp_path):
    """F17: 80 dossiers each within the limits add up to ~4 MB, over the server's body caps (413 on
    every round before); batches are bounded in bytes too, so all of them reach the city."""
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    rng = random.Random(17)
    for i in range(80):
        desk.dossiers.receive(request(name=f"Người nộp {i}", fields=_big_fields(rng)), "clerk")
    client.sync_once()
    everything = set(_dossier_ids(desk))
    assert len(everything) == 80 and _at_city(city, everything) == everything and not _held(desk)


def test_the_same_dossier_id_at_two_points_holds_that_event_and_the_rest_travel(city, seeded_template, tmp_path,
                                                                               capsys):
    """F18: point 00004 imported a dossier whose id point 09661 had already sent; the 403 for that one
    event used to fail every sync of 00004 ('Thiết bị chỉ được ghi hồ sơ của điểm tiếp nhận mình')."""
    shared_id = str(uuid.uuid4())
    first = open_desk(seeded_template, tmp_path, "first", MINH_CHAU, 1)
    first.dossiers.receive(request(dossier_id=shared_id), "clerk")
    enroll(first, city, MINH_CHAU).sync_once()
    second = open_desk(seeded_template, tmp_path, "second", BA_DINH, 1)
    client = enroll(second, city, BA_DINH)
    receive(second, 3)
    clash = second.dossiers.receive(request(name="Đỗ Văn Trùng", dossier_id=shared_id), "clerk").dossier.code
    receive(second, 3, start=3)
    report = client.sync_once()
    receive(second, 1, start=6)
    client.sync_once()
    mine = set(_dossier_ids(second)) - {shared_id}
    assert len(mine) == 7 and _at_city(city, mine) == mine
    [held] = _held(second)
    assert held["reason"].startswith("other_point") and report.parked == 1
    assert client.state().last_error == ""
    assert main(["--db", str(second.store.path), "held"]) == 0  # what the supervisor reads
    out = capsys.readouterr().out
    assert clash in out and "other_point" in out and "received" in out and "(1 sự kiện bị giữ lại)" in out


def test_a_desk_enrolled_for_another_point_is_stopped_not_emptied(city, seeded_template, tmp_path):
    """The other side of F18: when every event is another point's (the device was created for the wrong
    unit), nothing is held back; the round fails with the server's reason for an administrator."""
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    client = enroll(desk, city, BA_DINH)
    receive(desk, 3)
    try:
        client.sync_once()
        raise AssertionError("the round should have been refused")
    except SyncError as exc:
        assert "điểm tiếp nhận" in exc.reason
    assert not _held(desk)
    with desk.store.read() as session:
        assert replica.unsent_count(session) == 3


def _lookup(city, code: str, key: str) -> requests.Response:
    return requests.get(city.base_url + "/tra-cuu", params={"ma": code, "k": key}, timeout=10)


def test_a_device_cannot_claim_another_points_printed_codes(city, seeded_template, tmp_path):
    """F19: a 09661 device pushed a dossier coded 00004-... before point 00004 issued it; the citizen's
    lookup with the right key answered 404 and the server held two rows with that code."""
    rightful = open_desk(seeded_template, tmp_path, "rightful", BA_DINH, 1)
    [code] = receive(rightful, 1)
    [event] = wire_events(rightful)
    squatter = raw_enroll(city, MINH_CHAU)
    forged = _rehash({**event, "event_id": str(uuid.uuid4()), "dossier_id": str(uuid.uuid4()),
                      "payload": {**event["payload"], "receiving_unit": MINH_CHAU, "authority": MINH_CHAU,
                                  "lookup_key": "squatter-key"}})
    answer = post_exchange(city, squatter, hello(push=[forged])).json()
    assert [(r["status"], r["reason"]) for r in answer["results"]] == [("quarantined", "code_of_other_point")]
    enroll(rightful, city, BA_DINH).sync_once()
    right_key = rightful.dossiers.get_by_code(code).lookup_key
    assert _lookup(city, code, right_key).status_code == 200
    assert _lookup(city, code, "squatter-key").status_code == 404
    with city.db.read() as conn:
        rows = conn.execute(select(func.count()).select_from(tables.dossiers).where(tables.dossiers.c.code == code))
        assert rows.scalar_one() == 1


def test_a_code_already_taken_at_the_point_is_quarantined_and_the_first_stays(city, seeded_template, tmp_path):
    """F19: codes are unique at the city. A second dossier under a code already held (another device of the
    same point) is quarantined; the dossier that had it keeps answering its citizen."""
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    [code] = receive(desk, 1)
    [event] = wire_events(desk)
    enroll(desk, city, MINH_CHAU).sync_once()
    other = raw_enroll(city, MINH_CHAU)
    copy = _rehash({**event, "event_id": str(uuid.uuid4()), "dossier_id": str(uuid.uuid4()),
                    "payload": {**event["payload"], "lookup_key": "other-key"}})
    answer = post_exchange(city, other, hello(push=[copy])).json()
    assert [(r["status"], r["reason"]) for r in answer["results"]] == [("quarantined", "code_taken")]
    assert _lookup(city, code, desk.dossiers.get_by_code(code).lookup_key).status_code == 200
    assert _lookup(city, code, "other-key").status_code == 404


def test_a_batch_the_server_cannot_take_is_split_until_its_one_event_is_alone(seeded_template, tmp_path, city):
    """The client's own rule, through the real server: a batch with one forbidden event among many is
    halved until that event travels alone; every other event is stored on the way."""
    first = open_desk(seeded_template, tmp_path, "first", MINH_CHAU, 1)
    shared_id = str(uuid.uuid4())
    first.dossiers.receive(request(dossier_id=shared_id), "clerk")
    enroll(first, city, MINH_CHAU).sync_once()
    second = open_desk(seeded_template, tmp_path, "second", BA_DINH, 1)
    receive(second, 30)
    second.dossiers.receive(request(dossier_id=shared_id), "clerk")
    receive(second, 30, start=30)
    client = enroll(second, city, BA_DINH)
    report = client.sync_once()
    assert report.parked == 1 and len(_at_city(city, set(_dossier_ids(second)) - {shared_id})) == 60


class _TightProxy(http.server.ThreadingHTTPServer):
    """A reverse proxy with a small body limit, answering 413 the way nginx does (an HTML page)."""

    def __init__(self, upstream: str, limit: int) -> None:
        self.upstream, self.limit, self.refused = upstream, limit, 0
        super().__init__(("127.0.0.1", 0), _Forward)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"


class _Forward(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _TightProxy

    def do_GET(self):
        self._forward(b"")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if len(body) > self.server.limit:
            self.server.refused += 1
            page = b"<html><body><h1>413 Request Entity Too Large</h1></body></html>"
            self.send_response(413)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return
        self._forward(body)

    def _forward(self, body: bytes) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "accept-encoding")}
        answer = requests.request(self.command, self.server.upstream + self.path, data=body or None,
                                  headers={**headers, "Accept-Encoding": "identity"}, timeout=30)
        self.send_response(answer.status_code)
        for name in ("Content-Type", "Retry-After"):
            if name in answer.headers:
                self.send_header(name, answer.headers[name])
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    def log_message(self, *args):
        pass


def test_a_proxy_with_a_lower_body_limit_costs_a_few_refusals_not_the_queue(city, seeded_template, tmp_path):
    """F17 behind a proxy set tighter than the protocol (200 kB instead of nginx's 1 MB): batches are halved
    on its 413 and stay under the size that passed, so the backlog arrives after a handful of refusals."""
    proxy = _TightProxy(city.base_url, 200 * 1024)
    try:
        desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
        client = enroll(desk, city, MINH_CHAU)
        rng = random.Random(13)
        for i in range(40):
            desk.dossiers.receive(request(name=f"Người nộp {i}", fields=_big_fields(rng)), "clerk")
        state = client.state()
        behind = SyncClient(desk.store, Transport(proxy.url, state.token))
        behind.sync_once()
        everything = set(_dossier_ids(desk))
        assert len(everything) == 40 and _at_city(city, everything) == everything and not _held(desk)
        assert 0 < proxy.refused <= 6, proxy.refused
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_two_devices_pushing_one_code_at_the_same_instant_store_it_once(postgres, seeded_template, tmp_path):
    """F19 under concurrency, on PostgreSQL (SQLite writers queue behind BEGIN IMMEDIATE): the second push
    checked the code before the first committed, then waits on the sequence counter's row lock; under
    REPEATABLE READ it fails to serialise once the first commits, is retried, and finds the code taken."""
    desk = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    receive(desk, 1)
    [event] = wire_events(desk)
    copy = _rehash({**event, "event_id": str(uuid.uuid4()), "dossier_id": str(uuid.uuid4()),
                    "payload": {**event["payload"], "lookup_key": "other-key"}})
    db = CityDB.open(postgres.migrated_database(), migrate=True)
    try:
        with db.write() as conn:
            first, second = (devices.enroll(conn, devices.create(conn, MINH_CHAU)[1], "d")[0] for _ in range(2))
        outcome: list = []
        with db.write() as conn:
            assert ingest.push(conn, first, [WireEvent.model_validate(event)])[0].status == "stored"
            racer = threading.Thread(target=lambda: outcome.append(service._push_with_retry(
                db, second, ExchangeRequest(protocol=1, client_time_ms=0, push=[copy]), 0)))
            racer.start()
            _wait_for_a_lock_wait(db)
        racer.join(30)
        assert [(r.status, r.reason) for r in outcome[0]] == [("quarantined", "code_taken")]
        with db.read() as conn:
            same = tables.dossiers.c.code == event["payload"]["code"]
            assert conn.execute(select(func.count()).select_from(tables.dossiers).where(same)).scalar_one() == 1
    finally:
        db.close()


def _wait_for_a_lock_wait(db) -> None:
    """Until another session waits on a row lock (the racer reached the counter); not a timing assert."""
    for _ in range(400):
        with db.read() as conn:
            if conn.exec_driver_sql("SELECT count(*) FROM pg_locks WHERE NOT granted").scalar_one():
                return
        time.sleep(0.05)
    raise AssertionError("the second push never reached the counter's lock")
