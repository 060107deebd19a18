"""Scanned papers at the desk (issue 12): attach, one PDF per document with its metadata, stored once and
checked on every read, removal with a reason, the per-dossier cap, and the digitisation figures."""

from __future__ import annotations

import io
import os
from datetime import datetime

import pikepdf
import pytest

from desk_app.core.report import build_report
from desk_app.core.scan_pdf import Colour, scan_file
from desk_app.core.scans import ScanUnreadable, scan_folder_for
from desk_app.domain import limits
from desk_app.domain.errors import DeskError, IllegalTransition, InvalidInput, NotFound
from desk_app.domain.model import EventKind, ReceivedDocument, Status
from desk_app.services import Desk
from tests import scan_files
from tests.conftest import request

TO_KHAI = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"
LY_HON = "Giấy tờ chứng minh đã ly hôn/vợ chồng đã chết (nếu có)"


@pytest.fixture
def code(desk) -> str:
    docs = [ReceivedDocument(TO_KHAI, 1, 0), ReceivedDocument(LY_HON, 0, 1)]
    return desk.dossiers.receive(request(documents=docs), "canbo1").dossier.code


def _pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def test_scan_store_sits_beside_the_database_named_after_it(desk, desk_path):
    assert desk.scan_store.root == desk_path.parent / "desk-scans"
    assert scan_folder_for("/data/motcua.sqlite3").name == "motcua-scans"


def test_pages_of_every_kind_become_one_pdf_with_the_dossier_and_document_in_it(desk, code, tmp_path):
    files = [scan_files.write(tmp_path, "trang1.jpg", scan_files.page(1, fmt="JPEG")),
             scan_files.write(tmp_path, "trang2.png", scan_files.page(2)),
             scan_files.write(tmp_path, "trang3-5.tif", scan_files.tiff(3)),
             scan_files.write(tmp_path, "trang6-7.pdf", scan_files.pdf(2))]
    before = desk.dossiers.get_by_code(code)
    scan = desk.scans.attach_files(code, TO_KHAI, files, "canbo1")
    assert scan.pages == 7
    data = desk.scans.pdf(scan.sha256)
    assert len(data) == scan.size and desk.scan_store.has(scan.sha256)
    with _pdf(data) as pdf:
        assert len(pdf.pages) == 7
        assert str(pdf.docinfo["/Title"]) == f"{code} – {TO_KHAI}"
        assert str(pdf.docinfo["/MotCuaDossier"]) == code and str(pdf.docinfo["/MotCuaPages"]) == "7"
        assert pdf.open_metadata()["dc:identifier"] == code
        assert pdf.Root.PageLabels.Nums[1].S == pikepdf.Name.D  # pages numbered 1..7
    after = desk.dossiers.get_by_code(code)
    assert after.status == before.status == Status.RECEIVED  # a scan changes no status
    event = after.history[-1]
    assert event.kind == EventKind.SCAN_ATTACHED
    assert event.payload == {"document": TO_KHAI, "sha256": scan.sha256, "size": scan.size, "pages": 7,
                             "media_type": "application/pdf"}


def test_a_good_jpeg_goes_in_as_it_is_and_grey_pages_stay_small(desk, code, tmp_path):
    jpeg = scan_files.page(4, fmt="JPEG", quality=85)
    scan = desk.scans.attach_files(code, TO_KHAI, [scan_files.write(tmp_path, "a.jpg", jpeg)], "canbo1",
                                   Colour.GREY)
    with _pdf(desk.scans.pdf(scan.sha256)) as pdf:
        image = next(iter(pdf.pages[0].Resources.XObject.values()))
        assert image.Filter == pikepdf.Name.DCTDecode and image.read_raw_bytes() == jpeg  # not re-encoded
    pngs = [scan_files.write(tmp_path, f"p{n}.png", scan_files.page(n)) for n in range(3)]
    grey = desk.scans.attach_files(code, LY_HON, pngs, "canbo1", Colour.GREY)
    assert grey.size / grey.pages < 160 * 1024  # a dense A4 page of text at 200 dpi grey
    bitonal = desk.scans.attach_files(code, LY_HON, pngs, "canbo1", Colour.BITONAL)
    assert bitonal.size < grey.size / 3


def test_the_same_scan_twice_is_stored_once_and_refused_the_second_time(desk, code, tmp_path):
    page = scan_files.write(tmp_path, "a.png", scan_files.page(7))
    first = desk.scans.attach_files(code, TO_KHAI, [page], "canbo1")
    history = len(desk.dossiers.history(code))
    with pytest.raises(InvalidInput, match="đã được đính kèm"):
        desk.scans.attach_files(code, TO_KHAI, [page], "canbo1")
    assert len(desk.dossiers.history(code)) == history
    assert list(desk.scan_store.hashes()) == [first.sha256]


