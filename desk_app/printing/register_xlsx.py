"""Sổ theo dõi hồ sơ as an XLSX workbook with the PDF's columns, for supervisors' monthly reports.

Times are real date cells (not text) so a supervisor can filter and count by day in a spreadsheet.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desk_app.domain.model import Dossier
from desk_app.domain.text import nfc
from desk_app.printing import vn_dates
from desk_app.printing.register_rows import RegisterRow, fee_header, register_rows

_WIDTHS = (6, 28, 40, 9, 26, 40, 26, 17, 17, 28, 17, 28, 28)
_FEE_WIDTHS = (14, 24)  # fees (issue 11): amount collected, receipt
_DATETIME_FORMAT = "hh:mm dd/mm/yyyy"
_HEADER_ROW = 4
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def render(dossiers: Sequence[Dossier], start: date, end: date, words: Mapping[str, Any],
           agency: str, made_at: datetime) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = words["sheet_name"][:31]  # Excel's limit on sheet names
    _title(sheet, words, start, end, agency)
    _header(sheet, [*words["columns"], *fee_header(words)])
    for index, row in enumerate(register_rows(dossiers, start, end, words), start=_HEADER_ROW + 1):
        _write_row(sheet, index, row, words)
    sheet.freeze_panes = sheet.cell(row=_HEADER_ROW + 1, column=1)
    book.properties.creator = "MotCua Desk"
    book.properties.created = book.properties.modified = made_at
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _title(sheet: Worksheet, words: Mapping[str, Any], start: date, end: date, agency: str) -> None:
    period = words["period"].format(start=vn_dates.short_date(start), end=vn_dates.short_date(end))
    for row, (text, size) in enumerate(((nfc(agency).upper(), 11), (words["title"], 14), (period, 11)), 1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(name="Times New Roman", bold=row < 3, italic=row == 3, size=size)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(_WIDTHS))
        cell.alignment = Alignment(horizontal="center")


def _header(sheet: Worksheet, columns: Sequence[str]) -> None:
    for col, (text, width) in enumerate(zip(columns, (*_WIDTHS, *_FEE_WIDTHS)[:len(columns)], strict=True), start=1):
        cell = sheet.cell(row=_HEADER_ROW, column=col, value=text)
        cell.font = Font(name="Times New Roman", bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BOX
        sheet.column_dimensions[get_column_letter(col)].width = width


def _write_row(sheet: Worksheet, index: int, row: RegisterRow, words: Mapping[str, Any]) -> None:
    for col, value in enumerate([*row.cells(), *(row.fee_cells() if fee_header(words) else [])], start=1):
        cell = sheet.cell(row=index, column=col, value=value)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cell.border = _BOX
        if isinstance(value, datetime):
            cell.number_format = _DATETIME_FORMAT


