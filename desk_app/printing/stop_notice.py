"""Thông báo dừng giải quyết hồ sơ: processing stopped at the applicant's own request (2025 set)."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from desk_app.domain.model import Dossier
from desk_app.domain.payloads import Stopped
from desk_app.printing import blocks
from desk_app.printing.events import latest
from desk_app.printing.layout import esc, fill
from desk_app.printing.sheet import Sheet


def render(dossier: Dossier, sheet: Sheet) -> bytes:
    event, stop = latest(dossier, Stopped)
    words = sheet.words
    on = sheet.day(event.wall_time.date())
    addressee = sheet.common["addressee"].format(name=dossier.applicant.full_name)
    story: list[Flowable] = [
        *blocks.opening(sheet, event.wall_time.date(), dossier.code),
        Paragraph(esc(addressee), sheet.styles.center),
        blocks.para(sheet, fill(words["intro"], requested_on=on, procedure=dossier.procedure_name,
                                code=dossier.code)),
        blocks.para(sheet, fill(words["reason_line"], reason=stop.reason)),
        blocks.para(sheet, fill(words["decision"], stopped_at=on)),
        blocks.para(sheet, fill(words["return_documents"])),
        blocks.signatures(sheet, None, blocks.signer(sheet, words["signer"], sheet.ctx.person(event.actor))),
    ]
    return sheet.build(story, dossier.code)
