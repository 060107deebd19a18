"""Sổ theo dõi hồ sơ for a period: landscape PDF and XLSX with the same columns."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from desk_app.printing import render_register_pdf, render_register_xlsx
from desk_app.printing.paths import bundled_wording_dir
from tests.printing.conftest import page_size_mm, pages, text

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
_REGISTER = json.loads((bundled_wording_dir() / "tt03_2025" / "v1.json").read_text("utf-8"))["forms"]["register"]
COLUMNS = _REGISTER["columns"] + _REGISTER["fee_columns"]  # the form's 13, then the fees' (issue 11)


def month_of(dossier, count: int):
    return [replace(dossier, dossier_id=f"d-{i}", code=f"000.26.01.H26-2603{i % 28 + 1:02d}-{i:04d}",
                    register_entry=i + 1, received_at=datetime(2026, 3, i % 28 + 1, 9, 0))
            for i in range(count)]


def test_register_pdf_is_landscape_and_lists_the_period(dossier, long_case, ctx):
    pdf = render_register_pdf([dossier, long_case], *MARCH, ctx)
    assert page_size_mm(pdf) == (297, 210)
    out = text(pdf)
    assert "SỔ THEO DÕI HỒ SƠ" in out and "Từ ngày 01/03/2026 đến ngày 31/03/2026" in out
    assert "000.26.01.H26-260305-0007" in out and long_case.applicant.full_name in out
    assert "08:30 12/03/2026" in out  # the appointment in force after the delay


def test_dossiers_outside_the_period_are_left_out(dossier, ctx):
    april = replace(dossier, code="APRIL-0001", received_at=dossier.received_at + timedelta(days=30))
    out = text(render_register_pdf([dossier, april], *MARCH, ctx))
    assert "APRIL-0001" not in out and dossier.code in out


def test_a_long_register_repeats_its_header_on_every_page(dossier, ctx):
    all_pages = pages(render_register_pdf(month_of(dossier, 120), *MARCH, ctx))
    assert len(all_pages) > 3
    assert all("Mã hồ sơ Tên thủ tục hành chính" in page for page in all_pages)
    assert all("SỔ THEO DÕI HỒ SƠ Từ ngày 01/03/2026 đến ngày 31/03/2026" in p for p in all_pages[1:])
    assert f"Trang {len(all_pages)}/{len(all_pages)}" in all_pages[-1]


def test_register_xlsx_has_the_pdf_columns_and_real_dates(dossier, long_case, ctx):
    book = load_workbook(io.BytesIO(render_register_xlsx([long_case, dossier], *MARCH, ctx)))
    sheet = book.active
    header = [cell.value for cell in sheet[4]]
    assert header == COLUMNS
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    assert len(rows) == 2
    assert rows[0][1] == dossier.code  # received first (same time, code order)
    assert rows[0][4] == "Nguyễn Văn Ẩn"
    assert rows[0][7] == datetime(2026, 3, 5, 8, 30)
    assert rows[0][8] == datetime(2026, 3, 12, 8, 30)
    assert "Nguyễn Văn Ẩn" in rows[0][11]
    assert sheet["A2"].value == "SỔ THEO DÕI HỒ SƠ"


def test_register_pdf_and_xlsx_agree_on_the_rows(dossier, ctx):
    dossiers = month_of(dossier, 12)
    out = text(render_register_pdf(dossiers, *MARCH, ctx))
    sheet = load_workbook(io.BytesIO(render_register_xlsx(dossiers, *MARCH, ctx))).active
    codes = [row[1].value for row in sheet.iter_rows(min_row=5)]
    assert sorted(codes) == sorted(d.code for d in dossiers)
    positions = [out.index(code) for code in codes]
    assert positions == sorted(positions)  # same order in both


def test_an_inverted_period_is_refused(dossier, ctx):
    with pytest.raises(ValueError, match="Khoảng thời gian không hợp lệ"):
        render_register_pdf([dossier], date(2026, 3, 31), date(2026, 3, 1), ctx)
