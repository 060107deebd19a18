"""Messages to applicants (issue 15), end to end: consent recorded at a real desk, steps synced to the real
server on 127.0.0.1 (SQLite and PostgreSQL), queued there once, and sent by the city's sender to a local
stand-in for the SMS or Zalo provider that records what it got and answers as told."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.core import replica
from desk_app.domain.model import EventKind
from desk_app.domain.payloads import Channel, Consent
from sync.server import tables
from sync.server.notify import templates as wording
from sync.server.notify.gateways import HttpSmsGateway, ZaloGateway
from sync.server.notify.sender import Policy, Sender
from tests.conftest import Clock, request
from tests.sync.conftest import MINH_CHAU
from tests.sync.gateway_receiver import Receiver
from tests.sync.helpers import enroll, open_desk

ROOT = Path(__file__).resolve().parents[2]
PHONE = "0912345678"
# Tomorrow 10:00: after the real moment the server queued the messages (its own clock), so they are due.
DAY = (datetime.now() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)


def iso(moment: datetime) -> str:
    return moment.isoformat()


@pytest.fixture
def receiver():
    stub = Receiver()
    yield stub
    stub.close()


@pytest.fixture
def desk_and_client(city, seeded_template, tmp_path):
    city.publish_reference()
    desk = open_desk(seeded_template, tmp_path, "desk", MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    yield desk, client
    desk.close()


def received_with(desk, channel: Channel | None, name: str = "Nguyễn Văn An") -> str:
    consent = Consent(channel=channel, phone=PHONE) if channel else None
    return desk.dossiers.receive(request(name=name, notify=consent), "clerk").dossier.code


def outbox_rows(city) -> list[dict]:
    with city.db.read() as conn:
        return [dict(r._mapping) for r in conn.execute(select(tables.notify_outbox))]


def sms_sender(city, receiver, clock: Clock, **policy) -> Sender:
    gateway = HttpSmsGateway(receiver.url + "/sms", '{"to": "{to}", "text": "{text}", "ref": "{message_id}"}',
                             {"Authorization": "Basic dGVzdDp0ZXN0"}, timeout_s=1.0)
    return Sender(city.db, {"sms": gateway}, Policy(**policy), now=clock)


def test_a_result_ready_step_sends_one_sms_naming_the_code_and_link_and_nothing_personal(
        desk_and_client, city, receiver):
    desk, client = desk_and_client
    code = received_with(desk, Channel.SMS)
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    [row] = outbox_rows(city)
    assert (row["kind"], row["channel"], row["phone"], row["state"]) == ("result_ready", "sms", PHONE, "queued")
    assert sms_sender(city, receiver, Clock(DAY)).run_once() == 1
    [got] = receiver.requests
    text = got["body"]["text"]
    assert got["body"]["to"] == "84912345678" and got["body"]["ref"] == row["event_id"]
    assert code in text and "/tra-cuu?ma=" + code in text and "da co ket qua" in text
    assert text.isascii() and len(text) <= 160  # one unaccented segment
    assert "Nguyen" not in text and "001090123456" not in text and "Doai" not in text  # no name, ID, address
    assert outbox_rows(city)[0]["state"] == "sent"


def test_no_consent_no_message_and_a_withdrawal_stops_the_next_ones(desk_and_client, city):
    desk, client = desk_and_client
    silent = received_with(desk, None, "Trần Thị Bình")
    withdrawn = received_with(desk, Channel.SMS, "Lê Minh Châu")
    desk.dossiers.apply(withdrawn, EventKind.CONSENT_CHANGED, {"given": False}, "clerk")
    for code in (silent, withdrawn):
        desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    assert outbox_rows(city) == []


def test_every_step_that_concerns_the_applicant_makes_its_message(desk_and_client, city):
    desk, client = desk_and_client
    steps = received_with(desk, Channel.SMS)
    desk.dossiers.apply(steps, EventKind.SUPPLEMENT_REQUESTED, {"items": [{"item": "Bản sao CCCD"}]}, "clerk")
    desk.dossiers.apply(steps, EventKind.SUPPLEMENT_RECEIVED, {"documents": [{"name": "Bản sao CCCD"}]}, "clerk")
    desk.dossiers.apply(steps, EventKind.DELAYED, {"new_due_at": "2026-03-20T16:00", "reason": "Cần xác minh"},
                        "clerk")
    desk.dossiers.apply(steps, EventKind.RESULT_READY, {}, "clerk")
    desk.dossiers.apply(steps, EventKind.RETURNED, {"receiver_name": "Nguyễn Văn An"}, "clerk")
    refused = received_with(desk, Channel.SMS, "Phạm Đức Dũng")
    desk.dossiers.apply(refused, EventKind.REFUSED, {"reason": "Không thuộc thẩm quyền"}, "clerk")
    client.sync_once()
    rows = {(r["dossier_id"], r["kind"]): r["body"] for r in outbox_rows(city)}
    assert sorted(kind for _, kind in rows) == ["delayed", "refused", "result_ready", "returned",
                                                "supplement_requested"]  # not the desk's own supplement receipt
    delayed = next(body for (_, kind), body in rows.items() if kind == "delayed")
    assert "20/03/2026" in delayed  # the new appointment


def test_a_step_arriving_twice_or_a_rerun_sends_once(desk_and_client, city, receiver):
    desk, client = desk_and_client
    code = received_with(desk, Channel.SMS)
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    client.sync_once()
    with desk.store.write() as session:  # the desk forgets it sent them (as after a restore) and sends all again
        replica.start_new_epoch(session, "replay")
    client.sync_once()
    assert len(outbox_rows(city)) == 1
    sender = sms_sender(city, receiver, Clock(DAY))
    assert sender.run_once() == 1 and sender.run_once() == 0
    assert len(receiver.requests) == 1


def test_gateway_failures_retry_with_backoff_then_fail_for_good(desk_and_client, city, receiver):
    desk, client = desk_and_client
    code = received_with(desk, Channel.SMS)
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    receiver.stall_s = 2.0
    receiver.script.extend(["500", "drop", "stall"])
    clock = Clock(DAY)
    sender = sms_sender(city, receiver, clock, max_attempts=3, retry_base=timedelta(minutes=1))
    assert sender.run_once() == 0  # HTTP 500: again in 1 minute
    row = outbox_rows(city)[0]
    assert (row["state"], row["attempts"], row["next_attempt_at"]) == ("queued", 1, iso(DAY + timedelta(minutes=1)))
    assert sender.run_once() == 0  # not due yet: nothing sent
    clock.moment += timedelta(minutes=1)
    assert sender.run_once() == 0  # the connection dropped: again in 2 minutes
    assert outbox_rows(city)[0]["next_attempt_at"] == iso(DAY + timedelta(minutes=3))
    clock.moment += timedelta(minutes=2)
    assert sender.run_once() == 0  # the provider stalled past the time-out: that was the last attempt
    row = outbox_rows(city)[0]
    assert row["state"] == "failed" and "Timeout" in row["last_error"]
    assert len(receiver.requests) == 3


def test_a_refusal_that_retrying_cannot_fix_fails_at_once(desk_and_client, city, receiver):
    desk, client = desk_and_client
    code = received_with(desk, Channel.SMS)
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    receiver.script.append("400")
    assert sms_sender(city, receiver, Clock(DAY)).run_once() == 0
    row = outbox_rows(city)[0]
    assert row["state"] == "failed" and row["attempts"] == 1 and "HTTP 400" in row["last_error"]


def test_zalo_gets_its_template_message_shape(desk_and_client, city, receiver):
    desk, client = desk_and_client
    code = received_with(desk, Channel.ZALO)
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    received_with(desk, Channel.ZALO, "Trần Thị Bình")
    client.sync_once()
    zalo = ZaloGateway(receiver.url + "/message/template", "token-123", timeout_s=1.0)
    assert Sender(city.db, {"zalo": zalo}, Policy(), now=Clock(DAY)).run_once() == 1
    [got] = receiver.requests
    assert got["path"] == "/message/template" and got["headers"]["access_token"] == "token-123"
    body = got["body"]
    assert body["phone"] == "84912345678" and body["template_id"] == "motcua_co_ket_qua"
    assert body["template_data"]["code"] == code and body["tracking_id"] == outbox_rows(city)[0]["event_id"]
    assert "Phường" in body["template_data"]["unit"] or "Xã" in body["template_data"]["unit"]  # marks kept


def test_a_zalo_refusal_inside_a_200_is_a_failure(desk_and_client, city, receiver):
    desk, client = desk_and_client
    desk.dossiers.apply(received_with(desk, Channel.ZALO), EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    receiver.script.append("zalo_error")
    zalo = ZaloGateway(receiver.url + "/message/template", "t", timeout_s=1.0)
    assert Sender(city.db, {"zalo": zalo}, Policy(), now=Clock(DAY)).run_once() == 0
    row = outbox_rows(city)[0]
    assert row["state"] == "failed" and "-108" in row["last_error"]


def test_nothing_is_sent_at_night_it_waits_for_the_morning(desk_and_client, city, receiver):
    desk, client = desk_and_client
    desk.dossiers.apply(received_with(desk, Channel.SMS), EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    clock = Clock(DAY.replace(hour=22, minute=30))
    morning = (DAY + timedelta(days=1)).replace(hour=7)
    sender = sms_sender(city, receiver, clock)
    assert sender.run_once() == 0 and receiver.requests == []
    row = outbox_rows(city)[0]
    assert (row["state"], row["attempts"], row["next_attempt_at"]) == ("queued", 0, iso(morning))
    clock.moment = morning - timedelta(minutes=1)
    assert sender.run_once() == 0
    clock.moment = morning
    assert sender.run_once() == 1 and len(receiver.requests) == 1


def test_one_number_gets_at_most_its_hourly_share(desk_and_client, city, receiver):
    desk, client = desk_and_client
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Đức Dũng"):  # one phone, four dossiers
        desk.dossiers.apply(received_with(desk, Channel.SMS, name), EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    clock = Clock(DAY)
    sender = sms_sender(city, receiver, clock, per_number_per_hour=3)
    assert sender.run_once() == 3
    waiting = [r for r in outbox_rows(city) if r["state"] == "queued"]
    assert len(waiting) == 1 and waiting[0]["next_attempt_at"] > iso(DAY + timedelta(hours=1))
    clock.moment += timedelta(hours=1, seconds=2)
    assert sender.run_once() == 1 and len(receiver.requests) == 4


def test_a_sender_killed_mid_send_sends_again_with_the_same_message_id(desk_and_client, city, receiver, tmp_path):
    desk, client = desk_and_client
    desk.dossiers.apply(received_with(desk, Channel.SMS), EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    receiver.stall_s = 30.0
    receiver.script.append("stall")
    env = {**os.environ, "CITY_DB": city.db_url, "CITY_NOTIFY_GATEWAY": "http_sms",
           "CITY_NOTIFY_SMS_URL": receiver.url + "/sms", "CITY_NOTIFY_LEASE_S": "1", "CITY_NOTIFY_TIMEOUT_S": "60",
           "CITY_NOTIFY_QUIET_START": "23:59:59", "CITY_NOTIFY_QUIET_END": "00:00:00"}
    command = [sys.executable, "-m", "sync.server.cli", "notify", "run"]
    sender = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while not receiver.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    assert receiver.requests, sender.stdout.read() if sender.poll() is not None else "no request"
    sender.kill()  # SIGKILL while the provider holds the request
    sender.wait()
    assert outbox_rows(city)[0]["state"] == "sending"
    time.sleep(1.5)  # the dead sender's lease ends
    again = subprocess.run([*command, "--once"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stdout + again.stderr
    [row] = outbox_rows(city)
    assert row["state"] == "sent" and row["attempts"] == 2
    refs = [r["body"]["client_ref"] for r in receiver.requests]
    assert refs == [row["event_id"], row["event_id"]]  # the provider can tell it is the same message


def test_the_shipped_wording_fits_one_sms_and_personal_placeholders_are_refused():
    templates = wording.shipped(ROOT / "forms")
    from sync.server.notify.cli import WORST
    assert wording.too_long(templates, WORST) == {}
    text = (ROOT / "forms" / "notify" / "templates.json").read_text(encoding="utf-8")
    leaky = json.loads(text)
    leaky["sms"]["result_ready"] = "{name}: HS {code} da co ket qua"
    with pytest.raises(wording.TemplateError, match="name"):
        wording.load(json.dumps(leaky))
    assert wording.unaccented("Hồ sơ Đã có kết quả") == "Ho so Da co ket qua"


@pytest.fixture
def city_with_replies(db_url, tmp_path):
    from sync.server.settings import ServerSettings
    from tests.sync.conftest import CityServer

    server = CityServer(db_url, tmp_path / "server.log",
                        ServerSettings(db=db_url, notify_inbound_token="cb-secret")).start()
    yield server
    server.stop()
    server.db.close()


def test_a_stop_reply_withdraws_consent_for_that_number_and_reaches_the_desk(city_with_replies, seeded_template,
                                                                           tmp_path):
    import requests

    city = city_with_replies
    city.publish_reference()
    desk = open_desk(seeded_template, tmp_path, "desk", MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    first, second = received_with(desk, Channel.SMS), received_with(desk, Channel.ZALO, "Trần Thị Bình")
    other = desk.dossiers.receive(request(name="Lê Minh Châu", notify=Consent(channel=Channel.SMS,
                                                                              phone="0987654321")), "clerk")
    client.sync_once()
    url = city.base_url + "/v1/notify/reply"
    assert requests.post(url, json={"from": "84912345678", "text": "HUY"}, timeout=10).status_code == 403
    answer = requests.post(url, json={"from": "84912345678", "text": "Hủy"}, timeout=10,
                           headers={"X-Motcua-Notify-Token": "cb-secret"})
    assert answer.status_code == 200 and answer.json() == {"withdrawn": 2, "understood": True}
    chatter = requests.post(url, json={"from": "84987654321", "text": "cam on"}, timeout=10,
                            headers={"X-Motcua-Notify-Token": "cb-secret"})
    assert chatter.json()["understood"] is False
    client.sync_once()  # the withdrawal reaches the desk like any step
    from desk_app.domain.consent import consent_of
    assert consent_of(desk.dossiers.history(first)) is None and consent_of(desk.dossiers.history(second)) is None
    assert consent_of(desk.dossiers.history(other.dossier.code)) is not None  # another number: untouched
    for code in (first, other.dossier.code):
        desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    client.sync_once()
    assert [r["dossier_id"] for r in outbox_rows(city)] == [other.dossier.dossier_id]
    desk.close()


def test_the_console_counts_messages_per_point_and_day_with_their_cost_and_failures(
        db_url, seeded_template, tmp_path, receiver):
    """The city sees what went to applicants, per point and day, what failed and why, and the estimate at
    its rates; a point supervisor sees their own point only."""
    from sync.server.settings import ServerSettings
    from tests.sync.conftest import BA_DINH, CityServer
    from tests.sync.console_helpers import logged_in

    city = CityServer(db_url, tmp_path / "server.log",
                      ServerSettings(db=db_url, notify_sms_cost_vnd=450, notify_zalo_cost_vnd=300)).start()
    try:
        city.publish_reference()
        desk = open_desk(seeded_template, tmp_path, "desk", MINH_CHAU, 1)
        client = enroll(desk, city, MINH_CHAU)
        for name, channel in (("Nguyễn Văn An", Channel.SMS), ("Trần Thị Bình", Channel.ZALO),
                              ("Lê Minh Châu", Channel.SMS)):
            desk.dossiers.apply(received_with(desk, channel, name), EventKind.RESULT_READY, {}, "clerk")
        client.sync_once()
        receiver.script.extend(["ok", "ok", "400"])  # the third is refused for good
        sms = HttpSmsGateway(receiver.url + "/sms", '{"to": "{to}", "text": "{text}"}', {}, timeout_s=1.0)
        zalo = ZaloGateway(receiver.url + "/zalo", "t", timeout_s=1.0)
        Sender(city.db, {"sms": sms, "zalo": zalo}, Policy(), now=Clock(DAY)).run_once()
        page = logged_in(city, "ttpv").get("/console/messages?days=7").text
        row = page[page.index('data-unit="09661"'):].split("</tr>")[0]
        numbers = re.findall(r'<td class="num">(.*?)</td>', row)
        sent = [r["channel"] for r in outbox_rows(city) if r["state"] == "sent"]  # which one failed varies
        sms, zalo = sent.count("sms"), sent.count("zalo")
        # waiting, sent, failed, SMS segments (one each), Zalo messages, cost at 450 đ a segment, 300 đ a Zalo
        assert numbers == ["0", "2", "<strong>⚠ 1</strong>", str(sms), str(zalo), f"{450 * sms + 300 * zalo} đ"]
        assert "HTTP 400" in page and "Tin thất bại gần đây" in page
        other = logged_in(city, "ld_badinh", role="supervisor", unit=BA_DINH).get("/console/messages").text
        assert 'data-unit="09661"' not in other and "Chưa có tin nhắn nào" in other
        desk.close()
    finally:
        city.stop()
        city.db.close()
