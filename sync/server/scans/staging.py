"""Uploads in progress: one partial file per scan, appended a whole chunk at a time.

The partial's length is the offset a desk resumes from, so an upload cut by the link loses at most the
chunk that was on the wire (a chunk is appended only once its whole body has arrived). Two desks sending
the same scan at once take turns on a lock of the partial file (fcntl, so several server processes on one
machine agree); the second one's chunk at a stale offset is answered with the current offset. A finished
file is hashed whole before it is kept; a wrong hash drops the partial, so the next try starts clean.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from desk_app.private_files import FILE_MODE, private_folder
from sync.server.scans.store import ScanStore, checked


class OffsetMismatch(Exception):
    def __init__(self, held: int) -> None:
        super().__init__(f"the city holds {held} bytes")
        self.held = held


class HashMismatch(Exception):
    pass


class Staging:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, sha256: str) -> Path:
        return self.folder / f"{checked(sha256)}.part"

    def offset(self, sha256: str) -> int:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return 0

    def append(self, store: ScanStore, sha256: str, offset: int, data: bytes, total: int) -> tuple[int, bool]:
        """Add one chunk at `offset`; returns (bytes held, stored). The last chunk moves the file into
        `store` if its hash is right (HashMismatch otherwise, the partial gone)."""
        with self._locked(sha256) as fd:
            if store.has(sha256):  # another desk finished it meanwhile: leave no empty partial behind
                with contextlib.suppress(OSError):
                    if self.path(sha256).stat().st_size == 0:
                        self.path(sha256).unlink()
                return total, True
            held = os.fstat(fd).st_size
            if offset != held or held + len(data) > total:
                if held > total:  # a partial from an upload that claimed another size: start again
                    os.ftruncate(fd, 0)
                    held = 0
                raise OffsetMismatch(held)
            os.lseek(fd, 0, os.SEEK_END)
            os.write(fd, data)
            os.fsync(fd)
            held += len(data)
            if held < total:
                return held, False
            if _digest(fd) != sha256:
                self.path(sha256).unlink(missing_ok=True)
                raise HashMismatch(sha256)
            store.put(sha256, self.path(sha256))
            self.path(sha256).unlink(missing_ok=True)  # the folder store moved it; S3 copied it
            return total, True

    def drop(self, sha256: str) -> None:
        """Forget an upload in progress of a scan the store now holds whole (it came on a USB stick)."""
        if self.path(sha256).exists():
            with self._locked(sha256):
                self.path(sha256).unlink(missing_ok=True)

    @contextlib.contextmanager
    def _locked(self, sha256: str) -> Iterator[int]:
        private_folder(self.folder)
        fd = os.open(self.path(sha256), os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield fd
        finally:
            os.close(fd)

    def sweep(self, older_than_s: float) -> int:
        """Drop partials nobody has added to for that long (a desk that was replaced); returns how many."""
        if not self.folder.is_dir():
            return 0
        cutoff, removed = time.time() - older_than_s, 0
        for part in self.folder.glob("*.part"):
            if part.stat().st_mtime < cutoff:
                part.unlink(missing_ok=True)
                removed += 1
        return removed


def _digest(fd: int) -> str:
    digest = hashlib.sha256()
    os.lseek(fd, 0, os.SEEK_SET)
    while block := os.read(fd, 1024 * 1024):
        digest.update(block)
    return digest.hexdigest()
