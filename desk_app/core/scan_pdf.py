"""A document's scanned pages (JPEG, PNG, TIFF with one or more pages, PDF) made into one PDF to keep.

Each input file is checked before it is trusted: its size before it is read (a 300 MB TIFF is refused
unread), what it really is from its first bytes (a PDF named .jpg is refused, not guessed), every page
decoded to the end (a truncated JPEG is refused), a PDF neither encrypted nor carrying scripts. A refusal
is an InvalidInput in Vietnamese naming the file; nothing is kept.

Pages: a JPEG that already fits the chosen colour and is not oversized goes in as it is (img2pdf embeds
the JPEG stream, no re-encoding); any other image is brought to the chosen colour (grey, bitonal or
colour) at no more than 200 dpi and encoded as JPEG (grey, colour) or CCITT G4 (bitonal). About 100-150
KB per A4 page at 200 dpi grey (docs/benchmarks.md). PDF pages are kept as they are. The PDF carries the
dossier code, the document's name and its page count (Info and XMP) and numbered page labels, and is
byte-for-byte the same for the same files (no dates, deterministic id): the same scan is stored once.
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image, ImageOps

from desk_app.domain import limits
from desk_app.domain.errors import InvalidInput

TARGET_DPI = 200
JPEG_QUALITY = 35  # ~150 KB for a dense 200 dpi grey A4 page of 12 pt text (bench/scans.py)
# A "good" JPEG goes in as it is: the chosen colour already, at most 400 dpi, and within twice the ~150 KB a
# grey A4 page should weigh; a heavier one is re-encoded to carry over a slow link.
PASS_THROUGH_BYTES_PER_PAGE = 300 * 1024
A4_INCHES = (8.27, 11.69)
_WHITEN = [value if value < 215 else 255 for value in range(256)]
_THRESHOLD = [255 if value > 160 else 0 for value in range(256)]


class Colour(StrEnum):
    """What the clerk chose for the pages: greyscale (the default), black-and-white, or as scanned."""

    GREY = "grey"
    BITONAL = "bitonal"
    COLOUR = "colour"


class Kind(StrEnum):
    JPEG = "jpeg"
    PNG = "png"
    TIFF = "tiff"
    PDF = "pdf"


KIND_NAMES = {Kind.JPEG: "ảnh JPEG", Kind.PNG: "ảnh PNG", Kind.TIFF: "ảnh TIFF", Kind.PDF: "tệp PDF"}
EXTENSIONS = {".jpg": Kind.JPEG, ".jpeg": Kind.JPEG, ".jpe": Kind.JPEG, ".png": Kind.PNG, ".tif": Kind.TIFF,
              ".tiff": Kind.TIFF, ".pdf": Kind.PDF}


@dataclass(frozen=True)
class ScanFile:
    """One file as handed in: its name (for messages), its bytes and what they really are."""

    name: str
    data: bytes
    kind: Kind


@dataclass(frozen=True)
class ScanPdf:
    data: bytes
    pages: int


def _refuse(vi: str, en: str) -> InvalidInput:
    return InvalidInput(vi, en)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def sniff(data: bytes) -> Kind | None:
    """What the bytes are, from their signature (never from the name)."""
    if data.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return Kind.TIFF
    if data.startswith(b"%PDF-"):
        return Kind.PDF
    return None


def read_scan_file(path: Path | str, max_bytes: int = limits.SCAN_FILE_BYTES) -> ScanFile:
    """The file's bytes once it is known to be readable, not empty, not too big and what its name says."""
    path = Path(path)
    name = path.name or str(path)
    try:
        size = os.stat(path).st_size
        if path.is_dir():
            raise _refuse(f"«{name}» là một thư mục, không phải tệp ảnh hay PDF.", f"{name!r} is a folder.")
    except FileNotFoundError:
        raise _refuse(f"Không tìm thấy tệp «{name}».", f"File {name!r} not found.") from None
    except PermissionError:
        raise _refuse(f"Không có quyền đọc tệp «{name}».", f"No permission to read {name!r}.") from None
    except OSError as exc:
        raise _refuse(f"Không đọc được tệp «{name}» ({exc.strerror or exc}).", f"Cannot read {name!r}.") from None
    if size == 0:
        raise _refuse(f"Tệp «{name}» rỗng (0 byte): hãy quét lại.", f"{name!r} is empty (0 bytes).")
    if size > max_bytes:  # before reading it: a huge file must not fill the memory first
        raise _refuse(f"Tệp «{name}» quá lớn ({_megabytes(size)}); mỗi tệp tối đa {_megabytes(max_bytes)}. "
                      "Hãy quét lại ở 200 dpi, thang xám.",
                      f"{name!r} is too large ({size} bytes); at most {max_bytes} bytes per file.")
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise _refuse(f"Không có quyền đọc tệp «{name}».", f"No permission to read {name!r}.") from None
    except OSError as exc:
        raise _refuse(f"Không đọc được tệp «{name}» ({exc.strerror or exc}).", f"Cannot read {name!r}.") from None
    return scan_file(name, data, max_bytes)


