"""`motcua-desk --self-test`: does this installation work? One line per check, OK or LỖI, exit 0 if all pass.

Run by the installer, the admin and CI against the frozen bundle, so it exercises what a bundle can lose:
the migrations and seed data (data files), SQLite's FTS5, the translations, the print fonts, reportlab,
pypdfium2 and the Qt platform plugin. The receipt is printed from a throwaway database in a temp folder:
the self-test never adds a dossier (or a print in the audit log) to the clerk's real file.

A windowed Windows exe has no console, so every line also goes to `selftest.log` beside the database.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from contextlib import closing
from datetime import date, datetime
from pathlib import Path
from typing import Any

LOG_NAME = "selftest.log"
SAMPLE_TIME = datetime(2026, 3, 10, 9, 30)  # a working Tuesday morning: the due date never depends on today
SAMPLE_PROCEDURE = "1.004873"  # marital status certificate: a short form every catalogue version has


def run_self_test(db_path: str | Path) -> int:
    db_path = Path(db_path)
    _default_platform()
    report = _Report(db_path.parent / LOG_NAME)
    state: dict[str, Any] = {}
    for label, check in _checks(db_path, state):
        report.run(label, check)
    return report.finish()


def _checks(db_path: Path, state: dict[str, Any]) -> list[tuple[str, Callable[[], str]]]:
    # The QApplication comes last: a missing platform plugin aborts the process inside Qt, and by then
    # every other line is already in the log.
    return [
        ("Cơ sở dữ liệu", lambda: _check_database(db_path)),
        ("Tìm kiếm toàn văn (FTS5)", lambda: _check_fts5(db_path)),
        ("Bản dịch tiếng Việt của Qt", _check_translations),
        ("In thử giấy tiếp nhận", lambda: _check_receipt(state)),
        ("Vẽ trang PDF (pdfium + Qt)", lambda: _check_pdf_paint(state)),
        ("Khởi động Qt (QApplication)", _check_application),
        ("Phông chữ của cửa sổ", _check_ui_font),
    ]


class _Report:
    """Prints each result as it comes and appends it to the log, so a crash still leaves the lines before."""

    def __init__(self, log_path: Path) -> None:
        self.failures = 0
        self.log = _open_log(log_path)
        self._emit(f"MotCua Desk tự kiểm tra, {datetime.now():%d/%m/%Y %H:%M:%S}, chương trình {sys.executable}")

    def run(self, label: str, check: Callable[[], str]) -> None:
        try:
            detail, ok = check(), True
        except Exception as exc:  # every failure becomes a LỖI line, never a traceback
            detail, ok = f"{type(exc).__name__}: {exc}", False
        self.failures += not ok
        self._emit(f"{'OK' if ok else 'LỖI':<4} {label}: {detail}")

    def finish(self) -> int:
        self._emit("Kết quả: tất cả đều OK." if not self.failures else f"Kết quả: {self.failures} mục LỖI.")
        if self.log:
            self.log.close()
        return 0 if not self.failures else 1

    def _emit(self, line: str) -> None:
        print(line, flush=True)  # a no-op in a windowed exe, where sys.stdout is None
        if self.log:
            self.log.write(line + "\n")
            self.log.flush()


def _open_log(path: Path):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("w", encoding="utf-8-sig")  # the BOM lets Notepad and PowerShell 5 read Vietnamese
    except OSError:
        return None


def _default_platform() -> None:
    """No display (CI, a server shell): render offscreen instead of failing to find one."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _check_database(db_path: Path) -> str:
    from desk_app.services import Desk
    from desk_app.store import migrations

    with Desk.open(db_path) as desk:
        unit = desk.unit(desk.settings.unit_code)
    with closing(sqlite3.connect(db_path)) as conn:
        version = migrations.current_version(conn)
    return f"{db_path} (lược đồ phiên bản {version}, {unit.name} {unit.code})"


def _check_fts5(db_path: Path) -> str:
    with closing(sqlite3.connect(":memory:")) as conn:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    with closing(sqlite3.connect(db_path)) as conn:
        indexed = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'dossier_fts'").fetchone()
    where = "có chỉ mục tên" if indexed else "tệp dữ liệu chưa có chỉ mục tên (tìm chậm hơn)"
    return f"SQLite {sqlite3.sqlite_version}, {where}"


