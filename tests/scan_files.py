"""Scanned-paper files made on the spot with Pillow and img2pdf (issue 12): good pages like a desk scanner
gives (typed text on slightly grainy paper, 200 dpi), and the broken ones the desk must refuse."""

from __future__ import annotations

import io
import random
from functools import cache
from pathlib import Path

import img2pdf
import pikepdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "LiberationSerif-Regular.ttf"
TEXT = ("Cộng hòa xã hội chủ nghĩa Việt Nam độc lập tự do hạnh phúc tờ khai đăng ký khai sinh họ chữ đệm và "
              "tên người yêu cầu nơi cư trú giấy tờ tùy thân số định danh cá nhân quan hệ với người được khai "
              "sinh đề nghị cơ quan đăng ký ngày tháng năm")
WORDS = tuple(TEXT.split(" "))


@cache
def _page_image(seed: int, dpi: int) -> Image.Image:
    rnd = random.Random(seed)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    image = Image.new("L", (width, height), 238)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), round(12 * dpi / 72))
    line = round(18 * dpi / 72)
    for y in range(round(dpi * 0.9), height - round(dpi * 0.9), line):
        words, text = rnd.randint(8, 13), ""
        text = " ".join(rnd.choice(WORDS) for _ in range(words))
        draw.text((round(dpi * 0.8), y), text, fill=rnd.randint(15, 50), font=font)
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    grain = Image.effect_noise((width, height), 6).point(lambda v: v - 128 + 0)
    return Image.blend(image, grain.convert("L"), 0.04)


def page(seed: int = 0, *, fmt: str = "PNG", dpi: int = 200, mode: str = "L", quality: int = 85) -> bytes:
    """One A4 page of typed text as the scanner's software saves it."""
    image = _page_image(seed, dpi).convert(mode)
    out = io.BytesIO()
    extra = {"quality": quality} if fmt == "JPEG" else {}
    image.save(out, format=fmt, dpi=(dpi, dpi), **extra)
    return out.getvalue()


def tiff(pages: int, *, dpi: int = 200) -> bytes:
    frames = [_page_image(n, dpi) for n in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi),
                   compression="tiff_lzw")
    return out.getvalue()


def pdf(pages: int = 1) -> bytes:
    """A PDF as a scanner saves one: a JPEG per page (img2pdf)."""
    return bytes(img2pdf.convert([page(n, fmt="JPEG") for n in range(pages)]))


def pdf_with_javascript() -> bytes:
    with pikepdf.open(io.BytesIO(pdf())) as doc:
        action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
        doc.Root.OpenAction = doc.make_indirect(action)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def pdf_with_attachment() -> bytes:
    with pikepdf.open(io.BytesIO(pdf())) as doc:
        doc.attachments["huong-dan.exe"] = pikepdf.AttachedFileSpec(doc, b"MZ not a scan")
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()


def encrypted_pdf() -> bytes:
    with pikepdf.open(io.BytesIO(pdf())) as doc:
        out = io.BytesIO()
        doc.save(out, encryption=pikepdf.Encryption(owner="chu", user="mat-khau"))
        return out.getvalue()


def truncated_jpeg() -> bytes:
    data = page(fmt="JPEG")
    return data[: len(data) // 2]


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def big_sparse_file(path: Path, size: int) -> Path:
    """A file of `size` bytes that starts like a TIFF, without writing them all (sparse)."""
    with open(path, "wb") as handle:
        handle.write(b"II*\x00")
        handle.truncate(size)
    return path
