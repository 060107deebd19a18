"""Fees at the counter from the terminal (issue 11): pay, correct a receipt, refund, list a day's collection,
close the day. Writing commands need the acting account's password, as every step does."""

from __future__ import annotations

import argparse

from desk_app.cli.auth import acting_user
from desk_app.cli.common import actor_option, command, parse_date, print_json
from desk_app.core.accounts import Role
from desk_app.domain.fee_ledger import METHOD_LABELS
from desk_app.domain.money_words import amount_in_words
from desk_app.domain.payloads import PaymentMethod


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "pay", help="ghi nhận thu phí, lệ phí của hồ sơ và cấp biên lai")
    p.add_argument("code", metavar="CODE", help="mã hồ sơ")
    p.add_argument("--method", required=True, choices=[m.value for m in PaymentMethod],
                   help="tiền mặt (cash), chuyển khoản (transfer), miễn (exempt)")
    p.add_argument("--reference", default="", help="chuyển khoản: số tham chiếu (mã giao dịch) của ngân hàng")
    p.add_argument("--reason", default="", help="miễn: lý do miễn (đối tượng được miễn)")
    p.add_argument("--amount", type=_amount, help="số tiền (đồng) khi danh mục không có mức thu xác định")
    p.add_argument("--correct", metavar="LÝ DO", default="",
                   help="điều chỉnh: huỷ biên lai đang có và cấp biên lai mới, ghi lý do điều chỉnh")
    actor_option(p, "người thu tiền")
    p.set_defaults(handler=_pay)

    p = command(sub, "refund", help="hoàn trả phí, lệ phí đã thu của hồ sơ (từ chối, dừng giải quyết)")
    p.add_argument("code", metavar="CODE", help="mã hồ sơ")
    p.add_argument("--reason", default="", help="lý do hoàn (mặc định: lý do từ chối hoặc dừng)")
    actor_option(p, "người hoàn tiền")
    p.set_defaults(handler=_refund)

    p = command(sub, "collection", help="bảng kê thu phí, lệ phí của một ngày (bàn này)")
    p.add_argument("--date", required=True, help="ngày (YYYY-MM-DD)")
    p.add_argument("--clerk", default="", help="chỉ biên lai của cán bộ này")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_collection)

    p = command(sub, "close-day", help="giám sát viên khoá sổ thu phí của một ngày")
    p.add_argument("--date", required=True, help="ngày (YYYY-MM-DD)")
    actor_option(p, "giám sát viên")
    p.set_defaults(handler=_close_day)


def _amount(text: str) -> int:
    """Whole đồng; a negative amount reaches the service, which refuses it in the clerk's words."""
    try:
        return int(text.replace(".", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text[:20]}» không phải số tiền (đồng, số nguyên)") from None


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _pay(args, desk) -> int:
    user = acting_user(desk, args.actor)
    given = {"reference": args.reference, "reason": args.reason, "amount": args.amount}
    if args.correct:
        d = desk.correct_payment(args.code, args.method, user.username, args.correct, **given)
    else:
        d = desk.pay(args.code, args.method, user.username, **given)
    paid = d.history[-1].data
    print(f"Hồ sơ {d.code}: biên lai {paid.receipt}, {_vnd(paid.amount_vnd)} đồng "
          f"({METHOD_LABELS[paid.method].lower()}) – {amount_in_words(paid.amount_vnd)}.")
    return 0


def _refund(args, desk) -> int:
    user = acting_user(desk, args.actor)
    d = desk.refund(args.code, user.username, args.reason)
    data = d.history[-1].data
    print(f"Hồ sơ {d.code}: đã hoàn {_vnd(data.amount_vnd)} đồng của biên lai {data.refunds}.")
    return 0


def _collection(args, desk) -> int:
    sheet = desk.collection_sheet(parse_date(args.date, "Ngày"), args.clerk)
    if args.json:
        print_json({"day": sheet.day.isoformat(), "total_vnd": sheet.total_vnd, "receipts": len(sheet.receipts),
                    "by_method": {str(k): v for k, v in sheet.by_method().items()}, "by_fee": sheet.by_fee(),
                    "closed": bool(sheet.closed),
                    "lines": [{"receipt": x.receipt, "code": x.code, "kind": x.kind, "method": str(x.method),
                               "amount_vnd": x.amount_vnd, "clerk": x.clerk} for x in sheet.lines]})
        return 0
    for x in sheet.lines:
        print(f"{x.at:%H:%M}  {x.receipt:<20} {x.code:<20} {METHOD_LABELS[x.method]:<13} {_vnd(x.amount_vnd):>12}")
    print(f"Tổng: {_vnd(sheet.total_vnd)} đồng, {len(sheet.receipts)} biên lai"
          + (" (đã khoá sổ)" if sheet.closed else ""))
    return 0


def _close_day(args, desk) -> int:
    day = parse_date(args.date, "Ngày")
    user = acting_user(desk, args.actor, Role.SUPERVISOR)
    closed = desk.close_day(day, user.username)
    print(f"Đã khoá sổ thu phí ngày {day:%d/%m/%Y}: {_vnd(closed.total_vnd)} đồng, {closed.receipts} biên lai.")
    return 0
