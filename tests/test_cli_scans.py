"""`desk-app scan attach / list / remove / export` (issue 12): the acting clerk's password like every step,
refusals in Vietnamese with exit 2 and nothing stored."""

from __future__ import annotations

import json

import pikepdf

from tests import scan_files
from tests.test_cli import receive, run

TO_KHAI = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"


def _scans(capsys, db: str, code: str) -> list[dict]:
    status, out, err = run(capsys, "--db", db, "scan", "list", code, "--json")
    assert status == 0, err
    return json.loads(out)


def test_attach_list_export_and_remove_from_the_terminal(capsys, cli_db, tmp_path):
    code = receive(capsys, cli_db, tmp_path)["code"]
    pages = [scan_files.write(tmp_path, f"trang{n}.png", scan_files.page(n)) for n in (1, 2)]
    status, out, err = run(capsys, "--db", cli_db, "scan", "attach", code, "--document", TO_KHAI,
                           *map(str, pages))
    assert status == 0, err
    assert f"Đã đính kèm «{TO_KHAI}» vào hồ sơ {code}: 2 trang" in out
    [scan] = _scans(capsys, cli_db, code)
    assert (scan["document"], scan["pages"], scan["attached_by"]) == (TO_KHAI, 2, "canbo1")
    status, out, _ = run(capsys, "--db", cli_db, "scan", "list", code)
    assert "đủ giấy tờ bắt buộc" in out
    target = tmp_path / "ban-quet.pdf"
    assert run(capsys, "--db", cli_db, "scan", "export", scan["sha256"], "-o", str(target))[0] == 0
    with pikepdf.open(target) as pdf:
        assert str(pdf.docinfo["/MotCuaDossier"]) == code
    status, out, err = run(capsys, "--db", cli_db, "scan", "remove", code, scan["sha256"][:12], "--reason",
                           "Quét nhầm trang")
    assert status == 0, err
    assert _scans(capsys, cli_db, code) == []
    status, out, _ = run(capsys, "--db", cli_db, "scan", "list", code)
    assert "chưa có bản quét" in out


def test_attach_needs_the_clerks_password(capsys, cli_db, tmp_path, monkeypatch):
    code = receive(capsys, cli_db, tmp_path)["code"]
    page = scan_files.write(tmp_path, "a.png", scan_files.page())
    monkeypatch.setenv("MOTCUA_PASSWORD", "sai-mat-khau")
    status, _, err = run(capsys, "--db", cli_db, "scan", "attach", code, "--document", TO_KHAI, str(page))
    assert status == 2 and "Traceback" not in err
    monkeypatch.undo()
    assert _scans_env(capsys, cli_db, code) == []


def _scans_env(capsys, db: str, code: str) -> list[dict]:
    status, out, _ = run(capsys, "--db", db, "scan", "list", code, "--json")
    return json.loads(out) if status == 0 else []


def test_bad_files_at_the_terminal_exit_2_in_vietnamese_and_store_nothing(capsys, cli_db, tmp_path):
    code = receive(capsys, cli_db, tmp_path)["code"]
    cases = {
        "hong.jpg": (scan_files.truncated_jpeg(), "bị hỏng hoặc không trọn vẹn"),
        "anh.jpg": (scan_files.pdf(), "nội dung là tệp PDF"),
        "script.pdf": (scan_files.pdf_with_javascript(), "JavaScript"),
        "khoa.pdf": (scan_files.encrypted_pdf(), "mật khẩu"),
        "rong.tif": (b"", "rỗng"),
    }
    for name, (data, words) in cases.items():
        path = scan_files.write(tmp_path, name, data)
        status, _, err = run(capsys, "--db", cli_db, "scan", "attach", code, "--document", TO_KHAI, str(path))
        assert status == 2 and err.startswith("Lỗi:") and words in err and "Traceback" not in err, (name, err)
    huge = scan_files.big_sparse_file(tmp_path / "to-lon.tif", 300 * 1024 * 1024)
    status, _, err = run(capsys, "--db", cli_db, "scan", "attach", code, "--document", TO_KHAI, str(huge))
    assert status == 2 and "quá lớn (300,0 MB)" in err
    status, _, err = run(capsys, "--db", cli_db, "scan", "attach", code, "--document", "Giấy lạ",
                         str(scan_files.write(tmp_path, "a.png", scan_files.page())))
    assert status == 2 and "không có giấy tờ «Giấy lạ»" in err
    assert _scans(capsys, cli_db, code) == []
    assert not [path for path in (tmp_path / "desk-scans").rglob("*") if path.is_file()]
    status, _, err = run(capsys, "--db", cli_db, "scan", "export", "f" * 64, "-o", str(tmp_path / "x.pdf"))
    assert status == 2 and "Không tìm thấy tệp" in err
