"""Turn a story of flowables into PDF bytes, with the marks around it and, for the receipt, copies.

The pages are laid out once; at the end every page is written out once per copy ("Liên 1", "Liên 2")
with that copy's line filled in. Laying out is most of the cost of a page, so two copies cost little
more than one, and the copies cannot differ.

Output is byte-identical for the same input (reportlab's invariant mode fixes the creation date and
document id), so a reprint can be compared with the original.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial
from typing import Any

from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desk_app.printing import marks
from desk_app.printing.layout import Metrics

# ASCII85-wrapping compressed streams only makes PDFs bigger and slower to write; no printer needs it.
rl_config.useA85 = 0


@dataclass(frozen=True)
class Copy:
    label: str  # short, for the running header: "Liên 1"
    line: str  # under the title: "(Liên 1: Lưu tại Bộ phận Một cửa)"


@dataclass(frozen=True)
class Decor:
    """What is drawn around the flowing content of every page."""

    running_code: str  # "Mã hồ sơ: ..." first on continuation pages: what identifies a loose sheet
    running_title: str
    continued: str
    page_format: str  # "Trang {page}/{pages}"
    reprint_lines: tuple[str, ...] = ()
    training_mark: str = ""
    title: str = ""
    author: str = ""
    copies: tuple[Copy, ...] = ()


class CopyLine(Flowable):
    """Reserves one line for the copy line; its text is written per copy when pages are saved."""

    def __init__(self, style: ParagraphStyle) -> None:
        super().__init__()
        self.style = style
        self.width, self.height = 0.0, style.leading

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        at = self.canv.absolutePosition(self.width / 2, self.height - self.style.fontSize)
        self.canv._desk_copy_at = (at, self.style.fontName, self.style.fontSize)  # type: ignore[attr-defined]


class _CopyingCanvas(Canvas):
    """Holds every page back until the end, then writes each one per copy with its number."""

    def __init__(self, *args: Any, decor: Decor, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor, self._metrics = decor, metrics
        self._desk_copy_at: tuple[tuple[float, float], str, float] | None = None
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._desk_copy_at = None
        self._startPage()

    def save(self) -> None:
        for copy in self._decor.copies or (Copy("", ""),):
            for number, state in enumerate(self._pages, start=1):
                # Each copy draws onto its own copy of the page's operator lists.
                self.__dict__.update({k: list(v) if isinstance(v, list) else v for k, v in state.items()})
                self._finish_page(copy, number)
                super().showPage()
        super().save()

    def _finish_page(self, copy: Copy, number: int) -> None:
        decor, metrics, total = self._decor, self._metrics, len(self._pages)
        if self._desk_copy_at and copy.line:
            at, font, size = self._desk_copy_at
            marks.centred_line(self, at, copy.line, font, size)
        if number > 1:
            reserved = marks.reprint_width(metrics, decor.reprint_lines)
            parts = (decor.running_code, copy.label, decor.running_title)
            marks.running_header(self, metrics, parts, decor.continued, reserved)
        if total > 1:
            marks.page_number(self, metrics, decor.page_format.format(page=number, pages=total))


def build_pdf(story: list[Flowable], metrics: Metrics, decor: Decor) -> bytes:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=metrics.page, invariant=1, title=decor.title, author=decor.author,
        creator="MotCua Desk", producer="MotCua Desk", subject="", keywords="",
        leftMargin=metrics.left, rightMargin=metrics.right, topMargin=metrics.top,
        bottomMargin=metrics.bottom,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=partial(_background, metrics, decor))])
    doc.build(story, canvasmaker=partial(_CopyingCanvas, decor=decor, metrics=metrics))
    return buffer.getvalue()


def _background(metrics: Metrics, decor: Decor, canvas: Canvas, _doc: Any) -> None:
    """Drawn first on every page, so the content sits on top of the watermark."""
    if decor.training_mark:
        marks.training(canvas, metrics, decor.training_mark)
    marks.reprint(canvas, metrics, decor.reprint_lines)
