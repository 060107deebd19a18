"""Biên lai thu phí, lệ phí: the dossier's standing fee receipt (or its latest), in two copies (liên) from the
same layout as the other forms; the amount in figures and in words; a correction's receipt names the one it
replaces. The receipt is read from the dossier's events (domain.fee_ledger), so a reprint is the same receipt.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from desk_app.domain.fee_ledger import Receipt, ledger
from desk_app.domain.model import Dossier
from desk_app.domain.money_words import amount_in_words
from desk_app.domain.payloads import PaymentCorrected, PaymentMethod
from desk_app.printing import blocks
from desk_app.printing.document import Copy
from desk_app.printing.layout import esc, fill
from desk_app.printing.sheet import Sheet


def vnd(amount: int) -> str:
    """50.000: figures as Vietnamese forms write them."""
    return f"{amount:,}".replace(",", ".")


def current_receipt(dossier: Dossier) -> Receipt:
    """The standing receipt, else the latest one issued; ValueError (in Vietnamese) when there is none."""
    found = ledger(list(dossier.history))
    chosen = found.live or (found.receipts[-1] if found.receipts else None)
    if chosen is None:
        raise ValueError(f"Hồ sơ {dossier.code} chưa có biên lai thu phí, lệ phí nào.")
    return chosen


def render(dossier: Dossier, sheet: Sheet) -> bytes:
    receipt = current_receipt(dossier)
    data, words = receipt.data, sheet.words
    story: list[Flowable] = [
        *blocks.opening(sheet, data.day, "", copy_line=True),
        Paragraph("<b>" + fill(words["series_line"], emphasise=False, series=data.series,
                               number=f"{data.number:07d}") + "</b>", sheet.styles.center),
        blocks.para(sheet, fill(words["unit_line"], unit=sheet.unit_text)),
        blocks.para(sheet, fill(words["payer_line"], payer=data.payer or dossier.applicant.full_name)),
        *([blocks.para(sheet, fill(words["address_line"], address=dossier.applicant.address))]
          if dossier.applicant.address else []),
        blocks.para(sheet, fill(words["dossier_line"], code=dossier.code, procedure=dossier.procedure_name)),
        blocks.para(sheet, fill(words["fee_line"], fee=data.fee_name or dossier.procedure_name)),
        *([blocks.para(sheet, fill(words["basis_line"], basis=data.legal_basis))] if data.legal_basis else []),
        *_lines(receipt, sheet),
        blocks.para(sheet, fill(words["total_line"], amount=vnd(data.amount_vnd))),
        blocks.para(sheet, fill(words["words_line"], words=amount_in_words(data.amount_vnd))),
        blocks.para(sheet, fill(words["method_line"], method=_method(receipt, sheet))),
        *_replaces(receipt, sheet),
        blocks.signatures(sheet, blocks.signer(sheet, words["signer_payer"], data.payer),
                          blocks.signer(sheet, words["signer_collector"], sheet.ctx.person(receipt.event.actor))),
    ]
    return sheet.build(story, dossier.code, subtitle=data.receipt, copies=_copies(sheet))


def _copies(sheet: Sheet) -> tuple[Copy, ...]:
    words = sheet.words
    return tuple(Copy(words["copy_short"].format(copy=n), words["copy_line"].format(copy=n, purpose=purpose))
                 for n, purpose in enumerate(words["copies"], start=1))


def _lines(receipt: Receipt, sheet: Sheet) -> list[Flowable]:
    lines = receipt.data.lines
    if not lines:
        return []
    rows: list[list[Flowable | str]] = [[str(i), blocks.cell(sheet, line.label), vnd(line.amount_vnd)]
                                        for i, line in enumerate(lines, start=1)]
    return [blocks.grid(sheet, sheet.words["lines_columns"], rows, (0.1, 0.6, 0.3))]


def _method(receipt: Receipt, sheet: Sheet) -> str:
    data, words = receipt.data, sheet.words
    if data.method == PaymentMethod.TRANSFER:
        return words["reference"].format(reference=data.reference or "")
    if data.method == PaymentMethod.EXEMPT:
        return words["exempt"].format(reason=data.exempt_reason or "")
    return words["cash"]


def _replaces(receipt: Receipt, sheet: Sheet) -> list[Flowable]:
    data = receipt.data
    if not isinstance(data, PaymentCorrected):
        return []
    return [Paragraph(esc(sheet.words["replaces_line"].format(receipt=data.corrects, reason=data.reason)),
                      sheet.styles.note)]
