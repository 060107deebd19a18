"""`desk-app` as a support person or another system would use it."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from desk_app.cli import main

DOSSIER = {
    "procedure_code": "1.004873",
    "applicant": {"full_name": "Đặng Thị Hà", "personal_id": "001190123456", "date_of_birth": "1990-05-02",
                  "sex": "Nữ", "phone": "0912 345 678", "address": "Thôn Đoài, Xã Minh Châu, Hà Nội"},
    "documents": [{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "originals": 1}],
    "received_at": "2026-03-10T09:30:00",
}


@pytest.fixture
def db(cli_db) -> str:
    return cli_db


@pytest.fixture
def fresh_db(desk_path) -> str:
    """A desk with no account yet: set-up commands need no password until the first one exists."""
    return str(desk_path)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def receive(capsys, db: str, tmp_path: Path, data: dict = DOSSIER) -> dict:
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", db, "receive", str(path), "--json", "--actor", "canbo1")
    assert code == 0, err
    return json.loads(out)


def test_due_prints_iso_8601(capsys, db):
    assert run(capsys, "--db", db, "due", "--procedure", "1.001193", "--received", "2026-02-13T10:00")[1] == \
        "2026-02-13T17:00\n"
    assert run(capsys, "--db", db, "due", "--procedure", "1.004873", "--received", "2026-02-13T10:00")[1] == \
        "2026-02-25T10:00\n"


def test_receive_from_json_then_show_search_and_list(capsys, db, tmp_path):
    got = receive(capsys, db, tmp_path)
    assert got["code"] == "09661-260310-1001" and got["due_at"] == "2026-03-13T09:30:00"
    assert got["applicant"]["phone"] == "0912345678" and got["applicant"]["sex"] == "female"
    code, out, _ = run(capsys, "--db", db, "show", got["code"], "--json")
    assert code == 0 and json.loads(out)["history"][0]["kind"] == "received"
    code, out, _ = run(capsys, "--db", db, "search", "dang thi ha", "--json")
    assert code == 0 and [d["code"] for d in json.loads(out)] == [got["code"]]
    code, out, _ = run(capsys, "--db", db, "list", "--view", "all")
    assert code == 0 and "Đặng Thị Hà" in out and "Đã tiếp nhận" in out


def test_apply_steps_and_refuse_an_illegal_one(capsys, db, tmp_path):
    dossier = receive(capsys, db, tmp_path)["code"]
    assert run(capsys, "--db", db, "apply", dossier, "refused", "--reason", "Không thuộc thẩm quyền")[0] == 0
    code, _, err = run(capsys, "--db", db, "apply", dossier, "result_ready")
    assert code == 2 and "Không thể ghi nhận có kết quả" in err and "Từ chối tiếp nhận" in err
    code, _, err = run(capsys, "--db", db, "--lang", "en", "apply", dossier, "result_ready")
    assert code == 2 and "Cannot result ready" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "không phải JSON hợp lệ (dòng 1"),
     (json.dumps({**DOSSIER, "procedure_code": "1001193"}), "procedure_code"),
     (json.dumps({**DOSSIER, "documents": []}), "documents"),
     (json.dumps({**DOSSIER, "applicant": {**DOSSIER["applicant"], "personal_id": "123"}}), "Số định danh"),
     (json.dumps({**DOSSIER, "surprise": 1}), "surprise")],
)
def test_bad_files_get_a_clear_message_and_nothing_is_saved(capsys, db, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "--db", db, "receive", str(path))
    assert code == 2 and message in err and "Traceback" not in err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM dossiers").fetchone() == (0,)


def test_missing_file_and_bad_dates(capsys, db):
    assert "Không đọc được tệp" in run(capsys, "--db", db, "receive", "/nonexistent.json")[2]
    code, _, err = run(capsys, "--db", db, "export", "register", "--from", "2026-13-01", "--to", "2026-03-31")
    assert code == 2 and "không phải ngày hợp lệ" in err


def test_export_register_csv_with_official_columns(capsys, db, tmp_path):
    receive(capsys, db, tmp_path)
    out_file = tmp_path / "so.csv"
    code, _, err = run(capsys, "--db", db, "export", "register", "--from", "2026-03-01", "--to", "2026-03-31",
                       "--format", "csv", "-o", str(out_file))
    assert code == 0 and "1 hồ sơ" in err
    lines = out_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("STT,Mã hồ sơ,Tên thủ tục") and "Đặng Thị Hà" in lines[1]


def test_audit_verify_reports_tampering_with_exit_code_1(capsys, db, tmp_path):
    receive(capsys, db, tmp_path)
    assert run(capsys, "--db", db, "audit", "verify")[0] == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit_log SET actor = 'x' WHERE seq = 2")
    conn.commit()
    code, out, _ = run(capsys, "--db", db, "audit", "verify")
    assert code == 1 and "Mục 2" in out


def test_init_sets_the_point_and_refuses_an_unknown_unit(capsys, db):
    code, out, _ = run(capsys, "--db", db, "init", "--unit", "00070", "--desk-no", "3", "--actor", "quantri")
    assert code == 0 and "Phường Hoàn Kiếm (00070), bàn số 3" in out
    code, _, err = run(capsys, "--db", db, "init", "--unit", "12345", "--actor", "quantri")
    assert code == 2 and "Không có đơn vị mã 12345" in err
    assert run(capsys, "--db", db, "init", "--desk-no", "12", "--actor", "quantri")[2].startswith(
        "Lỗi: Số bàn phải từ 1 đến 9")


def test_user_add_and_procedures(capsys, db, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("mat-khau-dai\n"))
    assert run(capsys, "--db", db, "user", "add", "canbo3", "--name", "Phạm Thu Hà", "--password-stdin",
               "--actor", "quantri")[0] == 0
    assert "canbo3" in run(capsys, "--db", db, "user", "list")[1]
    assert "1.001193  Thủ tục đăng ký khai sinh" in run(capsys, "--db", db, "procedures", "dang ky khai sinh")[1]


def test_demo_seeds_realistic_dossiers(capsys, fresh_db):
    db = fresh_db
    code, out, _ = run(capsys, "--db", db, "demo", "--dossiers", "40", "--accounts")
    assert code == 0 and "Đã tạo 40 hồ sơ mẫu" in out and "canbo1, canbo2, giamsat" in out
    con = sqlite3.connect(db)
    statuses = {row[0] for row in con.execute("SELECT status FROM dossiers")}
    assert "returned" in statuses and len(statuses) >= 3  # dossiers at several stages, as in real life
    assert {row[0] for row in con.execute("SELECT received_by FROM dossiers")} == {"canbo1", "canbo2"}
    # Each step at its own moment, not all at the time the demo ran (which made every result late).
    returned = con.execute("SELECT code, received_at FROM dossiers WHERE status = 'returned'").fetchone()
    shown = run(capsys, "--db", db, "show", returned[0])[1]
    times = re.findall(r"^ {4}(\d\d:\d\d \d\d/\d\d/\d{4})  ", shown, re.MULTILINE)
    moments = [datetime.strptime(t, "%H:%M %d/%m/%Y") for t in times]
    assert len(moments) == 4 and moments[0] == datetime.fromisoformat(returned[1])  # received, sent, ready, returned
    assert moments == sorted(set(moments)) and moments[-1] <= datetime.now()
    walls = [row[0] for row in con.execute("SELECT wall_time FROM events WHERE kind != 'received'")]
    assert len(set(walls)) > 0.8 * len(walls)  # two dossiers may share a minute, not every step one moment


def test_the_installed_command_runs_on_a_fresh_database(tmp_path):
    env = {**os.environ, "MOTCUA_DB": str(tmp_path / "new.sqlite3")}
    exe = Path(sys.executable).with_name("desk-app")
    done = subprocess.run([str(exe), "due", "--procedure", "2.000815", "--received", "2026-01-02T09:00"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2026-01-05T17:00"  # 2 Jan 2026 is a day off: Monday 5 Jan


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_print_receipt_names_the_authority_and_marks_a_reprint(capsys, db, tmp_path):
    code = receive(capsys, db, tmp_path)["code"]
    first, second = tmp_path / "r1.pdf", tmp_path / "r2.pdf"
    assert run(capsys, "--db", db, "print", "receipt", code, "-o", str(first))[0] == 0
    assert run(capsys, "--db", db, "print", "receipt", code, "-o", str(second))[0] == 0
    text = _pdf_text(first)
    assert code in text and "Đặng Thị Hà" in text and "UBND XÃ MINH CHÂU" in text
    assert "09661-260310-1001" in text and "BẢN IN LẠI" not in text
    assert "BẢN IN LẠI" in _pdf_text(second)
    _, out, _ = run(capsys, "--db", db, "show", code, "--json")
    assert len(json.loads(out)["history"]) == 1  # printing is not a dossier event...
    audit = sqlite3.connect(db).execute("SELECT details FROM audit_log WHERE action = 'print'").fetchall()
    assert [json.loads(d)["reprint"] for (d,) in audit] == [False, True]  # ...but it is in the audit log


def test_export_register_xlsx_shows_authority_names(capsys, db, tmp_path):
    from openpyxl import load_workbook

    code = receive(capsys, db, tmp_path)["code"]
    run(capsys, "--db", db, "apply", code, "transferred")
    out_file = tmp_path / "so.xlsx"
    assert run(capsys, "--db", db, "export", "register", "--from", "2026-03-01", "--to", "2026-03-31",
               "--format", "xlsx", "-o", str(out_file))[0] == 0
    cells = [str(c.value) for row in load_workbook(out_file).active.iter_rows() for c in row if c.value]
    assert code in cells and "UBND Xã Minh Châu" in cells
    transferred = [c for c in cells if c.endswith(" - UBND Xã Minh Châu")]  # "<time> - <authority>"
    assert len(transferred) == 1


def test_db_may_follow_the_subcommand(capsys, db):
    code, out, _ = run(capsys, "due", "--procedure", "1.001193", "--received", "2026-02-13T10:00", "--db", db)
    assert code == 0 and out == "2026-02-13T17:00\n"
    assert run(capsys, "audit", "verify", "--db", db)[0] == 0


def test_self_test_runs_from_the_console_program(tmp_path, capsys):
    from desk_app.cli import main

    assert main(["--db", str(tmp_path / "desk.sqlite3"), "self-test"]) == 0
    out = capsys.readouterr().out
    assert "LỖI" not in out and out.count("OK") >= 5
