"""Save a screenshot of every screen of the clerk's window into docs/screenshots/ (for docs/clerk-guide.md).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--out docs/screenshots]

A temporary desk (clock fixed at Tuesday 10/03/2026 09:30) gets the demo accounts and 60 sample dossiers;
each screen is then driven as a clerk would (typing, a simulated QR scan, Ctrl+Enter) and grabbed once its
workers (receipt, preview pages, sync round) are done. PNGs are cut to 256 colours to stay small in git.
Regenerate after changing a screen, then look at each picture.
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QEvent, QLocale, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QFont, QImage, QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desk_app.core import actions, replica  # noqa: E402
from desk_app.core.actions import Need  # noqa: E402
from desk_app.core.dossiers import ReceiveRequest  # noqa: E402
from desk_app.demo import DEMO_PASSWORD, STORY, create_demo_accounts, seed_demo  # noqa: E402
from desk_app.domain.model import Applicant, EventKind, ReceivedDocument, Sex  # noqa: E402
from desk_app.services import Desk  # noqa: E402
from desk_app.ui import i18n, style  # noqa: E402
from desk_app.ui.context import DeskContext, open_training  # noqa: E402
from desk_app.ui.login import LoginDialog  # noqa: E402
from desk_app.ui.main_window import MainWindow  # noqa: E402

NOW = datetime(2026, 3, 10, 9, 30)
WINDOW, DIALOG = (1366, 768), (1100, 720)  # the common commune PC's screen
NAMES = ("01-login", "02-intake-empty", "03-intake-filled", "04-intake-errors", "05-receipt-preview", "06-list",
         "07-list-overdue", "08-detail", "09-step-refuse", "10-report", "11-settings", "12-training",
         "13-statusbar-offline", "14-shortcuts", "15-font-150", "16-handbook-f1", "17-hoi-dap",
         "18-intake-consent", "19-intake-fee", "20-detail-fee", "scans-attach", "scans-detail", "scans-settings",
         "scans-report")
# A mother registering her baby's birth; her ID card's QR as a keyboard-wedge scanner types it.
PAYLOAD = "001190123456|013579246|Trần Thị Mai|15081990|Nữ|Thôn Đoài, Xã Minh Châu, Thành phố Hà Nội|12052021"
CHILD = {"child_full_name": "Nguyễn Minh Khôi", "child_date_of_birth": "02/03/2026",
         "place_of_birth": "Bệnh viện Đa khoa huyện Ba Vì, Thành phố Hà Nội"}
K = EventKind


# --- driving Qt -------------------------------------------------------------------------------------


def type_text(widget: QWidget, text: str) -> None:
    """Key events carrying the text (key 0), as Unikey and wedge scanners deliver it."""
    widget.setFocus()
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    QApplication.processEvents()


def press_enter(widget: QWidget) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
    QApplication.processEvents()


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
    """Events, with short sleeps between that let the workers run (QTest.qWait holds the GIL: they crawl)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(ms: int = 250) -> None:
    """Layouts, queued signals and the sync bar's delayed start (200 ms)."""
    end = time.monotonic() + ms / 1000
    wait_until(lambda: time.monotonic() >= end, "nothing")


def save_png(image: QImage, path: Path) -> None:
    """256 colours without dithering: crisp text at a fraction of the size (Pillow comes with reportlab)."""
    from PIL import Image

    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
    picture.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)


class Shots:
    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)

    def grab(self, name: str, widget: QWidget) -> None:
        assert name in NAMES, name
        settle(150)
        save_png(widget.grab().toImage(), self.out / f"{name}.png")


def show(widget: QWidget, size: tuple[int, int]) -> QWidget:
    widget.resize(*size)
    widget.show()
    widget.activateWindow()
    settle()
    return widget


@contextmanager
def app_state(app: QApplication) -> Iterator[None]:
    """Vietnamese translators and a steady caret; all put back afterwards (the test shares the app)."""
    font, flash, locale = QFont(app.font()), app.cursorFlashTime(), QLocale()
    lang, no_preview = app.property("motcua_lang"), os.environ.pop("MOTCUA_NO_PREVIEW", None)
    style_name = app.style().name()
    i18n.install(app, "vi")
    style.install(app)  # the focus ring on lists, as the app's own start sets it
    app.setCursorFlashTime(0)  # the caret always drawn: the same picture on every run
    try:
        yield
    finally:
        i18n.uninstall(app)
        app.setStyle(style_name)
        app.setFont(font)
        app.setCursorFlashTime(flash)
        QLocale.setDefault(locale)
        app.setProperty("motcua_lang", lang)
        if no_preview is not None:
            os.environ["MOTCUA_NO_PREVIEW"] = no_preview


