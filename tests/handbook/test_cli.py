"""`desk-app ask` and `desk-app handbook` on a real database file."""

from __future__ import annotations

import json

from desk_app import cli


def test_ask_prints_passages_with_procedure_and_source(desk_path, capsys):
    assert cli.main(["--db", str(desk_path), "ask", "làm giấy khai sinh cho con cần gì", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. 1.001193 Đăng ký khai sinh · Giấy tờ phải nộp")
    assert "Nguồn: Luật Hộ tịch 2014" in out


def test_ask_json_is_a_list_of_passages(desk_path, capsys):
    assert cli.main(["--db", str(desk_path), "ask", "khai bao tam vang", "--json"]) == 0
    answers = json.loads(capsys.readouterr().out)
    assert answers[0]["code"] == "1.003677" and answers[0]["sources"] and answers[0]["score"] > 0
    assert {"procedure", "section", "text", "derived"} <= set(answers[0])


def test_an_empty_question_is_refused_in_vietnamese_and_nothing_is_printed(desk_path, capsys):
    assert cli.main(["--db", str(desk_path), "ask", "   "]) == 2
    captured = capsys.readouterr()
    assert "Hãy nhập câu hỏi." in captured.err and captured.out == ""


def test_handbook_prints_an_entry_and_refuses_an_unknown_code(desk_path, capsys):
    assert cli.main(["--db", str(desk_path), "handbook", "2.000815"]) == 0
    assert "Lệ phí, phí và miễn giảm" in capsys.readouterr().out
    assert cli.main(["--db", str(desk_path), "handbook", "9.999999"]) == 2
    assert "Không có thủ tục mã 9.999999" in capsys.readouterr().err
