"""Fees collected at the counter (issue 11): receipts, corrections and refunds as events, the daily
collection sheet (bảng kê) and closing the day.

A payment is never edited. A correction cancels its receipt and issues a new one; a refund gives back a
receipt's money. Each step counts on the collection day it is recorded (`day`): a day's sheet is the sum of
its steps, signed (a receipt +, a cancelled receipt or a refund -), so every day reconciles on its own and
the days add up to what the point holds. Once the supervisor closes a day it takes no more steps; a later
correction is recorded on the day it is made and names the receipt it corrects.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, func, literal_column, select
from sqlalchemy.orm import Session

from desk_app.core import receipts
from desk_app.core.events import from_row
from desk_app.core.settings import DeskSettings
from desk_app.domain import limits
from desk_app.domain import payloads as P
from desk_app.domain.errors import IllegalTransition, InvalidInput
from desk_app.domain.fee_ledger import (  # noqa: F401 - re-exported for the services
    PAYMENT_KINDS,
    CollectionSheet,
    DayClosed,
    Ledger,
    Receipt,
    day_of,
    ledger,
    sheet_lines,
)
from desk_app.domain.model import Event, EventKind
from desk_app.domain.text import nfc
from desk_app.store.models import CounterRow, DossierRow, EventRow, FeeDayRow

K = EventKind


# --- writing: what the desk fills in and checks before a money step is saved ----------------------


def complete(session: Session, settings: DeskSettings, history: list[Event], kind: EventKind,
             payload: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The payload of a money step with its day and receipt number, after every check (nothing is written
    when one fails: the caller's transaction rolls back, the counter with it)."""
    day = now.date()
    check_day_open(session, day)
    current = ledger(history).live
    payload = {**payload, "day": day.isoformat()}
    if kind == K.PAYMENT_REFUNDED:
        return _refund(current, payload)
    if kind == K.PAYMENT_RECORDED and current is not None:
        raise IllegalTransition(
            f"Hồ sơ đã thu phí (biên lai {current.label}, {_vnd(current.data.amount_vnd)}): không thu lần hai. "
            "Nếu biên lai sai, hãy điều chỉnh biên lai.",
            f"The fee is already paid (receipt {current.label}); correct that receipt instead.")
    if kind == K.PAYMENT_CORRECTED:
        if current is None:
            raise IllegalTransition("Hồ sơ chưa có biên lai thu phí nào để điều chỉnh.",
                                    "The dossier has no fee receipt to correct.")
        if not nfc(str(payload.get("reason") or "")).strip():
            raise InvalidInput("Điều chỉnh biên lai: cần ghi lý do điều chỉnh.", "A correction needs its reason.")
        old = current.data
        payload.update(corrects=current.label, corrected_amount_vnd=old.amount_vnd, corrected_method=str(old.method),
                       corrected_fee_name=old.fee_name)
    _check_method(payload)
    series, number = _next_receipt(session, settings, day)
    return {**payload, "series": series, "number": number}


def _check_method(payload: dict[str, Any]) -> None:
    method = str(payload.get("method") or "")
    if method not in {m.value for m in P.PaymentMethod}:
        raise InvalidInput(f"Hình thức thu «{method}» không hợp lệ: tiền mặt (cash), chuyển khoản (transfer) "
                           "hoặc miễn (exempt).", f"Unknown payment method {method!r}.")
    amount = payload.get("amount_vnd")
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise InvalidInput("Số tiền thu phải là số nguyên đồng.", "The amount must be a whole number of dong.")
    if amount < 0:
        raise InvalidInput(f"Số tiền thu không được âm ({_vnd(amount)}).", "The amount cannot be negative.")
    if amount > limits.FEE_VND:
        raise InvalidInput(f"Số tiền thu quá lớn (tối đa {_vnd(limits.FEE_VND)}).", "The amount is too large.")
    if method == P.PaymentMethod.EXEMPT:
        if not nfc(str(payload.get("exempt_reason") or "")).strip():
            raise InvalidInput("Miễn phí, lệ phí: cần ghi lý do miễn (đối tượng được miễn theo quy định).",
                               "An exemption needs its reason.")
        payload["amount_vnd"] = 0
        payload["lines"] = []
        return
    if amount == 0:
        raise InvalidInput("Số tiền thu phải lớn hơn 0 đồng; hồ sơ không phải nộp thì chọn «Miễn» và ghi lý do.",
                           "The amount must be above 0; choose 'exempt' with a reason when nothing is due.")
    if method == P.PaymentMethod.TRANSFER and not str(payload.get("reference") or "").strip():
        raise InvalidInput("Chuyển khoản: cần ghi số tham chiếu (mã giao dịch) của ngân hàng.",
                           "A bank transfer needs its reference.")


