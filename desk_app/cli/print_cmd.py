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
    p.add_argument("form", choices=[k.value for k in FormKind], help="mẫu phiếu cần in")
    p.add_argument("code", metavar="CODE", help="mã hồ sơ")
    p.add_argument("-o", "--output", required=True, help="tệp PDF kết quả")
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


def print_form(args: argparse.Namespace, desk: Desk) -> int:
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
