"""The handbook files: one hand-written entry per shipped procedure, checked like the definitions, with
errors a catalogue editor can act on; a procedure nobody wrote for still gets an entry, marked derived."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from desk_app import cli
from desk_app.core import reference
from desk_app.core.handbook.checks import check_forms_handbook
from desk_app.core.handbook.passages import SECTIONS, passages
from desk_app.domain.catalogue import load_catalogue
from desk_app.domain.handbook_files import check_beside_catalogue, load_handbook
from desk_app.paths import forms_dir, procedures_dir
from tests.core.test_catalogue import SHIPPED_CODES as FIRST_28


@pytest.fixture
def forms(tmp_path) -> Path:
    """A copy of forms/ to break."""
    target = tmp_path / "forms"
    shutil.copytree(forms_dir(), target)
    return target


def _edit(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_every_first_catalogue_procedure_has_a_written_entry_with_every_part_sourced():
    entries = {e.code: e for e in load_handbook(forms_dir() / "handbook")}
    catalogue = {d.code for d in load_catalogue(procedures_dir())}
    assert set(entries) >= FIRST_28 and set(entries) <= catalogue  # the rest get derived entries
    for entry in entries.values():
        assert not entry.derived, entry.code
        assert {p.section for p in passages(entry)} >= set(SECTIONS) - {"related"}, entry.code
        assert all(p.sources and all(p.sources) for p in passages(entry)), entry.code
        # An article for the legal basis, or a note saying which article is still to be checked.
        assert any(s.articles for s in entry.sources) or "điều" in entry.notes.lower(), entry.code


def test_check_forms_passes_on_the_shipped_files(capsys):
    assert cli.main(["check-forms"]) == 0
    assert "sổ tay hợp lệ" in capsys.readouterr().out


def test_a_fact_citing_an_unlisted_source_is_refused_naming_file_and_reason(forms, capsys):
    _edit(forms / "handbook" / "1.001193" / "v1.json", lambda d: d["fees"][0].update(sources=["khong_co"]))
    assert cli.main(["check-forms", "--root", str(forms / "procedures")]) == 1
    err = capsys.readouterr().err
    assert "forms/handbook/1.001193/v1.json" in err and "nguồn chưa khai báo trong 'sources': khong_co" in err


def test_a_paper_without_checks_and_a_wrong_kind_are_named_by_field(forms):
    def change(d):
        d["papers"][1]["checks"] = []
        d["papers"][0]["kind"] = "photo"

    _edit(forms / "handbook" / "1.001193" / "v1.json", change)
    problems = [str(p) for p in check_beside_catalogue(forms / "procedures")]
    assert any("trường 'papers[1].checks': phải có ít nhất 1 mục" in p for p in problems), problems
    assert any("trường 'papers[0].kind': phải là một trong" in p for p in problems), problems


def test_an_entry_for_an_unknown_procedure_or_related_code_is_a_typo(forms):
    _edit(forms / "handbook" / "1.001193" / "v1.json", lambda d: d["related"][0].update(code="9.999999"))
    problems = [str(p) for p in check_beside_catalogue(forms / "procedures")]
    assert problems == ["forms/handbook/1.001193/v1.json: trường 'related[0].code': không có thủ tục mã 9.999999 "
                        "trong danh mục"] or any("9.999999" in p for p in problems)


def test_a_file_in_the_wrong_folder_and_broken_synonyms_are_reported(forms):
    source = forms / "handbook" / "1.001193" / "v1.json"
    (forms / "handbook" / "1.000656" / "v2.json").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (forms / "handbook" / "synonyms.json").write_text('{"groups": [', encoding="utf-8")
    problems = [str(p) for p in check_forms_handbook(forms / "procedures")]
    assert any("mã 1.001193 không khớp tên thư mục '1.000656'" in p for p in problems), problems
    assert any("synonyms.json" in p and "không hợp lệ" in p for p in problems), problems


def test_a_procedure_without_a_written_entry_gets_one_derived_from_its_definition(desk):
    defn = desk.procedure("1.004873")
    newcomer = defn.model_copy(update={"code": "1.999001", "name": "Thủ tục cấp giấy phép nuôi chim yến"})
    with desk.store.write() as session:
        reference.store_definition(session, newcomer)
    desk.reload()
    entry = desk.handbook_entry("1.999001")
    assert entry.derived and entry.title == "Thủ tục cấp giấy phép nuôi chim yến"
    assert [p.name for p in entry.papers] == [d.name for d in defn.documents]
    assert entry.time[0].text == defn.processing_time_text and entry.fees[0].text == defn.fee.text
    answers = desk.ask("giấy phép nuôi chim yến cần giấy tờ gì")
    assert answers[0].passage.code == "1.999001" and answers[0].passage.derived
    assert "papers" in {a.passage.section for a in answers if a.passage.code == "1.999001"}
