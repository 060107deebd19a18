"""Printing to a real CUPS queue (a private cupsd on 127.0.0.1 with a cups-pdf queue): a paused queue and a printer
removed after it was chosen are said as such, never «Đã gửi … tới máy in» alone; the queue gets the PDF itself.

The window's part runs in a child process pointed at the private server (CUPS_SERVER), so the test process's
own printer list is left alone. Skipped with the reason where CUPS or cups-pdf is not installed (scripts/test.sh
installs them when run as root)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CUPSD, BACKEND = Path("/usr/sbin/cupsd"), Path("/usr/lib/cups/backend/cups-pdf")
# lpadmin, cupsenable and cupsdisable live in the sbin folders, which a plain PATH (env -i, CI) lacks.
ADMIN_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/local/sbin", "/usr/sbin", "/sbin"])
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
QUEUE = "QuayMotCua"

CHILD = """
import os, subprocess, sys
from PySide6.QtWidgets import QApplication
from desk_app.printing import FormKind
from desk_app.services import Desk
from desk_app.ui.printing.preview import PrintPreviewDialog
from tests.conftest import request

app = QApplication([])
with Desk.open(sys.argv[1]) as desk:
    dossier = desk.dossiers.receive(request(), "canbo1").dossier
    pdf = desk.print_form(FormKind.RECEIPT, dossier.dossier_id, "canbo1")
queue = sys.argv[2]
dialog = PrintPreviewDialog(pdf, "Giấy tiếp nhận", printer_name=queue)
printer = dialog.make_printer()
print(printer.printerName())
subprocess.run(["cupsdisable", queue], check=True)  # the queue paused (no paper, someone pressed pause)
print(dialog.print_to(printer), dialog.status.text())
subprocess.run(["cupsenable", queue], check=True)
printer = dialog.make_printer()
subprocess.run(["lpadmin", "-x", queue], check=True)  # the printer removed after it was chosen
print(dialog.print_to(printer), dialog.status.text())
"""


MEASURE = """
import subprocess, sys
from PySide6.QtWidgets import QApplication
from desk_app.printing import FormKind
from desk_app.services import Desk
from desk_app.ui.printing.preview import PrintPreviewDialog
from desk_app.ui.printing.raster import print_pdf
from tests.conftest import request

app = QApplication([])
with Desk.open(sys.argv[1]) as desk:
    dossier = desk.dossiers.receive(request(), "canbo1").dossier
    pdf = desk.print_form(FormKind.RECEIPT, dossier.dossier_id, "canbo1")
queue = sys.argv[2]
subprocess.run(["cupsdisable", queue], check=True)  # jobs wait in the spool, to be weighed
dialog = PrintPreviewDialog(pdf, "Giấy tiếp nhận", printer_name=queue)
print(dialog.print_to(dialog.make_printer()))  # the PDF itself
print(print_pdf(pdf, dialog.make_printer()))  # the painted 300-dpi pages, as before
print(len(pdf))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def cups_server(tmp_path):
    """A private cupsd on a loopback port with one cups-pdf queue; yields the CUPS_SERVER value."""
    missing = [str(p) for p in (CUPSD, BACKEND, PPD) if not p.exists()]
    if missing or not shutil.which("lpadmin", path=ADMIN_PATH):
        pytest.skip(f"CUPS with cups-pdf is not installed (missing {', '.join(missing) or 'lpadmin'})")
    root, port = tmp_path / "cups", free_port()
    for folder in ("spool", "cache", "state", "log"):
        (root / folder).mkdir(parents=True)
    (root / "cupsd.conf").write_text(
        f"Listen 127.0.0.1:{port}\nLogLevel warn\nWebInterface No\nDefaultAuthType None\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n")
    user = "User lp\nGroup lp\n" if os.getuid() == 0 else ""  # cupsd refuses to run jobs as root
    (root / "cups-files.conf").write_text(
        f"ServerRoot {root}\nRequestRoot {root}/spool\nCacheDir {root}/cache\nStateDir {root}/state\n"
        f"ErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\nPageLog {root}/log/page_log\n{user}")
    os.chmod(tmp_path, 0o755)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    server = subprocess.Popen([str(CUPSD), "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    env = {**os.environ, "CUPS_SERVER": f"127.0.0.1:{port}", "PATH": ADMIN_PATH}
    try:
        deadline = time.monotonic() + 20
        while subprocess.run(["lpstat", "-r"], env=env, capture_output=True, text=True).stdout.strip() != \
                "scheduler is running":
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.skip(f"the private cupsd did not start: {server.stderr.read().decode()[-300:]}")
            time.sleep(0.1)
        subprocess.run(["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", str(PPD)], env=env, check=True,
                       capture_output=True)
        yield env["CUPS_SERVER"], root / "spool"
    finally:
        server.terminate()
        server.wait(10)


def child(script: str, server: str, desk_path: Path) -> list[str]:
    env = {**os.environ, "CUPS_SERVER": server, "QT_QPA_PLATFORM": "offscreen", "PATH": ADMIN_PATH}
    done = subprocess.run([sys.executable, "-c", script, str(desk_path), QUEUE], capture_output=True, text=True,
                          timeout=120, env=env, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()


def test_a_paused_queue_and_a_removed_printer_are_said(cups_server, desk_path):
    chosen, paused, removed = child(CHILD, cups_server[0], desk_path)[-3:]
    assert chosen == QUEUE  # the remembered printer, a real CUPS queue
    assert paused.startswith("2 Đã gửi 2 trang tới máy in «QuayMotCua», nhưng máy in đang tạm dừng")
    assert "in lại (Ctrl+P)" in paused
    assert removed.startswith("0 Máy in «QuayMotCua» không còn trong máy: chưa in được")


def test_cups_gets_the_pdf_itself_not_bitmaps(cups_server, desk_path):
    """The job CUPS spools is the receipt's own PDF, its text readable; the painted path sent megabytes."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    server, spool = cups_server
    vector_pages, raster_pages, pdf_size = (int(line) for line in child(MEASURE, server, desk_path)[-3:])
    assert vector_pages == raster_pages == 2
    vector, raster = sorted(spool.glob("d*-001"))  # in the order sent
    text = subprocess.run(["pdftotext", str(vector), "-"], capture_output=True, text=True).stdout
    assert "GIẤY TIẾP NHẬN HỒ SƠ" in text  # vector text, as printed
    assert vector.stat().st_size == pdf_size
    assert raster.stat().st_size > 20 * vector.stat().st_size
    print(f"receipt job: PDF {vector.stat().st_size // 1024} kB, painted {raster.stat().st_size // 1024} kB")
