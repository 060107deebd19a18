"""Wording is data: both sets load, a bad file is rejected naming file and key, corrections win."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from desk_app.domain.wording import WordingError, load_wording_file
from desk_app.printing import FormKind, render_form
from desk_app.printing.paths import bundled_wording_dir
from desk_app.printing.wording import OVERRIDE_ENV, load_wording
from tests.printing.conftest import text


def bundled(set_name: str = "tt03_2025") -> dict:
    return json.loads((bundled_wording_dir() / set_name / "v1.json").read_text("utf-8"))


def write(folder: Path, data: dict, set_name: str = "tt03_2025", version: int = 2) -> Path:
    path = folder / set_name / f"v{version}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_both_bundled_sets_load_with_their_own_numbering():
    old, new = load_wording("tt01_2018"), load_wording("tt03_2025")
    assert old.form("control")["number"] == "04" and new.form("control")["number"] == "06"
    assert not old.has_form("stop") and new.has_form("stop")


def test_a_missing_key_is_named_with_the_file(tmp_path):
    data = bundled()
    del data["forms"]["receipt"]["due_line"]
    path = write(tmp_path, data)
    with pytest.raises(WordingError) as caught:
        load_wording_file(path)
    assert str(path) in str(caught.value) and "forms.receipt.due_line" in str(caught.value)


def test_an_unknown_placeholder_is_rejected(tmp_path):
    data = bundled()
    data["forms"]["receipt"]["due_line"] = "5. Hẹn trả: {due_date}"
    with pytest.raises(WordingError, match=r"forms\.receipt\.due_line.*due_date"):
        load_wording_file(write(tmp_path, data))


def test_a_wrong_column_count_is_rejected(tmp_path):
    data = bundled()
    data["forms"]["register"]["columns"].pop()
    with pytest.raises(WordingError, match=r"forms\.register\.columns.*13"):
        load_wording_file(write(tmp_path, data))


def test_broken_json_is_rejected_naming_the_file(tmp_path):
    path = tmp_path / "tt03_2025" / "v2.json"
    path.parent.mkdir()
    path.write_text("{ not json", "utf-8")
    with pytest.raises(WordingError, match=r"v2\.json"):
        load_wording_file(path)


def test_an_empty_text_is_rejected(tmp_path):
    data = bundled()
    data["common"]["national_motto"] = "  "
    with pytest.raises(WordingError, match=r"common\.national_motto"):
        load_wording_file(write(tmp_path, data))


def test_a_city_correction_prints_without_a_new_release(tmp_path, monkeypatch, dossier, ctx):
    data = bundled()
    data["version"] = 2
    data["forms"]["receipt"]["title"] = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (ĐÃ ĐÍNH CHÍNH)"
    write(tmp_path, data)
    monkeypatch.setenv(OVERRIDE_ENV, str(tmp_path))
    assert "(ĐÃ ĐÍNH CHÍNH)" in text(render_form(FormKind.RECEIPT, dossier, ctx))


def test_a_correction_not_yet_in_force_is_not_used(tmp_path, monkeypatch):
    data = bundled()
    data["version"], data["effective_from"] = 3, "2099-01-01"
    write(tmp_path, data, version=3)
    monkeypatch.setenv(OVERRIDE_ENV, str(tmp_path))
    assert load_wording("tt03_2025", date(2026, 3, 5)).version == 1


def test_an_unknown_set_is_reported():
    with pytest.raises(WordingError, match="tt99"):
        load_wording("tt99")
