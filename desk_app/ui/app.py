"""`motcua-desk`: start the clerk's window (or `--self-test` for an installed bundle)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from desk_app.paths import default_db_path


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="motcua-desk", description="MotCua Desk: cửa sổ của cán bộ tiếp nhận.")
    parser.add_argument("--db", default=os.environ.get("MOTCUA_DB") or str(default_db_path()),
                        help="tệp cơ sở dữ liệu SQLite")
    parser.add_argument("--lang", choices=["vi", "en"], help="ngôn ngữ (mặc định: theo cài đặt của máy)")
    parser.add_argument("--training", action="store_true", help="mở cơ sở dữ liệu thực hành")
    parser.add_argument("--self-test", action="store_true",
                        help="mở cơ sở dữ liệu, nâng cấp, in thử giấy tiếp nhận rồi thoát (kiểm tra bản cài)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        from desk_app.ui.selftest import run_self_test

        return run_self_test(args.db)
    from desk_app.ui.shell import run_window

    return run_window(args.db, lang=args.lang, training=args.training)


if __name__ == "__main__":
    sys.exit(main())
