"""Giấy tiếp nhận hồ sơ và hẹn trả kết quả: two copies (Liên 1 kept, Liên 2 for the applicant)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from desk_app.domain.model import Delivery, Dossier, EventKind
from desk_app.domain.payloads import Consent, InvalidPayload, Received, SupplementReceived
from desk_app.domain.scans import scanned_documents
from desk_app.domain.text import nfc
from desk_app.printing import blocks, fonts
from desk_app.printing.document import Copy
from desk_app.printing.events import data_of, ordered, restarts
from desk_app.printing.layout import bold, esc, fill
from desk_app.printing.qr import QrFlowable, lookup_url, qr_matrix
from desk_app.printing.sheet import Sheet

BLANK = "…………"  # left for the clerk to fill in by hand


def render(dossier: Dossier, sheet: Sheet) -> bytes:
    """One layout, written out once per copy with that copy's line (see document.py)."""
    dossier = as_issued(dossier)
    matrix = qr_matrix(lookup_url(sheet.ctx.lookup_base_url, dossier.code, dossier.lookup_key))
    story = [
        *blocks.opening(sheet, dossier.received_at.date(), dossier.code, copy_line=True),
        _identity_with_qr(dossier, sheet, matrix),
        *_documents(dossier, sheet),
        *_times(dossier, sheet),
        _signatures(dossier, sheet),
        *blocks.footnote(sheet, sheet.words["footnote_heading"], sheet.words["footnote"]),
    ]
    return sheet.build(story, dossier.code, copies=_copies(sheet))


def as_issued(dossier: Dossier) -> Dossier:
    """The receipt as it was given: the appointment of the received event (a later delay has its own letter,
    so a reprint stays the original), or, once papers came in and the time restarted, the new receipt: received
    then, its new appointment, every paper handed in so far."""
    history = ordered(dossier)
    received = next((e for e in history if e.kind == EventKind.RECEIVED), None)
    issued = dossier
    if received is not None and received.payload.get("due_at"):
        issued = replace(dossier, due=replace(dossier.due, due_at=datetime.fromisoformat(received.payload["due_at"])))
    later = restarts(dossier)
    if not later:
        return issued
    last = later[-1]
    papers = [doc for e in history if e.kind == EventKind.SUPPLEMENT_RECEIVED and e.hlc <= last.hlc
              for doc in data_of(e, SupplementReceived).documents]
    return replace(issued, received_at=last.wall_time, documents=(*dossier.documents, *papers),
                   due=replace(dossier.due, due_at=data_of(last, SupplementReceived).new_due_at or dossier.due.due_at))


def _copies(sheet: Sheet) -> tuple[Copy, ...]:
    words = sheet.words
    return tuple(Copy(words["copy_short"].format(copy=n), words["copy_line"].format(copy=n, purpose=purpose))
                 for n, purpose in enumerate(words["copies"], start=1))


def _identity_with_qr(dossier: Dossier, sheet: Sheet, matrix: list[list[bool]]) -> Table:
    common, width = sheet.common, sheet.metrics.frame_width
    side = _qr_column(dossier, sheet)
    left = [
        blocks.field(sheet, common["label_section"], sheet.unit_text),
        *blocks.applicant_lines(sheet, dossier.applicant),
        blocks.field(sheet, common["label_procedure"], dossier.procedure_name),
        *[blocks.field(sheet, f"{label}:", value) for label, value in dossier.subject],
        *_authority(dossier, sheet),
    ]
    table = Table([[left, _qr_block(dossier, sheet, matrix)]], colWidths=[width - side - 3 * mm, side + 3 * mm])
    table.setStyle(blocks.plain_cells(align="RIGHT"))
    return table


def _authority(dossier: Dossier, sheet: Sheet) -> list[Flowable]:
    """Who decides, when it is not the receiving commune itself (its police, the city, another commune)."""
    line = sheet.words.get("authority_line")
    if not line or not dossier.authority or nfc(dossier.authority).upper() == nfc(sheet.ctx.agency_name).upper():
        return []
    return [blocks.para(sheet, fill(line, authority=dossier.authority))]


def _qr_column(dossier: Dossier, sheet: Sheet) -> float:
    """Wide enough for the QR and for the dossier code on one line under it."""
    code_width = stringWidth(dossier.code, fonts.BOLD, sheet.styles.cell_center.fontSize) + 2
    return max(sheet.metrics.qr, code_width)


def _qr_block(dossier: Dossier, sheet: Sheet, matrix: list[list[bool]]) -> list[Flowable]:
    qr = QrFlowable(matrix, sheet.metrics.qr)
    qr.hAlign = "CENTER"
    st = sheet.styles
    block = [qr, Paragraph(bold(dossier.code), st.cell_center),
             Paragraph(esc(sheet.words["qr_caption"]), st.cell_center)]
    consent = _consent(dossier)
    if consent is not None and "notify_line" in sheet.words:  # under the QR: the page has room there, not below
        block.append(Paragraph(fill(sheet.words["notify_line"], channel=consent.channel.label, phone=consent.phone),
                               st.cell_center))
    return block


SCANNED_MARK = "(đã số hóa)"  # a paper with a scan kept with the dossier when the receipt is printed (issue 12)


def _documents(dossier: Dossier, sheet: Sheet) -> list[Flowable]:
    scanned = scanned_documents(dossier.history)
    mark = sheet.words.get("scanned_mark", SCANNED_MARK)
    rows: list[list[Flowable | str]] = [
        [f"({i})", blocks.cell(sheet, f"{doc.name} {mark}" if doc.name in scanned else doc.name), str(doc.originals),
         str(doc.copies)]
        for i, doc in enumerate(dossier.documents, start=1)
    ]
    table = blocks.grid(sheet, sheet.words["documents_columns"], rows, (0.08, 0.62, 0.15, 0.15))
    return [blocks.para(sheet, esc(sheet.words["documents_heading"])), table]


def _times(dossier: Dossier, sheet: Sheet) -> list[Flowable]:
    words = sheet.words
    lines = [
        fill(words["sets_line"], sets=f"{dossier.sets:02d}"),
        fill(words["processing_time_line"], rule_text=dossier.due.rule_text),
        fill(words["received_line"], received_at=sheet.when(dossier.received_at)),
        fill(words["due_line"], due_at=sheet.when(dossier.due.due_at)),
        fill(words["delivery_line"], delivery=_delivery(dossier, sheet)),
        fill(words["register_line"], book=dossier.register_book or BLANK,
             entry=dossier.register_entry or BLANK),
    ]
    return [blocks.para(sheet, line) for line in lines]


def _consent(dossier: Dossier) -> Consent | None:
    """The consent given at the counter, as the receipt was issued (a later change is its own step)."""
    received = next((e for e in dossier.history if e.kind == EventKind.RECEIVED), None)
    try:
        data = received.data if received is not None else None
    except InvalidPayload:  # a log that cannot be read prints as it always did, without the line
        return None
    return data.notify if isinstance(data, Received) else None


def _delivery(dossier: Dossier, sheet: Sheet) -> str:
    if dossier.delivery == Delivery.POST:
        address = dossier.delivery_address or dossier.applicant.address
        return sheet.words["delivery_post"].format(address=address)
    return sheet.words["delivery_counter"]


def _signatures(dossier: Dossier, sheet: Sheet) -> Flowable:
    words = sheet.words
    return blocks.signatures(
        sheet,
        blocks.signer(sheet, words["signer_applicant"], dossier.applicant.full_name),
        blocks.signer(sheet, words["signer_clerk"], sheet.ctx.person(dossier.received_by)),
    )