def scan_file(name: str, data: bytes, max_bytes: int = limits.SCAN_FILE_BYTES) -> ScanFile:
    """Bytes that came from elsewhere (the scanner, a drop): the same checks as a file on disk."""
    if not data:
        raise _refuse(f"Tệp «{name}» rỗng (0 byte): hãy quét lại.", f"{name!r} is empty (0 bytes).")
    if len(data) > max_bytes:
        raise _refuse(f"Tệp «{name}» quá lớn ({_megabytes(len(data))}); mỗi tệp tối đa {_megabytes(max_bytes)}.",
                      f"{name!r} is too large.")
    kind = sniff(data)
    claimed = EXTENSIONS.get(Path(name).suffix.lower())
    if kind is None:
        raise _refuse(f"Tệp «{name}» không phải ảnh JPEG, PNG, TIFF hay tệp PDF.",
                      f"{name!r} is not a JPEG, PNG, TIFF or PDF file.")
    if claimed is not None and claimed != kind:
        raise _refuse(f"Tệp «{name}» mang tên {KIND_NAMES[claimed]} nhưng nội dung là {KIND_NAMES[kind]}: "
                      "tên tệp không đúng với nội dung, hãy kiểm tra lại tệp.",
                      f"{name!r} is named as {claimed} but its content is {kind}.")
    return ScanFile(name, data, kind)


# --- images --------------------------------------------------------------------------------------


def _open_image(file: ScanFile) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(file.data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(file.name, 1) from None
    except (OSError, ValueError, SyntaxError):
        raise _damaged(file.name) from None


def _damaged(name: str, page: int | None = None) -> InvalidInput:
    where = f" (trang {page})" if page else ""
    return _refuse(f"Ảnh «{name}»{where} bị hỏng hoặc không trọn vẹn (tệp bị cắt ngang?): hãy quét lại.",
                   f"Image {name!r}{where} is damaged or truncated.")


def _too_many_pixels(name: str, page: int) -> InvalidInput:
    return _refuse(f"Ảnh «{name}» (trang {page}) quá lớn để lưu (hơn {limits.SCAN_PAGE_PIXELS // 1_000_000} triệu "
                   "điểm ảnh); hãy quét ở 200 dpi.", f"Image {name!r} page {page} has too many pixels.")


def _dpi(image: Image.Image) -> float | None:
    raw = image.info.get("dpi")
    try:
        dpi = float(raw[0]) if raw else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return dpi if 50 <= dpi <= 2400 else None  # 1 or 72 "dpi" written by a phone app means nothing


def _fits_colour(mode: str, colour: Colour) -> bool:
    return colour == Colour.COLOUR or (colour == Colour.GREY and mode == "L")


def image_pages(file: ScanFile, colour: Colour) -> list[bytes]:
    """Each page of an image file as a one-page PDF (checked page by page, decoded to the end)."""
    image = _open_image(file)
    count = getattr(image, "n_frames", 1)
    if count > limits.SCAN_PAGES:
        raise _too_many_pages(file.name, count)
    pages = []
    for index in range(count):
        image.seek(index)
        width, height = image.size
        if width * height > limits.SCAN_PAGE_PIXELS:  # checked on the header, before decoding
            raise _too_many_pixels(file.name, index + 1)
        try:
            image.load()
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            raise _damaged(file.name, index + 1 if count > 1 else None) from None
        dpi = _dpi(image) or _a4_dpi(image.size)
        keep = (file.kind == Kind.JPEG and _fits_colour(image.mode, colour) and dpi <= 2 * TARGET_DPI
                and len(file.data) <= PASS_THROUGH_BYTES_PER_PAGE)
        pages.append(_pdf_of_jpeg(file.data, dpi) if keep else _encoded_page(image, colour, dpi))
    return pages


def _a4_dpi(size: tuple[int, int]) -> float:
    """The resolution of an image that says none, taken as an A4 page (a phone photo, some scanners)."""
    return max(min(size) / A4_INCHES[0], max(size) / A4_INCHES[1])


def _pdf_of_jpeg(data: bytes, dpi: float) -> bytes:
    """The JPEG itself as a page (img2pdf copies the stream, no re-encoding)."""
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    return bytes(img2pdf.convert(data, layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal))


def _encoded_page(image: Image.Image, colour: Colour, dpi: float) -> bytes:
    """The page at the chosen colour and at most 200 dpi: JPEG (grey, colour) or CCITT G4 (bitonal)."""
    page = ImageOps.exif_transpose(image.copy()) or image.copy()
    scale = min(1.0, TARGET_DPI / dpi)
    dpi_out = dpi * scale
    if scale < 1.0:
        page = page.resize((max(1, round(page.width * scale)), max(1, round(page.height * scale))),
                           Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if colour == Colour.BITONAL:
        grey = page.convert("L")
        grey.point(_THRESHOLD).convert("1", dither=Image.Dither.NONE).save(
            out, format="TIFF", compression="group4", dpi=(dpi_out, dpi_out))
    else:
        mode = "L" if colour == Colour.GREY or page.mode in ("1", "L", "LA", "I;16") else "RGB"
        page = page.convert(mode)
        if mode == "L":  # the paper's grain is most of a grey page's bytes: near-white becomes white
            page = page.point(_WHITEN)
        page.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(dpi_out, dpi_out))
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi_out, dpi_out))
    return bytes(img2pdf.convert(out.getvalue(), layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal))


