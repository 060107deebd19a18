"""Hỏi đáp (Ctrl+H): the clerk types a question in everyday words, with or without marks, and sees the
best handbook passages, each with its procedure and legal source; Up/Down choose, Enter opens the
procedure (on the intake page: picks it). The ranking is the desk's (Desk.ask), offline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desk_app.core.handbook.passages import SECTIONS
from desk_app.ui.context import DeskContext

_ANSWER_ROLE = Qt.ItemDataRole.UserRole
_MOVES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -4, Qt.Key.Key_PageDown: 4}


class AskDialog(QDialog):
    chosen = Signal(str, str)  # procedure code, section of the passage chosen

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("askDialog")
        self.setWindowTitle(self.tr("Hỏi đáp nghiệp vụ"))
        label = QLabel(self.tr("&Câu hỏi (có dấu hay không dấu, VD: chứng thực sổ đỏ mất bao nhiêu tiền):"), self)
        label.setWordWrap(True)
        self.question = QLineEdit(self)
        self.question.setObjectName("askQuestion")
        self.question.setClearButtonEnabled(True)
        label.setBuddy(self.question)
        self.question.textChanged.connect(self.refresh)
        self.question.installEventFilter(self)
        self.results = QListWidget(self)
        self.results.setObjectName("askResults")
        self.results.setWordWrap(True)
        self.results.setSpacing(3)
        self.results.setAlternatingRowColors(True)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Up/Down from the question drive it
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.itemActivated.connect(lambda _item: self.choose_current())
        self.results.itemDoubleClicked.connect(lambda _item: self.choose_current())
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        hint = QLabel(self.tr("Lên/Xuống: chọn đoạn · Enter: mở thủ tục · Esc: đóng"), self)
        layout = QVBoxLayout(self)
        for widget in (label, self.question, self.results, self.status, hint):
            layout.addWidget(widget, 1 if widget is self.results else 0)
        width = self.fontMetrics().averageCharWidth()
        self.resize(width * 110, self.fontMetrics().height() * 34)
        self.question.setFocus()

    def refresh(self) -> None:
        self.results.clear()
        question = self.question.text()
        if not question.strip():
            self.status.clear()
            return
        answers = self.ctx.desk.ask(question, limit=8)
        for answer in answers:
            p = answer.passage
            heading = SECTIONS[p.section][1 if self.ctx.lang == "en" else 0]
            mark = self.tr(" (lập tự động)") if p.derived else ""
            text = (f"{p.code} · {p.procedure}{mark} — {heading}\n{p.text}\n"
                    + self.tr("Nguồn: %1").replace("%1", "; ".join(p.sources)))
            item = QListWidgetItem(text, self.results)
            item.setData(_ANSWER_ROLE, (p.code, p.section))
        if answers:
            self.results.setCurrentRow(0)
            self.status.setText(self.tr("%1 đoạn phù hợp nhất.").replace("%1", str(len(answers))))
        else:
            self.status.setText(self.tr("Không tìm thấy đoạn sổ tay nào phù hợp. Thử gõ tên thủ tục hoặc từ khác."))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.question and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _MOVES:
                step = _MOVES[Qt.Key(event.key())]
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.choose_current()
                return True
        return super().eventFilter(watched, event)

    def choose_current(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        code, section = item.data(_ANSWER_ROLE)
        self.chosen.emit(code, section)
        self.accept()
