"""The dossier screen's fee part (issue 11): the amount due with its words, the standing receipt, and the
clerk's payment — cash, transfer (its reference) or exempt (its reason) — recorded through Desk.pay; once a
receipt stands the same button corrects it (with the reason), and a refused or stopped dossier offers the
refund. Every action is a Desk service; the box only collects text and shows the service's refusal."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.errors import DeskError
from desk_app.domain.fee_ledger import Ledger
from desk_app.domain.model import Dossier, Status
from desk_app.domain.money_words import amount_in_words
from desk_app.domain.payloads import PaymentMethod
from desk_app.ui.context import DeskContext
from desk_app.ui.login import error_label
from desk_app.ui.printing.buttons import keyed_button

METHODS = (PaymentMethod.CASH, PaymentMethod.TRANSFER, PaymentMethod.EXEMPT)


def vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


class PaymentDialog(QDialog):
    """The fee part in its own window over the dossier screen (Alt+F there); closes once something is saved."""

    def __init__(self, ctx: DeskContext, dossier: Dossier, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Phí, lệ phí – %1").replace("%1", dossier.code))
        self.box = PaymentBox(ctx, self)
        self.box.show_dossier(dossier)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 56)  # room for a reason, at any font size
        # The refund when it is offered; else the method, then the reference or reason, then Alt+F.
        (self.box.method if self.box.refund_button.isHidden() else self.box.refund_button).setFocus()


class PaymentBox(QGroupBox):
    recorded = Signal()  # a payment, correction or refund was saved
    print_requested = Signal()  # the clerk asked for the fee receipt

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dossier: Dossier | None = None
        self.ledger = Ledger()
        self.setTitle(self.tr("Phí, lệ phí"))
        self.setObjectName("paymentBox")
        self.amount = QLabel(self)
        self.amount.setObjectName("feeAmount")
        self.amount.setWordWrap(True)
        self.state = QLabel(self)
        self.state.setObjectName("feeState")
        self.state.setWordWrap(True)
        self.method = QComboBox(self)
        self.method.addItems([self.tr("Tiền mặt"), self.tr("Chuyển khoản"), self.tr("Miễn")])
        self.method.setAccessibleName(self.tr("Hình thức thu"))
        self.method.currentIndexChanged.connect(self._method_changed)
        self.detail = QLineEdit(self)
        self.detail.setObjectName("feeDetail")
        self.why = QLineEdit(self)
        self.why.setObjectName("feeWhy")
        self.why.setPlaceholderText(self.tr("Vì sao điều chỉnh biên lai"))
        self.detail_label, self.why_label = QLabel(self), QLabel(self.tr("Lý do điều chỉnh"), self)
        self.error = error_label(self)
        self.pay_button = keyed_button(self, self.tr("Thu phí (Alt+F)"), "Alt+F", self.pay,
                                       self.tr("Ghi nhận thu phí và in biên lai"))
        self.print_button = keyed_button(self, self.tr("In biên lai (Alt+L)"), "Alt+L", self.print_requested.emit,
                                         self.tr("In biên lai thu phí, lệ phí"))
        self.refund_button = keyed_button(self, self.tr("Hoàn phí (Alt+R)"), "Alt+R", self.refund,
                                          self.tr("Hoàn trả phí, lệ phí đã thu"))
        layout = QGridLayout(self)
        layout.addWidget(self.amount, 0, 0, 1, 3)
        layout.addWidget(self.state, 1, 0, 1, 3)
        layout.addWidget(self.method, 2, 0)
        layout.addWidget(self.detail_label, 2, 1)
        layout.addWidget(self.detail, 2, 2)
        layout.addWidget(self.why_label, 3, 1)
        layout.addWidget(self.why, 3, 2)
        layout.addWidget(self.error, 4, 0, 1, 3)
        buttons = QHBoxLayout()
        for button in (self.pay_button, self.print_button, self.refund_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons, 5, 0, 1, 3)
        layout.setColumnStretch(2, 1)
        self._method_changed()

    def chosen(self) -> PaymentMethod:
        return METHODS[max(self.method.currentIndex(), 0)]

    def show_dossier(self, dossier: Dossier) -> None:
        """What is due and what was paid, from the dossier's events."""
        desk = self.ctx.desk
        self.dossier = dossier
        self.ledger = desk.ledger(dossier.code)
        try:
            due = desk.fee_quote(dossier.code).total_vnd
        except DeskError:  # a version this desk no longer has: what was charged at intake
            due = dossier.fee_vnd
        self.amount.setText(self.tr("Số tiền: %1 đồng (%2)").replace("%1", vnd(due)).replace(
            "%2", amount_in_words(due)) if due else self.tr("Danh mục không ghi mức thu cho thủ tục này."))
        live = self.ledger.live
        if live is not None:  # a correction starts from what the receipt says
            self.method.setCurrentIndex(METHODS.index(live.data.method))
        if live is None:
            self.state.setText(self.tr("Chưa nộp phí") if not self.ledger.refunds else self.tr("Đã hoàn phí"))
        else:
            self.state.setText(self.tr("Đã thu: biên lai %1, %2 đồng").replace("%1", live.label)
                               .replace("%2", vnd(live.data.amount_vnd)))
        closed = dossier.status in (Status.REFUSED, Status.STOPPED)
        self.pay_button.setText(self.tr("Điều chỉnh biên lai (Alt+F)") if live else self.tr("Thu phí (Alt+F)"))
        # Refused or stopped: nothing more to collect; a receipt standing is given back (the refund, offered).
        self.pay_button.setHidden(closed)
        self.why.setHidden(live is None)
        self.why_label.setHidden(live is None)
        self.print_button.setEnabled(bool(self.ledger.receipts))
        self.refund_button.setHidden(not (live is not None and live.data.amount_vnd > 0 and closed))
        self.error.hide()

    def _method_changed(self) -> None:
        method = self.chosen()
        cash = method == PaymentMethod.CASH  # nothing to add for cash: the field is not shown
        self.detail.setHidden(cash)
        self.detail_label.setHidden(cash)
        if cash:
            return
        transfer = method == PaymentMethod.TRANSFER
        self.detail_label.setText(self.tr("Mã giao dịch") if transfer else self.tr("Lý do miễn"))
        self.detail.setPlaceholderText(self.tr("Số tham chiếu của ngân hàng") if transfer
                                       else self.tr("Đối tượng được miễn theo quy định"))

    def pay(self) -> None:
        """Record the payment (or, when a receipt stands, its correction); the service checks everything."""
        if self.dossier is None:
            return
        method, text = self.chosen(), self.detail.text().strip()
        reference = text if method == PaymentMethod.TRANSFER else ""
        reason = text if method == PaymentMethod.EXEMPT else ""
        desk, user, code, why = self.ctx.desk, self.ctx.user.username, self.dossier.code, self.why.text()
        if self.ledger.live is not None:
            self._do(lambda: desk.correct_payment(code, method.value, user, why, reference=reference, reason=reason))
        else:
            self._do(lambda: desk.pay(code, method.value, user, reference=reference, reason=reason))

    def refund(self) -> None:
        if self.dossier is not None and not self.refund_button.isHidden():
            code, user = self.dossier.code, self.ctx.user.username
            self._do(lambda: self.ctx.desk.refund(code, user))

    def _do(self, action: Callable[[], object]) -> None:
        try:
            action()
        except DeskError as exc:
            self.error.setText(self.ctx.message(exc))
            self.error.show()
            return
        self.detail.clear()
        self.why.clear()
        self.recorded.emit()