def _check_translations() -> str:
    from PySide6.QtCore import QTranslator

    from desk_app.ui.i18n import translations_dir

    translator = QTranslator()
    if not translator.load("qtbase_vi", str(translations_dir())):
        raise FileNotFoundError(f"không nạp được qtbase_vi.qm trong {translations_dir()}")
    cancel = translator.translate("QPlatformTheme", "Cancel")
    if not cancel or cancel == "Cancel":
        raise ValueError("qtbase_vi.qm không dịch nút Cancel")
    files = sorted(p.name for p in translations_dir().glob("*.qm"))
    return f"{', '.join(files)} (Cancel → {cancel})"


def _check_receipt(state: dict[str, Any]) -> str:
    with tempfile.TemporaryDirectory(prefix="motcua-selftest-", ignore_cleanup_errors=True) as folder:
        pdf = _print_sample_receipt(Path(folder) / "selftest.sqlite3")
    if not pdf.startswith(b"%PDF"):
        raise ValueError("kết quả không phải tệp PDF")
    state["pdf"] = pdf
    return f"PDF {len(pdf) // 1024} KB, từ cơ sở dữ liệu tạm (không ghi gì vào dữ liệu thật)"


def _print_sample_receipt(path: Path) -> bytes:
    from desk_app.core.dossiers import ReceiveRequest
    from desk_app.domain.model import Applicant, ReceivedDocument, Sex
    from desk_app.services import Desk

    applicant = Applicant(full_name="Nguyễn Thị Thử", personal_id="001190123456", date_of_birth=date(1990, 5, 17),
                          sex=Sex.FEMALE, phone="0912345678", email="", address="Thôn Đoài, xã Minh Châu, Hà Nội")
    request = ReceiveRequest(SAMPLE_PROCEDURE, applicant,
                             [ReceivedDocument("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, 0)])
    with Desk.open(path, now=lambda: SAMPLE_TIME) as desk:
        desk.configure(actor="selftest", training=True)  # marked BẢN THỰC HÀNH should anyone print it
        dossier = desk.dossiers.receive(request, actor="selftest").dossier
        return desk.print_form("receipt", dossier.dossier_id, actor="selftest")


def _check_pdf_paint(state: dict[str, Any]) -> str:
    if "pdf" not in state:
        raise RuntimeError("không có PDF (bước in thử đã lỗi)")
    image = first_page_image(state["pdf"])
    if image.isNull() or _is_blank(image):
        raise ValueError("trang vẽ ra trống")
    return f"trang 1: {image.width()}×{image.height()} điểm ảnh"


def first_page_image(pdf: bytes, dpi: int = 72):
    """The PDF's first page as a QImage, through the same libraries the print preview uses."""
    import pypdfium2 as pdfium
    from PySide6.QtGui import QImage

    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72, rev_byteorder=True)  # RGB(A) byte order, as QImage wants
        fmt = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt)
        return image.copy()  # detach from pdfium's buffer before the document closes
    finally:
        document.close()


def _is_blank(image) -> bool:
    """True when no pixel is darker than near-white (the receipt's text and QR are black on white)."""
    from PySide6.QtGui import QImage

    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return min(bytes(gray.constBits())) > 200


def _check_application() -> str:
    import PySide6
    from PySide6.QtPrintSupport import QPrinterInfo
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    printers = len(QPrinterInfo.availablePrinterNames())
    return f"PySide6 {PySide6.__version__}, nền tảng {app.platformName()}, {printers} máy in"


def _check_ui_font() -> str:
    """The bundled font loads and has every Vietnamese letter (a bundle missing resources/fonts fails here)."""
    from PySide6.QtGui import QFont, QFontMetrics

    from desk_app.ui import style

    if not style.load_ui_font():
        raise RuntimeError(f"không nạp được {', '.join(style.UI_FONT_FILES)} từ resources/fonts")
    metrics = QFontMetrics(QFont(style.UI_FAMILY))
    missing = [ch for ch in "ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữỳýỵỷỹĐ" if not metrics.inFontUcs4(ord(ch))]
    if missing:
        raise RuntimeError(f"phông {style.UI_FAMILY} thiếu chữ {''.join(missing)}")
    return f"{style.UI_FAMILY}, đủ chữ tiếng Việt"
