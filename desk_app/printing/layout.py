"""Paper sizes, margins and paragraph styles for A4 and A5, and safe text-to-markup helpers.

Margins follow Decree 30/2020 on A4 (top/bottom 20 mm, left 30 mm, right 15 mm); A5 keeps the same
proportions at a smaller scale so a receipt still fits a half sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from desk_app.domain.text import nfc
from desk_app.printing import fonts

Paper = Literal["A4", "A5"]


@dataclass(frozen=True)
class Metrics:
    page: tuple[float, float]
    top: float
    bottom: float
    left: float
    right: float
    body: float  # body font size, points
    small: float
    title: float
    qr: float  # side of the QR code, points
    sign_space: float  # room left for a handwritten signature

    @property
    def frame_width(self) -> float:
        return self.page[0] - self.left - self.right


METRICS: dict[str, Metrics] = {
    "A4": Metrics(A4, 20 * mm, 20 * mm, 30 * mm, 15 * mm, 13, 11, 14, 28 * mm, 22 * mm),
    "A5": Metrics(A5, 12 * mm, 12 * mm, 15 * mm, 10 * mm, 9.5, 8, 10.5, 22 * mm, 14 * mm),
}


def register_metrics(paper: Paper) -> Metrics:
    """The register is a wide table: landscape, smaller type, even margins."""
    page = landscape(METRICS[paper].page)
    if paper == "A5":
        return Metrics(page, 10 * mm, 10 * mm, 10 * mm, 10 * mm, 6.5, 5.5, 9, 0, 0)
    return Metrics(page, 15 * mm, 15 * mm, 15 * mm, 15 * mm, 8.5, 7.5, 13, 0, 0)


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    field: ParagraphStyle
    center: ParagraphStyle
    center_bold: ParagraphStyle
    center_italic: ParagraphStyle
    right_italic: ParagraphStyle
    head: ParagraphStyle
    head_bold: ParagraphStyle
    title: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle


def make_styles(metrics: Metrics) -> Styles:
    family = fonts.register_fonts()
    size, small = metrics.body, metrics.small

    def style(name: str, font_size: float, align: int, font: str = family, **extra: float) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=font_size, leading=font_size * 1.25,
                              alignment=align, **extra)

    return Styles(
        body=style("body", size, TA_JUSTIFY, spaceBefore=size * 0.25),
        field=style("field", size, TA_LEFT, spaceBefore=size * 0.25),
        center=style("center", size, TA_CENTER),
        center_bold=style("center_bold", size, TA_CENTER, fonts.BOLD),
        center_italic=style("center_italic", size, TA_CENTER, fonts.ITALIC),
        right_italic=style("right_italic", small, 2, fonts.ITALIC),
        head=style("head", small + 1, TA_CENTER),
        head_bold=style("head_bold", small + 1, TA_CENTER, fonts.BOLD),
        title=style("title", metrics.title, TA_CENTER, fonts.BOLD, spaceBefore=metrics.title * 0.6),
        note=style("note", small, TA_JUSTIFY, fonts.ITALIC),
        cell=style("cell", small, TA_LEFT),
        cell_center=style("cell_center", small, TA_CENTER),
        cell_head=style("cell_head", small, TA_CENTER, fonts.BOLD),
    )


def esc(value: object) -> str:
    """NFC first (NFD marks collide with capitals), then escape for reportlab's mini-markup."""
    return escape(nfc(str(value)))


def bold(value: object) -> str:
    return f"<b>{esc(value)}</b>"


def fill(template: str, emphasise: bool = True, **values: object) -> str:
    """Fill a wording template; the filled-in facts are bold so they stand out from fixed wording."""
    mark = bold if emphasise else esc
    return escape(template).format_map({k: mark(v) for k, v in values.items()})


def labelled(label: str, value: object) -> str:
    return f"{escape(label)} {bold(value)}"
