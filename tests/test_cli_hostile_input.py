"""`desk-app` fed what a hostile tester types: every refusal is a clear Vietnamese message with exit 2,
never a traceback, and nothing is saved (issue 17, items 6-8)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desk_app.cli import main
from tests.test_cli import DOSSIER, run


@pytest.fixture
def db(cli_db) -> str:
    return cli_db


def _with(**changes) -> dict:
    data = json.loads(json.dumps(DOSSIER))
    for key, value in changes.items():
        if key.startswith("applicant."):
            data["applicant"][key.split(".", 1)[1]] = value
        else:
            data[key] = value
    return data


def _receive_text(capsys, db: str, tmp_path: Path, text: str) -> tuple[int, str, str]:
    path = tmp_path / "hoso.json"
    path.write_text(text, encoding="utf-8")
    return run(capsys, "--db", db, "receive", str(path), "--actor", "canbo1")


def _saved(capsys, db: str) -> list[dict]:
    code, out, _ = run(capsys, "--db", db, "list", "--json")
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize(("text", "message"), [
    (json.dumps(_with(sets=10**30)), "«sets»: phải từ 1 đến 1.000"),
    (json.dumps(_with(fee_vnd=10**30)), "«fee_vnd»: phải từ 0 đến 999.999.999.999"),
    ("[" * 200_000 + "]" * 200_000, "lồng nhau quá sâu"),
    ('{"a":' * 40 + "1" + "}" * 40, "lồng nhau quá sâu"),
    ('{"sets": ' + "1" * 5000 + "}", "có số dài quá 100 chữ số"),
    ('{"sets": NaN}', "JSON không cho phép giá trị NaN"),
    (json.dumps(_with(received_at="9999-12-31T16:00")), "chưa tới"),
])
def test_numbers_and_nesting_that_broke_python_get_a_message(capsys, db, tmp_path, text, message):
    code, _out, err = _receive_text(capsys, db, tmp_path, text)
    assert code == 2 and err.startswith("Lỗi: ") and message in err, err
    assert "Traceback" not in err and _saved(capsys, db) == []


def test_other_commands_with_numbers_out_of_range_refuse_cleanly(capsys, db):
    code, _out, err = run(capsys, "--db", db, "due", "--procedure", "1.001193", "--received", "9999-12-31T16:00")
    assert code == 2 and "vượt quá lịch" in err
    with pytest.raises(SystemExit) as stop:  # argparse's own refusal: usage and exit 2
        main(["--db", db, "list", "--limit", str(10**20)])
    assert stop.value.code == 2 and "phải từ 1 đến 100.000" in capsys.readouterr().err


def test_check_forms_names_a_file_nested_too_deep_instead_of_crashing(capsys, tmp_path):
    folder = tmp_path / "procedures" / "1.000001"
    folder.mkdir(parents=True)
    (folder / "v1.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    code, out, err = run(capsys, "check-forms", "--root", str(tmp_path / "procedures"))
    assert code == 1 and "v1.json: dữ liệu JSON lồng nhau quá sâu" in err and "1 lỗi." in out


# --- 7: a receipt time in the future ---------------------------------------------------------------


def test_a_receipt_dated_in_the_future_is_refused_like_a_back_dated_step(capsys, db, tmp_path):
    code, _out, err = _receive_text(capsys, db, tmp_path, json.dumps(_with(received_at="2099-01-01T09:00")))
    assert code == 2 and "Thời điểm 09:00 01/01/2099 chưa tới: không thể ghi trước." in err
    assert _saved(capsys, db) == []  # no 2099 code was ever issued


def test_a_receipt_a_minute_ahead_is_within_the_clock_skew(capsys, db, tmp_path):
    ahead = (datetime.now() + timedelta(minutes=1)).replace(microsecond=0).isoformat()
    code, out, err = _receive_text(capsys, db, tmp_path, json.dumps(_with(received_at=ahead)))
    assert code == 0, err
    zoned = _with(received_at="2026-03-10T02:30:00Z")  # another system's UTC: 09:30 in Hanoi
    code, out, err = _receive_text(capsys, db, tmp_path, json.dumps(zoned))
    assert code == 0 and "hẹn" in out.lower()
    assert any(d["received_at"] == "2026-03-10T09:30:00" for d in _saved(capsys, db))


# --- 8: control, direction and invisible characters; ids ------------------------------------------


@pytest.mark.parametrize(("change", "field", "char"), [
    ({"applicant.full_name": "Nguyễn\x00 Văn A"}, "applicant.full_name", "U+0000"),
    ({"applicant.full_name": "Nguyễn \x1b[31mVăn A"}, "applicant.full_name", "U+001B"),
    ({"applicant.full_name": "Nguyễn \u202eA nạV"}, "applicant.full_name", "U+202E"),
    ({"applicant.address": "Thôn \u2066Đoài"}, "applicant.address", "U+2066"),
    ({"documents": [{"name": "Tờ khai\x07", "originals": 1}]}, "documents.0.name", "U+0007"),
    ({"delivery": "post", "delivery_address": "Số 1\u202d phố Huế"}, "delivery_address", "U+202D"),
])
def test_control_and_direction_characters_are_refused_naming_the_field(capsys, db, tmp_path, change, field, char):
    code, _out, err = _receive_text(capsys, db, tmp_path, json.dumps(_with(**change)))
    assert code == 2 and f"«{field}»" in err and char in err, err
    assert _saved(capsys, db) == []


def test_zero_width_characters_are_dropped_without_a_false_warning(capsys, db, tmp_path):
    code, out, err = _receive_text(capsys, db, tmp_path,
                                   json.dumps(_with(**{"applicant.full_name": "Đặng\u200b Thị\u200d Hà\ufeff"})))
    assert code == 0, err
    assert "Lưu ý" not in out  # no "strange character" warning for what was cleaned away
    [saved] = _saved(capsys, db)
    assert saved["applicant"] == "Đặng Thị Hà"


@pytest.mark.parametrize("bad_id", ["-" * 36, "{1b4e28ba-2fa1-41d2-883f-0016d3cca427}",
                                    "1b4e28ba2fa141d2883f0016d3cca427", "zb4e28ba-2fa1-41d2-883f-0016d3cca427"])
def test_a_dossier_id_must_be_a_real_uuid(capsys, db, tmp_path, bad_id):
    code, _out, err = _receive_text(capsys, db, tmp_path, json.dumps(_with(dossier_id=bad_id)))
    assert code == 2 and "«dossier_id»: phải là mã UUID" in err
    assert _saved(capsys, db) == []


def test_a_step_note_with_an_escape_sequence_is_refused(capsys, db, tmp_path):
    code, _out, err = _receive_text(capsys, db, tmp_path, json.dumps(DOSSIER))
    assert code == 0, err
    [saved] = _saved(capsys, db)
    code, _out, err = run(capsys, "--db", db, "apply", saved["code"], "refused", "--reason", "Thiếu giấy tờ",
                          "--note", "\x1b[2J xóa màn hình", "--actor", "canbo1")
    assert code == 2 and "«note»" in err and "U+001B" in err
    assert _saved(capsys, db)[0]["status"] == "received"
