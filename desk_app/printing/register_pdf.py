"""Sổ theo dõi hồ sơ for a period as a landscape PDF; the table header repeats on every page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from reportlab.platypus import Flowable, Paragraph

from desk_app.domain.model import Dossier
from desk_app.printing import blocks, vn_dates
from desk_app.printing.layout import esc
from desk_app.printing.register_rows import RegisterRow, fee_header, register_rows
from desk_app.printing.sheet import Sheet

_FRACTIONS = (0.035, 0.13, 0.10, 0.04, 0.09, 0.11, 0.08, 0.065, 0.065, 0.08, 0.065, 0.075, 0.065)
_FEE_FRACTIONS = (0.055, 0.085)  # fees (issue 11): amount collected, receipt


def render(dossiers: Sequence[Dossier], start: date, end: date, sheet: Sheet) -> bytes:
    rows = register_rows(dossiers, start, end, sheet.words)
    period = sheet.words["period"].format(start=vn_dates.short_date(start), end=vn_dates.short_date(end))
    # Dated the day it is made: a period still running (this month, this year) ends in the future.
    printed_on = (sheet.ctx.printed_at or datetime.now()).date()
    story: list[Flowable] = [
        *blocks.opening(sheet, printed_on, ""),
        Paragraph(esc(period), sheet.styles.center_italic),
        blocks.grid(sheet, [*sheet.words["columns"], *fee_header(sheet.words)],
                    [[*_cells(sheet, row), *_fee_cells(sheet, row)] for row in rows], _fractions(sheet)),
    ]
    return sheet.build(story, "", period)


def _cells(sheet: Sheet, row: RegisterRow) -> list[Flowable | str]:
    """Short fixed-format cells stay plain strings (cheap to lay out: 500 rows must not take long);
    free text that may wrap becomes a Paragraph."""
    return [
        str(row.entry), row.code, blocks.cell(sheet, row.procedure), str(row.sets),
        blocks.cell(sheet, row.applicant), blocks.cell(sheet, row.address_phone),
        blocks.cell(sheet, row.authority), _when(row.received_at), _when(row.due_at),
        blocks.cell(sheet, _joined(row.transferred_to, row.transferred_at)), _when(row.result_at),
        blocks.cell(sheet, _joined(row.returned_to, row.returned_at)), blocks.cell(sheet, row.note),
    ]


def _fractions(sheet: Sheet) -> tuple[float, ...]:
    """The 13 columns' shares, narrowed to make room for the fee columns when the wording set has them."""
    if not fee_header(sheet.words):
        return _FRACTIONS
    return (*(f * (1 - sum(_FEE_FRACTIONS)) for f in _FRACTIONS), *_FEE_FRACTIONS)


def _fee_cells(sheet: Sheet, row: RegisterRow) -> list[Flowable | str]:
    """The amount with thousands dots, the receipt (empty when the wording set has no fee columns)."""
    if not fee_header(sheet.words):
        return []
    amount = f"{row.fee_paid_vnd:,}".replace(",", ".") if row.fee_receipt else ""
    return [amount, blocks.cell(sheet, row.fee_receipt)]


def _when(value: datetime | None) -> str:
    """Time over date, so it fits the narrow column without wrapping mid-value."""
    return value.strftime("%H:%M\n%d/%m/%Y") if value else ""


def _joined(name: str, at: datetime | None) -> str:
    return " - ".join(p for p in (vn_dates.short_datetime(at) if at else "", name) if p)
