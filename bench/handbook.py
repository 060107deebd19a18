"""Hỏi đáp latency with the catalogue padded to 500 procedures: answer p50/p95/max over the question set
(tests/handbook/questions.csv), the picker's handbook fallback, and the one-off index build.

    .venv/bin/python bench/handbook.py [--procedures 500] [--rounds 5]

Two paddings: (a) extra definitions with no written entry, so each gets the derived entry, the way the
~150 definitions of issue 16 arrive; (b) heavier: every extra procedure carries a copy of a written entry
(about 14 passages each rather than 6). Both go through Desk on a real SQLite file. Target: p95 < 50 ms.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.core import reference
from desk_app.core.handbook import published
from desk_app.core.handbook.published import bundled_entries
from desk_app.services import Desk

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = ("cấp tỉnh", "cho tổ chức", "trực tuyến", "có yếu tố nước ngoài", "lần đầu", "cấp lại", "điều chỉnh",
            "gia hạn", "thu hồi", "cấp đổi", "tại nơi tạm trú", "cho người khuyết tật", "cho hộ nghèo")


def questions() -> list[str]:
    with (ROOT / "tests" / "handbook" / "questions.csv").open(encoding="utf-8", newline="") as handle:
        return [row["question"] for row in csv.DictReader(handle)]


def pad(desk: Desk, total: int, with_entries: bool) -> None:
    """Add definitions (and, when asked, published copies of written entries) up to `total` procedures."""
    base = [desk.procedure(hit.code) for hit in desk.find_procedures("", limit=10_000)]
    written = {e.code: e for e in bundled_entries()}
    with desk.store.write() as session:
        for n in range(total - len(base)):
            source = base[n % len(base)]
            code = f"9.{n:06d}"
            name = f"{source.name} {VARIANTS[n % len(VARIANTS)]} {n // len(VARIANTS)}"
            reference.store_definition(session, source.model_copy(update={"code": code, "name": name}))
            entry = written.get(source.code)
            if with_entries and entry is not None:
                copy = entry.model_copy(update={"code": code, "title": name, "related": []})
                published.store_published(session, copy.model_dump_json(by_alias=True))
    desk.reload()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(desk: Desk, rounds: int) -> dict[str, float]:
    start = time.perf_counter()
    index = desk.handbook_index()
    build = (time.perf_counter() - start) * 1000
    asked = questions()
    ask, find = [], []
    for _ in range(rounds):
        for question in asked:
            start = time.perf_counter()
            desk.ask(question)
            ask.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            desk.find_procedures(question)
            find.append((time.perf_counter() - start) * 1000)
    return {"procedures": len(index.entries), "passages": len(index.passages), "build_ms": build,
            "ask_p50": statistics.median(ask), "ask_p95": percentile(ask, 0.95), "ask_max": max(ask),
            "find_p50": statistics.median(find), "find_p95": percentile(find, 0.95), "asked": len(ask)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--procedures", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    for label, heavy in (("(a) derived entries for the padding", False), ("(b) written entries everywhere", True)):
        with tempfile.TemporaryDirectory() as folder, Desk.open(Path(folder) / "desk.sqlite3") as desk:
            pad(desk, args.procedures, heavy)
            r = measure(desk, args.rounds)
        print(f"{label}: {r['procedures']} procedures, {r['passages']} passages; index build {r['build_ms']:.0f} ms")
        print(f"  ask ({r['asked']} questions): p50 {r['ask_p50']:.1f} ms, p95 {r['ask_p95']:.1f} ms, "
              f"max {r['ask_max']:.1f} ms")
        print(f"  picker search, same questions: p50 {r['find_p50']:.1f} ms, p95 {r['find_p95']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
