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
from dataclasses import dataclass, field
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
    files: list[Path] = field(default_factory=list)


Progress = Callable[[int, int, int, int], None]  # scans done, scans in all, bytes done, bytes in all


def export_outbox(store: Sessions, path: Path, scans: BlobSource | None = None,
                  on_progress: Progress | None = None, max_bytes: int = 0) -> ExportReport:
    """Write the unsent events (oldest first) and the unconfirmed scans to `path`, sealed for this device,
    whole or not at all. With `max_bytes`, into as many numbered files as it takes (`ban1-1.outbox`, ...):
    each carries every event and a share of the scans, so each imports alone and in any order."""
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
    parts = _parts(sources, len(events_gz), max_bytes)
    targets = [path] if len(parts) == 1 else [path.with_name(f"{path.stem}-{i}{path.suffix}")
                                               for i in range(1, len(parts) + 1)]
    sizes = [outbox_file.sealed_size(len(events_gz), (s.size for s in part)) for part in parts]
    _check_room(path, sum(sizes))
    total_bytes = sum(s.size for s in sources)
    done = [0, 0]

    def progressed(scan: ScanSource) -> None:
        done[0] += 1
        done[1] += scan.size
        if on_progress is not None:
            on_progress(done[0], len(sources), done[1], total_bytes)

    written: list[Path] = []
    try:
        for target, part, need in zip(targets, parts, sizes, strict=True):
            _write(target, lambda out, part=part: outbox_file.seal_to(
                out, events_gz, len(events), part, state.token, state.device_id, state.unit_code, desk_id,
                replica.now_iso(), progressed), need)
            written.append(target)
    except BaseException:
        for target in written:  # all the files or none: a stick with half of them would mislead
            target.unlink(missing_ok=True)
        raise
    report.files = written
    report.scans, report.scan_bytes = len(sources), total_bytes
    report.file_bytes = sum(target.stat().st_size for target in written)
    return report


def _parts(sources: list[ScanSource], events_gz: int, max_bytes: int) -> list[list[ScanSource]]:
    """The scans shared out, in order, so that no file passes `max_bytes` (0: one file)."""
    if not max_bytes:
        return [sources]
    floor = outbox_file.sealed_size(events_gz, [])
    if floor > max_bytes:
        raise OutboxFileError(f"Riêng các sự kiện chưa gửi đã cần {floor / MB:.1f} MB, hơn giới hạn "
                              f"{max_bytes / MB:.1f} MB mỗi tệp. Hãy tăng --max-mb. Chưa ghi gì.")
    parts: list[list[ScanSource]] = [[]]
    for scan in sources:
        alone = outbox_file.sealed_size(events_gz, [scan.size])
        if alone > max_bytes:
            raise OutboxFileError(f"Bản quét {scan.sha256[:12]}… cần {alone / MB:.1f} MB cùng các sự kiện, hơn giới "
                                  f"hạn {max_bytes / MB:.1f} MB mỗi tệp. Hãy tăng --max-mb. Chưa ghi gì.")
        if outbox_file.sealed_size(events_gz, [s.size for s in parts[-1]] + [scan.size]) > max_bytes:
            parts.append([])
        parts[-1].append(scan)
    return parts


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