# --- sample data ----------------------------------------------------------------------------------------


class Clock:
    """The desk's wall clock: moved back while the story's history is recorded, then left at NOW."""

    moment = NOW

    def __call__(self) -> datetime:
        return self.moment


def story(desk: Desk, clock: Clock) -> str:
    """The dossier with a longer history (STORY); returns its id."""
    clock.moment = datetime(2026, 3, 2, 8, 40)
    applicant = Applicant("Lê Thị Hồng Nhung", "001185004321", date(1985, 6, 12), Sex.FEMALE, "0983456712", "",
                          "Xóm Chùa, Xã Minh Châu, Thành phố Hà Nội")
    request = ReceiveRequest(procedure_code="1.004873", applicant=applicant,
                             documents=[ReceivedDocument("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, 0)])
    dossier_id = desk.dossiers.receive(request, "canbo1").dossier.dossier_id
    for moment, kind, given in STORY:
        clock.moment = moment
        desk.dossiers.apply(dossier_id, kind, actions.payload(kind, given), "canbo1")
    clock.moment = NOW
    return dossier_id


# --- the screens ------------------------------------------------------------------------------------


def login(shots: Shots, desk: Desk) -> None:
    dialog = show(LoginDialog(desk), (460, 220))
    type_text(dialog.username, "canbo1")
    type_text(dialog.password, "mat-khau")
    shots.grab("01-login", dialog)
    dialog.close()


def fill_intake(window: MainWindow) -> None:
    """Pick by typing without accents, fill the procedure's fields, tick papers, then scan the mother's card."""
    page = window.intake
    type_text(page.picker.search, "dang ky khai sinh")
    press_enter(page.picker.search)
    for key, value in CHILD.items():
        type_text(page.fields.inputs[key], value)
    sex = page.fields.inputs["child_sex"]
    sex.setCurrentIndex(sex.findText("Nam"))
    for row in page.checklist.rows[:3]:
        row.box.setChecked(True)
    phone = page.applicant.inputs["phone"]
    type_text(phone, "0912345678")
    type_text(phone, PAYLOAD)  # scanned with the caret in the phone field: the phone typed stays
    press_enter(phone)


def intake(shots: Shots, window: MainWindow) -> str:
    """02-05; returns the id of the dossier saved."""
    page, scroll = window.intake, window.intake.scroll_area
    shots.grab("02-intake-empty", window)
    fill_intake(window)
    scroll.ensureWidgetVisible(page.checklist.rows[0].box)
    shots.grab("03-intake-filled", window)
    good = page.read_form()
    page.applicant.inputs["personal_id"].setText("00119012345")  # a digit short
    page.applicant.inputs["date_of_birth"].setText("31/02/1990")
    page.fields.inputs["child_full_name"].clear()
    page.checklist.rows[1].box.setChecked(False)
    page.save_and_print()
    scroll.verticalScrollBar().setValue(0)
    shots.grab("04-intake-errors", window)
    page.load_form(good)
    page.checklist.notify.setCurrentIndex(1)  # the applicant wants an SMS at each step (issue 15)
    page.checklist.notify.activated.emit(1)
    scroll.ensureWidgetVisible(page.checklist.notify_phone)
    shots.grab("18-intake-consent", window)
    saved: list[str] = []
    page.saved.connect(saved.append)
    page.save_and_print()
    wait_until(lambda: page.preview is not None and not page.preview.rendering and page.preview.page_labels,
               "the receipt preview")
    page.preview.resize(900, 780)
    shots.grab("05-receipt-preview", page.preview)
    page.preview.close()
    return saved[0]


def dossiers(shots: Shots, window: MainWindow, story_id: str, new_id: str) -> None:
    """06-09: the list, the overdue view, a dossier's detail and the refusal step."""
    window.show_dossiers()
    shots.grab("06-list", window)
    window.dossiers.set_view("overdue")
    shots.grab("07-list-overdue", window)
    window.dossiers.set_view("all")
    dialog = show(window.open_dossier(story_id), DIALOG)
    shots.grab("08-detail", dialog)
    dialog.close()
    dialog = show(window.open_dossier(new_id), DIALOG)
    step = dialog.start_step(K.REFUSED)
    type_text(step.fields[Need.REASON], "Giấy chứng sinh là bản chụp, không có bản chính để đối chiếu.")
    shots.grab("09-step-refuse", step)
    step.reject()
    dialog.close()


def report(shots: Shots, desk: Desk, name: str = "10-report") -> None:
    boss = show(MainWindow(DeskContext(desk, desk.accounts.authenticate("giamsat", DEMO_PASSWORD))), WINDOW)
    boss.show_report()
    boss.report.show_period("month", date(2026, 2, 1))  # a whole month of the samples
    shots.grab(name, boss)
    boss.close()


def settings_and_shortcuts(shots: Shots, window: MainWindow) -> None:
    dialog = window.open_settings()
    shots.grab("11-settings", dialog)
    dialog.reject()
    box = window.show_shortcuts()
    shots.grab("14-shortcuts", box)
    box.close()


def handbook(shots: Shots, window: MainWindow) -> None:
    """16-17: F1 while ticking the papers of a birth registration; Hỏi đáp answering a question typed
    without marks."""
    window.new_dossier()
    page = window.intake
    type_text(page.picker.search, "dang ky khai sinh")
    press_enter(page.picker.search)
    page.checklist.rows[0].box.setFocus()
    window.help_here()
    settle()
    shots.grab("16-handbook-f1", window)
    window.handbook.close_panel()
    page.discard_draft()  # the form back to empty, without the discard question
    dialog = window.open_ask()
    dialog.resize(900, 640)
    type_text(dialog.question, "chung thuc so do mat bao nhieu tien")
    shots.grab("17-hoi-dap", dialog)
    dialog.reject()


def training(shots: Shots, desk: Desk, user) -> None:
    twin = open_training(desk)
    try:
        seed_demo(twin, 6, actor=user.username, seed=7)
        window = show(MainWindow(DeskContext(twin, user)), WINDOW)
        window.show_dossiers()
        shots.grab("12-training", window)
        window.close()
    finally:
        twin.close()


def big_font(shots: Shots, app: QApplication, desk: Desk, user) -> None:
    before = QFont(app.font())
    font = QFont(before)
    font.setPointSizeF(before.pointSizeF() * 1.5)
    app.setFont(font)
    try:
        window = show(MainWindow(DeskContext(desk, user)), WINDOW)
        fill_intake(window)
        shots.grab("15-font-150", window)
        window.close()
    finally:
        app.setFont(before)


def offline(shots: Shots, window: MainWindow) -> None:
    """Enrolled, but the city server does not answer: a port bound and never listened on refuses at once."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        with window.ctx.desk.store.write() as session:
            replica.save_state(session, server_url=url, token="demo-token", device_id="demo-desk", unit_code="09661",
                               last_success="2026-03-10T08:12:00")
        bar = window.sync_bar
        bar.sync_now()
        wait_until(lambda: bar.state.last_error and not bar.syncing, "the failed sync round")
        shots.grab("13-statusbar-offline", window.statusBar())


def fee(shots: Shots, window: MainWindow, clock: Clock) -> None:
    """19: certifying copies after the fee rules took effect (1/12/2026): pages of each original, copies,
    and the amount with its breakdown, as the clerk types them."""
    clock.moment = datetime(2026, 12, 8, 9, 30)
    window.tabs.setCurrentWidget(window.intake)
    page = window.intake
    page.clear_form()
    type_text(page.picker.search, "chung thuc ban sao tu ban chinh")
    press_enter(page.picker.search)
    type_text(page.applicant.inputs["full_name"], "Trần Thị Mai")
    type_text(page.fields.inputs["document_name"], "Bằng tốt nghiệp THPT, Giấy khai sinh, Sổ đỏ")
    for row in page.checklist.rows:
        row.box.setChecked(True)
    part = page.checklist.fee_part
    type_text(part.pages, "1 2 250")
    part.copies.setValue(2)
    settle()
    page.scroll_area.ensureWidgetVisible(part.breakdown)
    shots.grab("19-intake-fee", window)
    clock.moment = NOW


def fee_part(shots: Shots, window: MainWindow) -> None:
    """20: a will's certification paid by transfer: the fee part (Alt+F) over the dossier screen."""
    desk = window.ctx.desk
    applicant = Applicant("Bùi Văn Khánh", "001078006543", date(1978, 9, 3), Sex.MALE, "0904123987", "",
                          "Thôn Đông, Xã Minh Châu, Thành phố Hà Nội")
    request = ReceiveRequest(procedure_code="2.001019", applicant=applicant,
                             documents=[ReceivedDocument("Di chúc", 1, 0)])
    code = desk.dossiers.receive(request, "canbo1").dossier.code
    desk.pay(code, "transfer", "canbo1", reference="FT26069123456")
    dialog = show(window.open_dossier(desk.dossiers.get_by_code(code).dossier_id), DIALOG)
    fees = dialog.open_payment()
    settle()
    shots.grab("20-detail-fee", fees)
    fees.reject()
    dialog.close()


def scans(shots: Shots, window: MainWindow, desk: Desk, dossier_id: str, folder: Path) -> None:
    """scans-*: a scanned paper attached to the new dossier (two pages dropped, one saved by the scanner's
    software into the watched folder), the dossier with its thumbnail, the settings' scan box, and the
    report's digitisation rate once part of February is scanned (issue 12)."""
    from desk_app.core.scan_pdf import scan_file
    from tests import scan_files

    scan_folder = folder / "may-quet"
    scan_folder.mkdir()
    desk.configure(scan_folder=str(scan_folder))
    dialog = show(window.open_dossier(dossier_id), DIALOG)
    attach = dialog.attach_scan()
    attach.resize(760, 520)
    for n in (1, 2):
        attach.add_path(scan_files.write(folder, f"giay-chung-sinh-trang-{n}.jpg", scan_files.page(n, fmt="JPEG")))
    scan_files.write(scan_folder, "scan0003.png", scan_files.page(3))
    wait_until(lambda: attach.pages.count() == 3, "the scan folder's new page")
    shots.grab("scans-attach", attach)
    attach.attach()
    wait_until(lambda: dialog.scan_list.count() == 1 and not dialog.scan_list.item(0).icon().isNull(),
               "the thumbnail")
    shots.grab("scans-detail", dialog)
    dialog.close()
    settings = window.open_settings()
    shots.grab("scans-settings", settings)
    settings.reject()
    page = scan_files.page(4)
    for n, dossier in enumerate(desk.dossiers.in_period(date(2026, 2, 1), date(2026, 2, 28))):
        if n % 3 or dossier.status in ("refused", "stopped"):
            continue
        for name in desk.scans.required_documents(dossier):
            desk.scans.attach(dossier.dossier_id, name, [scan_file(f"{n}.png", page)], dossier.received_by)
    report(shots, desk, "scans-report")


def run(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    shots, clock = Shots(out), Clock()
    with app_state(app), tempfile.TemporaryDirectory() as folder:
        # The windows remember where they were left (QSettings): here, not in the user's own settings.
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(folder) / "qsettings"))
        desk = Desk.open(Path(folder) / "desk.sqlite3", now=clock)
        try:
            create_demo_accounts(desk)
            seed_demo(desk, 60, actor="canbo1,canbo2")  # each step back-dated to a plausible moment
            story_id = story(desk, clock)
            login(shots, desk)
            user = desk.accounts.authenticate("canbo1", DEMO_PASSWORD)
            window = show(MainWindow(DeskContext(desk, user)), WINDOW)
            new_id = intake(shots, window)
            dossiers(shots, window, story_id, new_id)
            settings_and_shortcuts(shots, window)
            handbook(shots, window)
            report(shots, desk)
            training(shots, desk, user)
            big_font(shots, app, desk, user)
            scans(shots, window, desk, new_id, Path(folder))
            fee_part(shots, window)
            offline(shots, window)  # the desk now counts as enrolled
            fee(shots, window, clock)  # last: the clock moves to December for the fee rules
            window.close()
        finally:
            desk.close()
    return [out / f"{name}.png" for name in NAMES]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    for path in run(args.out):
        print(f"{path} {path.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
