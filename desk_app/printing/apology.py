"""The apology with a new appointment (2018: "Phiếu xin lỗi và hẹn lại ngày trả kết quả"; 2025: a letter
of apology and request for extension): old and new dates and the reason."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from desk_app.domain.model import Dossier
from desk_app.domain.payloads import Delayed
from desk_app.printing import blocks
from desk_app.printing.events import latest
from desk_app.printing.layout import esc, fill
from desk_app.printing.sheet import Sheet


def render(dossier: Dossier, sheet: Sheet) -> bytes:
    event, delay = latest(dossier, Delayed)
    words = sheet.words
    addressee = sheet.common["addressee"].format(name=dossier.applicant.full_name)
    story: list[Flowable] = [
        *blocks.opening(sheet, event.wall_time.date(), dossier.code),
        Paragraph(esc(addressee), sheet.styles.center),
        blocks.para(sheet, fill(words["intro"], received_at=sheet.when(dossier.received_at),
                                procedure=dossier.procedure_name, code=dossier.code)),
        blocks.para(sheet, fill(words["old_due_line"], old_due_at=sheet.when(delay.old_due_at))),
        blocks.para(sheet, fill(words["reason_line"], reason=delay.reason)),
        blocks.para(sheet, fill(words["apology"])),
        blocks.para(sheet, fill(words["new_due_line"], new_due_at=sheet.when(delay.new_due_at))),
        blocks.para(sheet, fill(words["closing"])),
        blocks.signatures(sheet, None, blocks.signer(sheet, words["signer"], seal=True)),
    ]
    return sheet.build(story, dossier.code)
