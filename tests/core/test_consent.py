"""Consent to messages at the desk (issue 15): given at intake in the dossier JSON (the applicant's phone by
default), refused clearly without a usable number, withdrawn as a step, and read the same way by every replica."""

from __future__ import annotations

import json

import pytest

from desk_app.core.intake import parse_dossier_json
from desk_app.domain.consent import consent_of
from desk_app.domain.errors import DeskError
from desk_app.domain.model import EventKind
from desk_app.domain.payloads import Channel, Consent

DOSSIER = {
    "procedure_code": "1.004873",
    "applicant": {"full_name": "Đặng Thị Hà", "personal_id": "001190123456", "phone": "0912 345 678"},
    "documents": [{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "originals": 1}],
}


def parsed(**changes):
    return parse_dossier_json(json.dumps({**DOSSIER, **changes}, ensure_ascii=False))


def test_consent_in_the_dossier_json_defaults_to_the_applicants_phone():
    assert parsed(notify={"channel": "sms"}).notify == Consent(channel=Channel.SMS, phone="0912345678")
    assert parsed(notify={"channel": "zalo", "phone": "+84 98 765 4321"}).notify.phone == "0987654321"
    assert parsed().notify is None


@pytest.mark.parametrize(("notify", "applicant_phone", "words"), [
    ({"channel": "sms"}, "", "chưa có số điện thoại"),
    ({"channel": "sms", "phone": "0912"}, "", "Số điện thoại nhận tin nhắn không hợp lệ"),
    ({"channel": "fax"}, "0912345678", "notify.channel"),
])
def test_consent_without_a_usable_number_or_channel_is_refused_clearly(notify, applicant_phone, words):
    with pytest.raises(DeskError, match=words):
        parsed(notify=notify, applicant={**DOSSIER["applicant"], "phone": applicant_phone})


def test_consent_is_kept_with_the_dossier_and_a_withdrawal_ends_it(desk):
    request = parsed(notify={"channel": "sms"})
    dossier = desk.dossiers.receive(request, "canbo1").dossier
    assert consent_of(desk.dossiers.history(dossier.code)) == Consent(channel=Channel.SMS, phone="0912345678")
    desk.dossiers.apply(dossier.code, EventKind.CONSENT_CHANGED, {"given": False}, "canbo1")
    assert consent_of(desk.dossiers.history(dossier.code)) is None
    desk.dossiers.apply(dossier.code, EventKind.CONSENT_CHANGED,
                        {"given": True, "consent": {"channel": "zalo", "phone": "0987654321"}}, "canbo1")
    assert consent_of(desk.dossiers.history(dossier.code)).channel == Channel.ZALO
    assert desk.dossiers.get(dossier.dossier_id).status == "received"  # consent is not a processing step


def test_desk_app_consent_gives_and_withdraws_as_the_acting_clerk(cli_db, capsys):
    from desk_app.cli import main
    from desk_app.services import Desk

    with Desk.open(cli_db) as desk:
        code = desk.dossiers.receive(parsed(), "canbo1").dossier.code
    assert main(["--db", str(cli_db), "consent", code, "--zalo"]) == 0
    assert "nhận tin nhắn qua Zalo" in capsys.readouterr().out
    assert main(["--db", str(cli_db), "consent", code, "--withdraw"]) == 0
    with Desk.open(cli_db) as desk:
        history = desk.dossiers.history(code)
    assert [e.payload.get("given") for e in history[1:]] == [True, False]
    assert history[1].payload["consent"] == {"channel": "zalo", "phone": "0912345678"}
    assert {e.actor for e in history[1:]} == {"canbo1"}
    assert main(["--db", str(cli_db), "consent", code, "--sms", "0912"]) == 2  # a number that is not one
    assert "không hợp lệ" in capsys.readouterr().err
