"""Building blocks shared by the forms: the two headers, the title, field lines, tables, signatures."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desk_app.domain.model import Applicant
from desk_app.printing import fonts
from desk_app.printing.document import CopyLine
from desk_app.printing.layout import bold, esc, labelled
from desk_app.printing.sheet import Sheet


def form_number(sheet: Sheet) -> Paragraph:
    text = sheet.common["form_number"].format(number=sheet.words["number"])
    return Paragraph(esc(text), sheet.styles.right_italic)


def headers(sheet: Sheet, on: date) -> Table:
    """Agency on the left, national header with place and date on the right."""
    st, width = sheet.styles, sheet.metrics.frame_width
    left = [Paragraph(esc(sheet.ctx.agency_name.upper()), st.head),
            Paragraph(bold(sheet.section_name), st.head_bold), _rule(width * 0.15)]
    motto = sheet.common["national_motto"]
    right = [Paragraph(bold(sheet.common["national_name"]), st.head_bold),
             Paragraph(bold(motto), st.head_bold),
             _rule(stringWidth(motto, fonts.BOLD, st.head_bold.fontSize)),
             Paragraph(esc(sheet.place_date(on)), st.center_italic)]
    table = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(plain_cells(align="CENTER"))
    return table


def _rule(width: float) -> HRFlowable:
    return HRFlowable(width=width, thickness=0.6, color="black", spaceBefore=2, spaceAfter=4, hAlign="CENTER")


def plain_cells(align: str = "LEFT") -> TableStyle:
    """Invisible layout grid: no rules, no padding, content top-aligned."""
    return TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), align),
                       ("LEFTPADDING", (0, 0), (-1, -1), 0),
                       ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                       ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])


def title(sheet: Sheet, code: str = "", copy_line: bool = False) -> list[Flowable]:
    st = sheet.styles
    parts: list[Flowable] = [Paragraph(esc(sheet.words["title"]), st.title)]
    if code:
        parts.append(Paragraph(esc(sheet.common["code_line"].format(code=code)), st.center_bold))
    if copy_line:
        parts.append(CopyLine(st.center_italic))
    parts.append(Spacer(1, st.body.fontSize * 0.6))
    return parts


def para(sheet: Sheet, markup: str) -> Paragraph:
    """A body paragraph from markup already escaped by layout.fill/labelled."""
    return Paragraph(markup, sheet.styles.body)


def field(sheet: Sheet, label: str, value: object) -> Paragraph:
    """ "Label: value" left-aligned: justifying a short line would stretch its spaces."""
    return Paragraph(labelled(label, value), sheet.styles.field)


def applicant_lines(sheet: Sheet, applicant: Applicant, name_label: str | None = None) -> list[Flowable]:
    common = sheet.common
    lines = [field(sheet, name_label or common["label_applicant"], applicant.full_name)]
    if applicant.address:
        lines.append(field(sheet, common["label_address"], applicant.address))
    lines.append(field(sheet, common["label_phone"], applicant.phone))
    if applicant.email:
        lines.append(field(sheet, common["label_email"], applicant.email))
    return lines


def grid(sheet: Sheet, header: Sequence[str], rows: list[list[Flowable | str]],
         fractions: Sequence[float]) -> Table:
    """A ruled table whose header row repeats on every page it spills onto.

    Plain-string cells (numbers, short times) are drawn centred in the cell font without a Paragraph:
    far cheaper, which matters for a 500-row register.
    """
    st = sheet.styles
    width = sheet.metrics.frame_width
    head = [Paragraph(esc(text), st.cell_head) for text in header]
    table = Table([head, *rows], colWidths=[width * f for f in fractions], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONT", (0, 1), (-1, -1), fonts.REGULAR, st.cell.fontSize, st.cell.leading),
        ("ALIGN", (0, 1), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def cell(sheet: Sheet, value: object, center: bool = False) -> Paragraph:
    return Paragraph(esc(value), sheet.styles.cell_center if center else sheet.styles.cell)


def signer(sheet: Sheet, caption: str, name: str = "", seal: bool = False) -> list[Flowable]:
    st = sheet.styles
    hint = sheet.common["sign_seal_hint" if seal else "sign_hint"]
    block: list[Flowable] = [Paragraph(esc(caption), st.center_bold), Paragraph(esc(hint), st.center_italic),
                             Spacer(1, sheet.metrics.sign_space)]
    if name:
        block.append(Paragraph(bold(name), st.center))
    return block


def signatures(sheet: Sheet, left: list[Flowable] | None, right: list[Flowable]) -> Flowable:
    """Signature row; kept on one page so a block is never split from its caption."""
    width = sheet.metrics.frame_width
    table = Table([[left or "", right]], colWidths=[width / 2, width / 2])
    table.setStyle(plain_cells())
    return KeepTogether([Spacer(1, 4 * mm), table])


def footnote(sheet: Sheet, heading: str, lines: Sequence[str]) -> list[Flowable]:
    st = sheet.styles
    parts: list[Flowable] = [Spacer(1, 3 * mm), Paragraph(f"<b>{esc(heading)}</b>", st.note)]
    parts += [Paragraph(esc(line), st.note) for line in lines]
    return parts


def opening(sheet: Sheet, on: date, code: str, copy_line: bool = False) -> list[Flowable]:
    """Form number, both headers and the title block: the top of every form's first page."""
    return [form_number(sheet), headers(sheet, on), *title(sheet, code, copy_line)]