def test_every_read_checks_the_hash(desk, code, tmp_path):
    scan = desk.scans.attach_files(code, TO_KHAI, [scan_files.write(tmp_path, "a.png", scan_files.page())],
                                   "canbo1")
    path = desk.scan_store.path(scan.sha256)
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    path.write_bytes(bytes(damaged))
    with pytest.raises(ScanUnreadable, match="đã bị hỏng"):
        desk.scans.pdf(scan.sha256)
    path.unlink()
    with pytest.raises(ScanUnreadable, match="Không tìm thấy"):
        desk.scans.pdf(scan.sha256)


def test_removal_keeps_the_reason_and_takes_the_scan_off_the_list(desk, code, tmp_path):
    scan = desk.scans.attach_files(code, TO_KHAI, [scan_files.write(tmp_path, "a.png", scan_files.page())],
                                   "canbo1")
    with pytest.raises(InvalidInput, match="Cần ghi lý do gỡ bản quét"):
        desk.scans.remove(code, scan.sha256, "  ", "canbo1")  # a reason is required
    with pytest.raises(NotFound):
        desk.scans.remove(code, "0" * 64, "nhầm", "canbo1")
    desk.scans.remove(code, scan.sha256[:10], "Quét nhầm giấy tờ của người khác", "canbo1")
    assert desk.scans.current(code) == []
    event = desk.dossiers.history(code)[-1]
    assert event.kind == EventKind.SCAN_REMOVED and event.payload["reason"] == "Quét nhầm giấy tờ của người khác"
    assert desk.scan_store.has(scan.sha256)  # named by events: kept (the log and the city tell the same story)


def test_the_per_dossier_cap_says_how_much_is_there(desk, code, tmp_path, monkeypatch):
    first = desk.scans.attach_files(code, TO_KHAI, [scan_files.write(tmp_path, "a.png", scan_files.page(1))],
                                    "canbo1")
    monkeypatch.setattr(limits, "SCAN_DOSSIER_BYTES", first.size + 1000)
    with pytest.raises(InvalidInput, match="vượt mức") as refused:
        desk.scans.attach_files(code, LY_HON, [scan_files.write(tmp_path, "b.png", scan_files.page(2))], "canbo1")
    assert "bản quét" in str(refused.value)
    assert [scan.sha256 for scan in desk.scans.current(code)] == [first.sha256]
    assert list(desk.scan_store.hashes()) == [first.sha256]  # nothing half-stored


def test_only_papers_of_the_dossier_and_only_while_it_may_change(desk, code, tmp_path):
    page = scan_files.write(tmp_path, "a.png", scan_files.page())
    with pytest.raises(InvalidInput, match="không có giấy tờ «Sổ hộ khẩu»"):
        desk.scans.attach_files(code, "Sổ hộ khẩu", [page], "canbo1")
    desk.dossiers.apply(code, EventKind.STOPPED, {"reason": "Công dân rút hồ sơ"}, "canbo1")
    with pytest.raises(IllegalTransition):
        desk.scans.attach_files(code, TO_KHAI, [page], "canbo1")
    assert not desk.scan_store.root.exists() or not list(desk.scan_store.hashes())


def test_a_returned_dossier_can_still_be_digitised(desk, code, tmp_path):
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "canbo1")
    desk.dossiers.apply(code, EventKind.RETURNED, {"receiver_name": "Nguyễn Văn An"}, "canbo1")
    scan = desk.scans.attach_files(code, TO_KHAI, [scan_files.write(tmp_path, "a.png", scan_files.page())],
                                   "canbo1")
    assert desk.dossiers.get_by_code(code).status == Status.RETURNED
    with pytest.raises(IllegalTransition):  # the archive keeps what was digitised
        desk.scans.remove(code, scan.sha256, "nhầm", "canbo1")


def test_supplement_papers_can_be_scanned_too(desk, code, tmp_path):
    desk.dossiers.apply(code, EventKind.SUPPLEMENT_REQUESTED, {"items": [{"item": "Bản sao CCCD"}]}, "canbo1")
    desk.dossiers.apply(code, EventKind.SUPPLEMENT_RECEIVED, {"documents": [{"name": "Bản sao CCCD", "copies": 1}]},
                        "canbo1")
    scan = desk.scans.attach_files(code, "Bản sao CCCD", [scan_files.write(tmp_path, "a.png", scan_files.page())],
                                   "canbo1")
    assert scan.document == "Bản sao CCCD"


def test_digitisation_rate_counts_dossiers_with_every_required_paper_scanned(desk, code, tmp_path, clock):
    other = desk.dossiers.receive(request(name="Trần Thị Bình"), "canbo1").dossier.code
    assert desk.scans.required_documents(desk.dossiers.get_by_code(code)) == [TO_KHAI]  # the other is optional
    desk.scans.attach_files(code, TO_KHAI, [scan_files.write(tmp_path, "a.png", scan_files.page())], "canbo1")
    dossiers = desk.dossiers.in_period(clock().date(), clock().date())
    report = build_report(dossiers, clock().date(), clock().date(), clock(), digitised=desk.scans.digitised)
    assert (report.totals.received, report.totals.digitised) == (2, 1)
    assert report.totals.digitisation_rate == 0.5
    assert report.by_clerk[0].figures.digitised == 1
    assert report.by_procedure[0].figures.digitisation_rate == 0.5
    assert not desk.scans.digitised(desk.dossiers.get_by_code(other))


