"""Desks tell the city, at every exchange, how many events still wait on them and which version they run
(issue 10); the dashboard sums it per point and the devices page shows it per desk; an older desk that
says nothing keeps working and shows as unknown."""

from __future__ import annotations

import re
from importlib.metadata import version

from sqlalchemy import select

from sync.server import tables
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.console_helpers import desk_at, enrolled, logged_in
from tests.sync.helpers import hello, post_exchange, raw_enroll, receive, wire_events


def _device(city, unit: str) -> tuple[int | None, str]:
    with city.db.read() as conn:
        d = tables.devices
        return conn.execute(select(d.c.outbox, d.c.app_version).where(d.c.unit_code == unit)).one()._tuple()


def test_a_desk_reports_what_still_waits_and_its_version_and_an_old_desk_still_syncs(city, seeded_template,
                                                                                   tmp_path):
    city.publish_reference()
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    receive(desk, 3)
    enrolled(desk, city, MINH_CHAU).sync_once()
    assert _device(city, MINH_CHAU) == (0, version("motcua-desk"))  # all sent: nothing waits
    other = desk_at(seeded_template, tmp_path, BA_DINH)
    receive(other, 2)
    first, second = wire_events(other)
    token = raw_enroll(city, BA_DINH)
    assert post_exchange(city, token, hello(push=[first], outbox=2, app_version="0.9.0")).status_code == 200
    assert _device(city, BA_DINH) == (1, "0.9.0")  # the second still waits on that desk
    old = post_exchange(city, token, hello(push=[second]))  # an older desk: neither field
    assert old.status_code == 200 and old.json()["stored"] == 1
    assert _device(city, BA_DINH) == (1, "0.9.0")  # what it said last stands until it says again
    console = logged_in(city, "ttpv")
    row = re.search(r'<tr data-code="00004".*?</tr>', console.get("/console/dashboard").text, re.S).group(0)
    assert re.findall(r'<td class="num[^"]*">(\d+)</td>', row)[1] == "1"  # devices, then "Chờ gửi ở máy"
    devices_page = console.get(f"/console/devices?unit={BA_DINH}").text
    assert "0.9.0" in devices_page
    desk.close()
    other.close()
