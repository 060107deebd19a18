"""What is drawn on a page outside the flowing content: training watermark, reprint box, running
header of continuation pages, copy line, page number."""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desk_app.domain.text import nfc
from desk_app.printing import fonts
from desk_app.printing.layout import Metrics

_WATERMARK_GREY = Color(0.82, 0.82, 0.82)
_MIN_FIT = 8  # a title cut shorter than this says nothing; leave it out


def training(canvas: Canvas, metrics: Metrics, text: str) -> None:
    """Practice prints must never pass for real ones: a large diagonal mark behind the content."""
    width, height = metrics.page
    size = min(width, height) / 9
    canvas.saveState()
    canvas.setFillColor(_WATERMARK_GREY)
    canvas.setFont(fonts.BOLD, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, -size / 3, nfc(text))
    canvas.restoreState()


def reprint_width(metrics: Metrics, lines: tuple[str, ...]) -> float:
    if not lines:
        return 0
    size = metrics.small
    return max(stringWidth(nfc(line), fonts.BOLD, size) for line in lines) + size


def reprint(canvas: Canvas, metrics: Metrics, lines: tuple[str, ...]) -> None:
    """Boxed "BẢN IN LẠI" (and when) in the top-right margin."""
    if not lines:
        return
    size, width = metrics.small, reprint_width(metrics, lines)
    right = metrics.page[0] - metrics.right
    top = metrics.page[1] - metrics.top / 2 + size / 2
    height = len(lines) * size * 1.2 + size * 0.3
    canvas.saveState()
    canvas.setLineWidth(0.8)
    canvas.rect(right - width, top - height, width, height, stroke=1, fill=0)
    canvas.setFont(fonts.BOLD, size)
    for index, line in enumerate(lines):
        canvas.drawRightString(right - size / 2, top - (index + 1) * size * 1.2 + size * 0.1, nfc(line))
    canvas.restoreState()


def running_header(canvas: Canvas, metrics: Metrics, parts: tuple[str, str, str], continued: str,
                   reserved: float) -> None:
    """ "Mã hồ sơ: X - Liên 1 - TITLE (tiếp theo)" with a rule under it, clear of the reprint box.

    The title gives way first, then the code line; "(tiếp theo)" always shows.
    """
    code, copy_label, title = parts
    font, size = fonts.ITALIC, metrics.small
    room = metrics.frame_width - reserved - size
    tail = " " + nfc(continued)
    room_for_text = room - stringWidth(tail, font, size)
    head = fit(nfc(" - ".join(p for p in (code, copy_label) if p)), font, size, room_for_text)
    title = fit(nfc(title), font, size, room_for_text - stringWidth(f"{head} - ", font, size))
    text = f"{head} - {title}{tail}" if head and title else f"{head or title}{tail}"
    y = metrics.page[1] - metrics.top / 2
    canvas.saveState()
    canvas.setFont(font, size)
    canvas.drawString(metrics.left, y, text)
    canvas.setLineWidth(0.4)
    canvas.line(metrics.left, y - size * 0.4, metrics.left + room, y - size * 0.4)
    canvas.restoreState()


def fit(text: str, font: str, size: float, room: float) -> str:
    """Shorten with an ellipsis rather than run into the reprint box or off the page."""
    if stringWidth(text, font, size) <= room:
        return text
    while len(text) > _MIN_FIT and stringWidth(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…" if len(text) > _MIN_FIT else ""


def centred_line(canvas: Canvas, at: tuple[float, float], text: str, font: str, size: float) -> None:
    canvas.saveState()
    canvas.setFont(font, size)
    canvas.drawCentredString(at[0], at[1], nfc(text))
    canvas.restoreState()


def page_number(canvas: Canvas, metrics: Metrics, text: str) -> None:
    canvas.saveState()
    canvas.setFont(fonts.ITALIC, metrics.small)
    canvas.drawCentredString(metrics.page[0] / 2, metrics.bottom / 2, text)
    canvas.restoreState()
