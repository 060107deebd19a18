"""`city-server snapshot build`: prepare the snapshots new desks start from (issue 13), e.g. nightly from a
timer, so that a desk enrolled the next day downloads at once instead of waiting for a build."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from sync.server import snapshots, tables
from sync.server.db import CityDB
from sync.server.settings import ServerSettings


def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    group = sub.add_parser("snapshot", help="snapshots of points for new desks").add_subparsers(dest="sub",
                                                                                                 required=True)
    build = command(group, "build", help="build (or keep, if recent) the snapshot of each point with a long log")
    build.add_argument("--unit", action="append", default=[], help="5-digit point code (repeatable; default: all)")
    build.set_defaults(handler=_build)


def _build(args: argparse.Namespace, settings: ServerSettings) -> int:
    db = CityDB.open(settings.db, migrate=False)
    try:
        with db.read() as conn:
            s = tables.scopes
            units = list(args.unit) or list(conn.execute(
                select(s.c.unit_code).where(s.c.count >= settings.snapshot_min_events).order_by(s.c.unit_code))
                .scalars())
        for unit in units:
            made = snapshots.manifest(db, settings, unit)
            if made.status != "ready":
                print(f"{unit}: nhật ký ngắn, máy mới tải từng trang (short log: replay)")
                continue
            print(f"{unit}: {made.dossiers} hồ sơ, {made.events} sự kiện, {made.size / 1024:.0f} KB, "
                  f"đến số {made.seq} ({made.sha256[:16]})")
    finally:
        db.close()
    return 0
