"""`city-server scans`: how much the city keeps, checking every stored scan, clearing abandoned uploads."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from sync.server import tables
from sync.server.db import CityDB
from sync.server.scans.staging import Staging
from sync.server.scans.store import ScanDamaged, ScanMissing, open_store
from sync.server.settings import ServerSettings

MB = 1024 * 1024


def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    scans = sub.add_parser("scans", help="scanned papers kept by the city").add_subparsers(dest="sub", required=True)
    command(scans, "stats", help="scans kept, their size, per point; uploads in progress").set_defaults(
        handler=_stats)
    command(scans, "verify", help="read every kept scan and check it against its SHA-256").set_defaults(
        handler=_verify)
    sweep = command(scans, "sweep", help="drop uploads in progress that nobody continued for DAYS days")
    sweep.add_argument("--days", type=float, default=14.0)
    sweep.set_defaults(handler=_sweep)


def _where(settings: ServerSettings) -> str:
    if settings.scans_backend == "s3":
        return f"S3 {settings.scans_s3_endpoint or 'AWS'} bucket {settings.scans_s3_bucket}/{settings.scans_s3_prefix}"
    return str(settings.scan_folder())


def _stats(_args: argparse.Namespace, settings: ServerSettings) -> int:
    db = CityDB.open(settings.db, migrate=False)
    s, r = tables.scans, tables.scan_refs
    try:
        with db.read() as conn:
            count, total = conn.execute(select(func.count(), func.coalesce(func.sum(s.c.size), 0))).one()
            per_point = conn.execute(
                select(r.c.unit_code, func.count(func.distinct(r.c.sha256)), func.sum(r.c.size))
                .group_by(r.c.unit_code).order_by(func.sum(r.c.size).desc()).limit(10)).all()
    finally:
        db.close()
    staging = Staging(settings.scan_folder() / ".partial")
    parts = list(staging.folder.glob("*.part")) if staging.folder.is_dir() else []
    print(f"Nơi lưu: {_where(settings)}")
    print(f"Bản quét đã về: {count} tệp, {int(total) / MB:.1f} MB")
    for unit, files, size in per_point:
        print(f"  điểm {unit}: {files} tệp, {int(size or 0) / MB:.1f} MB (kể cả tệp chưa về)")
    print(f"Đang tải lên dở: {len(parts)} tệp, {sum(p.stat().st_size for p in parts) / MB:.1f} MB")
    return 0


def _verify(_args: argparse.Namespace, settings: ServerSettings) -> int:
    db = CityDB.open(settings.db, migrate=False)
    try:
        with db.read() as conn:
            hashes = list(conn.execute(select(tables.scans.c.sha256).order_by(tables.scans.c.sha256)).scalars())
    finally:
        db.close()
    store, bad = open_store(settings), 0
    for sha in hashes:
        try:
            store.get(sha)
        except ScanMissing:
            bad += 1
            print(f"THIẾU {sha}")
        except ScanDamaged:
            bad += 1
            print(f"HỎNG {sha} (không khớp mã băm)")
    print(f"Đã kiểm tra {len(hashes)} bản quét: {len(hashes) - bad} nguyên vẹn, {bad} thiếu hoặc hỏng.")
    return 1 if bad else 0


def _sweep(args: argparse.Namespace, settings: ServerSettings) -> int:
    removed = Staging(settings.scan_folder() / ".partial").sweep(args.days * 86400)
    print(f"Đã xóa {removed} tệp tải lên dở quá {args.days:g} ngày.")
    return 0
