"""The fee receipt and the day's collection sheet (issue 11), through `desk-app`, read back with pdftotext."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date

import pytest

from desk_app.cli import main
from desk_app.services import Desk
from tests.printing.conftest import pages

DOSSIER = {
    "procedure_code": "2.001019",  # chứng thực di chúc: 50.000 đồng per will
    "applicant": {"full_name": "Đặng Thị Hà", "personal_id": "001190123456", "date_of_birth": "1990-05-02",
                  "sex": "Nữ", "phone": "0912 345 678", "address": "Thôn Đoài, Xã Minh Châu, Hà Nội"},
    "documents": [{"name": "Di chúc", "originals": 1}],
}


def pdftotext(path) -> str:
    """The PDF as poppler reads it, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return re.sub(r"[ \t]+", " ", out.stdout)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def paid(capsys, cli_db, tmp_path) -> str:
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps(DOSSIER, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--db", cli_db, "receive", str(path), "--json")
    assert code == 0, err
    dossier = json.loads(out)["code"]
    code, out, err = run(capsys, "--db", cli_db, "pay", dossier, "--method", "cash")
    assert code == 0, err
    assert "50.000 đồng (tiền mặt) – Năm mươi nghìn đồng" in out
    return dossier


def test_the_fee_receipt_prints_two_copies_with_the_amount_in_words(capsys, cli_db, paid, tmp_path):
    out = tmp_path / "bien-lai.pdf"
    code, said, err = run(capsys, "--db", cli_db, "print", "fee-receipt", paid, "-o", str(out))
    assert code == 0, err and "Đã in biên lai thu phí" in said
    printed = pdftotext(out)
    assert printed.count("BIÊN LAI THU PHÍ, LỆ PHÍ") == 2
    assert "(Liên 1: Lưu tại đơn vị thu)" in printed and "(Liên 2: Giao người nộp tiền)" in printed
    series = f"09661-{date.today():%y}B1"
    assert f"Ký hiệu: {series} – Số: 0000001" in printed
    assert "Họ tên người nộp tiền: Đặng Thị Hà" in printed and "UBND XÃ MINH CHÂU" in printed
    assert "Tên loại phí, lệ phí: Phí chứng thực di chúc (hợp đồng, giao dịch)" in printed  # the rule's name
    assert "Căn cứ thu: Thông tư 226/2016/TT-BTC, Điều 4" in printed  # the rule's legal basis
    assert "Tổng số tiền: 50.000 đồng" in printed and "Viết bằng chữ: Năm mươi nghìn đồng" in printed
    assert "Hình thức thanh toán: tiền mặt" in printed and "Phạm Thu Hà" in printed  # the collector, by name
    assert "BẢN IN LẠI" not in printed


def test_a_second_print_is_marked_and_a_corrected_receipt_is_a_first_print(capsys, cli_db, paid, tmp_path):
    first, second, third = (tmp_path / f"{n}.pdf" for n in (1, 2, 3))
    run(capsys, "--db", cli_db, "print", "fee-receipt", paid, "-o", str(first))
    assert run(capsys, "--db", cli_db, "print", "fee-receipt", paid, "-o", str(second))[1].startswith("Đã in lại")
    assert pdftotext(second).count("BẢN IN LẠI") == 2  # on both copies
    code, _said, err = run(capsys, "--db", cli_db, "pay", paid, "--method", "transfer", "--reference", "FT26340",
                          "--correct", "Nộp qua ngân hàng, ghi nhầm tiền mặt")
    assert code == 0, err
    run(capsys, "--db", cli_db, "print", "fee-receipt", paid, "-o", str(third))
    printed = pdftotext(third)
    assert "BẢN IN LẠI" not in printed and "Số: 0000002" in printed
    assert "chuyển khoản, mã giao dịch FT26340" in printed
    assert re.search(r"thay thế biên lai 09661-\d\dB1/0000001\s+\(đã huỷ; lý do: Nộp qua ngân hàng", printed)


def test_the_collection_sheet_lists_receipts_cancellations_and_totals(capsys, cli_db, paid, tmp_path):
    run(capsys, "--db", cli_db, "pay", paid, "--method", "transfer", "--reference", "FT1", "--correct", "Sai hình thức")
    out = tmp_path / "bang-ke.pdf"
    code, _said, err = run(capsys, "--db", cli_db, "print", "collection-sheet", "--date", date.today().isoformat(),
                          "-o", str(out))
    assert code == 0, err
    printed = pdftotext(out)
    assert "BẢNG KÊ BIÊN LAI THU PHÍ, LỆ PHÍ" in printed
    assert "Tổng số tiền thu trong ngày: 50.000 đồng (2 biên lai)" in printed
    assert "Viết bằng chữ: Năm mươi nghìn đồng" in printed
    assert "Biên lai huỷ, điều chỉnh và hoàn phí trong ngày" in printed and "-50.000 đồng. Huỷ, thay bằng" in printed
    assert "Chưa khoá sổ" in printed
    assert re.search(r"Tiền mặt\s+0\n", printed) and re.search(r"Chuyển khoản\s+50.000\n", printed)


def test_a_practice_fee_receipt_carries_the_training_mark(capsys, cli_db, paid, tmp_path):
    with Desk.open(cli_db) as desk:
        desk.configure(training=True)
        printed = desk.print_fee_receipt(paid, "canbo1")
    assert all("BẢN THỰC HÀNH" in page for page in pages(printed))  # the diagonal mark: pdftotext -layout mangles it


@pytest.mark.parametrize(("args", "message"), [
    (["--method", "cash", "--amount", "-5000"], "Số tiền thu không được âm"),
    (["--method", "exempt"], "Miễn phí, lệ phí: cần ghi lý do miễn"),
    (["--method", "transfer"], "Chuyển khoản: cần ghi số tham chiếu"),
    (["--method", "cash"], "Hồ sơ đã thu phí"),
])
def test_bad_payments_at_the_terminal_exit_2_in_vietnamese_and_change_nothing(capsys, cli_db, paid, args, message):
    with Desk.open(cli_db) as desk:
        before = desk.dossiers.history(paid)
    if message != "Hồ sơ đã thu phí":  # a fresh dossier for the other cases: a refused first payment
        run(capsys, "--db", cli_db, "refund", paid, "--reason", "thử")
        with Desk.open(cli_db) as desk:
            before = desk.dossiers.history(paid)
    code, _out, err = run(capsys, "--db", cli_db, "pay", paid, *args)
    assert code == 2 and message in err and "Traceback" not in err
    with Desk.open(cli_db) as desk:
        assert desk.dossiers.history(paid) == before


def test_a_fee_receipt_of_an_unpaid_dossier_is_refused(capsys, cli_db, tmp_path):
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps(DOSSIER, ensure_ascii=False), encoding="utf-8")
    dossier = json.loads(run(capsys, "--db", cli_db, "receive", str(path), "--json")[1])["code"]
    code, _out, err = run(capsys, "--db", cli_db, "print", "fee-receipt", dossier, "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "chưa có biên lai thu phí" in err and not (tmp_path / "x.pdf").exists()


def test_closing_the_day_needs_a_supervisor_and_then_refuses_more_money(capsys, cli_db, paid, monkeypatch):
    today = date.today().isoformat()
    code, out, err = run(capsys, "--db", cli_db, "close-day", "--date", today)
    assert code == 2 and "giám sát" in err.lower()
    with Desk.open(cli_db) as desk:
        desk.accounts.create("giamsat", "Trần Văn Sát", "supervisor", "mat-khau-cli-1")
    code, out, err = run(capsys, "--db", cli_db, "close-day", "--date", today, "--actor", "giamsat")
    assert code == 0, err
    assert "50.000 đồng, 1 biên lai" in out
    code, out, err = run(capsys, "--db", cli_db, "refund", paid)
    assert code == 2 and "đã khoá sổ thu phí" in err
