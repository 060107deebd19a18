"""The fee part of the intake page (issue 11): it asks only what the procedure's fee rule reads (pages of
each original, copies, signed papers, contracts, extra copies of the result, an exemption) and shows the
amount and its breakdown as the clerk types. Where no rule gives a figure, the clerk types the amount.

The amount comes from `Desk.quote_fee`, the same quote the CLI prints and the receipt will carry."""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent, QTextDocument
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSizePolicy, QSpinBox, QWidget

from desk_app.domain import limits
from desk_app.domain.catalogue import ProcedureDefinition
from desk_app.domain.errors import DeskError
from desk_app.domain.fees import FeeInputs, FeeQuote, needs, vnd

Quoter = Callable[[str, FeeInputs], FeeQuote]
_ERROR = "#b00020"


class _Breakdown(QLabel):
    """A wrapped label whose height FeePart sets from its text: left to height-for-width, the layouts
    around the page's scroll area gave it too little and cut the last lines."""

    def hasHeightForWidth(self) -> bool:
        return False


class FeePart(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quoter: Quoter | None = None  # the page gives Desk.quote_fee
        self.definition: ProcedureDefinition | None = None
        self.pages = QLineEdit(self)
        self.pages.setObjectName("fee_pages")
        self.pages.setPlaceholderText(self.tr("ví dụ: 3 1 12 (mỗi bản chính một số)"))
        self.pages.textEdited.connect(lambda _t: self._changed())
        self.copies = self._spin("fee_copies", 1, limits.FEE_COPIES)
        self.signatures = self._spin("fee_signatures", 1, limits.FEE_SIGNATURES)
        self.contracts = self._spin("fee_contracts", 1, limits.FEE_CONTRACTS)
        self.extra_copies = self._spin("fee_extra_copies", 0, limits.FEE_COPIES)
        self.exemption = QComboBox(self)
        self.exemption.setObjectName("fee_exemption")
        self.exemption.activated.connect(lambda _i: self._changed())
        self.amount = self._spin("fee", 0, 100_000_000)  # typed where no rule gives the figure
        self.amount.setSingleStep(1000)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setSuffix(self.tr(" đ"))
        self.breakdown = _Breakdown(self)
        self.breakdown.setObjectName("fee_breakdown")
        self.breakdown.setWordWrap(True)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, QWidget] = {
            "pages": self.pages, "copies": self.copies, "signatures": self.signatures,
            "contracts": self.contracts, "extra_copies": self.extra_copies, "exemption": self.exemption,
            "amount": self.amount,
        }
        for key, widget in self.rows.items():
            self.form.addRow(QLabel(self._label(key), self), widget)
        self.form.addRow(self.breakdown)
        self.build(None)

    def _label(self, key: str) -> str:
        return {
            "pages": self.tr("Số trang từng bản chính"), "copies": self.tr("Số bản sao mỗi bản chính"),
            "signatures": self.tr("Số giấy tờ chứng thực chữ ký"), "contracts": self.tr("Số hợp đồng, giao dịch"),
            "extra_copies": self.tr("Bản sao kết quả xin thêm"), "exemption": self.tr("Miễn lệ phí"),
            "amount": self.tr("Số tiền"),
        }[key]

    def _spin(self, name: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        spin.valueChanged.connect(lambda _v: self._changed())
        return spin

    # --- what to ask ------------------------------------------------------------------------------

    def build(self, defn: ProcedureDefinition | None) -> None:
        """Show the inputs `defn`'s rule reads, with their defaults, and its amount."""
        self.definition = defn
        wanted = needs(defn.fee) if defn else frozenset()
        copies_label = self.tr("Số bản sao mỗi bản chính") if "pages" in wanted else self.tr("Số bản")
        label = self.form.labelForField(self.copies)
        if isinstance(label, QLabel):
            label.setText(copies_label)
        self.exemption.clear()
        self.exemption.addItem(self.tr("Không miễn"), "")
        rule = defn.fee.rule if defn else None
        for exemption in rule.exemptions if rule else ():
            self.exemption.addItem(exemption.reason, exemption.key)
        for key, widget in self.rows.items():
            shown = self.typed() if key == "amount" else key in wanted
            self.form.setRowVisible(widget, shown and defn is not None)
        self.pages.clear()
        for spin, value in ((self.copies, 1), (self.signatures, 1), (self.contracts, 1), (self.extra_copies, 0)):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        if defn is not None and self.typed():
            self.amount.setValue(defn.fee.amount_vnd if rule is None else 0)
        self.refresh()

    def typed(self) -> bool:
        """The clerk types the amount: no rule (format 1), or a rule whose figure is only in its text."""
        defn = self.definition
        return defn is None or defn.fee.rule is None or defn.fee.rule.kind == "in_text"

    def inputs(self) -> list[QWidget]:
        """The visible inputs in screen order (Enter and Tab go through them)."""
        return [w for key, w in self.rows.items() if self.form.isRowVisible(w)]

    # --- the counts <-> plain data -------------------------------------------------------------

    def counts(self) -> dict[str, Any]:
        """FeeInputs.to_json of what is typed; pages that are not whole numbers are kept as typed, so the
        check names them rather than dropping them."""
        tokens = self.pages.text().replace(",", " ").replace(";", " ").split()
        try:
            pages: list[Any] = [int(token) for token in tokens]
        except ValueError:
            pages = tokens
        counted = FeeInputs(copies=self.copies.value(), signatures=self.signatures.value(),
                            contracts=self.contracts.value(), extra_copies=self.extra_copies.value(),
                            exemption=str(self.exemption.currentData() or "")).to_json()
        return {**({"pages": pages} if pages else {}), **counted}

    def amount_typed(self) -> int | None:
        return self.amount.value() if self.typed() else None

    def load(self, counts: dict[str, Any], amount: int | None) -> None:
        self.pages.setText(" ".join(str(p) for p in counts.get("pages") or []))
        for spin, key, default in ((self.copies, "copies", 1), (self.signatures, "signatures", 1),
                                   (self.contracts, "contracts", 1), (self.extra_copies, "extra_copies", 0)):
            value = counts.get(key, default)
            spin.setValue(value if isinstance(value, int) else default)
        index = self.exemption.findData(counts.get("exemption", ""))
        self.exemption.setCurrentIndex(max(index, 0))
        if amount is not None and self.typed():
            self.amount.setValue(amount)
        self.refresh()

    # --- the amount, live ------------------------------------------------------------------------

    def _changed(self) -> None:
        self.refresh()
        self.edited.emit()

    def refresh(self) -> None:
        self._show_breakdown()
        self._fit_breakdown()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_breakdown()

    def _fit_breakdown(self) -> None:
        # A wrapped label's height follows its width only once laid out; the form around it asks its
        # minimum height, so give it the height its text needs at the width it has (no clipped lines).
        label = self.breakdown
        width = label.width() if label.width() > 50 else max(self.width(), 200)
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setDocumentMargin(0)
        document.setHtml(label.text())
        document.setTextWidth(width)
        label.setFixedHeight(math.ceil(document.size().height()) + 2 * label.margin())

    def _show_breakdown(self) -> None:
        self.breakdown.setStyleSheet("")
        defn = self.definition
        if defn is None or self.quoter is None:
            self.breakdown.clear()
            return
        if self.typed():
            self.breakdown.setText(html.escape(defn.fee.text))
            return
        try:
            counted = FeeInputs.from_json(self.counts())
        except (TypeError, ValueError):
            return self._error(self.tr("Số trang phải là số nguyên, mỗi bản chính một số."))
        try:
            due = self.quoter(defn.code, counted)
        except DeskError as exc:
            return self._error(exc.vi)
        self.breakdown.setText(self._describe(due))

    def _error(self, text: str) -> None:
        self.breakdown.setStyleSheet(f"color: {_ERROR};")
        self.breakdown.setText("✖ " + html.escape(text))

    def _describe(self, due: FeeQuote) -> str:
        lines = [f"{html.escape(line.label)}: {vnd(line.amount_vnd)}" for line in due.lines]
        if due.exempt_reason:
            lines.append(self.tr("Miễn: %1").replace("%1", html.escape(due.exempt_reason)))
        lines.append("<b>" + self.tr("Tổng: %1").replace("%1", vnd(due.total_vnd)) + "</b>")
        lines.append(f"<small>{html.escape(due.fee_name)} — {html.escape(due.legal_basis)}</small>")
        return "<br>".join(lines)

    def total(self) -> int | None:
        """The amount shown (None while a count is wrong), for the tests and the save bar."""
        if self.typed():
            return self.amount.value()
        try:
            return self.quoter(self.definition.code, FeeInputs.from_json(self.counts())).total_vnd \
                if self.quoter and self.definition else None
        except (DeskError, TypeError, ValueError):
            return None
