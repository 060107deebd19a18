"""The receipt as the clerk and the citizen read it: every field, both copies, long cases, A5."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import datetime

import pytest

from desk_app.domain.model import Delivery
from desk_app.printing import FormKind, render_form
from tests.printing.conftest import assert_nfc, page_size_mm, pages, text


def test_receipt_prints_every_field_of_the_form(dossier, ctx):
    out = text(render_form(FormKind.RECEIPT, dossier, ctx))
    expected = [
        "UBND PHƯỜNG HOÀN KIẾM", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 3 năm 2026", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Mã hồ sơ: 000.26.01.H26-260305-0007", "Tiếp nhận hồ sơ của: Nguyễn Văn Ẩn",
        "Địa chỉ: Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội",
        "Số điện thoại: 0912 345 678", "an.nguyen@example.vn",
        "Nội dung yêu cầu giải quyết: Đăng ký khai sinh",
        "(1) Tờ khai đăng ký khai sinh (theo mẫu) 1 0", "(3) Thẻ căn cước của người đi đăng ký 0 1",
        "2. Số lượng hồ sơ: 01 (bộ)", "theo quy định là: 03 ngày làm việc",
        "4. Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 05 tháng 3 năm 2026",
        "5. Thời gian trả kết quả giải quyết hồ sơ: 08 giờ 30 phút, ngày 10 tháng 3 năm 2026",
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa nơi nộp hồ sơ",
        "Quyển số: 01/2026, Số thứ tự: 157", "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "(Ký và ghi rõ họ tên)", "Trần Thị Ánh", "Ghi chú:",
    ]
    missing = [item for item in expected if item not in out]
    assert not missing


def test_receipt_has_two_copies_one_for_the_file_one_for_the_applicant(dossier, ctx):
    first, second = pages(render_form(FormKind.RECEIPT, dossier, ctx))
    assert "Liên 1: Lưu tại Bộ phận Một cửa" in first
    assert "Liên 2: Giao người nộp hồ sơ" in second
    assert "Nguyễn Văn Ẩn" in second and "000.26.01.H26-260305-0007" in second


def test_decomposed_input_prints_as_composed_text(dossier, ctx):
    nfd_name = unicodedata.normalize("NFD", "Đặng Thị Ỹ Ắng")
    changed = replace(dossier, applicant=replace(dossier.applicant, full_name=nfd_name))
    out = text(render_form(FormKind.RECEIPT, changed, ctx))
    assert "Đặng Thị Ỹ Ắng" in out
    assert_nfc(out)


def test_long_name_address_and_thirty_documents_flow_onto_more_pages(long_case, ctx):
    pdf = render_form(FormKind.RECEIPT, long_case, ctx)
    all_pages = pages(pdf)
    copy_one = [p for p in all_pages if "Liên 1" in p]
    assert len(copy_one) == 3 and len(all_pages) == 6  # 3 pages per copy on A4
    out = " ".join(all_pages)
    assert long_case.applicant.full_name in out
    assert long_case.applicant.address in out  # delivery line repeats it; nothing cut off
    for number in range(1, 31):
        assert out.count(f"Giấy tờ chứng minh số {number:02d}:") == 2  # once per copy


def test_continuation_pages_repeat_the_code_and_the_table_header(long_case, ctx):
    all_pages = pages(render_form(FormKind.RECEIPT, long_case, ctx))
    second = all_pages[1]
    assert "Mã hồ sơ: 000.26.01.H26-260305-0008" in second
    assert "(tiếp theo)" in second
    assert "TT Tên giấy tờ Bản chính Bản sao" in second
    pages_per_copy = len(all_pages) // 2
    assert f"Trang 2/{pages_per_copy}" in second
    assert f"Trang 1/{pages_per_copy}" in all_pages[pages_per_copy]  # numbering restarts for Liên 2


def test_a5_paper_is_a5_and_still_shows_everything(dossier, ctx):
    pdf = render_form(FormKind.RECEIPT, dossier, replace(ctx, paper="A5"))
    assert page_size_mm(pdf) == (148, 210)
    assert "08 giờ 30 phút, ngày 10 tháng 3 năm 2026" in text(pdf)


def test_a4_is_a4(dossier, ctx):
    assert page_size_mm(render_form(FormKind.RECEIPT, dossier, ctx)) == (210, 297)


def test_postal_delivery_prints_the_address(dossier, ctx):
    by_post = replace(dossier, delivery=Delivery.POST, delivery_address="Số 5 ngõ Hàng Chuối, Hà Nội")
    out = text(render_form(FormKind.RECEIPT, by_post, ctx))
    assert "Qua dịch vụ bưu chính công ích, địa chỉ: Số 5 ngõ Hàng Chuối, Hà Nội" in out


def test_same_input_gives_the_same_bytes(dossier, ctx):
    assert render_form(FormKind.RECEIPT, dossier, ctx) == render_form(FormKind.RECEIPT, dossier, ctx)


def test_reprint_is_marked_and_otherwise_the_same_document(dossier, ctx):
    at = datetime(2026, 3, 6, 9, 15)
    original = pages(render_form(FormKind.RECEIPT, dossier, ctx))
    reprint = pages(render_form(FormKind.RECEIPT, dossier, replace(ctx, reprint=True, printed_at=at)))
    mark = "BẢN IN LẠI In lại lúc 09:15 06/03/2026 "
    assert all(page.startswith(mark) for page in reprint)
    assert [page.removeprefix(mark) for page in reprint] == original
    assert "BẢN IN LẠI" not in " ".join(original)


def test_reprints_are_reproducible(dossier, ctx):
    reprint_ctx = replace(ctx, reprint=True, printed_at=datetime(2026, 3, 6, 9, 15))
    assert render_form(FormKind.RECEIPT, dossier, reprint_ctx) == render_form(
        FormKind.RECEIPT, dossier, reprint_ctx)


def test_training_prints_are_marked_on_every_page(long_case, ctx):
    all_pages = pages(render_form(FormKind.RECEIPT, long_case, replace(ctx, training=True)))
    assert all("BẢN THỰC HÀNH" in page for page in all_pages)


def test_the_2018_wording_set_prints_its_own_section_name(dossier, ctx):
    out = text(render_form(FormKind.RECEIPT, dossier, replace(ctx, wording_set="tt01_2018", section_name="")))
    assert "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ" in out
    assert "Liên 1: Lưu tại Bộ phận tiếp nhận và trả kết quả" in out


def test_the_worst_case_also_fits_a5(long_case, ctx):
    all_pages = pages(render_form(FormKind.RECEIPT, long_case, replace(ctx, paper="A5")))
    out = " ".join(all_pages)
    assert long_case.applicant.address in out
    assert out.count("Giấy tờ chứng minh số 30:") == 2
    assert all("Mã hồ sơ: 000.26.01.H26-260305-0008" in page for page in all_pages)


def test_an_unsupported_paper_size_is_refused_clearly(dossier, ctx):
    with pytest.raises(ValueError, match="A3"):
        render_form(FormKind.RECEIPT, dossier, replace(ctx, paper="A3"))
