"""`desk-app fee` (issue 11): the amount and its breakdown in Vietnamese; bad input exits 2 with a clear
message and changes nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from desk_app.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_certified_copies_print_each_original_and_the_total(capsys, cli_db):
    code, out, err = run(capsys, "--db", cli_db, "fee", "--procedure", "2.000815", "--pages", "3", "1", "250",
                         "--copies", "2", "--date", "2026-12-08")
    assert code == 0, err
    assert out.splitlines() == [
        "2.000815 (phiên bản 2, từ 01/12/2026): Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có "
        "thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        "Phí chứng thực bản sao từ bản chính — Thông tư 226/2016/TT-BTC, Điều 4 (mức thu phí chứng thực)",
        "  Bản chính 1: 3 trang × 2 bản, 5.000 đ/bản                       10.000 đ",
        "  Bản chính 2: 1 trang × 2 bản, 2.000 đ/bản                        4.000 đ",
        "  Bản chính 3: 250 trang × 2 bản, 200.000 đ/bản (mức tối đa)     400.000 đ",
        "Tổng cộng: 414.000 đ",
    ]


def test_json_gives_lines_total_and_exemptions(capsys, cli_db):
    code, out, _ = run(capsys, "--db", cli_db, "fee", "--procedure", "1.001193", "--extra-copies", "2",
                       "--exempt", "dung_han", "--date", "2026-12-08", "--json")
    got = json.loads(out)
    assert code == 0 and got["total_vnd"] == 16_000 and got["version"] == 2
    assert got["lines"] == [{"label": "Bản sao trích lục khai sinh: 2 bản × 8.000 đ", "amount_vnd": 16_000}]
    assert got["exempt_reason"].startswith("Đăng ký khai sinh đúng hạn")
    assert "NQ-HĐND" in got["legal_basis"] and got["fee_name"] == "Lệ phí đăng ký khai sinh"


def test_before_the_rules_the_old_version_answers_with_its_text(capsys, cli_db):
    code, out, _ = run(capsys, "--db", cli_db, "fee", "--procedure", "2.000815", "--pages", "3",
                       "--date", "2026-03-10")
    assert code == 0 and "phiên bản 1" in out and "Tổng cộng: 0 đ" in out


def _fingerprint(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.mark.parametrize(("args", "message"), [
    (["--procedure", "2.000815", "--pages", "-3"],
     "Lỗi: Số trang của bản chính thứ 1 phải là số nguyên từ 1 đến 10.000 (đã nhập -3)."),
    (["--procedure", "2.000815", "--pages", "3", "--copies", "1000000000"],
     "Lỗi: Số bản sao phải là số nguyên từ 1 đến 1.000 (đã nhập 1000000000)."),
    (["--procedure", "2.000815"], "Lỗi: Cần nhập số trang của từng bản chính để tính phí."),
    (["--procedure", "9.999999"], "Lỗi: Không có thủ tục mã 9.999999 trong danh mục."),
    (["--procedure", "1.001193", "--exempt", "ngheo"],
     "Lỗi: Thủ tục này không có trường hợp miễn «ngheo» (có: dung_han, chinh_sach)."),
    (["--procedure", "2.000815", "--date", "8/12/2026"], "Lỗi: Ngày áp dụng «8/12/2026» không phải ngày hợp lệ"),
])
def test_bad_input_exits_2_with_a_clear_message_and_changes_nothing(capsys, cli_db, args, message):
    run(capsys, "--db", cli_db, "list")  # the file as any command leaves it
    before = _fingerprint(cli_db)
    extra = [] if "--date" in args else ["--date", "2026-12-08"]
    code, out, err = run(capsys, "--db", cli_db, "fee", *args, *extra)
    assert (code, out) == (2, "") and err.startswith(message), err
    assert "Traceback" not in err
    assert _fingerprint(cli_db) == before


def test_a_word_for_a_number_is_refused_by_the_parser(capsys, cli_db):
    with pytest.raises(SystemExit) as caught:
        main(["--db", cli_db, "fee", "--procedure", "2.000815", "--pages", "ba"])
    assert caught.value.code == 2 and "«ba» không phải số nguyên" in capsys.readouterr().err


def test_check_forms_is_clean_and_counts_the_converted_fees(capsys):
    code, out, err = run(capsys, "check-forms")
    assert (code, err) == (0, ""), err
    assert out.splitlines() == [
        "Các định nghĩa thủ tục và sổ tay hợp lệ.",
        "Lệ phí: 28 thủ tục tính theo quy tắc (miễn phí 9, theo hồ sơ 11, theo bản 1, theo trang 1, theo chữ ký 1, "
        "theo hợp đồng 2, chưa có con số 3; 10 theo Nghị quyết HĐND thành phố), 125 thủ tục một con số hoặc lời văn.",
    ]


COPY_REQUEST = {
    "procedure_code": "2.000815",
    "applicant": {"full_name": "Trần Thị Mai", "address": "Thôn Đoài, Xã Minh Châu, Hà Nội"},
    "documents": [{"name": "Bản sao cần chứng thực (nếu người yêu cầu tự chụp)", "copies": 1}],
    "fields": {"document_name": "Bằng tốt nghiệp THPT"},
    "received_at": "2026-12-04T09:30:00",
}


def _receive(capsys, db: str, tmp_path: Path, **more) -> tuple[int, str, str]:
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps({**COPY_REQUEST, **more}, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "--db", db, "receive", str(path), "--json", "--actor", "canbo1")


def test_a_dossier_from_json_keeps_its_counts_and_the_rules_amount(capsys, cli_db, tmp_path):
    code, out, err = _receive(capsys, cli_db, tmp_path, fee_inputs={"pages": [3, 1], "copies": 2})
    assert code == 0, err
    got = json.loads(out)
    assert got["fee_vnd"] == (5_000 + 2_000) * 2
    code, out, _ = run(capsys, "--db", cli_db, "show", got["code"], "--json")
    assert json.loads(out)["fee_vnd"] == 14_000


def test_a_json_dossier_with_a_bad_count_is_refused_and_nothing_saved(capsys, cli_db, tmp_path):
    code, out, err = _receive(capsys, cli_db, tmp_path, fee_inputs={"pages": [3, -1]})
    assert (code, out) == (2, "") and "Số trang của bản chính thứ 2" in err
    assert run(capsys, "--db", cli_db, "list", "--json")[1].strip() == "[]"
