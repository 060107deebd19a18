"""The desk's half of the sneakernet: its unsent events and the scans the city lacks as far as this desk
knows, sealed for the enrolled device, into a file for a USB stick (format and keys: sync/outbox_file.py).
Nothing is marked sent: nobody here knows whether the stick reaches the city, and the same events and
scans arriving later by network change nothing (the server keeps each event once, by its id; the next
round's scan offer is answered "have it", so no scan byte goes twice)."""

from __future__ import annotations

import errno
import functools
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from desk_app.core import replica, scan_sync
from desk_app.core.sessions import Sessions
from desk_app.core.settings import load_settings
from desk_app.private_files import FILE_MODE, private_folder
from sync import outbox_file
from sync.client import NotEnrolled
from sync.outbox_file import OutboxFileError, ScanSource
from sync.protocol import WireEvent
from sync.scan_client import BlobSource

ALL = 10_000_000
MB = 1024 * 1024


class NoSpace(OutboxFileError):
    """The target cannot hold the file; nothing was written."""


@dataclass
class ExportReport:
    events: int = 0
    scans: int = 0
    scan_bytes: int = 0
    file_bytes: int = 0
    missing: int = 0  # scans named by this desk's events that its store lacks or holds damaged: not in the file


Progress = Callable[[int, int, int, int], None]  # scans done, scans in all, bytes done, bytes in all


def export_outbox(store: Sessions, path: Path, scans: BlobSource | None = None,
                  on_progress: Progress | None = None) -> ExportReport:
    """Write the unsent events (oldest first) and the unconfirmed scans to `path`, sealed for this device,
    whole or not at all."""
    blobs = scans if scans is not None else scan_sync.store_for(Path(store.path))
    with store.read() as session:
        state = replica.load_state(session)
        desk_id = load_settings(session).desk_id
        events = []
        for row in replica.unsent(session, ALL):
            try:
                events.append(WireEvent.model_validate(replica.wire_dict(row)))
            except ValidationError:
                continue  # the next network round parks it for a supervisor, as it always has
        wanted = scan_sync.to_export(session, state.epoch) if state.enrolled else []
    if not state.enrolled:
        raise NotEnrolled("Máy này chưa đăng ký với máy chủ thành phố (desk-app enroll): chưa có khoá để niêm "
                          "phong tệp. Chưa ghi tệp nào.")
    report = ExportReport(events=len(events))
    sources = []
    for sha, size in wanted:
        if _intact(blobs, sha, size):
            sources.append(ScanSource(sha, size, functools.partial(blobs.get, sha)))
        else:
            report.missing += 1
    events_gz = outbox_file.events_blob(events)
    need = outbox_file.sealed_size(len(events_gz), (s.size for s in sources))
    _check_room(path, need)
    total_bytes = sum(s.size for s in sources)
    done = [0, 0]

    def progressed(scan: ScanSource) -> None:
        done[0] += 1
        done[1] += scan.size
        if on_progress is not None:
            on_progress(done[0], len(sources), done[1], total_bytes)

    header = _write(path, lambda out: outbox_file.seal_to(
        out, events_gz, len(events), sources, state.token, state.device_id, state.unit_code, desk_id,
        replica.now_iso(), progressed), need)
    report.scans, report.scan_bytes = header.scans, header.scan_bytes
    report.file_bytes = path.stat().st_size
    return report


def _intact(blobs: BlobSource, sha: str, size: int) -> bool:
    """Held and matching its hash (read once here: a damaged scan is left out, as the network leaves it)."""
    try:
        return blobs.has(sha) and len(blobs.get(sha)) == size
    except Exception:
        return False


def _check_room(path: Path, need: int) -> None:
    private_folder(path.parent)
    free = shutil.disk_usage(path.parent).free
    if free < need:
        raise NoSpace(_no_space(path, need, free))


def _no_space(path: Path, need: int, free: int | None) -> str:
    left = f", còn trống {free / MB:.1f} MB" if free is not None else ""
    return (f"Không đủ chỗ trên ổ chứa «{path.parent}»: tệp cần khoảng {need / MB:.1f} MB{left}. Hãy dùng "
            "USB trống hơn hoặc xoá bớt tệp trên đó. Chưa ghi gì.")


def _write(path: Path, fill: Callable[..., outbox_file.Header], need: int) -> outbox_file.Header:
    """Into a temporary file beside `path`, fsync, rename: the stick never holds half a file under its name."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb", buffering=1024 * 1024) as out:
            header = fill(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise NoSpace(_no_space(path, need, None)) from None
        raise
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return header
