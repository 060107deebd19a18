"""Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what is missing or wrong, item by item, and who to ask."""

from __future__ import annotations

from reportlab.platypus import Flowable

from desk_app.domain.model import Dossier, EventKind
from desk_app.printing import blocks
from desk_app.printing.events import latest
from desk_app.printing.layout import fill
from desk_app.printing.sheet import Sheet


def render(dossier: Dossier, sheet: Sheet) -> bytes:
    event = latest(dossier, EventKind.SUPPLEMENT_REQUESTED)
    payload, words, common = event.payload, sheet.words, sheet.common
    story: list[Flowable] = [
        *blocks.opening(sheet, event.wall_time.date(), dossier.code),
        blocks.field(sheet, common["label_section"], sheet.unit_text),
        *blocks.applicant_lines(sheet, dossier.applicant),
        blocks.field(sheet, common["label_procedure"], dossier.procedure_name),
        blocks.para(sheet, fill(words["intro"], received_at=sheet.when(dossier.received_at))),
        _items(sheet, payload.get("items", [])),
        blocks.para(sheet, fill(words["guide_line"], guide_name=payload.get("guide_name", ""),
                                guide_phone=payload.get("guide_phone", ""))),
        blocks.para(sheet, fill(words["closing"])),
        blocks.signatures(sheet, None, blocks.signer(sheet, words["signer"], payload.get("guide_name", ""))),
    ]
    return sheet.build(story, dossier.code)


def _items(sheet: Sheet, items: list[dict[str, str]]) -> Flowable:
    rows: list[list[Flowable | str]] = [
        [blocks.cell(sheet, i, True), blocks.cell(sheet, item.get("item", "")),
         blocks.cell(sheet, item.get("reason", ""))]
        for i, item in enumerate(items, start=1)
    ]
    return blocks.grid(sheet, sheet.words["items_columns"], rows, (0.08, 0.46, 0.46))
