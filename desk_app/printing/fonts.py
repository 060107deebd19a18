"""The one serif family every form is printed in, embedded so every desk prints the same glyphs.

reportlab has no per-glyph fallback, so the family must cover all of Vietnamese itself; Liberation
Serif 2.x does (all four styles) and is metrically compatible with Times New Roman (Decree 30/2020).
"""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desk_app.printing.paths import fonts_dir

FAMILY = "DeskSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

_FILES = {
    REGULAR: ("LiberationSerif-Regular.ttf", 0, 0),
    BOLD: ("LiberationSerif-Bold.ttf", 1, 0),
    ITALIC: ("LiberationSerif-Italic.ttf", 0, 1),
    BOLD_ITALIC: ("LiberationSerif-BoldItalic.ttf", 1, 1),
}


@cache
def register_fonts() -> str:
    """Register the family once per process (parsing the TTFs is the slow part); returns its name."""
    folder = fonts_dir()
    for name, (filename, bold, italic) in _FILES.items():
        path = folder / filename
        if not path.is_file():
            raise FileNotFoundError(f"Thiếu phông chữ để in: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
        addMapping(FAMILY, bold, italic, name)
    return FAMILY
