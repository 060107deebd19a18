"""Bảng kê biên lai thu phí, lệ phí: one desk's (or one clerk's) receipts of a day, the cancelled and
refunded ones, totals by fee and by payment method, the net amount in words, and whether the day is closed."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from desk_app.domain.fee_ledger import METHOD_LABELS, CollectionSheet, SheetLine
from desk_app.domain.money_words import amount_in_words
from desk_app.printing import blocks
from desk_app.printing.fee_receipt import vnd
from desk_app.printing.layout import esc, fill
from desk_app.printing.sheet import Sheet

_WIDTHS = (0.04, 0.06, 0.17, 0.14, 0.16, 0.23, 0.09, 0.11)


def render(data: CollectionSheet, sheet: Sheet) -> bytes:
    words, st = sheet.words, sheet.styles
    story: list[Flowable] = [
        blocks.headers(sheet, data.day), *blocks.title(sheet),
        Paragraph(esc(words["subtitle"].format(day=f"{data.day:%d/%m/%Y}")), st.center_bold),
        blocks.para(sheet, fill(words["desk_line"], unit=sheet.unit_text, desk=data.desk_no)),
        *([blocks.para(sheet, fill(words["clerk_line"], clerk=sheet.ctx.person(data.clerk)))] if data.clerk else []),
        _table(list(data.lines), sheet),
        blocks.para(sheet, fill(words["total_line"], amount=vnd(data.total_vnd), receipts=len(data.receipts))),
        blocks.para(sheet, fill(words["words_line"], words=amount_in_words(max(data.total_vnd, 0)))
                    if data.total_vnd >= 0 else fill(words["words_line"], words="Âm " + amount_in_words(
                        -data.total_vnd).lower())),
        _side_by_side(sheet, _totals(words["by_fee_heading"], list(data.by_fee().items()), sheet, 0.6),
                      _totals(words["by_method_heading"], _methods(data), sheet, 0.36)),
        *_cancelled(data, sheet),
        blocks.para(sheet, fill(words["closed_line"], by=sheet.ctx.person(data.closed.closed_by),
                                at=_when(data.closed.closed_at)) if data.closed
                    else esc(words["open_line"])),
        blocks.signatures(sheet, blocks.signer(sheet, words["signer_clerk"], sheet.ctx.person(data.clerk)
                                               if data.clerk else ""),
                          blocks.signer(sheet, words["signer_supervisor"],
                                        sheet.ctx.person(data.closed.closed_by) if data.closed else "")),
    ]
    code = f"{data.unit_code}-{data.day:%y%m%d}-B{data.desk_no}"
    return sheet.build(story, "", subtitle=code)


def _row(number: int, line: SheetLine, sheet: Sheet) -> list[Flowable | str]:
    words = sheet.words
    mark = {"cancel": words["kind_cancel"], "refund": words["kind_refund"]}.get(line.kind, "")
    receipt = f"{line.receipt} ({mark})" if mark else line.receipt
    return [str(number), f"{line.at:%H:%M}", blocks.cell(sheet, receipt), blocks.cell(sheet, line.code),
            blocks.cell(sheet, line.payer), blocks.cell(sheet, line.fee_name),
            METHOD_LABELS[line.method], vnd(line.amount_vnd)]


def _table(lines: list[SheetLine], sheet: Sheet) -> Flowable:
    if not lines:
        return blocks.para(sheet, esc(sheet.words["none"]))
    rows = [_row(n, line, sheet) for n, line in enumerate(lines, start=1)]
    return blocks.grid(sheet, sheet.words["columns"], rows, _WIDTHS)


def _totals(heading: str, pairs: list[tuple[str, int]], sheet: Sheet, share: float) -> list[Flowable]:
    """A heading and a two-column table taking `share` of the width (the two totals sit side by side)."""
    rows: list[list[Flowable | str]] = [[blocks.cell(sheet, name), vnd(amount)] for name, amount in pairs]
    if not rows:
        return []
    return [Paragraph(f"<b>{esc(heading)}</b>", sheet.styles.body),
            blocks.grid(sheet, ["", sheet.words["columns"][-1]], rows, (share * 0.72, share * 0.28))]


def _methods(data: CollectionSheet) -> list[tuple[str, int]]:
    return [(METHOD_LABELS[method], amount) for method, amount in data.by_method().items()]


def _side_by_side(sheet: Sheet, left: list[Flowable], right: list[Flowable]) -> Flowable:
    width = sheet.metrics.frame_width
    table = Table([[left, right]], colWidths=[width * 0.62, width * 0.38])
    table.setStyle(blocks.plain_cells())
    return KeepTogether([Spacer(1, 2 * mm), table])


def _when(stamp: str) -> str:
    """'2026-03-10T09:31:00' as the forms write a moment: 09:31 ngày 10/03/2026."""
    at = datetime.fromisoformat(stamp)
    return f"{at:%H:%M} ngày {at:%d/%m/%Y}"


def _cancelled(data: CollectionSheet, sheet: Sheet) -> list[Flowable]:
    words = sheet.words
    parts: list[Flowable] = [Spacer(1, 2 * mm), Paragraph(f"<b>{esc(words['cancelled_heading'])}</b>",
                                                          sheet.styles.body)]
    if not data.cancelled:
        return [*parts, blocks.para(sheet, esc(words["none"]))]
    return [*parts, *[Paragraph(esc(f"- {line.receipt} ({line.code}): {vnd(line.amount_vnd)} đồng. {line.note}"),
                                sheet.styles.note) for line in data.cancelled]]
