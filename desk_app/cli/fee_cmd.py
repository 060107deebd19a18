"""`desk-app fee`: what a procedure costs for what was counted, with its breakdown (issue 11)."""

from __future__ import annotations

import argparse
from datetime import datetime, time
from typing import Any

from desk_app.cli.common import command, parse_date, print_json
from desk_app.domain.fees import FeeInputs, FeeQuote, vnd


def _integer(text: str) -> int:
    # Ranges are the fee rule's own check (domain.fees.check_inputs), so the CLI and the window say the same.
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text[:20]}» không phải số nguyên") from None


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "fee", help="tính lệ phí của một thủ tục theo số trang, số bản... và in chi tiết")
    p.add_argument("--procedure", required=True, metavar="MÃ", help="mã thủ tục, ví dụ 2.000815")
    p.add_argument("--pages", type=_integer, nargs="+", default=[], metavar="N",
                   help="số trang của từng bản chính (mỗi bản chính một số)")
    p.add_argument("--copies", type=_integer, default=1, metavar="N", help="số bản sao mỗi bản chính / số bản")
    p.add_argument("--signatures", type=_integer, default=1, metavar="N", help="số giấy tờ chứng thực chữ ký")
    p.add_argument("--contracts", type=_integer, default=1, metavar="N", help="số hợp đồng, giao dịch")
    p.add_argument("--extra-copies", type=_integer, default=0, metavar="N", help="số bản sao kết quả xin thêm")
    p.add_argument("--exempt", default="", metavar="KHÓA", help="trường hợp miễn (khóa, xem danh sách khi in)")
    p.add_argument("--date", help="ngày áp dụng (YYYY-MM-DD; mặc định hôm nay): phiên bản thủ tục có hiệu lực")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_fee)


def _fee(args: argparse.Namespace, desk: Any) -> int:
    on = datetime.combine(parse_date(args.date, "Ngày áp dụng"), time(12)) if args.date else None
    inputs = FeeInputs(pages=tuple(args.pages), copies=args.copies, signatures=args.signatures,
                       contracts=args.contracts, extra_copies=args.extra_copies, exemption=args.exempt)
    defn = desk.procedure(args.procedure, on)
    due = desk.quote_fee(args.procedure, inputs, on)
    if args.json:
        print_json({"procedure": defn.code, "version": defn.version, "effective_from": defn.effective_from,
                    **as_json(due)})
        return 0
    print(f"{defn.code} (phiên bản {defn.version}, từ {defn.effective_from:%d/%m/%Y}): {defn.name}")
    for line in describe(due):
        print(line)
    return 0


def as_json(due: FeeQuote) -> dict[str, Any]:
    return {"fee_name": due.fee_name, "legal_basis": due.legal_basis,
            "lines": [{"label": line.label, "amount_vnd": line.amount_vnd} for line in due.lines],
            "total_vnd": due.total_vnd, "exempt_reason": due.exempt_reason, "in_text": due.in_text,
            "exemptions": list(due.exempt_reasons), "note": due.note}


def describe(due: FeeQuote) -> list[str]:
    """The quote as the clerk reads it: name and basis, one line per charge, the total, what may exempt."""
    out = [f"{due.fee_name} — {due.legal_basis}"] if due.fee_name else []
    width = max((len(line.label) for line in due.lines), default=0)
    out += [f"  {line.label:<{width}}  {vnd(line.amount_vnd):>12}" for line in due.lines]
    if due.exempt_reason:
        out.append(f"  Miễn: {due.exempt_reason}")
    if due.in_text:
        out.append(f"Chưa có con số để tính: {due.note}")
    out.append(f"Tổng cộng: {vnd(due.total_vnd)}")
    if due.exempt_reasons and not due.exempt_reason:
        out.append("Trường hợp miễn (--exempt KHÓA): " + "; ".join(due.exempt_reasons))
    return out