def _too_many_pages(name: str, count: int) -> InvalidInput:
    return _refuse(f"«{name}» có {count} trang; một giấy tờ tối đa {limits.SCAN_PAGES} trang.",
                   f"{name!r} has {count} pages; at most {limits.SCAN_PAGES} per document.")


# --- PDFs ----------------------------------------------------------------------------------------

_ACTIVE = ("/JS", "/JavaScript")
_ACTIONS = ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData")
_FILES = ("/EmbeddedFile", "/Filespec")  # a file carried inside the PDF: not a scan


def open_pdf(file: ScanFile) -> pikepdf.Pdf:
    """A PDF that may be kept: readable, not encrypted, no scripts or launch actions, with pages."""
    try:
        pdf = pikepdf.open(io.BytesIO(file.data))
    except pikepdf.PasswordError:
        raise _refuse(f"Tệp PDF «{file.name}» có mật khẩu (đã mã hóa): hãy lưu lại bản không mật khẩu hoặc quét "
                      "lại giấy tờ.", f"PDF {file.name!r} is encrypted.") from None
    except (pikepdf.PdfError, OSError, ValueError):
        raise _refuse(f"Tệp PDF «{file.name}» bị hỏng, không đọc được.", f"PDF {file.name!r} is damaged.") from None
    if pdf.is_encrypted:
        raise _refuse(f"Tệp PDF «{file.name}» đã mã hóa: hãy lưu lại bản không mã hóa hoặc quét lại giấy tờ.",
                      f"PDF {file.name!r} is encrypted.")
    if _has_active_content(pdf):
        raise _refuse(f"Tệp PDF «{file.name}» có mã lệnh (JavaScript, lệnh tự chạy) hoặc tệp nhúng bên trong, không "
                      "được lưu vào hồ sơ: hãy quét lại giấy tờ.",
                      f"PDF {file.name!r} carries scripts, actions or embedded files.")
    if not len(pdf.pages):
        raise _refuse(f"Tệp PDF «{file.name}» không có trang nào.", f"PDF {file.name!r} has no pages.")
    if len(pdf.pages) > limits.SCAN_PAGES:
        raise _too_many_pages(file.name, len(pdf.pages))
    return pdf


def _has_active_content(pdf: pikepdf.Pdf) -> bool:
    """Any object with a script, a JavaScript / launch / submit action, or an embedded file, anywhere."""
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and ("/JavaScript" in names or "/EmbeddedFiles" in names):
        return True
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            if any(key in obj for key in _ACTIVE):
                return True
            if str(obj.get("/S", "")) in _ACTIONS or str(obj.get("/Type", "")) in _FILES:
                return True
    return False


# --- the document --------------------------------------------------------------------------------


def make_pdf(files: list[ScanFile], colour: Colour, *, dossier_code: str, document: str) -> ScanPdf:
    """The pages of `files`, in order, as one PDF with the dossier's and the document's names."""
    if not files:
        raise _refuse("Chưa chọn tệp nào để đính kèm.", "No file to attach.")
    out = pikepdf.new()
    keep_open: list[pikepdf.Pdf] = []  # pages are copied from these when the output is saved
    for file in files:
        sources = [open_pdf(file)] if file.kind == Kind.PDF else [
            pikepdf.open(io.BytesIO(page)) for page in image_pages(file, colour)]
        for source in sources:
            out.pages.extend(source.pages)
            keep_open.append(source)
        if len(out.pages) > limits.SCAN_PAGES:
            raise _refuse(f"Giấy tờ «{document}» quá {limits.SCAN_PAGES} trang.", "Too many pages.")
    pages = len(out.pages)
    _describe(out, dossier_code, document, pages)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in keep_open:
        source.close()
    return ScanPdf(buffer.getvalue(), pages)


def _describe(pdf: pikepdf.Pdf, dossier_code: str, document: str, pages: int) -> None:
    """Who the scan belongs to, inside the file itself (Info, XMP) and numbered pages (page labels)."""
    title = f"{dossier_code} – {document}"
    pdf.docinfo["/Title"] = title
    pdf.docinfo["/Subject"] = document
    pdf.docinfo["/Keywords"] = f"mã hồ sơ: {dossier_code}; giấy tờ: {document}; số trang: {pages}"
    pdf.docinfo["/Creator"] = "MotCua Desk"
    pdf.docinfo["/MotCuaDossier"] = dossier_code
    pdf.docinfo["/MotCuaDocument"] = document
    pdf.docinfo["/MotCuaPages"] = str(pages)
    for key in ("/Producer", "/CreationDate", "/ModDate"):
        if key in pdf.docinfo:
            del pdf.docinfo[key]
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:description"] = document
        meta["dc:identifier"] = dossier_code
        meta["pdf:Keywords"] = str(pdf.docinfo["/Keywords"])
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.D, St=1)]))


def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)