@pytest.mark.parametrize(("name", "make", "words"), [
    ("hong.jpg", scan_files.truncated_jpeg, "bị hỏng hoặc không trọn vẹn"),
    ("anh.jpg", lambda: scan_files.pdf(1), "mang tên ảnh JPEG nhưng nội dung là tệp PDF"),
    ("ghi-chu.png", lambda: b"khong phai anh", "không phải ảnh JPEG, PNG, TIFF hay tệp PDF"),
    ("script.pdf", scan_files.pdf_with_javascript, "có mã lệnh (JavaScript"),
    ("khoa.pdf", scan_files.encrypted_pdf, "có mật khẩu"),
    ("kem-tep.pdf", scan_files.pdf_with_attachment, "tệp nhúng bên trong"),
    ("rong.png", lambda: b"", "rỗng (0 byte)"),
])
def test_bad_files_are_refused_in_vietnamese_and_nothing_changes(desk, code, tmp_path, name, make, words):
    path = scan_files.write(tmp_path, name, make())
    good = scan_files.write(tmp_path, "tot.png", scan_files.page())
    history = desk.dossiers.history(code)
    with pytest.raises(DeskError) as refused:
        desk.scans.attach_files(code, TO_KHAI, [good, path], "canbo1")
    assert words in refused.value.vi and name in refused.value.vi
    assert desk.dossiers.history(code) == history
    assert not list(desk.scan_store.hashes())


def test_a_300_mb_tiff_is_refused_before_it_is_read(desk, code, tmp_path, monkeypatch):
    huge = scan_files.big_sparse_file(tmp_path / "to-lon.tif", 300 * 1024 * 1024)
    opened: list[str] = []
    real_open = open

    def spy(path, *args, **kwargs):
        opened.append(str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", spy)
    with pytest.raises(InvalidInput, match=r"quá lớn \(300,0 MB\); mỗi tệp tối đa 50,0 MB"):
        desk.scans.attach_files(code, TO_KHAI, [huge], "canbo1")
    monkeypatch.undo()
    assert str(huge) not in opened


def test_paths_the_desk_cannot_read(desk, code, tmp_path):
    with pytest.raises(InvalidInput, match=r"Không tìm thấy tệp «khong-co\.jpg»"):
        desk.scans.attach_files(code, TO_KHAI, [tmp_path / "khong-co.jpg"], "canbo1")
    with pytest.raises(InvalidInput, match="là một thư mục"):
        desk.scans.attach_files(code, TO_KHAI, [tmp_path], "canbo1")
    if os.geteuid() != 0:  # root reads every file
        locked = scan_files.write(tmp_path, "khoa.png", scan_files.page())
        locked.chmod(0)
        with pytest.raises(InvalidInput, match="Không có quyền đọc"):
            desk.scans.attach_files(code, TO_KHAI, [locked], "canbo1")


def test_a_page_with_too_many_pixels_is_refused_before_decoding():
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, format="PNG")  # 48 million pixels, a few KB
    with pytest.raises(InvalidInput, match="triệu điểm ảnh"):
        from desk_app.core.scan_pdf import make_pdf

        make_pdf([scan_file("lon.png", out.getvalue())], Colour.GREY, dossier_code="x", document="y")


def test_orphans_are_swept_at_start_up_after_the_grace_period(desk_path, clock):
    with Desk.open(desk_path, now=clock) as desk:
        orphan = desk.scan_store.put(b"%PDF-1.4 a scan whose event never came")
        named = desk.scans.attach(desk.dossiers.receive(request(), "canbo1").dossier.code, TO_KHAI,
                                  [scan_file("a.png", scan_files.page())], "canbo1").sha256
    with Desk.open(desk_path, now=clock) as desk:  # a fresh orphan may be another process's attach: kept
        assert desk.scan_store.has(orphan)
    old = datetime(2026, 1, 1).timestamp()
    os.utime(desk.scan_store.path(orphan), (old, old))
    os.utime(desk.scan_store.path(named), (old, old))
    with Desk.open(desk_path, now=clock) as desk:
        assert not desk.scan_store.has(orphan) and desk.scan_store.has(named)


def test_the_receipt_marks_the_papers_scanned(desk, code, tmp_path):
    from pypdf import PdfReader

    def text() -> str:
        pdf = desk.print_form("receipt", code, "canbo1")
        return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)

    assert "(đã số hóa)" not in text()
    desk.scans.attach_files(code, TO_KHAI, [scan_files.write(tmp_path, "a.png", scan_files.page())], "canbo1")
    printed = text()
    assert printed.count("(đã số hóa)") == 2  # the paper scanned, on both copies; the other paper is not marked
    assert "hôn nhân (đã số hóa)" in printed
