"""The dossier screen's line about messages to the applicant (issue 15): whether they agreed, and what the
city's sender did with each message, asked of the city on the DB lane (nothing while offline)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desk_app.domain.payloads import Consent
from desk_app.services import Desk
from desk_app.ui.tasks import Lane, tasks


def _ask_city(window_desk: Desk, dossier_id: str) -> list:
    """DB lane: its own connection, the desk's device token, one GET to the city."""
    from sync.client import SyncClient

    store = window_desk.worker_sessions()
    try:
        return SyncClient(store).message_states(dossier_id)
    finally:
        store.close()


class MessagesLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dossierMessages")
        self.setWordWrap(True)
        self._consent: Consent | None = None
        self._asked = 0  # the latest question: an answer to an older one (consent changed since) is dropped

    def show_for(self, desk: Desk, dossier_id: str, consent: Consent | None) -> None:
        self._consent = consent
        self._asked += 1
        if consent is None:
            self.setText(self.tr("Người nộp không đăng ký nhận tin nhắn."))
            return
        self.setText(self._agreed() + " " + self.tr("Đang hỏi máy chủ thành phố về các tin đã gửi…"))
        asked = self._asked
        tasks().run(Lane.DB, lambda: _ask_city(desk, dossier_id),
                    lambda states: self._answered(states) if asked == self._asked else None,
                    lambda error: self._unreachable(error) if asked == self._asked else None, owner=self)

    def _agreed(self) -> str:
        assert self._consent is not None
        return self.tr("Nhận tin nhắn qua %1, số %2.").replace("%1", self._consent.channel.label).replace(
            "%2", self._consent.phone)

    def _answered(self, states: list) -> None:
        if not states:
            self.setText(self._agreed() + " " + self.tr("Chưa có tin nào (hoặc bước chưa đồng bộ lên thành phố)."))
            return
        words = {"queued": self.tr("chờ gửi"), "sending": self.tr("đang gửi"), "sent": self.tr("đã gửi"),
                 "failed": self.tr("gửi không được")}
        steps = {"supplement_requested": self.tr("cần bổ sung"), "delayed": self.tr("hẹn lại"),
                 "result_ready": self.tr("có kết quả"), "refused": self.tr("từ chối"), "returned": self.tr("đã trả")}
        lines = [f"{steps.get(s.kind, s.kind)}: {words.get(s.state, s.state)}"
                 + (f" {s.sent_at[11:16]} {s.sent_at[8:10]}/{s.sent_at[5:7]}" if s.sent_at else "")
                 for s in states]
        self.setText(self._agreed() + " " + "; ".join(lines) + ".")

    def _unreachable(self, _error: Exception) -> None:
        self.setText(self._agreed() + " " + self.tr("Chưa xem được tin đã gửi: chưa kết nối được máy chủ thành phố."))
