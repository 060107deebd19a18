"""Phiếu từ chối tiếp nhận giải quyết hồ sơ: the specific reason, in the applicant's hands."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from desk_app.domain.model import Dossier
from desk_app.domain.payloads import Refused
from desk_app.printing import blocks
from desk_app.printing.events import latest
from desk_app.printing.layout import bold, fill
from desk_app.printing.sheet import Sheet


def render(dossier: Dossier, sheet: Sheet) -> bytes:
    event, refusal = latest(dossier, Refused)
    words, common = sheet.words, sheet.common
    story: list[Flowable] = [
        *blocks.opening(sheet, event.wall_time.date(), dossier.code),
        blocks.field(sheet, common["label_section"], sheet.unit_text),
        *blocks.applicant_lines(sheet, dossier.applicant),
        blocks.field(sheet, common["label_procedure"], dossier.procedure_name),
        blocks.para(sheet, fill(words["reason_intro"], received_at=sheet.when(dossier.received_at))),
        Paragraph(bold(refusal.reason), sheet.styles.body),
        blocks.para(sheet, fill(words["closing"])),
        blocks.signatures(sheet, None, blocks.signer(sheet, words["signer"], sheet.ctx.person(event.actor))),
    ]
    return sheet.build(story, dossier.code)
