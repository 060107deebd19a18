"""`desk-app`: the desk's services from a terminal (scripting, support, tests).

Each command group lives in its own module with a `register(subparsers)` function; handlers take
`(args, desk)` and return an exit code. Errors a person can fix are printed in Vietnamese (or English
with --lang en) without a traceback, and exit with code 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from desk_app.cli import (
    admin_cmd,
    catalogue_cmd,
    dossier_cmd,
    fee_cmd,
    handbook_cmd,
    payment_cmd,
    print_cmd,
    scan_cmd,
    sync_cmd,
)
from desk_app.cli.errors import CliError
from desk_app.core.messages import ValidationFailed
from desk_app.domain.catalogue import CatalogueError
from desk_app.domain.errors import DeskError
from desk_app.paths import default_db_path

COMMAND_MODULES = [admin_cmd, catalogue_cmd, dossier_cmd, print_cmd, sync_cmd, handbook_cmd, fee_cmd, payment_cmd,
                   scan_cmd]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk-app", description="MotCua Desk: tiếp nhận và trả kết quả hồ sơ TTHC (bộ phận một cửa)."
    )
    parser.add_argument("--db", default=os.environ.get("MOTCUA_DB") or str(default_db_path()),
                        help="tệp cơ sở dữ liệu SQLite (mặc định: thư mục dữ liệu của người dùng)")
    parser.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ thông báo lỗi")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except CliError as exc:
        return _fail(str(exc), exc.code)
    except ValidationFailed as exc:
        return _fail("\n".join(exc.messages(args.lang)))
    except DeskError as exc:
        return _fail(exc.message(args.lang))
    except CatalogueError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("Đã dừng.", 130)


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "no_db", False):
        return args.handler(args, None)
    from desk_app.services import Desk

    with Desk.open(args.db) as desk:
        return args.handler(args, desk)


def _fail(message: str, code: int = 2) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
