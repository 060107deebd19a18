"""Fixtures for the printing tests: a realistic dossier, a worst-case one, and PDF reading helpers."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from desk_app.domain.model import Dossier
from desk_app.printing import PrintContext
from desk_app.printing.samples import long_dossier, sample_context, sample_dossier


@pytest.fixture
def dossier() -> Dossier:
    return sample_dossier()


@pytest.fixture
def long_case() -> Dossier:
    return long_dossier()


@pytest.fixture
def ctx() -> PrintContext:
    return sample_context()


def pages(pdf: bytes) -> list[str]:
    """Text of each page, whitespace collapsed (wrapped lines become single spaces)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def text(pdf: bytes) -> str:
    return " ".join(pages(pdf))


def page_size_mm(pdf: bytes, index: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[index].mediabox
    return round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)


def assert_nfc(value: str) -> None:
    assert unicodedata.normalize("NFC", value) == value
