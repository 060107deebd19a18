"""The city's half of the sneakernet: `city-server import-outbox FILE` and the console's upload page.

The file is opened with the key of the device it names (derived from the token hash this server stores,
sync/outbox_file.py) and refused whole if a byte was changed, if it was sealed by another device, or if
this server does not know the device. Three steps, so a cut (SIGKILL, a power failure) never leaves half:
1. The whole file is read, authenticated to its last frame, and its scans written into a private folder of
   this import (hash and size checked); nothing touches the database or the scan store yet.
2. Its events go through the same `ingest.push` as the network path, in one transaction: stored once by
   event id, so importing twice, or the same events arriving later by network, changes nothing; refused
   and conflicting events are quarantined as always. A revoked device's file is held for review like its
   pushes (revoked.py), never accepted, and its scans are not kept.
3. Each scan a live dossier of the device's point names (the events just stored included: the same rule
   as the network's offer) is moved into the scan store whole (one rename, or one S3 put) and noted;
   one the store holds already is left as it is. A cut here leaves whole scans only, and the next import
   or the desk's next network round brings the rest.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from desk_app.private_files import FILE_MODE, private_folder
from sync import outbox_file
from sync.outbox_file import OutboxFileError
from sync.server import ingest, revoked, tables
from sync.server.clock import now_iso
from sync.server.db import CityDB
from sync.server.devices import Device
from sync.server.ingest import StoredHook
from sync.server.scans import refs
from sync.server.scans.staging import Staging
from sync.server.scans.store import ScanStore

MB = 1024 * 1024
LOCK = ".lock"


@dataclass
class ImportReport:
    device_id: str
    unit_code: str
    events: int
    statuses: Counter[str]
    held_for_review: bool = False
    scans: Counter[str] = field(default_factory=Counter)  # stored, had, refused
    scan_bytes: int = 0  # bytes of the scans this import put into the store


def import_outbox(db: CityDB, src: IO[bytes], store: ScanStore, staging: Staging,
                  on_stored: StoredHook | None = None) -> ImportReport:
    """Import one sealed file read from `src`. The scans are first written to a folder of this import beside
    the uploads in progress (`staging`), on the folder store's disk, so keeping one is a rename; the folder
    is removed at the end, or swept by the next import if this one is killed."""
    header = outbox_file.read_header(src)
    with db.read() as conn:
        d = tables.devices
        row = conn.execute(select(d.c.id, d.c.unit_code, d.c.token_hash, d.c.revoked_at)
                           .where(d.c.id == header.device_id)).first()
    if row is None or row.token_hash is None:
        raise OutboxFileError(f"Máy chủ này không có thiết bị {header.device_id[:40]!r} đã đăng ký: tệp không phải "
                              "của một máy tiếp nhận thuộc máy chủ này. Từ chối cả tệp, chưa nhập gì.")
    device = Device(row.id, row.unit_code, revoked=row.revoked_at is not None)
    with _workspace(work_folder(staging)) as folder:
        _check_room(folder, header.scan_bytes)
        try:
            unsealed = outbox_file.unseal(src, header, bytes.fromhex(row.token_hash), folder)
        except OSError as exc:  # the city's disk, not the file: say so
            raise OutboxFileError(f"Máy chủ không ghi được bản quét tạm vào {folder.parent}: {exc.strerror or exc}. "
                                  "Chưa nhập gì.") from None
        events = unsealed.events
        report = ImportReport(device.id, device.unit_code, len(events), Counter(), device.revoked)
        with db.write() as conn:
            if device.revoked:
                revoked.hold(conn, device, events, "import-outbox")
                report.statuses["held"] = len(events)
                report.scans["refused"] = len(unsealed.scans)
                return report
            try:
                results = ingest.push(conn, device, events, on_stored) if events else []
            except ingest.Forbidden:
                raise OutboxFileError("Tệp có sự kiện của hồ sơ thuộc điểm tiếp nhận khác với thiết bị đã niêm "
                                      "phong tệp. Từ chối cả tệp, chưa nhập gì.") from None
        report.statuses.update(r.status for r in results)
        _keep_scans(db, device, store, staging, unsealed.scans, report)
    return report


def summary(report: ImportReport) -> str:
    """What an import did, in a sentence (the CLI prints it; the console shows it)."""
    if report.held_for_review:
        return (f"Thiết bị {report.device_id} đã bị thu hồi: {report.events} sự kiện của tệp được giữ lại để quản "
                "trị xem xét (quarantine, revoked_device), chưa ghi vào hồ sơ; bản quét không được lưu.")
    s, k = report.statuses, report.scans
    text = (f"Đã nhập tệp của thiết bị {report.device_id} (điểm {report.unit_code}): {report.events} sự kiện; "
            f"mới {s['stored']}, đã có {s['duplicate']}, bị giữ lại {s['quarantined'] + s['rejected']}.")
    if k.total():
        text += (f" Bản quét: {k.total()} tệp; lưu mới {k['stored']} ({report.scan_bytes / MB:.1f} MB), "
                 f"đã có {k['had']}, không nhận {k['refused']} (không hồ sơ nào của điểm nêu tên).")
    return text


def _keep_scans(db: CityDB, device: Device, store: ScanStore, staging: Staging,
                scans: list[outbox_file.StagedScan], report: ImportReport) -> None:
    with db.read() as conn:
        named = refs.wanted_by(conn, device, [s.sha256 for s in scans])
    for scan in scans:
        if store.has(scan.sha256):
            report.scans["had"] += 1
            staging.drop(scan.sha256)  # an upload cut short, or an import killed before it dropped it
            _note(db, scan, device)  # in the store but perhaps not in a database restored from a backup
        elif scan.sha256 in named:
            try:
                store.put(scan.sha256, scan.path)
            except Exception as exc:  # the disk or the bucket failed: the events are in, the rest can follow
                raise OutboxFileError(
                    f"Các sự kiện đã được nhập nhưng không lưu được bản quét {scan.sha256[:12]}… vào kho bản quét "
                    f"({type(exc).__name__}: {str(exc)[:200]}). Sửa kho rồi nhập lại cùng tệp: phần đã có không "
                    "thay đổi, bản quét còn thiếu được lưu nốt.") from None
            staging.drop(scan.sha256)  # a network upload of it cut short: the stick brought it whole
            _note(db, scan, device)
            report.scans["stored"] += 1
            report.scan_bytes += scan.size
        else:
            report.scans["refused"] += 1  # no live dossier of the point names it: the city does not keep it


def _note(db: CityDB, scan: outbox_file.StagedScan, device: Device) -> None:
    try:
        with db.write() as conn:
            refs.kept(conn, scan.sha256, scan.size, device.id, now_iso())
    except IntegrityError:  # a desk's upload of the same scan finished at the same moment
        pass


def _check_room(folder: Path, scan_bytes: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < scan_bytes + 64 * MB:
        raise OutboxFileError(f"Máy chủ không đủ chỗ để nhập tệp: các bản quét cần {scan_bytes / MB:.0f} MB, "
                              f"thư mục {folder.parent} còn {free / MB:.0f} MB. Chưa nhập gì.")


@contextlib.contextmanager
def _workspace(work: Path) -> Iterator[Path]:
    """A private folder for this import, locked while it runs. Folders whose lock nobody holds were left by
    an import that was killed: their decrypted scans are personal data, so they go first."""
    private_folder(work)
    sweep(work)
    name = f"import-{secrets.token_hex(8)}"
    making = private_folder(work / f".{name}")  # named for the sweep only once it is locked
    fd = os.open(making / LOCK, os.O_RDWR | os.O_CREAT, FILE_MODE)
    folder = work / name
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.replace(making, folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(making, ignore_errors=True)
        os.close(fd)


def sweep(work: Path) -> int:
    """Remove the folders of imports that no longer run; returns how many."""
    removed = 0
    if not work.is_dir():
        return 0
    for folder in [*work.glob("import-*"), *work.glob(".import-*")]:
        try:
            fd = os.open(folder / LOCK, os.O_RDWR)
        except FileNotFoundError:
            if folder.name.startswith("."):
                continue  # being made by another import this moment (or an empty one left: harmless)
            fd = -1
        try:
            if fd >= 0:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # another import is running
        shutil.rmtree(folder, ignore_errors=True)
        if fd >= 0:
            os.close(fd)
        removed += 1
    return removed


def work_folder(staging: Staging) -> Path:
    """Beside the uploads in progress (<scans>/.partial): the same disk as the folder store."""
    return staging.folder.parent / ".import"
