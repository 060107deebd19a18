"""The enrollment QR the console shows beside a new code, scanned into the desk's settings: a scanner
types its text into the code field and Enter enrolls, the server's address taken from the QR."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt

from desk_app.ui.settings_dialog import SettingsDialog
from sync.protocol import enrollment_qr
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.ui.conftest import press, type_text


@pytest.fixture
def city(tmp_path):
    server = CityServer(str(tmp_path / "city.sqlite3"), tmp_path / "server.log").start()
    yield server
    server.stop()
    server.db.close()


def test_a_scanned_enrollment_qr_fills_the_server_and_enrolls(qtbot, supervisor_ctx, city):
    supervisor_ctx.desk.configure(desk_id=str(uuid.uuid4()))
    dialog = SettingsDialog(supervisor_ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.server_url.text() == ""
    type_text(dialog.code, enrollment_qr(city.base_url, city.new_device(MINH_CHAU, "bàn 1")))
    press(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.enrolled.text().startswith("Đã đăng ký"), timeout=10_000)
    assert dialog.server_url.text() == city.base_url
    state = supervisor_ctx.desk.sync_overview(review=False).state
    assert state.enrolled and state.server_url == city.base_url and state.unit_code == MINH_CHAU
    dialog.reject()
