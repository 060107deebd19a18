"""The shipped procedure catalogue loads, and a broken definition is refused with a findable message."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from desk_app.domain.catalogue import (
    CatalogueError,
    ProcedureDefinition,
    definition_for,
    definition_from_json,
    definition_to_json,
    load_catalogue,
    load_definition,
    validate_catalogue,
)
from desk_app.paths import procedures_dir

# The first 28 procedures the desk shipped (see forms/README.md); a missing one is a missing service.
# fmt: off
SHIPPED_CODES = {
    "1.001193", "1.000894", "1.000656", "1.004884", "1.004873", "2.000635", "1.004859",
    "1.001022", "1.004837", "1.003583", "1.000419", "2.000986", "2.002622", "2.000815",
    "2.000884", "2.000908", "2.001035", "2.001019", "1.004222", "1.004194", "1.002755",
    "1.003677", "1.010028", "1.010038", "2.001159", "1.001612", "2.000720", "1.012812",
}
# fmt: on
BIRTH = "1.001193"


@pytest.fixture(scope="module")
def shipped() -> dict[str, ProcedureDefinition]:
    return {d.code: d for d in load_catalogue(procedures_dir())}


def _shipped_json(code: str = BIRTH) -> dict[str, Any]:
    return json.loads((procedures_dir() / code / "v1.json").read_text(encoding="utf-8"))


def _write(root: Path, data: dict[str, Any], folder: str | None = None, name: str | None = None) -> Path:
    path = root / (folder or data["code"]) / (name or f"v{data['version']}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


# --- the shipped catalogue ----------------------------------------------------------------------


def _researched_codes() -> set[str]:
    """Every row of the gathered list scripts/build_catalogue.py writes into forms/procedures."""
    import csv

    path = Path(__file__).resolve().parents[2] / "scripts/data/procedures_commune_2025.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["Mã thủ tục"] for row in csv.DictReader(handle)}


def test_all_shipped_procedures_are_present_once(shipped: dict[str, ProcedureDefinition]) -> None:
    assert set(shipped) == SHIPPED_CODES | _researched_codes()
    every = load_catalogue(procedures_dir())
    # The first 28 have a second version each, with their fee as a rule (issue 11); the rest one.
    assert len(every) == len(shipped) + len(SHIPPED_CODES) and len(shipped) >= 150
    assert {d.code for d in every if d.version == 2} == SHIPPED_CODES
    assert all(d.schema_version == 2 and d.fee.rule is not None for d in every if d.version == 2)


def test_shipped_catalogue_has_no_problems() -> None:
    assert validate_catalogue(procedures_dir()) == []


def test_shipped_files_are_stored_in_nfc() -> None:
    for path in procedures_dir().glob("*/*.json"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, path


def test_residence_procedures_go_to_the_commune_police(shipped: dict[str, ProcedureDefinition]) -> None:
    for code in ("1.004222", "1.004194", "1.002755", "1.003677", "1.010028", "1.010038", "2.001159"):
        assert shipped[code].authority_level == "commune_police"
        assert shipped[code].competent_authority == "Công an cấp xã"
    assert shipped[BIRTH].authority_level == "commune"


def test_every_procedure_starts_its_checklist_sensibly(shipped: dict[str, ProcedureDefinition]) -> None:
    for defn in shipped.values():
        assert any(d.required for d in defn.documents), defn.code
        # Published lists carry no input fields: only the hand-made first 28 have them.
        assert (1 if defn.code in SHIPPED_CODES else 0) <= len(defn.fields) <= 4, defn.code
        for doc in defn.documents:
            # A kept paper has at least one sheet; a paper only shown at the desk has none.
            assert (doc.originals + doc.copies == 0) == doc.present_only, (defn.code, doc.name)


def test_birth_registration_checklist(shipped: dict[str, ProcedureDefinition]) -> None:
    docs = {d.name: d for d in shipped[BIRTH].documents}
    form = docs["Tờ khai đăng ký khai sinh"]
    assert (form.originals, form.copies, form.is_form, form.required) == (1, 0, True, True)
    identity = docs["Giấy tờ tùy thân người đi khai"]
    assert identity.present_only and (identity.originals, identity.copies) == (0, 0)
    assert docs["Văn bản ủy quyền (nếu có)"].required is False
    assert shipped[BIRTH].time_rule == "same_day_15h"
    assert [f.key for f in shipped[BIRTH].fields][:2] == ["child_full_name", "child_date_of_birth"]


def test_marriage_is_same_day_with_the_verification_exception_kept(
    shipped: dict[str, ProcedureDefinition],
) -> None:
    marriage = shipped["1.000894"]
    assert marriage.time_rule == "same_day_15h"
    assert "05 ngày làm việc" in marriage.processing_time_text


def test_fees_with_one_figure_carry_it() -> None:
    # Format 1 (the v1 files, still loaded for the dossiers received under them): one figure or text.
    v1 = {code: load_definition(procedures_dir() / code / "v1.json") for code in ("2.000635", "2.000884", "2.000815")}
    extract = v1["2.000635"].fee
    assert (extract.amount_vnd, extract.unit, extract.rule) == (8000, "bản", None)
    assert v1["2.000884"].fee.amount_vnd == 10000
    # Page-tiered fee: no single figure, so the text rules.
    copy_fee = v1["2.000815"].fee
    assert copy_fee.amount_vnd == 0 and "1.000đ/trang" in copy_fee.text


def test_no_working_day_rule_is_left_without_a_count(shipped: dict[str, ProcedureDefinition]) -> None:
    for code in ("2.000986", "2.002622", "1.010028"):
        assert shipped[code].time_rule.startswith("working_days:")
        assert int(shipped[code].time_rule.split(":")[1]) > 0
        assert shipped[code].notes  # the guess is documented for the editors


# --- broken definitions ---------------------------------------------------------------------------


def _drop_name(d: dict[str, Any]) -> None:
    del d["name"]


def _negative_originals(d: dict[str, Any]) -> None:
    d["documents"][0]["originals"] = -1


def _text_originals(d: dict[str, Any]) -> None:
    d["documents"][0]["originals"] = "1"


def _bad_rule(d: dict[str, Any]) -> None:
    d["time_rule"] = "working_days:0"


def _prose_rule(d: dict[str, Any]) -> None:
    d["time_rule"] = "3 ngày làm việc"


def _extra_key(d: dict[str, Any]) -> None:
    d["fee_vnd"] = 8000


def _no_documents(d: dict[str, Any]) -> None:
    d["documents"] = []


def _choice_without_choices(d: dict[str, Any]) -> None:
    d["fields"][2]["choices"] = []


def _future_format(d: dict[str, Any]) -> None:
    d["$schema_version"] = 3


@pytest.mark.parametrize(
    ("mutate", "field", "reason_part"),
    [
        (_drop_name, "name", "thiếu"),
        (_negative_originals, "documents[0].originals", "không âm"),
        (_text_originals, "documents[0].originals", "số nguyên"),
        (_bad_rule, "time_rule", "quy tắc thời hạn"),
        (_prose_rule, "time_rule", "quy tắc thời hạn"),
        (_extra_key, "fee_vnd", "không có trong định dạng"),
        (_no_documents, "documents", "ít nhất 1"),
        (_choice_without_choices, "fields[2]", "choices"),
        (_future_format, "$schema_version", "chưa được hỗ trợ"),
    ],
)
def test_broken_definition_names_file_and_field(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], field: str, reason_part: str
) -> None:
    data = _shipped_json()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(CatalogueError) as caught:
        load_definition(path)
    err = caught.value
    assert (err.path, err.field) == (path, field)
    assert reason_part in err.reason
    assert "1.001193/v1.json" in str(err) and f"trường '{field}'" in str(err)


def test_code_with_wrong_pattern_is_refused(tmp_path: Path) -> None:
    data = {**_shipped_json(), "code": "1001193"}
    path = _write(tmp_path, data)  # folder matches, so only the pattern is wrong
    with pytest.raises(CatalogueError) as caught:
        load_definition(path)
    assert caught.value.field == "code" and "1.001193" in caught.value.reason


def test_definition_in_another_codes_folder_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _shipped_json(), folder="1.000894")
    with pytest.raises(CatalogueError) as caught:
        load_definition(path)
    assert caught.value.field == "code"
    assert "1.000894/v1.json" in str(caught.value) and "1.000894" in caught.value.reason


def test_file_name_must_match_version(tmp_path: Path) -> None:
    path = _write(tmp_path, {**_shipped_json(), "version": 2}, name="v1.json")
    with pytest.raises(CatalogueError) as caught:
        load_definition(path)
    assert caught.value.field == "version" and "v2.json" in caught.value.reason


def test_invalid_json_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / BIRTH / "v1.json"
    path.parent.mkdir()
    path.write_text('{\n  "code": "1.001193",\n  "version": 1,\n}\n', encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_definition(path)
    assert "1.001193/v1.json" in str(caught.value)
    assert "dòng 4, cột 1" in caught.value.reason


def test_duplicate_key_is_refused_not_silently_overwritten(tmp_path: Path) -> None:
    path = tmp_path / BIRTH / "v1.json"
    path.parent.mkdir()
    text = json.dumps(_shipped_json(), ensure_ascii=False)
    path.write_text(text.replace('"version": 1,', '"version": 1, "version": 1,'), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"lặp.*version"):
        load_definition(path)


def test_check_lists_every_problem_and_load_stops_at_the_first(tmp_path: Path) -> None:
    shutil.copytree(procedures_dir(), tmp_path, dirs_exist_ok=True)
    for code in ("1.000894", "2.000815"):
        data = _shipped_json(code)
        data["time_rule"] = "soon"
        _write(tmp_path, data)
    problems = validate_catalogue(tmp_path)
    assert sorted(p.path.parent.name for p in problems) == ["1.000894", "2.000815"]
    assert all(p.field == "time_rule" for p in problems)
    with pytest.raises(CatalogueError, match=re.escape("1.000894/v1.json")):
        load_catalogue(tmp_path)


def test_missing_catalogue_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError):
        load_catalogue(tmp_path / "nowhere")
    assert len(validate_catalogue(tmp_path / "nowhere")) == 1


# --- versions by effective date ----------------------------------------------------------------


@pytest.fixture
def two_versions(tmp_path: Path) -> Path:
    v1 = _shipped_json()
    _write(tmp_path, v1)
    v2 = {**v1, "version": 2, "effective_from": "2026-03-01", "time_rule": "working_days:1"}
    _write(tmp_path, v2)
    return tmp_path


def test_version_in_force_is_chosen_by_date(two_versions: Path) -> None:
    defs = load_catalogue(two_versions)
    assert [d.version for d in defs] == [1, 2]
    assert definition_for(defs, BIRTH, date(2025, 7, 1)).version == 1
    assert definition_for(defs, BIRTH, date(2026, 2, 28)).version == 1
    assert definition_for(defs, BIRTH, date(2026, 3, 1)).version == 2
    assert definition_for(defs, BIRTH, date(2027, 1, 1)).time_rule == "working_days:1"


def test_no_version_before_the_first_effective_date(two_versions: Path) -> None:
    defs = load_catalogue(two_versions)
    with pytest.raises(LookupError, match="30/06/2025"):
        definition_for(defs, BIRTH, date(2025, 6, 30))
    with pytest.raises(LookupError, match=re.escape("9.999999")):
        definition_for(defs, "9.999999", date(2026, 1, 1))


def test_later_version_must_take_effect_later(two_versions: Path) -> None:
    v2 = json.loads((two_versions / BIRTH / "v2.json").read_text(encoding="utf-8"))
    _write(two_versions, {**v2, "effective_from": "2025-07-01"})
    problems = validate_catalogue(two_versions)
    assert [(p.path.name, p.field) for p in problems] == [("v2.json", "effective_from")]
    with pytest.raises(CatalogueError):
        load_catalogue(two_versions)


# --- text and storage -----------------------------------------------------------------------------


def test_decomposed_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    data = _shipped_json()
    decomposed = unicodedata.normalize("NFD", data["name"])
    data["name"] = decomposed
    data["documents"][0]["name"] = unicodedata.normalize("NFD", data["documents"][0]["name"])
    defn = load_definition(_write(tmp_path, data))
    assert decomposed != "Thủ tục đăng ký khai sinh"
    assert defn.name == "Thủ tục đăng ký khai sinh"
    assert defn.documents[0].name == "Tờ khai đăng ký khai sinh"
    assert definition_from_json(json.dumps(data)).name == "Thủ tục đăng ký khai sinh"


def test_round_trip_through_json_keeps_every_definition() -> None:
    for defn in load_catalogue(procedures_dir()):
        text = definition_to_json(defn)
        assert definition_from_json(text) == defn
    stored = json.loads(definition_to_json(load_definition(procedures_dir() / BIRTH / "v2.json")))
    assert stored["$schema_version"] == 2 and stored["name"] == "Thủ tục đăng ký khai sinh"
    assert "amount_vnd" not in stored["fee"] and stored["fee"]["rule"]["kind"] == "per_dossier"


def test_a_format_1_definition_is_stored_as_its_file_says() -> None:
    """A desk not yet updated reads what the city sends: format-1 definitions must not gain new keys."""
    data = _shipped_json()
    stored = json.loads(definition_to_json(load_definition(procedures_dir() / BIRTH / "v1.json")))
    assert stored["fee"] == data["fee"] and stored["$schema_version"] == 1


def test_json_from_sync_is_validated_too() -> None:
    data = _shipped_json()
    data["documents"][0]["copies"] = -2
    with pytest.raises(ValidationError):
        definition_from_json(json.dumps(data))
