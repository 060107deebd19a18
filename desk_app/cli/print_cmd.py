"""`desk-app print FORM CODE -o file.pdf` and `desk-app export register`: print, then log the print.

A second print of the same form of the same dossier is marked "BẢN IN LẠI" (the audit log says
whether it was printed before); every print and export is recorded in the audit log.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli.common import command, default_actor, parse_date
from desk_app.cli.errors import CliError
from desk_app.domain.errors import NotFound
from desk_app.domain.wording import WordingError
from desk_app.printing import FormKind, render_register_pdf, render_register_xlsx
from desk_app.printing.render import render_register_csv

if TYPE_CHECKING:
    from desk_app.services import Desk


def register(sub: argparse._SubParsersAction) -> None:
    _add_print(sub)
    _add_export(sub)


def _add_print(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "print", help="in một mẫu phiếu của hồ sơ ra tệp PDF")
    p.add_argument("form", choices=[k.value for k in FormKind] + list(FEE_FORMS), help="mẫu phiếu cần in")
    p.add_argument("code", metavar="CODE", nargs="?", default="", help="mã hồ sơ (bảng kê thu phí: không cần)")
    p.add_argument("-o", "--output", required=True, help="tệp PDF kết quả")
    p.add_argument("--date", help="bảng kê thu phí: ngày (YYYY-MM-DD)")
    p.add_argument("--clerk", default="", help="bảng kê thu phí: chỉ biên lai của cán bộ này")
    p.add_argument("--paper", choices=["A4", "A5"], help="khổ giấy (mặc định: theo cài đặt)")
    p.add_argument("--actor", default=default_actor(), help="người in (ghi vào nhật ký)")
    p.set_defaults(handler=print_form)


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="xuất sổ theo dõi hồ sơ")
    what = p.add_subparsers(dest="export_what", required=True)
    reg = command(what, "register", help="Sổ theo dõi hồ sơ của một khoảng thời gian")
    reg.add_argument("--from", dest="start", required=True, help="từ ngày (YYYY-MM-DD)")
    reg.add_argument("--to", dest="end", required=True, help="đến ngày (YYYY-MM-DD)")
    reg.add_argument("--format", choices=["csv", "xlsx", "pdf"], default="xlsx")
    reg.add_argument("-o", "--output", help="tệp kết quả (CSV: mặc định in ra màn hình)")
    reg.add_argument("--paper", choices=["A4", "A5"], help="khổ giấy của bản PDF")
    reg.add_argument("--actor", default=default_actor(), help="người xuất (ghi vào nhật ký)")
    reg.set_defaults(handler=export_register)


# Fees (issue 11): the fee receipt of a dossier and the day's collection sheet of this desk.
FEE_FORMS = ("fee-receipt", "collection-sheet")


def print_form(args: argparse.Namespace, desk: Desk) -> int:
    if args.form in FEE_FORMS:
        return _print_fee_form(args, desk)
    if not args.code:
        raise CliError(f"In mẫu {args.form}: cần mã hồ sơ.")
    kind = FormKind(args.form)
    try:
        dossier = desk.dossiers.get_by_code(args.code)
    except NotFound as exc:
        raise CliError(str(exc)) from None
    data = _render(lambda: desk.print_form(kind.value, dossier.dossier_id, args.actor, paper=args.paper))
    reprint = desk.audit.entries(dossier.code, "print")[-1]["details"]["reprint"]  # as the service judged it
    _write(args.output, data)
    print(f"Đã in {'lại ' if reprint else ''}{kind.value} của hồ sơ {dossier.code} ra {args.output}")
    return 0


def _print_fee_form(args: argparse.Namespace, desk: Desk) -> int:
    if args.form == "collection-sheet":
        if not args.date:
            raise CliError("In bảng kê thu phí: cần --date (YYYY-MM-DD).")
        day = parse_date(args.date, "Ngày")
        _write(args.output, _render(lambda: desk.print_collection_sheet(day, args.actor, args.clerk,
                                                                        paper=args.paper)))
        print(f"Đã in bảng kê thu phí ngày {day:%d/%m/%Y} ra {args.output}")
        return 0
    if not args.code:
        raise CliError("In biên lai thu phí: cần mã hồ sơ.")
    try:
        code = desk.dossiers.get_by_code(args.code).code
    except NotFound as exc:
        raise CliError(str(exc)) from None
    data = _render(lambda: desk.print_fee_receipt(code, args.actor, paper=args.paper))
    reprint = desk.audit.entries(code, "print")[-1]["details"]["reprint"]
    _write(args.output, data)
    print(f"Đã in {'lại ' if reprint else ''}biên lai thu phí của hồ sơ {code} ra {args.output}")
    return 0


def export_register(args: argparse.Namespace, desk: Desk) -> int:
    start, end = parse_date(args.start, "Từ ngày"), parse_date(args.end, "Đến ngày")
    if end < start:
        raise CliError("«Đến ngày» phải sau hoặc bằng «Từ ngày».")
    dossiers = [desk.for_print(d) for d in desk.dossiers.in_period(start, end)]
    ctx = desk.register_context(paper=args.paper)
    renderer = {"pdf": render_register_pdf, "xlsx": render_register_xlsx, "csv": render_register_csv}[args.format]
    data = _render(lambda: renderer(dossiers, start, end, ctx))
    if args.output:
        _write(args.output, data)
    elif args.format == "csv":
        sys.stdout.write(data.decode("utf-8-sig"))
    else:
        raise CliError(f"Cần -o/--output để xuất định dạng {args.format}.")
    desk.audit.record(args.actor, "export", "register", {"form": "register", "format": args.format,
                                                         "from": start.isoformat(), "to": end.isoformat()})
    print(f"Đã xuất {len(dossiers)} hồ sơ ra {args.output or 'màn hình'}", file=sys.stderr)
    return 0


def _render(make: Callable[[], bytes]) -> bytes:
    """Renderer refusals (no such event, bad wording file) reach the clerk as plain messages."""
    try:
        return make()
    except (WordingError, ValueError) as exc:
        raise CliError(str(exc)) from None


def _write(output: str, data: bytes) -> None:
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise CliError(f"Không ghi được tệp {output}: {exc.strerror or exc}.") from None
