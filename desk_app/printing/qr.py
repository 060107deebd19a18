"""The receipt's QR code: the citizen lookup address, drawn as vector squares so it prints sharp."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.platypus import Flowable

QUIET_ZONE = 4  # modules of white border the QR standard asks for
# Any of the 8 masks is valid; scoring all 8 to pick the "best" one costs ~30 ms per code in pure
# Python, which is most of the receipt's time budget, for no gain a phone camera notices.
MASK = 0


def lookup_url(base_url: str, code: str, lookup_key: str) -> str:
    """Only the dossier code and the random lookup key: nothing personal leaves on the paper."""
    separator = "&" if urlsplit(base_url).query else "?"
    return f"{base_url}{separator}{urlencode({'ma': code, 'k': lookup_key})}"


def qr_matrix(data: str) -> list[list[bool]]:
    """Dark/light modules, without the quiet zone (the drawing leaves that margin itself)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=MASK)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def dark_runs(row: list[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of dark modules: one rectangle per run keeps the PDF small."""
    runs: list[tuple[int, int]] = []
    start = None
    for x, dark in enumerate([*row, False]):
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            runs.append((start, x - start))
            start = None
    return runs


def path_operators(matrix: list[list[bool]]) -> str:
    """PDF path operators in module units, y pointing down from the top row (flipped when drawn)."""
    rects = [f"{x} {y} {length} 1 re" for y, row in enumerate(matrix) for x, length in dark_runs(row)]
    return "\n".join(rects)


class QrFlowable(Flowable):
    """A square QR code of side `size` points, quiet zone included."""

    def __init__(self, matrix: list[list[bool]], size: float) -> None:
        super().__init__()
        self.matrix = matrix
        self.width = self.height = size

    def draw(self) -> None:
        count = len(self.matrix)
        module = self.width / (count + 2 * QUIET_ZONE)
        canvas = self.canv
        canvas.saveState()
        # Integer module coordinates scaled once: one filled path, no hairline seams between modules.
        canvas.translate(QUIET_ZONE * module, self.height - QUIET_ZONE * module)
        canvas.scale(module, -module)
        canvas.setFillColorRGB(0, 0, 0)
        canvas.addLiteral(path_operators(self.matrix) + "\nf")
        canvas.restoreState()
