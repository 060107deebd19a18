"""A content-addressed file store (scanned papers): each file is kept once under its SHA-256, written
atomically, and checked against its name on every read, so a flipped bit is found, never passed on.

Layout: `<root>/ab/abcdef…` (the first two hex digits as a folder keep any one folder small). Files
are private (0600 in 0700 folders) because scans are personal data. Temporary files of a write cut
short (a crash, SIGKILL) start with "." and are swept by `sweep_temporary()`.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desk_app.private_files import private_folder, write_private

_HEX64 = re.compile(r"[0-9a-f]{64}")


class BlobError(Exception):
    """A stored file that is missing or no longer matches its hash."""


@dataclass(frozen=True)
class BlobStore:
    root: Path

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def path(self, sha256: str) -> Path:
        if not _HEX64.fullmatch(sha256):
            raise BlobError(f"Mã băm không hợp lệ: {sha256[:80]!r}")
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store `data` (once: the same bytes again are not written twice) and return its SHA-256."""
        sha256 = self.digest(data)
        target = self.path(sha256)
        if not target.exists():
            private_folder(target.parent)
            write_private(target, data)
        return sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def get(self, sha256: str) -> bytes:
        """The stored bytes, checked: a missing or altered file raises BlobError naming the hash."""
        try:
            data = self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise BlobError(f"Không tìm thấy tệp {sha256[:12]}… trong kho bản quét.") from None
        if self.digest(data) != sha256:
            raise BlobError(f"Tệp {sha256[:12]}… trong kho bản quét đã bị hỏng (không khớp mã băm).")
        return data

    def size(self, sha256: str) -> int:
        return self.path(sha256).stat().st_size

    def remove(self, sha256: str) -> None:
        self.path(sha256).unlink(missing_ok=True)

    def hashes(self) -> Iterator[str]:
        """Every stored hash (temporary files left by a cut write are not listed)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir() and len(folder.name) == 2:
                for item in sorted(folder.iterdir()):
                    if _HEX64.fullmatch(item.name):
                        yield item.name

    def total_bytes(self) -> int:
        return sum(self.size(sha) for sha in self.hashes())

    def sweep_temporary(self) -> int:
        """Delete temporary files a write cut short left behind; returns how many."""
        removed = 0
        if self.root.is_dir():
            for temp in self.root.glob("*/.*.tmp"):
                os.unlink(temp)
                removed += 1
        return removed
