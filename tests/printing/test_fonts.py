"""The bundled serif covers all of Vietnamese in every style, capitals with stacked marks included."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics

from desk_app.printing import fonts
from desk_app.printing.paths import fonts_dir

LOWER = "aăâbcdđeêghiklmnoôơpqrstuưvxy" + "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
VIETNAMESE = LOWER + LOWER.upper()


@pytest.mark.parametrize("name", [fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC])
def test_every_style_has_a_glyph_for_every_vietnamese_letter(name):
    fonts.register_fonts()
    face = pdfmetrics.getFont(name).face
    missing = [ch for ch in VIETNAMESE if ord(ch) not in face.charToGlyph]
    assert not missing


def test_the_licence_ships_with_the_fonts():
    licence = (fonts_dir() / "LICENSE-LiberationSerif.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
