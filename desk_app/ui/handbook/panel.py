"""The handbook panel: one procedure's entry beside the form, scrolled to the part that matters now (the
papers while the clerk ticks the checklist, the reasons while refusing). The entry's text is the city's
data, in Vietnamese; the headings follow the window's language."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desk_app.core.handbook.passages import SECTIONS, passages
from desk_app.domain.errors import DeskError
from desk_app.domain.handbook import HandbookEntry
from desk_app.ui.context import DeskContext
from desk_app.ui.printing.buttons import keyed_button


def entry_html(entry: HandbookEntry, lang: str, derived_note: str) -> str:
    """The entry as rich text with an anchor per section (the panel scrolls to one)."""
    parts = [f"<h3>{html.escape(entry.code)} · {html.escape(entry.title)}</h3>"]
    if entry.derived:
        parts.append(f"<p style='color:#9a6700'><b>{html.escape(derived_note)}</b></p>")
    current = ""
    for passage in passages(entry):
        if passage.section != current:
            if current:
                parts.append("</ul>")
            current = passage.section
            heading = SECTIONS[current][1 if lang == "en" else 0]
            parts.append(f"<a name='{current}'></a><h4>{html.escape(heading)}</h4><ul>")
        sources = html.escape("; ".join(passage.sources))
        parts.append(f"<li>{html.escape(passage.text)}<br><small style='color:#555'>{sources}</small></li>")
    parts.append("</ul>")
    return "".join(parts)


class HandbookPanel(QWidget):
    """Shows an entry; `closed` when the clerk closes it (Esc or the button)."""

    closed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("handbookPanel")
        self.code = self.section = ""
        self.title = QLabel(self.tr("Sổ tay nghiệp vụ"), self)
        self.title.setObjectName("handbookTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("handbookText")
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Nội dung sổ tay"))
        self.hint = QLabel(self.tr("F1 ở nơi khác: danh sách phím tắt (Ctrl+F1)"), self)
        self.hint.setWordWrap(True)
        close = keyed_button(self, self.tr("Đóng sổ tay"), "Shift+Esc", self.close_panel, self.tr("Đóng sổ tay"))
        close.setObjectName("handbookClose")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.hint)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)

    def show_entry(self, code: str, section: str = "purpose") -> bool:
        """Load `code`'s entry and scroll to `section`; says why inline if there is none."""
        try:
            entry = self.ctx.desk.handbook_entry(code)
        except DeskError as exc:
            self.browser.setPlainText(self.ctx.message(exc))
            self.code, self.section = "", ""
            self.show()
            return False
        self.code, self.section = code, section if section in SECTIONS else "purpose"
        self.title.setText(self.tr("Sổ tay: %1").replace("%1", entry.title))
        note = self.tr("Mục lập tự động từ định nghĩa thủ tục, chưa được biên soạn: đối chiếu trang Dịch vụ công.")
        self.browser.setHtml(entry_html(entry, self.ctx.lang, note))
        self.show()
        self.browser.scrollToAnchor(self.section)
        return True

    def close_panel(self) -> None:
        self.hide()
        self.closed.emit()

    def keyPressEvent(self, event) -> None:  # Qt API name
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.close_panel()
            return
        super().keyPressEvent(event)
