"""Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: what is missing or wrong, item by item, and who to ask."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from desk_app.domain.model import Dossier
from desk_app.domain.payloads import SupplementItem, SupplementRequested
from desk_app.printing import blocks, vn_dates
from desk_app.printing.events import latest
from desk_app.printing.layout import fill
from desk_app.printing.sheet import Sheet


def render(dossier: Dossier, sheet: Sheet) -> bytes:
    event, request = latest(dossier, SupplementRequested)
    words, common = sheet.words, sheet.common
    story: list[Flowable] = [
        *blocks.opening(sheet, event.wall_time.date(), dossier.code),
        blocks.field(sheet, common["label_section"], sheet.unit_text),
        *blocks.applicant_lines(sheet, dossier.applicant),
        blocks.field(sheet, common["label_procedure"], dossier.procedure_name),
        blocks.para(sheet, fill(words["intro"], received_at=sheet.when(dossier.received_at))),
        _items(sheet, request.items),
        *_deadline(sheet, request),
        *_guide(sheet, (request.guide_name or "").strip(), (request.guide_phone or "").strip()),
        blocks.para(sheet, fill(words["closing"])),
        blocks.signatures(sheet, None, blocks.signer(sheet, words["signer"], request.guide_name or "")),
    ]
    return sheet.build(story, dossier.code)


def _deadline(sheet: Sheet, request: SupplementRequested) -> list[Flowable]:
    line = sheet.words.get("deadline_line")
    if not line or request.deadline is None:
        return []
    return [blocks.para(sheet, fill(line, deadline=vn_dates.short_date(request.deadline)))]


def _guide(sheet: Sheet, name: str, phone: str) -> list[Flowable]:
    """Whom to ask, in the sentence that fits what was given (no "số điện thoại ." when there is no phone);
    a wording set without that sentence leaves the line out."""
    key = ("guide_line" if name and phone else "guide_line_name_only" if name
           else "guide_line_phone_only" if phone else "guide_line_desk")
    line = sheet.words.get(key)
    return [blocks.para(sheet, fill(line, guide_name=name, guide_phone=phone))] if line else []


def _items(sheet: Sheet, items: Sequence[SupplementItem]) -> Flowable:
    rows: list[list[Flowable | str]] = [
        [blocks.cell(sheet, i, True), blocks.cell(sheet, item.item), blocks.cell(sheet, item.reason)]
        for i, item in enumerate(items, start=1)
    ]
    return blocks.grid(sheet, sheet.words["items_columns"], rows, (0.08, 0.46, 0.46))
