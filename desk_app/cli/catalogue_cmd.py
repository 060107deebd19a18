"""`desk-app catalogue import FILE`: a published procedure list into the desk (or a forms folder)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk_app.cli.auth import administrator
from desk_app.cli.common import actor_option, parse_date
from desk_app.cli.errors import CliError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("catalogue", help="danh mục thủ tục: nhập danh sách công bố (CSV, XLSX)")
    commands = p.add_subparsers(dest="catalogue_command", required=True)
    imp = commands.add_parser("import", help="nhập danh sách thủ tục; có dòng lỗi thì không nhập gì")
    imp.add_argument("file", type=Path, help="tệp .csv (UTF-8) hoặc .xlsx theo các cột trong forms/README.md")
    imp.add_argument("--effective-from", help="ngày hiệu lực của phiên bản mới, YYYY-MM-DD (mặc định: hôm nay)")
    imp.add_argument("--into", type=Path,
                     help="ghi tệp vào thư mục forms/procedures này thay vì cơ sở dữ liệu của bàn")
    actor_option(imp, "tài khoản quản trị thực hiện (khi ghi vào cơ sở dữ liệu của bàn đã có tài khoản)")
    imp.set_defaults(handler=_import)


def _import(args, desk) -> int:
    if not args.file.is_file():
        raise CliError(f"Không có tệp {args.file}.")
    day = parse_date(args.effective_from, "Ngày hiệu lực") if args.effective_from else desk.now().date()
    admin = None if args.into else administrator(desk, args.actor)  # --into writes files, not the desk
    report = desk.import_catalogue(args.file, day, into=args.into, actor=admin.username if admin else "setup")
    for error in report.errors:
        print(error, file=sys.stderr)
    if report.ignored_columns:
        print("Bỏ qua các cột: " + ", ".join(report.ignored_columns))
    for code, version in sorted(report.updated.items()):
        print(f"  {code}: phiên bản mới v{version} từ {day:%d/%m/%Y}")
    print(report.summary())
    return 0 if report.ok else 1
