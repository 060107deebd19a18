"""Render every form for the sample dossier to PNG under docs/forms/ (needs pdftoppm, poppler-utils).

    .venv/bin/python scripts/render_form_samples.py [--out docs/forms] [--dpi 80]

The PNGs let a reviewer see every form without running the app; regenerate them after changing a
renderer or the wording.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.printing import FormKind, render_form, render_register_pdf  # noqa: E402
from desk_app.printing.samples import (  # noqa: E402
    long_dossier,
    register_month,
    sample_context,
    sample_dossier,
)


def samples() -> dict[str, Callable[[], bytes]]:
    d, ctx = sample_dossier(), sample_context()
    reprint = replace(ctx, reprint=True, training=True, printed_at=datetime(2026, 3, 6, 9, 15))
    forms = {f"{kind.value}": (lambda k=kind: render_form(k, d, ctx)) for kind in FormKind}
    return {
        **forms,
        "receipt-a5": lambda: render_form(FormKind.RECEIPT, d, replace(ctx, paper="A5")),
        "receipt-long-reprint-training": lambda: render_form(FormKind.RECEIPT, long_dossier(), reprint),
        "apology-tt01_2018": lambda: render_form(FormKind.APOLOGY, d, replace(ctx, wording_set="tt01_2018",
                                                                              section_name="")),
        "register": lambda: render_register_pdf(register_month(40), date(2026, 3, 1), date(2026, 3, 31), ctx),
    }


def to_png(pdf: bytes, stem: str, out: Path, dpi: int, work: Path) -> list[Path]:
    source = work / f"{stem}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(work / stem)], check=True)
    made = []
    for index, page in enumerate(sorted(work.glob(f"{stem}-*.png")), start=1):
        target = out / f"{stem}-p{index}.png"
        shutil.move(page, target)
        made.append(target)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "forms")
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        print("Cần pdftoppm (gói poppler-utils) để xuất ảnh PNG.", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as work:
        for stem, make in samples().items():
            for path in to_png(make(), stem, args.out, args.dpi, Path(work)):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
