"""The console's devices page over real HTTP: an enrollment code made here (shown once) enrolls a real
desk, whose exchanges then show as its last seen; revoking in one click stops its next sync; every
step is audited; the forms need their CSRF token."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from sync.client import SyncClient
from sync.server import tables
from sync.server.console import accounts
from sync.transport import SyncError
from tests.sync.conftest import MINH_CHAU
from tests.sync.console_helpers import desk_at, logged_in
from tests.sync.helpers import receive

_CODE = re.compile(r'<p class="code">([A-Z0-9-]{14})</p>')


def test_a_code_made_in_the_console_enrolls_a_desk_and_revoking_it_stops_the_next_sync(city, seeded_template,
                                                                                       tmp_path):
    city.publish_reference()
    admin = logged_in(city, "quantri")
    made = admin.form("/console/devices", "/console/devices", {"unit_code": MINH_CHAU, "label": "Bàn 3"})
    code = _CODE.search(made.text).group(1)
    assert "chỉ hiện <strong>một lần</strong>" in made.text
    assert code not in admin.get("/console/devices").text  # never shown again
    with city.db.read() as conn:  # and not stored as such
        assert code not in str(conn.execute(select(tables.devices)).all())

    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    client = SyncClient(desk.store)
    client.enroll(city.base_url, code)
    receive(desk, 1)
    client.sync_once()
    listing = admin.get(f"/console/devices?unit={MINH_CHAU}").text
    row = re.search(r'<tr data-device="([^"]+)">(.*?)</tr>', listing, re.S)
    assert "Bàn 3" in row.group(2) and "Đang dùng" in row.group(2) and "vừa xong" in row.group(2)

    device_id = row.group(1)
    assert admin.post(f"/console/devices/{device_id}/revoke", {}).status_code == 403  # no token: nothing
    client.sync_once()
    admin.form("/console/devices", f"/console/devices/{device_id}/revoke", {})
    assert "Đã thu hồi" in admin.get("/console/devices").text
    with pytest.raises(SyncError):
        client.sync_once()
    with city.db.read() as conn:
        actions = conn.execute(select(tables.console_audit.c.action, tables.console_audit.c.target)).all()
    assert ("device_created", device_id) in actions and ("device_revoked", device_id) in actions
    desk.close()


def test_a_code_for_an_unknown_point_is_refused_with_the_reason(city):
    city.publish_reference()
    admin = logged_in(city, "quantri")
    answer = admin.form("/console/devices", "/console/devices", {"unit_code": "99999", "label": "Bàn 1"})
    assert answer.status_code == 400 and "Không có điểm tiếp nhận mã «99999»" in answer.text
    with city.db.read() as conn:
        assert conn.execute(select(tables.devices)).first() is None


def test_only_the_city_administrator_manages_devices(city):
    city.publish_reference()
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    assert supervisor.get("/console/devices").status_code == 403
    token = supervisor.token("/console/dashboard")
    refused = supervisor.post("/console/devices", {"csrf": token, "unit_code": MINH_CHAU, "label": "x"})
    assert refused.status_code == 403
    with city.db.read() as conn:
        assert conn.execute(select(tables.devices)).first() is None
