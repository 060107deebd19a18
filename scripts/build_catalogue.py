"""Dev-only: write forms/procedures/<code>/v1.json for every row of scripts/data/procedures_commune_2025.csv.

Usage: .venv/bin/python scripts/build_catalogue.py [--csv PATH] [--out DIR] [--effective-from YYYY-MM-DD]

The CSV is in the column layout `desk-app catalogue import` accepts (forms/README.md), so this is that
import into a forms folder: a code already there with the same content is left alone, a changed row
becomes a new version, nothing is written if any row is wrong. The 28 definitions made by
scripts/convert_procedures.py are not in this CSV and are never touched.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desk_app.domain.catalogue_import import FolderTarget, import_catalogue  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=REPO / "scripts/data/procedures_commune_2025.csv")
    parser.add_argument("--out", type=Path, default=REPO / "forms/procedures")
    parser.add_argument("--effective-from", type=date.fromisoformat, default=date(2025, 7, 1))
    args = parser.parse_args()
    report = import_catalogue(args.csv, args.effective_from, FolderTarget(args.out))
    for error in report.errors:
        print(error, file=sys.stderr)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
