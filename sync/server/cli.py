"""`city-server`: run the city server and administer it from a terminal.

    city-server serve --db city.sqlite3 --port 8765
    city-server device create --unit 09661 --label "Bàn 1"     (prints the one-time code)
    city-server device revoke DEVICE_ID
    city-server account create USER --name "..." --unit 09661 --role clerk  (password on stdin)
    city-server publish                                             (forms/ and resources/data)
    city-server new-epoch                                           (after restoring a backup)
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sync.server import admin, devices, reference
from sync.server.db import CityDB

DEFAULT_DB = "city.sqlite3"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="city-server", description="Máy chủ đồng bộ thành phố (MotCua).")
    parser.add_argument("--db", default=os.environ.get("CITY_DB", DEFAULT_DB),
                        help="SQLite file path or postgresql://... URL (default city.sqlite3)")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="start the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)
    _device_commands(sub)
    account = sub.add_parser("account", help="clerk accounts").add_subparsers(dest="sub", required=True)
    create = account.add_parser("create", help="create a clerk account (password read from stdin)")
    create.add_argument("username")
    create.add_argument("--name", required=True)
    create.add_argument("--unit", required=True)
    create.add_argument("--role", choices=admin.ROLES, default="clerk")
    create.set_defaults(handler=_account_create)
    publish = sub.add_parser("publish", help="publish reference data as a new version")
    publish.add_argument("--forms", type=Path, help="forms/procedures folder (default: the shipped one)")
    publish.add_argument("--data", type=Path, help="folder with units.csv and holidays.csv")
    publish.set_defaults(handler=_publish)
    sub.add_parser("new-epoch", help="mark the database as restored: desks replay").set_defaults(handler=_new_epoch)
    return parser


def _device_commands(sub) -> None:
    device = sub.add_parser("device", help="reception-point devices").add_subparsers(dest="sub", required=True)
    create = device.add_parser("create", help="create a device and print its one-time enrollment code")
    create.add_argument("--unit", required=True, help="5-digit code of the reception point")
    create.add_argument("--label", default="")
    create.set_defaults(handler=_device_create)
    revoke = device.add_parser("revoke", help="revoke a device: its token stops working at once")
    revoke.add_argument("device_id")
    revoke.set_defaults(handler=_device_revoke)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _serve(args) -> int:
    import uvicorn

    from sync.server.app import create_app

    db = CityDB.open(args.db)
    if args.workers > 1:
        os.environ["CITY_DB"] = args.db
        uvicorn.run("sync.server.app:app_from_env", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="warning")
    else:
        uvicorn.run(create_app(db), host=args.host, port=args.port, log_level="warning")
    return 0


def _device_create(args) -> int:
    if not (len(args.unit) == 5 and args.unit.isdigit()) and args.unit != devices.CITY_UNIT:
        raise ValueError("--unit must be a 5-digit unit code (or 01 for the city)")
    with CityDB.open(args.db).write() as conn:
        device_id, code = devices.create(conn, args.unit, args.label)
    print(f"device {device_id}\nenrollment code: {code}")
    return 0


def _device_revoke(args) -> int:
    with CityDB.open(args.db).write() as conn:
        if not devices.revoke(conn, args.device_id):
            raise ValueError(f"no active device {args.device_id}")
    print(f"revoked {args.device_id}")
    return 0


def _account_create(args) -> int:
    password = sys.stdin.readline().rstrip("\n")
    if len(password) < 8:
        raise ValueError("the password must have at least 8 characters")
    with CityDB.open(args.db).write() as conn:
        admin.create_account(conn, args.username, args.name, args.unit, args.role, password)
    print(f"account {args.username} ({args.role}, {args.unit})")
    return 0


def _publish(args) -> int:
    content = reference.build_bundle(args.forms, args.data)
    with CityDB.open(args.db).write() as conn:
        version = reference.publish(conn, content)
    print(f"published reference version {version}: {len(content['procedures'])} procedure definitions, "
          f"{len(content['holidays'])} holidays, {len(content['units'])} units")
    return 0


def _new_epoch(args) -> int:
    with CityDB.open(args.db).write() as conn:
        print(f"epoch {admin.rotate_epoch(conn)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
