"""Phiếu kiểm soát quá trình giải quyết hồ sơ: one row per hand-over, early/on time/late."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from desk_app.domain.model import Dossier
from desk_app.printing import blocks
from desk_app.printing.handovers import Handover, Timing, handovers
from desk_app.printing.layout import esc, fill
from desk_app.printing.sheet import Sheet

_TIMING_KEYS = {Timing.EARLY: "result_early", Timing.ON_TIME: "result_on_time", Timing.LATE: "result_late"}
BLANK = "…………"


def render(dossier: Dossier, sheet: Sheet) -> bytes:
    notes = {key: sheet.words[key] for key in ("supplement_out", "supplement_in", "return_id", "return_for_applicant")
             if sheet.words.get(key)}
    steps = handovers(dossier, sheet.unit_text, notes)
    story: list[Flowable] = [
        *blocks.opening(sheet, dossier.received_at.date(), dossier.code),
        *blocks.applicant_lines(sheet, dossier.applicant, sheet.words["label_attached"]),
        blocks.field(sheet, sheet.common["label_procedure"], dossier.procedure_name),
        *_agencies(dossier, sheet, steps),
        blocks.para(sheet, fill(sheet.words["due_line"], due_at=sheet.when(dossier.due.due_at))),
        _table(sheet, steps),
    ]
    return sheet.build(story, dossier.code)


def _agencies(dossier: Dossier, sheet: Sheet, steps: list[Handover]) -> list[Flowable]:
    people = {dossier.applicant.full_name}  # the applicant holds it during a supplement round: no agency
    others = [s.receiver for s in steps
              if s.receiver not in (dossier.authority, sheet.unit_text, *people) and not s.to_applicant]
    coordinating = "; ".join(dict.fromkeys(others)) or BLANK
    return [blocks.field(sheet, sheet.words["label_lead"], dossier.authority),
            blocks.field(sheet, sheet.words["label_coordinating"], coordinating)]


def _table(sheet: Sheet, steps: list[Handover]) -> Flowable:
    rows = [_row(sheet, number, step) for number, step in enumerate(steps, start=1)]
    return blocks.grid(sheet, sheet.words["columns"], rows, (0.29, 0.33, 0.21, 0.17))


def _row(sheet: Sheet, number: int, step: Handover) -> list[Flowable | str]:
    words = sheet.words
    receiver = words["applicant_person"].format(name=step.receiver) if step.to_applicant else step.receiver
    giver = words["applicant_person"].format(name=step.giver) if step.from_applicant else step.giver
    parties = [blocks.cell(sheet, f"{number}. {words['give'].format(name=giver)}"),
               blocks.cell(sheet, words["take"].format(name=receiver))]
    return [parties, _time_cell(sheet, step), blocks.cell(sheet, words[_TIMING_KEYS[step.timing]], True),
            blocks.cell(sheet, step.note)]


def _time_cell(sheet: Sheet, step: Handover) -> list[Flowable]:
    """The time, then room for both people to sign, as on the paper form."""
    st, width = sheet.styles, sheet.metrics.frame_width * 0.33 - 6
    signs = Table([[Paragraph(esc(sheet.words["giver_sign"]), st.cell_center),
                    Paragraph(esc(sheet.words["receiver_sign"]), st.cell_center)], ["", ""]],
                  colWidths=[width / 2, width / 2], rowHeights=[None, sheet.metrics.sign_space / 2])
    signs.setStyle(blocks.plain_cells())
    return [blocks.cell(sheet, sheet.when(step.at), True), Spacer(1, 1 * mm), signs]
