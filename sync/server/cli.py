"""`city-server`: run the city server and administer it from a terminal.

    city-server migrate --db postgresql://...                      (bring the schema up to date)
    city-server serve --db city.sqlite3 --port 8765                 (migrates first, then serves)
    city-server device create --unit 09661 --label "Bàn 1"          (prints the one-time code)
    city-server device revoke DEVICE_ID
    city-server account create USER --name "..." --unit 09661 --role clerk  (password on stdin)
    city-server console-account create USER --name "..." --role city_admin   (password on stdin)
    city-server console-account list
    city-server audit verify                                        (the console's hash-chained log)
    city-server publish                                             (forms/ and resources/data; refuses to
                                                                     drop versions published in the console)
    city-server new-epoch                                           (after restoring a backup)
    city-server import-outbox FILE                                  (a desk's unsent events from a USB stick)
    city-server scans stats | verify | sweep --days 14              (scanned papers the city keeps)

Settings come from CITY_* environment variables or a .env file (sync/server/settings.py); --db, given
before, inside or after the command (`city-server device --db X create`), overrides CITY_DB. On a
SQLite file every command brings the schema up to date itself, so a trial needs no set-up; on
PostgreSQL only `migrate` and `serve` do.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sync.server import admin, devices, logs, refdata, reference, snapshots_cli
from sync.server.console import accounts as console_accounts
from sync.server.console import audit as console_audit
from sync.server.db import CityDB, SchemaNotCurrent, normalise_url
from sync.server.notify import cli as notify_cli
from sync.server.scans import cli as scans_cli
from sync.server.settings import ServerSettings

DB_OPTION = argparse.ArgumentParser(add_help=False)
DB_OPTION.add_argument("--db", default=argparse.SUPPRESS,
                       help="SQLite file path or postgresql://... URL (default: CITY_DB or city.sqlite3)")


if TYPE_CHECKING:  # argparse names no public type for it, and the class is not subscriptable at run time
    Subcommands = argparse._SubParsersAction[argparse.ArgumentParser]


def _command(sub: Subcommands, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, parents=[DB_OPTION], **kwargs)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="city-server", description="Máy chủ đồng bộ thành phố (MotCua).",
                                     parents=[DB_OPTION])
    sub = parser.add_subparsers(dest="command", required=True)
    _command(sub, "migrate", help="bring the database schema up to date").set_defaults(handler=_migrate)
    serve = _command(sub, "serve", help="migrate, then start the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)
    _device_commands(sub)
    account = _command(sub, "account", help="clerk accounts").add_subparsers(dest="sub", required=True)
    create = _command(account, "create", help="create a clerk account (password read from stdin)")
    create.add_argument("username")
    create.add_argument("--name", required=True)
    create.add_argument("--unit", required=True)
    create.add_argument("--role", choices=admin.ROLES, default="clerk")
    create.set_defaults(handler=_account_create)
    _console_commands(sub)
    publish = _command(sub, "publish", help="publish reference data as a new version")
    publish.add_argument("--forms", type=Path, help="forms folder with procedures/ and wording/ (default: settings)")
    publish.add_argument("--data", type=Path, help="folder with units.csv and holidays.csv (default: settings)")
    publish.add_argument("--force", action="store_true",
                         help="publish even if versions edited in the console would be dropped")
    publish.set_defaults(handler=_publish)
    _command(sub, "new-epoch", help="mark the database as restored: desks replay").set_defaults(handler=_new_epoch)
    outbox = _command(sub, "import-outbox", help="import a desk's sealed outbox file (desk-app export-outbox)")
    outbox.add_argument("file", type=Path)
    outbox.set_defaults(handler=_import_outbox)
    notify_cli.register(sub, _command)
    scans_cli.register(sub, _command)
    snapshots_cli.register(sub, _command)  # issue 13: snapshots for new desks
    return parser


def _device_commands(sub: Subcommands) -> None:
    device = _command(sub, "device", help="reception-point devices").add_subparsers(dest="sub", required=True)
    create = _command(device, "create", help="create a device and print its one-time enrollment code")
    create.add_argument("--unit", required=True, help="5-digit code of the reception point")
    create.add_argument("--label", default="")
    create.set_defaults(handler=_device_create)
    revoke = _command(device, "revoke", help="revoke a device: its token stops working at once")
    revoke.add_argument("device_id")
    revoke.set_defaults(handler=_device_revoke)


def _console_commands(sub: Subcommands) -> None:
    group = sub.add_parser("console-account", help="city console accounts (not the clerks' desk accounts)")
    console = group.add_subparsers(dest="sub", required=True)
    create = _command(console, "create", help="create a console account (password read from stdin)")
    create.add_argument("username")
    create.add_argument("--name", required=True)
    create.add_argument("--role", choices=tuple(console_accounts.ROLE_LABELS), default=console_accounts.CITY_ADMIN)
    create.add_argument("--unit", default="", help="a point supervisor's 5-digit unit code")
    create.add_argument("--authority", default="", help="a back-office officer's authority code")
    create.set_defaults(handler=_console_account_create)
    _command(console, "list", help="list console accounts").set_defaults(handler=_console_account_list)
    audit_group = sub.add_parser("audit", help="the console's audit log").add_subparsers(dest="sub", required=True)
    verify = _command(audit_group, "verify", help="check that no entry was altered or removed")
    verify.set_defaults(handler=_audit_verify)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {"db": args.db} if "db" in args else {}
    settings = ServerSettings(**overrides)
    try:
        code: int = args.handler(args, settings)
        return code
    except SchemaNotCurrent as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _open(settings: ServerSettings) -> CityDB:
    """A SQLite trial file migrates itself; PostgreSQL waits for `city-server migrate`."""
    return CityDB.open(settings.db, migrate=normalise_url(settings.db).startswith("sqlite"))


def _migrate(_args: argparse.Namespace, settings: ServerSettings) -> int:
    CityDB.open(settings.db, migrate=True).close()
    print("database schema is up to date")
    return 0


def _serve(args: argparse.Namespace, settings: ServerSettings) -> int:
    import uvicorn

    from sync.server.app import create_app

    logs.configure(settings)
    db = CityDB.open(settings.db, migrate=True, pool_size=settings.db_pool_size())
    options = {"host": args.host, "port": args.port, **uvicorn_options(settings)}
    if args.workers > 1:
        db.close()
        os.environ["CITY_DB"] = settings.db  # each worker reads its settings from the environment
        uvicorn.run("sync.server.app:app_from_settings", factory=True, workers=args.workers, **options)
    else:
        uvicorn.run(create_app(db, settings), **options)
    return 0


def uvicorn_options(settings: ServerSettings) -> dict[str, Any]:
    """How uvicorn runs the app (the tests' in-thread server uses the same)."""
    # Forwarded headers are ours to judge (settings.trusted_proxies): uvicorn would believe any loopback peer.
    return {"log_level": "warning", "access_log": False, "proxy_headers": False,
            "timeout_keep_alive": settings.keep_alive_s}


def _device_create(args: argparse.Namespace, settings: ServerSettings) -> int:
    if not (len(args.unit) == 5 and args.unit.isdigit()) and args.unit != devices.CITY_UNIT:
        raise ValueError("--unit must be a 5-digit unit code (or 01 for the city)")
    with _open(settings).write() as conn:
        device_id, code = devices.create(conn, args.unit, args.label)
    print(f"device {device_id}\nenrollment code: {code}")
    return 0


def _device_revoke(args: argparse.Namespace, settings: ServerSettings) -> int:
    with _open(settings).write() as conn:
        if not devices.revoke(conn, args.device_id):
            raise ValueError(f"no active device {args.device_id}")
    print(f"revoked {args.device_id}")
    return 0


def _account_create(args: argparse.Namespace, settings: ServerSettings) -> int:
    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        raise ValueError("the password must have at least 8 characters")
    with _open(settings).write() as conn:
        admin.create_account(conn, args.username, args.name, args.unit, args.role, password)
    print(f"account {args.username} ({args.role}, {args.unit})")
    return 0


def _console_account_create(args: argparse.Namespace, settings: ServerSettings) -> int:
    password = sys.stdin.readline().rstrip("\n")
    with _open(settings).write() as conn:
        made = console_accounts.create(conn, args.username, args.name, args.role, password, args.unit,
                                       args.authority)
        console_audit.append(conn, f"cli:{getpass.getuser()}", "account_created", made.username,
                             {"role": made.role, "unit_code": made.unit_code, "authority": made.authority})
    print(f"Đã tạo tài khoản bảng điều hành {made.username} ({made.role_label}). "
          "Mở http://MÁY-CHỦ:CỔNG/console để đăng nhập.")
    return 0


def _console_account_list(_args: argparse.Namespace, settings: ServerSettings) -> int:
    with _open(settings).read() as conn:
        for account, active, locked in console_accounts.listing(conn):
            state = "đã khóa" if not active else (f"tạm khóa tới {locked}" if locked else "đang dùng")
            where = account.unit_code or account.authority
            print(f"{account.username}\t{account.role}\t{where}\t{account.full_name}\t{state}")
    return 0


def _audit_verify(_args: argparse.Namespace, settings: ServerSettings) -> int:
    with _open(settings).read() as conn:
        count, problems = console_audit.verify(conn)
    if not problems:
        print(f"Nhật ký bảng điều hành nguyên vẹn ({count} mục).")
        return 0
    for problem in problems:
        print(problem.vi)
    return 1


def _publish(args: argparse.Namespace, settings: ServerSettings) -> int:
    content = reference.build_bundle(args.forms or settings.forms_dir, args.data or settings.data_dir)
    with _open(settings).write() as conn:
        lost = [] if args.force else refdata.lost_versions(refdata.published(conn, settings), content)
        if lost:
            shown = ", ".join(lost[:5]) + (f" và {len(lost) - 5} bản khác" if len(lost) > 5 else "")
            raise ValueError(f"các tệp thiếu hoặc khác {shown} đã phát hành (sửa trên bảng điều hành?): phát hành "
                             "từ tệp sẽ làm mất chúng. Chép chúng vào forms/ trước, hoặc thêm --force. "
                             "Chưa phát hành gì.")
        version = reference.publish(conn, content)
    print(f"published reference version {version}: {len(content['procedures'])} procedure definitions, "
          f"{len(content['holidays'])} holidays, {len(content['units'])} units")
    return 0


def _new_epoch(_args: argparse.Namespace, settings: ServerSettings) -> int:
    with _open(settings).write() as conn:
        print(f"epoch {admin.rotate_epoch(conn)}")
    return 0


def _import_outbox(args: argparse.Namespace, settings: ServerSettings) -> int:
    from sync.outbox_file import OutboxFileError
    from sync.server.notify.steps import Notifier
    from sync.server.outbox_import import import_outbox, summary
    from sync.server.scans.staging import Staging
    from sync.server.scans.store import open_store

    try:
        src = args.file.open("rb")
    except OSError as exc:
        print(f"Lỗi: không đọc được tệp «{args.file}»: {exc.strerror or exc}. Chưa nhập gì.", file=sys.stderr)
        return 2
    db = _open(settings)
    try:
        report = import_outbox(db, src, open_store(settings), Staging(settings.scan_folder() / ".partial"),
                               Notifier(settings.forms_dir, settings.public_url))
    except OutboxFileError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    finally:
        src.close()
        db.close()
    print(summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
