"""The dossier screen tells the clerk what became of the messages to the applicant (issue 15): asked of
the real city server on 127.0.0.1 after a real sync, and said plainly when the city cannot be reached."""

from __future__ import annotations

from datetime import time

import pytest

from desk_app.core.accounts import Role, User
from desk_app.domain.model import EventKind
from desk_app.domain.payloads import Channel, Consent
from desk_app.ui.context import DeskContext
from desk_app.ui.dossiers.detail import DossierDetailDialog
from sync.client import SyncClient
from sync.server.notify.gateways import FileSink
from sync.server.notify.sender import Policy, Sender
from tests.conftest import request
from tests.sync.conftest import MINH_CHAU, CityServer

ANY_HOUR = Policy(quiet_start=time(23, 59, 59), quiet_end=time(0, 0))  # no quiet hours: the test runs any time


@pytest.fixture
def city(tmp_path):
    server = CityServer(str(tmp_path / "city.sqlite3"), tmp_path / "server.log").start()
    server.publish_reference()
    yield server
    server.stop()
    server.db.close()


def _detail(qtbot, desk, dossier_id) -> DossierDetailDialog:
    detail = DossierDetailDialog(DeskContext(desk, User("canbo1", "Nguyễn Thị Hoà", Role.CLERK)), dossier_id)
    qtbot.addWidget(detail)
    detail.show()
    return detail


def test_the_dossier_screen_shows_each_message_the_city_sent(qtbot, desk, city, tmp_path):
    desk.configure(unit_code=MINH_CHAU)
    client = SyncClient(desk.store)
    client.enroll(city.base_url, city.new_device(MINH_CHAU, "Bàn 1"))
    received = desk.dossiers.receive(request(notify=Consent(channel=Channel.SMS, phone="0912345678")), "canbo1")
    desk.dossiers.apply(received.dossier.code, EventKind.RESULT_READY, {}, "canbo1")
    client.sync_once()
    Sender(city.db, {"sms": FileSink(tmp_path / "sms.jsonl")}, ANY_HOUR).run_once()  # Hanoi time, as the city
    detail = _detail(qtbot, desk, received.dossier.dossier_id)
    qtbot.waitUntil(lambda: "có kết quả:" in detail.messages.text(), timeout=10_000)
    assert "Nhận tin nhắn qua SMS, số 0912345678" in detail.messages.text()
    assert "có kết quả: đã gửi" in detail.messages.text()


def test_offline_the_screen_says_the_city_cannot_be_asked_and_a_dossier_without_consent_says_so(
        qtbot, desk, city):
    desk.configure(unit_code=MINH_CHAU)
    SyncClient(desk.store).enroll(city.base_url, city.new_device(MINH_CHAU, "Bàn 1"))
    agreed = desk.dossiers.receive(request(notify=Consent(channel=Channel.ZALO, phone="0912345678")), "canbo1")
    silent = desk.dossiers.receive(request(name="Trần Thị Bình"), "canbo1")
    city.stop()  # the link is down
    detail = _detail(qtbot, desk, agreed.dossier.dossier_id)
    qtbot.waitUntil(lambda: "chưa kết nối được" in detail.messages.text(), timeout=15_000)
    assert "Nhận tin nhắn qua Zalo" in detail.messages.text()
    other = _detail(qtbot, desk, silent.dossier.dossier_id)
    assert other.messages.text() == "Người nộp không đăng ký nhận tin nhắn."


def test_alt_m_records_a_withdrawal_at_the_counter_and_the_screen_follows(qtbot, desk):
    agreed = desk.dossiers.receive(request(notify=Consent(channel=Channel.SMS, phone="0912345678")), "canbo1")
    detail = _detail(qtbot, desk, agreed.dossier.dossier_id)
    dialog = detail.change_consent()
    assert dialog.channel.currentText() == "Qua SMS" and dialog.phone.text() == "0912345678"
    dialog.channel.setCurrentIndex(0)  # "Không nhận tin nhắn"
    dialog.record()
    assert detail.messages.text() == "Người nộp không đăng ký nhận tin nhắn."
    [last] = desk.dossiers.history(agreed.dossier.code)[-1:]
    assert (last.kind, last.payload, last.actor) == (EventKind.CONSENT_CHANGED, {"given": False, "via": "counter"},
                                                     "canbo1")
    again = detail.change_consent()
    again.channel.setCurrentIndex(2)  # Zalo, to a number that is not a phone number
    again.phone.setText("12ab")
    again.record()
    assert again.isVisible() and "không hợp lệ" in again.error.text()
    assert len(desk.dossiers.history(agreed.dossier.code)) == 2  # nothing written
