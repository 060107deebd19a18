"""A handbook correction the city publishes reaches a desk through a real sync round with the real server
on 127.0.0.1, and the desk answers with the corrected text (`desk-app ask`, the F1 panel's entry); a broken
entry in the same bundle is left out, the good ones still arrive; an old bundle without entries parses."""

from __future__ import annotations

import json

from desk_app import cli
from desk_app.paths import forms_dir
from sync.protocol import ReferenceBundle
from sync.server import reference
from tests.sync.conftest import MINH_CHAU, shipped_bundle
from tests.sync.helpers import enroll, open_desk

CORRECTED = "Sao y sổ đỏ: 2.000 đồng/trang (ĐÃ ĐÍNH CHÍNH THEO CÔNG VĂN CỦA SỞ TƯ PHÁP)."


def corrected_entry() -> dict:
    entry = json.loads((forms_dir() / "handbook" / "2.000815" / "v1.json").read_text(encoding="utf-8"))
    entry["fees"][0]["text"] = CORRECTED
    return entry


def test_a_corrected_entry_published_by_the_city_reaches_the_desk_at_its_next_sync(city, seeded_template, tmp_path,
                                                                                  capsys):
    desk = open_desk(seeded_template, tmp_path, "desk", MINH_CHAU, 1)
    client = enroll(desk, city, MINH_CHAU)
    assert CORRECTED not in desk.handbook_entry("2.000815").fees[0].text
    broken = {**corrected_entry(), "code": "1.001193", "fees": []}  # no fee fact: refused on the desk too
    content = shipped_bundle()
    shipped = [text for text in content["handbook"] if json.loads(text)["code"] != "2.000815"]
    content["handbook"] = [*shipped, json.dumps(corrected_entry(), ensure_ascii=False),
                           json.dumps(broken, ensure_ascii=False)]  # the city's edited file replaces the shipped one
    with city.db.write() as conn:
        reference.publish(conn, content)
    client.sync_once()
    desk.reload()  # what the window does after a round
    assert desk.handbook_entry("2.000815").fees[0].text == CORRECTED
    assert desk.ask("chứng thực sổ đỏ mất bao nhiêu tiền")[0].passage.text == CORRECTED
    assert desk.handbook_entry("1.001193").fees  # the shipped birth entry stands; the broken one was skipped
    desk.close()
    assert cli.main(["--db", str(tmp_path / "desk.sqlite3"), "ask", "chung thuc so do bao nhieu tien", "--limit",
                     "1"]) == 0
    assert CORRECTED in capsys.readouterr().out


def test_the_city_publishes_every_shipped_entry_and_old_bundles_still_parse():
    content = shipped_bundle()
    assert len(content["handbook"]) == len(list((forms_dir() / "handbook").glob("*/v*.json"))) >= 28
    old = ReferenceBundle.model_validate({"version": 1, "published_at": "2026-01-01T00:00:00", "procedures": [],
                                          "holidays": [], "units": []})
    assert old.handbook == [] and old.wording == []
