"""`desk-app print` and `desk-app export register` against a real desk database."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from desk_app.cli import main
from tests.conftest import request
from tests.printing.conftest import page_size_mm, pages, text


def received_code(desk) -> str:
    return desk.dossiers.receive(request(name="Trần Thị Ánh"), "canbo1").dossier.code


def test_print_writes_the_receipt_and_logs_it(desk, desk_path, tmp_path):
    code = received_code(desk)
    out = tmp_path / "receipt.pdf"
    assert main(["--db", str(desk_path), "print", "receipt", code, "-o", str(out), "--actor", "canbo1"]) == 0
    printed = text(out.read_bytes())
    assert code in printed and "Trần Thị Ánh" in printed and "BẢN IN LẠI" not in printed
    entries = desk.audit.entries(code, "print")
    assert [(e["actor"], e["details"]) for e in entries] == [("canbo1", {"form": "receipt", "reprint": False})]


def test_a_second_print_is_marked_as_a_reprint(desk, desk_path, tmp_path):
    code = received_code(desk)
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    main(["--db", str(desk_path), "print", "receipt", code, "-o", str(first)])
    main(["--db", str(desk_path), "print", "receipt", code, "-o", str(second)])
    assert all(page.startswith("BẢN IN LẠI") for page in pages(second.read_bytes()))
    assert [e["details"]["reprint"] for e in desk.audit.entries(code, "print")] == [False, True]


def test_a5_is_honoured(desk, desk_path, tmp_path):
    out = tmp_path / "a5.pdf"
    main(["--db", str(desk_path), "print", "receipt", received_code(desk), "-o", str(out), "--paper", "A5"])
    assert page_size_mm(out.read_bytes()) == (148, 210)


def test_an_unknown_code_is_a_vietnamese_error(desk_path, tmp_path, capsys):
    assert main(["--db", str(desk_path), "print", "receipt", "KHONG-CO", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "KHONG-CO" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_form_with_nothing_to_print_is_refused_and_not_logged(desk, desk_path, tmp_path, capsys):
    code = received_code(desk)
    assert main(["--db", str(desk_path), "print", "refusal", code, "-o", str(tmp_path / "r.pdf")]) == 2
    assert "chưa bị từ chối" in capsys.readouterr().err
    assert desk.audit.entries(code, "print") == []


def test_export_register_as_xlsx_and_pdf(desk, desk_path, tmp_path):
    code = received_code(desk)
    day = date(2026, 3, 10).isoformat()
    xlsx, pdf = tmp_path / "so.xlsx", tmp_path / "so.pdf"
    for fmt, path in (("xlsx", xlsx), ("pdf", pdf)):
        args = ["--db", str(desk_path), "export", "register", "--from", day, "--to", day, "--format", fmt]
        assert main([*args, "-o", str(path)]) == 0
    sheet = load_workbook(io.BytesIO(xlsx.read_bytes())).active
    assert code in [cell.value for cell in sheet["B"]]
    assert code in text(pdf.read_bytes())
