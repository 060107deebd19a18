"""Median render times of the receipt and of a 500-row register (PDF and XLSX).

    .venv/bin/python bench/printing.py [--repeat 15] [--rows 500]

Run on an idle machine; the first render of each kind (font loading) is left out of the median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.printing import (
    FormKind,
    render_form,
    render_register_pdf,
    render_register_xlsx,
)
from desk_app.printing.samples import long_dossier, register_month, sample_context, sample_dossier

RECEIPT_TARGET_MS = 50


def median_ms(action: Callable[[], bytes], repeat: int) -> tuple[float, int]:
    size = len(action())  # warm-up: fonts, wording, imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, size


def cases(rows: int) -> dict[str, Callable[[], bytes]]:
    ctx, dossier = sample_context(), sample_dossier()
    month = register_month(rows)
    march = (date(2026, 3, 1), date(2026, 3, 31))
    return {
        "receipt A4 (2 copies)": lambda: render_form(FormKind.RECEIPT, dossier, ctx),
        "receipt A5 (2 copies)": lambda: render_form(FormKind.RECEIPT, dossier, replace(ctx, paper="A5")),
        "receipt, 30 documents": lambda: render_form(FormKind.RECEIPT, long_dossier(), ctx),
        "control sheet": lambda: render_form(FormKind.CONTROL, dossier, ctx),
        f"register PDF, {rows} rows": lambda: render_register_pdf(month, *march, ctx),
        f"register XLSX, {rows} rows": lambda: render_register_xlsx(month, *march, ctx),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="printing benchmark")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    print(f"{'case':<28} {'median ms':>10} {'bytes':>10}")
    results = {}
    for name, action in cases(args.rows).items():
        repeat = args.repeat if "register" not in name else max(3, args.repeat // 5)
        results[name], size = median_ms(action, repeat)
        print(f"{name:<28} {results[name]:>10.1f} {size:>10}")
    receipt = results["receipt A4 (2 copies)"]
    verdict = "met" if receipt < RECEIPT_TARGET_MS else "NOT met"
    print(f"receipt target < {RECEIPT_TARGET_MS} ms: {verdict} ({receipt:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
