"""`desk-app ask "QUESTION"` and `desk-app handbook CODE`: the clerk's handbook from a terminal."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from desk_app.cli.common import whole_number
from desk_app.cli.errors import CliError
from desk_app.core.handbook.passages import SECTIONS, passages


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="hỏi đáp nghiệp vụ: đoạn sổ tay trả lời câu hỏi (có dấu hay không dấu)")
    p.add_argument("question", help='câu hỏi, ví dụ "chứng thực sổ đỏ mất bao nhiêu tiền"')
    p.add_argument("--limit", type=whole_number(1, 1_000), default=5, help="số đoạn trả lời (mặc định 5)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(handler=_ask)

    p = sub.add_parser("handbook", help="in mục sổ tay nghiệp vụ của một thủ tục")
    p.add_argument("code", help="mã thủ tục, ví dụ 1.001193")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(handler=_handbook)


def _section(key: str, lang: str) -> str:
    vi, en = SECTIONS[key]
    return en if lang == "en" else vi


def _ask(args, desk) -> int:
    if not args.question.strip():
        raise CliError("Hãy nhập câu hỏi.")
    answers = desk.ask(args.question, args.limit)
    if args.json:
        print(json.dumps([{**asdict(a.passage), "sources": list(a.passage.sources), "score": round(a.score, 3)}
                          for a in answers], ensure_ascii=False, indent=2))
        return 0
    if not answers:
        print("Không tìm thấy đoạn sổ tay nào phù hợp. Thử gõ tên thủ tục hoặc từ khác.")
        return 1
    for number, answer in enumerate(answers, 1):
        p = answer.passage
        mark = " (lập tự động từ định nghĩa)" if p.derived else ""
        print(f"{number}. {p.code} {p.procedure}{mark} · {_section(p.section, args.lang)}")
        print(f"   {p.text}")
        print(f"   Nguồn: {'; '.join(p.sources)}")
    return 0


def _handbook(args, desk) -> int:
    entry = desk.handbook_entry(args.code.strip())
    if args.json:
        print(entry.model_dump_json(by_alias=True, indent=2))
        return 0
    print(f"{entry.code} {entry.title}" + (" (lập tự động từ định nghĩa)" if entry.derived else ""))
    current = ""
    for p in passages(entry):
        if p.section != current:
            current = p.section
            print(f"\n{_section(current, args.lang)}")
        print(f"  - {p.text} [{'; '.join(p.sources)}]")
    return 0
