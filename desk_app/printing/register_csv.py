"""Sổ theo dõi hồ sơ as CSV, same columns as the PDF and XLSX, for systems that read plain text.

UTF-8 with a byte-order mark, so Excel on a Vietnamese Windows opens the accents correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from desk_app.domain.model import Dossier
from desk_app.printing import vn_dates
from desk_app.printing.register_rows import fee_header, register_rows


def render(dossiers: Sequence[Dossier], start: date, end: date, words: Mapping[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    fees = fee_header(words)
    writer.writerow([*words["columns"], *fees])
    for row in register_rows(dossiers, start, end, words):
        writer.writerow([_text(value) for value in [*row.cells(), *(row.fee_cells() if fees else [])]])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _text(value: Any) -> str:
    if isinstance(value, datetime):
        return vn_dates.short_datetime(value)
    return "" if value is None else str(value)
