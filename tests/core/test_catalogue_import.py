"""Importing a published procedure list: the documented columns, all rows or none, new versions."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from desk_app.cli import main
from desk_app.domain.catalogue import load_catalogue, load_definition, validate_catalogue
from desk_app.domain.catalogue_import import FolderTarget, import_catalogue
from desk_app.paths import procedures_dir

HEADERS = ["STT", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Cơ quan giải quyết",
           "Thời hạn giải quyết", "Phí, lệ phí", "Thành phần hồ sơ", "Căn cứ pháp lý", "Nguồn", "Độ tin cậy"]
DOCS = "Tờ khai (Bản chính: 1 - Bản sao: 0) [mẫu]\nGiấy tờ tùy thân [xuất trình]"


def row(code="1.999001", name="Thủ tục thử nghiệm", time="05 ngày làm việc", docs=DOCS, level="Cấp xã",
        fee="Lệ phí: 10.000đ/hồ sơ", authority="") -> list[str]:
    return ["1", code, name, "Hộ tịch", level, authority, time, fee, docs, "Luật Hộ tịch 2014", "thử nghiệm",
            "high"]


def write_csv(path: Path, rows: list[list[str]], title: bool = True) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if title:  # provincial annexes put the decision's title above the table
            writer.writerow(["DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ (kèm theo Quyết định số .../QĐ-UBND)"])
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return path


def test_a_good_list_becomes_checked_definitions(tmp_path):
    source = write_csv(tmp_path / "list.csv", [row(), row("1.999002", "Thủ tục cấp thành phố", level="Cấp tỉnh",
                                                         authority="Sở Tư pháp thành phố Hà Nội",
                                                         time="Trong ngày; sau 15 giờ trả ngày hôm sau")])
    forms = tmp_path / "forms"
    report = import_catalogue(source, date(2026, 1, 1), FolderTarget(forms))
    assert report.ok and report.added == ["1.999001", "1.999002"] and report.ignored_columns == ["STT"]
    first, city = load_catalogue(forms)
    assert (first.time_rule, first.fee.amount_vnd, first.competent_authority) == ("working_days:5", 10000,
                                                                                  "UBND cấp xã")
    assert [(d.name, d.originals, d.copies, d.is_form, d.present_only) for d in first.documents] == [
        ("Tờ khai", 1, 0, True, False), ("Giấy tờ tùy thân", 0, 0, False, True)]
    assert (city.authority_level, city.competent_authority, city.time_rule) == (
        "city", "Sở Tư pháp thành phố Hà Nội", "same_day_15h")
    assert validate_catalogue(forms) == []


def test_broken_rows_are_all_reported_and_nothing_is_written(tmp_path):
    source = write_csv(tmp_path / "list.csv", [
        row(),                                                                  # line 3: fine
        row("1.99901", "Mã sai"),                                               # line 4
        row("1.999003", time="tùy trường hợp"),                                 # line 5
        row("1.999004", docs=""),                                               # line 6
        row("1.999001", "Trùng mã"),                                            # line 7
        row("1.999005", docs="Tờ khai (Bản chính: hai - Bản sao: 0)"),         # line 8
        row("1.999006", docs="Đơn đề nghị (Bản chính: 0 - Bản sao: 0)"),       # line 9
        row("1.999007", level="Cấp huyện"),                                    # line 10
    ])
    forms = tmp_path / "forms"
    report = import_catalogue(source, date(2026, 1, 1), FolderTarget(forms))
    found = {(e.line, e.column) for e in report.errors}
    assert found == {(4, "Mã thủ tục"), (5, "Thời hạn giải quyết"), (6, "Thành phần hồ sơ"), (7, "Mã thủ tục"),
                     (8, "Thành phần hồ sơ"), (9, "Thành phần hồ sơ"), (10, "Cấp thực hiện")}
    messages = "\n".join(map(str, report.errors))
    assert "Dòng 4, cột «Mã thủ tục»: mã thủ tục phải có dạng 1.001193" in messages
    assert "Dòng 7, cột «Mã thủ tục»: mã 1.999001 bị lặp (đã có ở dòng 3)" in messages
    assert "phải là số nguyên không âm, không phải «hai»" in messages
    assert not forms.exists() or not any(forms.rglob("*.json"))  # not even the good line 3
    assert report.summary() == "7 lỗi; không nhập thủ tục nào."


def test_reimport_makes_a_new_version_and_leaves_unchanged_rows_alone(tmp_path):
    forms = tmp_path / "forms"
    import_catalogue(write_csv(tmp_path / "a.csv", [row(), row("1.999002")]), date(2026, 1, 1), FolderTarget(forms))
    v1 = (forms / "1.999001" / "v1.json").read_bytes()
    changed = write_csv(tmp_path / "b.csv", [row(time="07 ngày làm việc"), row("1.999002")])
    report = import_catalogue(changed, date(2026, 6, 1), FolderTarget(forms))
    assert report.updated == {"1.999001": 2} and report.unchanged == ["1.999002"]
    assert (forms / "1.999001" / "v1.json").read_bytes() == v1  # a used version is never edited
    v2 = json.loads((forms / "1.999001" / "v2.json").read_text(encoding="utf-8"))
    assert (v2["time_rule"], v2["effective_from"]) == ("working_days:7", "2026-06-01")
    assert not (forms / "1.999002" / "v2.json").exists()
    again = import_catalogue(changed, date(2026, 7, 1), FolderTarget(forms))
    assert again.ok and again.updated == {} and sorted(again.unchanged) == ["1.999001", "1.999002"]


def test_a_new_version_from_the_list_keeps_the_fee_rule_while_its_text_is_the_same(tmp_path):
    """The list has no fee rule (issue 11): re-importing a procedure whose latest version computes its fee
    must not lose the rule, unless the published fee text changed."""
    forms = tmp_path / "forms"
    shutil.copytree(procedures_dir() / "2.000815", forms / "2.000815")
    latest = load_definition(forms / "2.000815" / "v2.json")
    line = row("2.000815", latest.name, fee=latest.fee.text, time="01 ngày làm việc")
    report = import_catalogue(write_csv(tmp_path / "a.csv", [line]), date(2027, 1, 1), FolderTarget(forms))
    assert report.updated == {"2.000815": 3}
    v3 = load_definition(forms / "2.000815" / "v3.json")
    assert v3.fee == latest.fee and v3.schema_version == 2 and v3.time_rule == "working_days:1"
    changed = row("2.000815", latest.name, fee="3.000đ/trang", time="01 ngày làm việc")
    import_catalogue(write_csv(tmp_path / "b.csv", [changed]), date(2027, 2, 1), FolderTarget(forms))
    v4 = load_definition(forms / "2.000815" / "v4.json")
    assert v4.fee.rule is None and v4.fee.text == "3.000đ/trang"


def test_a_change_dated_before_the_version_in_force_is_refused(tmp_path):
    forms = tmp_path / "forms"
    import_catalogue(write_csv(tmp_path / "a.csv", [row()]), date(2026, 1, 1), FolderTarget(forms))
    report = import_catalogue(write_csv(tmp_path / "b.csv", [row(time="09 ngày làm việc")]), date(2026, 1, 1),
                              FolderTarget(forms))
    assert [str(e) for e in report.errors] == [
        "Dòng 3, cột «Mã thủ tục»: thủ tục đã có v1 hiệu lực từ 01/01/2026; phiên bản mới phải có ngày hiệu lực "
        "sau ngày đó (đang là 01/01/2026)"]


def test_xlsx_with_english_headers_is_accepted(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "field", "level", "processing_time", "fee", "documents", "legal_basis", "source"])
    sheet.append(["1.999010", "Procedure from a workbook", "Chứng thực", "commune_police", "3 ngày làm việc",
                  "Không thu", "Tờ khai (Bản chính: 1 - Bản sao: 0)", "TT 66/2023/TT-BCA", "test"])
    book.save(tmp_path / "list.xlsx")
    forms = tmp_path / "forms"
    assert import_catalogue(tmp_path / "list.xlsx", date(2026, 1, 1), FolderTarget(forms)).ok
    (defn,) = load_catalogue(forms)
    assert (defn.authority_level, defn.competent_authority, defn.fee.amount_vnd) == (
        "commune_police", "Công an cấp xã", 0)


def test_the_cli_imports_into_the_desk_database_at_once(desk, desk_path, tmp_path, capsys):
    desk.close()
    source = write_csv(tmp_path / "list.csv", [row()])
    assert main(["--db", str(desk_path), "catalogue", "import", str(source), "--effective-from", "2026-01-01"]) == 0
    assert "1 thủ tục mới" in capsys.readouterr().out
    assert main(["--db", str(desk_path), "procedures", "thu nghiem"]) == 0
    assert "1.999001  Thủ tục thử nghiệm" in capsys.readouterr().out
    assert main(["--db", str(desk_path), "catalogue", "import", str(source)]) == 0  # unchanged: a no-op
    assert "0 thủ tục mới, 0 phiên bản mới, 1 không đổi" in capsys.readouterr().out


def test_the_cli_reports_a_bad_list_and_changes_nothing(desk, desk_path, tmp_path, capsys):
    count = len(desk.find_procedures("", limit=10_000))
    desk.close()
    source = write_csv(tmp_path / "list.csv", [row(), row("x")])
    assert main(["--db", str(desk_path), "catalogue", "import", str(source)]) == 1
    captured = capsys.readouterr()
    assert "Dòng 4, cột «Mã thủ tục»" in captured.err and "không nhập thủ tục nào" in captured.out
    main(["--db", str(desk_path), "procedures", "--json"])
    assert len(json.loads(capsys.readouterr().out)) == count


@pytest.mark.parametrize("folder", ["forms/procedures"])
def test_the_shipped_catalogue_regenerates_from_its_csv_unchanged(folder, tmp_path):
    """scripts/build_catalogue.py over the shipped folder finds nothing to write."""
    repo = Path(__file__).resolve().parents[2]
    report = import_catalogue(repo / "scripts/data/procedures_commune_2025.csv", date(2025, 7, 1),
                              FolderTarget(repo / folder))
    assert report.ok and report.added == [] and report.updated == {} and len(report.unchanged) == report.rows


def test_stats_count_every_procedure_by_field_and_by_its_weakest_confidence(desk, desk_path, capsys):
    stats = desk.catalogue_stats()
    assert stats.total == len(desk.find_procedures("", limit=10_000)) >= 150
    assert sum(n for _, n in stats.by_field) == sum(n for _, n in stats.by_confidence) == stats.total
    desk.close()
    assert main(["--db", str(desk_path), "procedures", "--stats"]) == 0
    out = capsys.readouterr().out
    assert f"Tổng số thủ tục: {stats.total}" in out and "Hộ tịch" in out and "low" in out


def test_confidence_is_the_weakest_level_named():
    from desk_app.core.catalogue_stats import confidence_level

    assert confidence_level("high (code, time); medium (fee - province-specific)") == "medium"
    assert confidence_level("high") == "high"
    assert confidence_level("Cao (mã); Thấp (thời hạn)") == "low"
    assert confidence_level("") == "chưa đánh giá"


def test_a_list_without_a_source_column_names_the_file_as_the_source(tmp_path):
    """An export straight from the national database has no «Nguồn» column: the file is the source."""
    source = tmp_path / "xuat-csdl.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADERS[:-2], row()[:-2]])
    forms = tmp_path / "forms"
    report = import_catalogue(source, date(2026, 1, 1), FolderTarget(forms))
    assert report.ok, report.errors
    [defn] = load_catalogue(forms)
    assert defn.source == {"evidence": "danh mục nhập từ tệp xuat-csdl.csv", "confidence": "chưa đánh giá"}
