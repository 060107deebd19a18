"""The receipt's QR code leads a phone to the lookup page for this dossier, and reveals nothing else."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from desk_app.printing import FormKind, render_form
from desk_app.printing.qr import QUIET_ZONE, lookup_url, path_operators, qr_matrix

BASE = "https://dichvucong.hanoi.example/tra-cuu"


def matrix_image(matrix: list[list[bool]], scale: int = 6) -> Image.Image:
    """Paint the modules the way the PDF draws them, with the same quiet zone."""
    side = (len(matrix) + 2 * QUIET_ZONE) * scale
    image = Image.new("L", (side, side), 255)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                left, top = (x + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale
                image.paste(0, (left, top, left + scale, top + scale))
    return image


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_lookup_url_carries_only_the_code_and_the_key(dossier):
    url = lookup_url(BASE, dossier.code, dossier.lookup_key)
    assert url == f"{BASE}?ma=000.26.01.H26-260305-0007&k=Qm7xT2vK9pLs4RwZ"
    applicant = dossier.applicant
    for private in (applicant.full_name, applicant.phone, applicant.personal_id, "Ẩn", "0912"):
        assert private not in url


def test_lookup_url_keeps_an_existing_query_string():
    assert lookup_url(f"{BASE}?lang=vi", "A-1", "k 1") == f"{BASE}?lang=vi&ma=A-1&k=k+1"


def test_qr_modules_decode_back_to_the_lookup_url(dossier):
    url = lookup_url(BASE, dossier.code, dossier.lookup_key)
    assert decode(matrix_image(qr_matrix(url))) == [url]


def test_the_receipt_draws_exactly_that_qr_code_on_each_copy(dossier, ctx):
    pdf = render_form(FormKind.RECEIPT, dossier, ctx)
    drawing = path_operators(qr_matrix(lookup_url(ctx.lookup_base_url, dossier.code, dossier.lookup_key)))
    for page in PdfReader(io.BytesIO(pdf)).pages:
        assert drawing.encode() in page.get_contents().get_data()


def test_the_base_url_is_configurable(dossier, ctx):
    other = replace(ctx, lookup_base_url="https://tracuu.example.vn/hs")
    pdf = render_form(FormKind.RECEIPT, dossier, other)
    expected = path_operators(qr_matrix(lookup_url("https://tracuu.example.vn/hs", dossier.code,
                                                   dossier.lookup_key)))
    assert expected.encode() in PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
def test_the_printed_page_scans(dossier, ctx, tmp_path: Path):
    """End to end: rasterise the real page as a printer would and scan it like a phone."""
    pdf_path = tmp_path / "receipt.pdf"
    pdf_path.write_bytes(render_form(FormKind.RECEIPT, dossier, ctx))
    subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", "1", "-l", "1", str(pdf_path),
                    str(tmp_path / "page")], check=True)
    page = Image.open(next(tmp_path.glob("page*.png")))
    assert lookup_url(ctx.lookup_base_url, dossier.code, dossier.lookup_key) in decode(page)
