"""Random interleavings (hypothesis, rule-based): three desks of one point and the city make offline
changes and sync in random orders through the faulty proxy. After every step no desk believes the
server holds an event it does not; at the end, with the link healed, everyone has converged."""

from __future__ import annotations

import contextlib
import csv
import itertools

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select, text

from desk_app.domain.errors import DeskError
from desk_app.domain.model import EventKind
from desk_app.paths import data_dir
from sync.server import devices, ingest, tables
from sync.transport import SyncError
from tests.sync.faultproxy import FaultProxy, Faults
from tests.sync.helpers import assert_converged, city_event, enroll, open_desk, receive, through

STEPS = [EventKind.REFUSED, EventKind.RESULT_READY, EventKind.RETURNED, EventKind.STOPPED,
         EventKind.SUPPLEMENT_REQUESTED]
PAYLOADS = {EventKind.REFUSED: {"reason": "Thiếu giấy tờ"}, EventKind.STOPPED: {"reason": "Rút hồ sơ"},
            EventKind.SUPPLEMENT_REQUESTED: {"items": ["Bản sao CCCD"]},
            EventKind.RETURNED: {"receiver_name": "Người nhận", "returned_at": "2026-03-12T10:00:00"}}
# Deterministic faults (hypothesis picks which one a sync meets), so a failure replays and shrinks.
LINKS = {"clean": Faults(), "cut_request": Faults(cut_up_after=600), "cut_response": Faults(cut_down_after=400),
         "http_503": Faults(http_503_probability=1.0)}


def _units() -> list[str]:
    with (data_dir() / "units.csv").open(encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


UNITS = itertools.cycle(_units())


class PointAndCity(RuleBasedStateMachine):
    """One fresh reception point per run, so runs share the server but never each other's data."""

    city = template = folder = proxy = None

    def __init__(self) -> None:
        super().__init__()
        self.unit = next(UNITS)
        self.desks = [open_desk(self.template, self.folder, f"{self.unit}-{i}", self.unit, i + 1) for i in range(3)]
        self.clients = [through(enroll(desk, self.city, self.unit), self.proxy.url) for desk in self.desks]
        with self.city.db.write() as conn:
            device_id, _ = devices.create(conn, devices.CITY_UNIT)
        self.city_device = devices.Device(device_id, devices.CITY_UNIT)

    @rule(desk=st.integers(0, 2))
    def clerk_receives(self, desk: int) -> None:
        receive(self.desks[desk], 1, start=desk)

    @rule(desk=st.integers(0, 2), pick=st.integers(0, 50), kind=st.sampled_from(STEPS))
    def clerk_records_a_step(self, desk: int, pick: int, kind: EventKind) -> None:
        codes = self._codes(self.desks[desk])
        if not codes:
            return
        # A step not legal in what this desk sees is refused to the clerk and writes nothing.
        with contextlib.suppress(DeskError):
            self.desks[desk].dossiers.apply(codes[pick % len(codes)], kind, dict(PAYLOADS.get(kind, {})), "clerk")

    @rule(pick=st.integers(0, 50), kind=st.sampled_from(STEPS))
    def city_records_a_step(self, pick: int, kind: EventKind) -> None:
        with self.city.db.read() as conn:
            ids = list(conn.execute(select(tables.dossiers.c.id).where(tables.dossiers.c.unit_code == self.unit)
                                    .order_by(tables.dossiers.c.id)).scalars())
        if ids:
            with self.city.db.write() as conn:
                event = city_event(ids[pick % len(ids)], kind, dict(PAYLOADS.get(kind, {})))
                ingest.push(conn, self.city_device, [event])

    @rule(desk=st.integers(0, 2), link=st.sampled_from(sorted(LINKS)))
    def desk_syncs(self, desk: int, link: str) -> None:
        self.proxy.faults = LINKS[link]
        if link == "http_503":
            self.proxy.drop_all()  # so the next request needs a new connection, which gets the 503
        try:
            self.clients[desk].sync_once(max_exchanges=4)  # possibly a partial round
        except SyncError:
            pass
        finally:
            self.proxy.heal()

    @invariant()
    def nothing_is_marked_sent_that_the_server_lacks(self) -> None:
        with self.city.db.read() as conn:
            on_server = set(conn.execute(select(tables.events.c.event_id)
                                         .where(tables.events.c.unit_code == self.unit)).scalars())
        for desk in self.desks:
            with desk.store.read() as session:
                acked = set(session.execute(text(
                    "SELECT event_id FROM events WHERE pushed_at IS NOT NULL AND event_id NOT IN "
                    "(SELECT event_id FROM sync_quarantine)")).scalars())
            assert acked <= on_server

    def teardown(self) -> None:
        self.proxy.heal()
        try:
            for client in self.clients * 2:
                client.sync_once()
            assert_converged(self.city, self.unit, self.desks)
        finally:
            for desk in self.desks:
                desk.close()

    @staticmethod
    def _codes(desk) -> list[str]:
        with desk.store.read() as session:
            return list(session.execute(text("SELECT code FROM dossiers ORDER BY code")).scalars())


@pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)
def test_random_interleavings_converge(city, seeded_template, tmp_path):
    proxy = FaultProxy(city.port, seed=3)
    PointAndCity.city, PointAndCity.template, PointAndCity.folder, PointAndCity.proxy = (
        city, seeded_template, tmp_path, proxy)
    try:
        run_state_machine_as_test(PointAndCity, settings=settings(
            max_examples=10, stateful_step_count=18, deadline=None, derandomize=True,
            suppress_health_check=list(HealthCheck)))
    finally:
        proxy.close()
