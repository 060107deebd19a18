"""Desks for the sync tests: real SQLite files copied from the seeded template, each with its own
desk id and desk number, receiving dossiers the way a clerk does."""

from __future__ import annotations

import gzip
import json
import shutil
import time
import uuid
from datetime import datetime
from pathlib import Path

import requests
from sqlalchemy import func, select

from desk_app.core import replica
from desk_app.core.events import content_hash
from desk_app.domain.model import Event, EventKind
from desk_app.services import Desk
from desk_app.store.models import DossierRow, EventRow
from sync.client import SyncClient
from sync.protocol import WireEvent
from sync.server import tables
from sync.transport import SyncError, Transport
from tests.conftest import Clock, request

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Đức Dũng", "Hoàng Thị Én", "Vũ Văn Giang"]


def open_desk(template: Path, folder: Path, name: str, unit: str, desk_no: int) -> Desk:
    path = folder / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    desk = Desk.open(path, now=Clock(datetime(2026, 3, 10, 9, 30)))
    desk.configure(unit_code=unit, desk_no=desk_no, desk_id=str(uuid.uuid4()))
    return desk


def enroll(desk: Desk, city, unit: str) -> SyncClient:
    client = SyncClient(desk.store)
    client.enroll(city.base_url, city.new_device(unit, "test desk"))
    return client


def receive(desk: Desk, n: int = 1, start: int = 0) -> list[str]:
    """Receive `n` dossiers; returns their codes."""
    return [desk.dossiers.receive(request(name=NAMES[(start + i) % len(NAMES)]), "clerk").dossier.code
            for i in range(n)]


def statuses(desk: Desk) -> dict[str, str]:
    with desk.store.read() as session:
        return dict(session.execute(select(DossierRow.id, DossierRow.status)).tuples().all())


def event_ids(desk: Desk) -> list[str]:
    with desk.store.read() as session:
        return list(session.scalars(select(EventRow.event_id)))


def refuse(desk: Desk, code: str) -> None:
    desk.dossiers.apply(code, EventKind.REFUSED, {"reason": "Thiếu giấy tờ"}, "clerk")


def result_ready(desk: Desk, code: str) -> None:
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")


# --- raw HTTP, for tests that speak the protocol without a desk client -----------------------------


def raw_enroll(city, unit: str) -> str:
    code = city.new_device(unit)
    answer = requests.post(city.base_url + "/v1/enroll", json={"code": code, "desk_id": "raw"}, timeout=10)
    answer.raise_for_status()
    return answer.json()["token"]


def post_exchange(city, token: str, body: dict, **headers: str):

    data = gzip.compress(json.dumps(body, ensure_ascii=False).encode())
    sent = {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip", "Content-Type": "application/json",
            "X-Motcua-Protocol": "1", **headers}
    return requests.post(city.base_url + "/v1/sync/exchange", data=data, headers=sent, timeout=30)


def hello(cursor: int = 0, push: list | None = None, **extra) -> dict:
    return {"protocol": 1, "client_time_ms": int(time.time() * 1000), "cursor": cursor, "push": push or [], **extra}


def wire_events(desk: Desk) -> list[dict]:
    """The desk's events as the client would send them, oldest first."""
    with desk.store.read() as session:
        return [replica.wire_dict(row) for row in replica.unsent(session, 10_000)]


def server_count(city, table: str) -> int:
    with city.db.read() as conn:
        return conn.execute(select(func.count()).select_from(getattr(tables, table))).scalar_one()


def city_event(dossier_id: str, kind: EventKind = EventKind.RESULT_READY, payload: dict | None = None,
               hlc: str = "") -> WireEvent:
    """A step as the city's back office records it (with its own clock and node name)."""
    stamp = hlc or f"{int(time.time() * 1000):013d}-0000-city"
    event = Event(str(uuid.uuid4()), dossier_id, kind, payload or {}, "city.officer", "city", stamp,
                  datetime(2026, 3, 11, 10, 0))
    return WireEvent(event_id=event.event_id, dossier_id=dossier_id, kind=str(kind), payload=event.payload,
                     actor=event.actor, desk_id="city", hlc=stamp, wall_time=event.wall_time.isoformat(),
                     content_hash=content_hash(event))


# --- faults -----------------------------------------------------------------------------------------


def through(client: SyncClient, url: str, timeouts: tuple[float, float] = (2.0, 4.0)) -> SyncClient:
    """The same desk's client, talking to `url` (a fault proxy) with short test timeouts."""
    return SyncClient(client.store, Transport(url, client.state().token, timeouts=timeouts))


def sync_until_done(client: SyncClient, attempts: int = 40) -> int:
    """Rounds until one succeeds; returns how many failed (the faults must actually bite)."""
    for failures in range(attempts):
        try:
            client.sync_once()
            return failures
        except SyncError:
            time.sleep(0.02)
    raise AssertionError(f"no successful round in {attempts} attempts")


def assert_converged(city, unit: str, desks: list[Desk]) -> None:
    """Every event exactly once on the server and on every desk of the point; same statuses everywhere."""
    with city.db.read() as conn:
        server_ids = list(conn.execute(select(tables.events.c.event_id).where(tables.events.c.unit_code == unit))
                          .scalars())
        server_status = dict(conn.execute(select(tables.dossiers.c.id, tables.dossiers.c.status)
                                          .where(tables.dossiers.c.unit_code == unit)).tuples().all())
    assert len(server_ids) == len(set(server_ids))
    for desk in desks:
        ids = event_ids(desk)
        assert len(ids) == len(set(ids))
        assert set(ids) == set(server_ids)
        assert statuses(desk) == server_status
        with desk.store.read() as session:
            assert replica.unsent_count(session) == 0
