"""The main window: who and where at the top, the three pages, menus with every shortcut, sync below.

The window owns no logic: each action calls a page or a service. Pages build cheaply and load their
data when first shown, so start-up stays fast.
"""

from __future__ import annotations

import gc
import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QScreen
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.ui import placement
from desk_app.ui.context import DeskContext
from desk_app.ui.dossiers.list_page import DossierListPage
from desk_app.ui.handbook.panel import HandbookPanel
from desk_app.ui.intake.page import IntakePage
from desk_app.ui.sync_status import SyncStatusBar

if TYPE_CHECKING:
    from desk_app.ui.dossiers.detail import DossierDetailDialog
    from desk_app.ui.handbook.ask_dialog import AskDialog
    from desk_app.ui.report.page import ReportPage

TRAINING_MARK = "BẢN THỰC HÀNH"


class MainWindow(QMainWindow):
    training_requested = Signal(bool)  # the app reopens the window on the practice (or real) database
    logout_requested = Signal()

    def __init__(self, ctx: DeskContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("MainWindow")
        self._heap_frozen = False
        self._build_pages()
        self._build_header()
        self._build_handbook()
        self._build_menus()
        self.sync_bar = SyncStatusBar(ctx, self)
        self.statusBar().addPermanentWidget(self.sync_bar, 1)
        self.sync_bar.synced.connect(self.dossiers.refresh)
        self.intake.saved.connect(lambda _id: self.sync_bar.refresh())
        self._retitle()
        self.resize(1280, 800)  # only until placed: `show_placed` restores this clerk's geometry or maximizes

    # --- layout ---------------------------------------------------------------------------------

    def _build_pages(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        self.intake = IntakePage(self.ctx, self)
        self.dossiers = DossierListPage(self.ctx, self)
        self.tabs.addTab(self.intake, self.tr("Tiếp nhận (F2)"))
        self.tabs.addTab(self.dossiers, self.tr("Hồ sơ (F3)"))
        self.report: ReportPage | None = None
        if self.ctx.is_supervisor:
            from desk_app.ui.report.page import ReportPage  # the chart and export: supervisors only

            self.report = ReportPage(self.ctx, self)
            self.tabs.addTab(self.report, self.tr("Báo cáo (F4)"))
        self.dossiers.open_requested.connect(self.open_dossier)
        self.intake.saved.connect(lambda _id: self.dossiers.refresh())

    def _build_header(self) -> None:
        settings, user = self.ctx.desk.settings, self.ctx.user
        unit = self.ctx.desk.unit(settings.unit_code)
        today = self.ctx.desk.now().strftime("%d/%m/%Y")
        self.header = QLabel(self.tr("<b>%1</b> · Bàn số %2 · Cán bộ: <b>%3</b> · Ngày %4")
                             .replace("%1", unit.name).replace("%2", str(settings.desk_no))
                             .replace("%3", user.full_name).replace("%4", today), self)
        self.header.setObjectName("header")
        self.training_banner = QLabel(
            self.tr("%1: dữ liệu thực hành, không đồng bộ, mọi bản in đều ghi «%1»").replace("%1", TRAINING_MARK),
            self)
        self.training_banner.setObjectName("trainingBanner")
        self.training_banner.setStyleSheet("background:#c62828; color:white; font-weight:bold; padding:4px;")
        self.training_banner.setVisible(self.ctx.training)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.training_banner)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _build_handbook(self) -> None:
        """The F1 panel, docked beside the pages and hidden until asked for."""
        self.handbook = HandbookPanel(self.ctx, self)
        self.handbook_dock = QDockWidget(self.tr("Sổ tay nghiệp vụ"), self)
        self.handbook_dock.setObjectName("handbookDock")
        self.handbook_dock.setWidget(self.handbook)
        self.handbook_dock.setAllowedAreas(Qt.DockWidgetArea.RightDockWidgetArea | Qt.DockWidgetArea.LeftDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.handbook_dock)
        self.handbook_dock.hide()
        self.handbook.closed.connect(self._handbook_closed)
        self.ask_dialog: AskDialog | None = None

    def _retitle(self) -> None:
        title = "MotCua Desk"
        if self.ctx.training:
            title += " [" + self.tr("BẢN THỰC HÀNH") + "]"  # TRAINING_MARK, in the window's language
        self.setWindowTitle(title)

    # --- menus and shortcuts ------------------------------------------------------------------------

    def _action(self, menu, text: str, keys, slot, tip: str = "") -> QAction:
        action = QAction(text, self)
        sequences = keys if isinstance(keys, list) else [keys]
        action.setShortcuts([QKeySequence(k) for k in sequences if k])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or text.replace('&', '')} ({shown})" if shown else tip or text)
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Tệp"))
        self.training_action = self._action(file_menu, self.tr("Chế độ &thực hành"), "Ctrl+Shift+T",
                                            lambda: self.training_requested.emit(not self.ctx.training))
        self.training_action.setCheckable(True)
        self.training_action.setChecked(self.ctx.training)
        self._action(file_menu, self.tr("&Cài đặt…"), "Ctrl+,", self.open_settings)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("Đăng &xuất"), "Ctrl+L", self.logout_requested.emit)
        self._action(file_menu, self.tr("T&hoát"), "Ctrl+Q", self.close)
        dossier_menu = bar.addMenu(self.tr("&Hồ sơ"))
        self._action(dossier_menu, self.tr("Tiếp nhận hồ sơ &mới"), "F2", self.new_dossier)
        self._action(dossier_menu, self.tr("&Lưu và in giấy tiếp nhận"), ["Ctrl+Enter", "Ctrl+Return"],
                     self.save_and_print)
        self._action(dossier_menu, self.tr("&Danh sách hồ sơ"), "F3", self.show_dossiers)
        self._action(dossier_menu, self.tr("&Tìm hồ sơ"), "Ctrl+F", self.find_dossier)
        if self.report is not None:
            self._action(dossier_menu, self.tr("&Báo cáo"), "F4", self.show_report)
        sync_menu = bar.addMenu(self.tr("Đồng &bộ"))
        self._action(sync_menu, self.tr("Đồng bộ &ngay"), "F5", self.sync_now)
        help_menu = bar.addMenu(self.tr("Trợ &giúp"))
        self._action(help_menu, self.tr("&Sổ tay thủ tục đang làm"), "F1", self.help_here)
        self._action(help_menu, self.tr("&Hỏi đáp nghiệp vụ"), "Ctrl+H", self.open_ask)
        self._action(help_menu, self.tr("&Phím tắt"), "Ctrl+F1", self.show_shortcuts)

    # --- actions -------------------------------------------------------------------------------------

    def new_dossier(self) -> None:
        self.tabs.setCurrentWidget(self.intake)
        self.intake.start_new()

    def save_and_print(self) -> None:
        if self.tabs.currentWidget() is self.intake:
            self.intake.save_and_print()

    def show_dossiers(self) -> None:
        self.tabs.setCurrentWidget(self.dossiers)
        self.dossiers.focus_search()

    def find_dossier(self) -> None:
        self.show_dossiers()

    def show_report(self) -> None:
        if self.report is not None:
            self.tabs.setCurrentWidget(self.report)

    def open_dossier(self, dossier_id: str) -> DossierDetailDialog:
        from desk_app.ui.dossiers.detail import DossierDetailDialog  # with the PDF preview: on first use

        dialog = DossierDetailDialog(self.ctx, dossier_id, self)
        dialog.changed.connect(lambda _id: self.dossiers.refresh())
        dialog.changed.connect(lambda _id: self.sync_bar.refresh())
        dialog.open()
        return dialog

    def open_settings(self):
        from desk_app.ui.settings_dialog import SettingsDialog  # loads the sync client: not at start-up

        dialog = SettingsDialog(self.ctx, self)
        dialog.open()
        return dialog

    def sync_now(self) -> None:
        self.sync_bar.sync_now()

    # --- the handbook ---------------------------------------------------------------------------------

    def help_here(self) -> QMessageBox | None:
        """F1: the handbook of the procedure being worked on, at the part that matters now; where no
        procedure is in hand (the list, the report), the shortcut list."""
        where = self.intake.handbook_context() if self.tabs.currentWidget() is self.intake else None
        if where is None:
            return self.show_shortcuts()
        self.show_handbook(*where)
        return None

    def show_handbook(self, code: str, section: str = "purpose") -> None:
        self.handbook_dock.show()
        self.handbook.show_entry(code, section)

    def _handbook_closed(self) -> None:
        self.handbook_dock.hide()
        if self.tabs.currentWidget() is self.intake:
            self.intake.picker.search.setFocus()

    def open_ask(self) -> AskDialog:
        from desk_app.ui.handbook.ask_dialog import AskDialog

        dialog = AskDialog(self.ctx, self)
        dialog.chosen.connect(self._answer_chosen)
        self.ask_dialog = dialog
        dialog.open()
        return dialog

    def _answer_chosen(self, code: str, section: str) -> None:
        """Enter on an answer: on the intake page the procedure is picked; its entry opens at that part."""
        if self.tabs.currentWidget() is self.intake:
            self.intake.picker.pick(code)
        self.show_handbook(code, section)

    def shortcut_lines(self) -> list[str]:
        return [f"{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}\t{a.text().replace('&', '')}"
                for a in self.actions() if not a.shortcut().isEmpty()]

    def show_shortcuts(self) -> QMessageBox:
        cell = "<tr><td><b>{}</b></td><td style='padding-left:18px'>{}</td></tr>"
        rows = "".join(cell.format(html.escape(keys), html.escape(text))
                       for keys, text in (line.split("\t", 1) for line in self.shortcut_lines()))
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Phím tắt"), f"<table>{rows}</table>",
                          QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.open()
        return box

    def show_placed(self, screen: QScreen | None = None) -> None:
        """Open where this clerk left the window, else maximized (on `screen`, by default its own)."""
        placement.show_placed(self, self.ctx.user.username, screen)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # What exists once the window is up (modules, classes, Qt wrappers: ~300,000 objects) lives as
        # long as it: out of the collector's sight, a full pass no longer walks it. Such a pass runs on
        # whichever thread allocates, holding the GIL: during a big sync it froze the UI for 140 ms.
        # Once: a later show (after minimising) would freeze whatever garbage then waits.
        if not self._heap_frozen:
            self._heap_frozen = True
            gc.freeze()

    def closeEvent(self, event) -> None:
        if not self.intake.can_close():
            event.ignore()
            return
        self.sync_bar.shutdown()
        placement.remember(self, self.ctx.user.username)
        gc.unfreeze()  # this window's objects may go now (a practice switch or log-out opens another)
        super().closeEvent(event)
