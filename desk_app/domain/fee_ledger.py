"""A dossier's money steps read back (issue 11): which receipts stand, which were cancelled or refunded, and
the lines each step puts on its day's collection sheet. Pure values, shared by the desk's services and forms.

Every step counts on its collection day (`day`), signed: a receipt adds, a cancelled receipt or a refund takes
away. So each day reconciles on its own, and the days add up to what the point holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial
from typing import Any

from desk_app.domain import payloads as P
from desk_app.domain.lifecycle import MONEY, ordered
from desk_app.domain.model import Event

PAYMENT_KINDS = MONEY
METHOD_LABELS = {P.PaymentMethod.CASH: "Tiền mặt", P.PaymentMethod.TRANSFER: "Chuyển khoản",
                 P.PaymentMethod.EXEMPT: "Miễn"}


@dataclass(frozen=True)
class Receipt:
    """One receipt as issued, and what became of it."""

    data: P._Receipt
    event: Event
    cancelled_by: str = ""  # the receipt that replaced it
    refunded: bool = False

    @property
    def label(self) -> str:
        return self.data.receipt

    @property
    def live(self) -> bool:
        return not self.cancelled_by and not self.refunded


@dataclass
class Ledger:
    """A dossier's money steps folded in the one order every replica uses."""

    receipts: list[Receipt] = field(default_factory=list)
    refunds: list[P.PaymentRefunded] = field(default_factory=list)

    @property
    def live(self) -> Receipt | None:
        return next((r for r in reversed(self.receipts) if r.live), None)

    @property
    def paid_vnd(self) -> int:
        live = self.live
        return live.data.amount_vnd if live else 0


def ledger(history: list[Event], until: date | None = None) -> Ledger:
    """The receipts of a dossier and their fate (up to the collection day `until`, inclusive)."""
    found = Ledger()
    by_label: dict[str, int] = {}
    for event in ordered(history):
        if event.kind not in PAYMENT_KINDS:
            continue
        try:
            data = event.data
        except P.InvalidPayload:
            continue
        if until is not None and getattr(data, "day", until) > until:
            continue
        if isinstance(data, P.PaymentCorrected) and data.corrects in by_label:
            at = by_label[data.corrects]
            found.receipts[at] = _replace(found.receipts[at], cancelled_by=data.receipt)
        if isinstance(data, P._Receipt):
            by_label[data.receipt] = len(found.receipts)
            found.receipts.append(Receipt(data, event))
        elif isinstance(data, P.PaymentRefunded):
            found.refunds.append(data)
            if data.refunds in by_label:
                at = by_label[data.refunds]
                found.receipts[at] = _replace(found.receipts[at], refunded=True)
    return found


def _replace(receipt: Receipt, **changes: Any) -> Receipt:
    return replace(receipt, **changes)


@dataclass(frozen=True)
class SheetLine:
    at: datetime
    code: str
    payer: str
    receipt: str
    fee_name: str
    method: P.PaymentMethod
    amount_vnd: int  # signed: a receipt adds, a cancelled receipt or a refund takes away
    clerk: str
    kind: str  # "receipt", "cancel" or "refund"
    note: str = ""


@dataclass(frozen=True)
class DayClosed:
    closed_by: str
    closed_at: str
    total_vnd: int
    receipts: int


@dataclass(frozen=True)
class CollectionSheet:
    day: date
    unit_code: str
    desk_no: int
    clerk: str  # "" for the whole desk
    lines: tuple[SheetLine, ...]
    closed: DayClosed | None = None

    @property
    def total_vnd(self) -> int:
        return sum(line.amount_vnd for line in self.lines)

    @property
    def receipts(self) -> tuple[SheetLine, ...]:
        return tuple(line for line in self.lines if line.kind == "receipt")

    @property
    def cancelled(self) -> tuple[SheetLine, ...]:
        """Receipts cancelled by a correction, and refunds: the lines that take money off the day."""
        return tuple(line for line in self.lines if line.kind != "receipt")

    def by_fee(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for line in self.lines:
            out[line.fee_name or "Phí, lệ phí"] += line.amount_vnd
        return dict(out)

    def by_method(self) -> dict[P.PaymentMethod, int]:
        out: dict[P.PaymentMethod, int] = defaultdict(int)
        for line in self.lines:
            out[line.method] += line.amount_vnd
        return dict(out)


def day_of(event: Event) -> date | None:
    try:
        return getattr(event.data, "day", None)
    except P.InvalidPayload:
        return None


def sheet_lines(event: Event, code: str, payer: str) -> list[SheetLine]:
    """The lines one money step puts on its day's sheet (a correction: the cancelled receipt, then the new)."""
    data = event.data
    common = partial(SheetLine, event.wall_time, code, payer)
    if isinstance(data, P.PaymentRefunded):
        return [common(clerk=event.actor, receipt=data.refunds, fee_name=data.fee_name, method=data.method,
                          amount_vnd=-data.amount_vnd, kind="refund", note=f"Hoàn phí: {data.reason}")]
    assert isinstance(data, P._Receipt)
    issued = common(clerk=event.actor, receipt=data.receipt, fee_name=data.fee_name, method=data.method,
                       amount_vnd=data.amount_vnd, kind="receipt", note=_receipt_note(data))
    if not isinstance(data, P.PaymentCorrected):
        return [issued]
    cancel = common(clerk=event.actor, receipt=data.corrects, fee_name=data.corrected_fee_name,
                       method=data.corrected_method, amount_vnd=-data.corrected_amount_vnd, kind="cancel",
                       note=f"Huỷ, thay bằng {data.receipt}: {data.reason}")
    return [cancel, issued]


def _receipt_note(data: P._Receipt) -> str:
    parts = []
    if isinstance(data, P.PaymentCorrected):
        parts.append(f"Thay biên lai {data.corrects}")
    if data.reference:
        parts.append(f"Mã giao dịch {data.reference}")
    if data.exempt_reason:
        parts.append(f"Miễn: {data.exempt_reason}")
    return "; ".join(parts)
