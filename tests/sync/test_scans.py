"""Scans over the link (issue 12): real PDFs from real desks to the real city server, on SQLite and
PostgreSQL, through the fault-injecting proxy; every scan ends on the server once and byte-identical."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sync.server import tables
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import enroll, open_desk, receive
from tests.sync.scan_helpers import attach, city_file, city_hashes, scan_city, scan_pdf


@pytest.fixture
def city(db_url, tmp_path):
    server = scan_city(db_url, tmp_path)
    yield server
    server.stop()
    server.db.close()


def test_scans_follow_their_events_and_the_same_scan_from_two_desks_is_kept_once(city, seeded_template, tmp_path):
    desks = [open_desk(seeded_template, tmp_path, f"d{i}", MINH_CHAU, i + 1) for i in range(2)]
    clients = [enroll(desk, city, MINH_CHAU) for desk in desks]
    codes = [receive(desk, 2, start=i) for i, desk in enumerate(desks)]
    shared = scan_pdf(150_000, pages=2, seed=1)  # the same paper scanned at both desks
    files = {attach(desks[0], codes[0][0], shared, pages=2): shared}
    other = scan_pdf(120_000, seed=2)
    files[attach(desks[0], codes[0][1], other, document="CCCD")] = other
    attach(desks[1], codes[1][0], shared, pages=2)
    first = clients[0].sync_once()
    assert first.scans.sent == 2
    second = clients[1].sync_once()
    assert second.scans.sent == 0 and second.scans.bytes_sent == 0  # the city has it already: nothing goes
    assert sorted(city_hashes(city)) == sorted(files)
    for sha, data in files.items():
        assert city_file(city, sha) == data
    with city.db.read() as conn:
        assert sorted(conn.execute(select(tables.scans.c.sha256)).scalars()) == sorted(files)
    assert clients[0].sync_once().scans.offered == 0  # confirmed once, never offered again