def _refund(current: Receipt | None, payload: dict[str, Any]) -> dict[str, Any]:
    if current is None or current.data.amount_vnd == 0:
        raise IllegalTransition("Hồ sơ không có khoản phí, lệ phí nào đã thu để hoàn trả.",
                                "The dossier has no collected fee to refund.")
    reason = nfc(str(payload.get("reason") or "")).strip() or "Hoàn trả phí, lệ phí theo đề nghị"
    old = current.data
    return {"refunds": current.label, "amount_vnd": old.amount_vnd, "method": str(old.method),
            "fee_name": old.fee_name, "reason": reason, "day": payload["day"]}


def _next_receipt(session: Session, settings: DeskSettings, day: date) -> tuple[str, int]:
    name = receipts.counter_name(day, settings.desk_no)
    row = session.get(CounterRow, name)
    if row is None:
        row = CounterRow(name=name, value=0)
        session.add(row)
    row.value += 1
    receipts.check_number(row.value, settings.desk_no, day)
    return settings.series.series(settings.unit_code, day, settings.desk_no), row.value


def check_day_open(session: Session, day: date) -> None:
    closed = session.get(FeeDayRow, day.isoformat())
    if closed is not None:
        raise IllegalTransition(
            f"Ngày {day:%d/%m/%Y} đã khoá sổ thu phí (bởi {closed.closed_by} lúc {closed.closed_at[11:16]}): "
            "không ghi thêm khoản thu, điều chỉnh hay hoàn phí vào ngày này.",
            f"The collection day {day:%Y-%m-%d} is closed.")


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


# --- the daily collection sheet ------------------------------------------------------------------


# Written as literals, in the index's order, so SQLite reads the day through ix_events_money (migration 9): a
# partial index serves only a query whose WHERE repeats its condition, which bound parameters would not.
_MONEY_KINDS = EventRow.kind.in_([literal_column(f"'{kind}'") for kind in (
    K.PAYMENT_RECORDED, K.PAYMENT_CORRECTED, K.PAYMENT_REFUNDED)])


def sheet(session: Session, settings: DeskSettings, day: date, clerk: str = "") -> CollectionSheet:
    """Every money step this desk recorded on `day` (by `clerk` only, when given), in order."""
    start = datetime.combine(day, time()).isoformat()
    end = datetime.combine(day + timedelta(days=1), time()).isoformat()
    query = select(EventRow).where(_MONEY_KINDS,
                                   EventRow.desk_id == settings.desk_id,
                                   EventRow.wall_time >= start, EventRow.wall_time < end)
    if clerk:
        query = query.where(EventRow.actor == clerk)
    events = [from_row(row) for row in session.scalars(query.order_by(EventRow.wall_time, EventRow.seq))]
    rows = {row.id: row for row in session.scalars(select(DossierRow).where(
        DossierRow.id.in_({e.dossier_id for e in events})))}
    lines = [line for e in events if day_of(e) == day
             for line in sheet_lines(e, rows[e.dossier_id].code, rows[e.dossier_id].applicant_name)]
    closed = session.get(FeeDayRow, day.isoformat())
    return CollectionSheet(day, settings.unit_code, settings.desk_no, clerk, tuple(lines),
                           DayClosed(closed.closed_by, closed.closed_at, closed.total_vnd, closed.receipts)
                           if closed else None)


def close_day(session: Session, settings: DeskSettings, day: date, actor: str, now: datetime) -> DayClosed:
    if day > now.date():
        raise InvalidInput(f"Chưa đến ngày {day:%d/%m/%Y}: không khoá sổ trước.", "Cannot close a future day.")
    check_day_open(session, day)
    whole = sheet(session, settings, day)
    closed = DayClosed(actor, now.replace(microsecond=0).isoformat(), whole.total_vnd, len(whole.receipts))
    session.add(FeeDayRow(day=day.isoformat(), closed_by=actor, closed_at=closed.closed_at,
                          total_vnd=closed.total_vnd, receipts=closed.receipts))
    return closed


def unpaid_clause() -> Any:
    """Dossiers with a fee, still being handled, whose receipts (net of refunds) are none: the list's view."""
    e = EventRow.__table__.alias("pay")

    def count(kind: EventKind) -> Any:
        return (select(func.count()).select_from(e)
                .where(e.c.dossier_id == DossierRow.id, e.c.kind == str(kind)).scalar_subquery())

    return and_(DossierRow.fee_vnd > 0, DossierRow.status.notin_(["refused", "stopped"]),
                count(K.PAYMENT_RECORDED) <= count(K.PAYMENT_REFUNDED))
