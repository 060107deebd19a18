"""At the counter, the applicant agrees to messages about a dossier, changes the number, or withdraws
(issue 15): recorded as a step through Desk.change_consent, synced like any other."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.domain.model import Dossier
from desk_app.domain.payloads import Channel, Consent
from desk_app.ui.context import DeskContext
from desk_app.ui.login import error_label

_CHANNELS = (None, Channel.SMS.value, Channel.ZALO.value)


class ConsentDialog(QDialog):
    def __init__(self, ctx: DeskContext, dossier: Dossier, current: Consent | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.dossier = ctx, dossier
        self.setWindowTitle(self.tr("Tin nhắn cho người nộp – %1").replace("%1", dossier.code))
        self.channel = QComboBox(self)
        self.channel.addItems([self.tr("Không nhận tin nhắn"), self.tr("Qua SMS"), self.tr("Qua Zalo")])
        self.channel.setCurrentIndex(_CHANNELS.index(current.channel.value) if current else 0)
        self.phone = QLineEdit(current.phone if current else "", self)
        self.phone.setPlaceholderText(self.tr("Để trống: số của người nộp (%1)").replace(
            "%1", dossier.applicant.phone or self.tr("chưa có")))
        self.error = error_label(self)
        form = QFormLayout()
        for text, widget in ((self.tr("&Kênh"), self.channel), (self.tr("&Số nhận tin"), self.phone)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Tin chỉ có mã hồ sơ, ngày hẹn và đường dẫn tra cứu; thành phố gửi khi "
                                        "hồ sơ cần bổ sung, hẹn lại, có kết quả, bị từ chối hoặc đã trả."), self))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def record(self) -> None:
        channel = _CHANNELS[max(self.channel.currentIndex(), 0)]
        try:
            self.ctx.desk.change_consent(self.dossier.code, channel, self.phone.text().strip(),
                                         self.ctx.user.username)
        except DeskError as exc:
            self.error.setText(exc.message(self.ctx.lang))
            self.error.show()
            return
        self.accept()
