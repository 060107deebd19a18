"""Files that hold personal data (the database, its backups, drafts, scans, published wording) are
readable by their owner only: created 0600 inside a 0700 folder, written whole or not at all."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> Path:
    """Create the folder (and its parents) for the owner only; an existing one is narrowed too."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    restrict(path, FOLDER_MODE)
    return path


def create_private(path: Path) -> Path:
    """Create `path` empty and 0600 if it is missing (SQLite gives its -wal and -shm files the same mode),
    or narrow an existing one; a missing folder is created 0700."""
    if not path.parent.exists():
        private_folder(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        for existing in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            restrict(existing)
    return path


def restrict(path: Path, mode: int = FILE_MODE) -> None:
    """Owner-only permissions where the platform has them (Windows keeps its folder ACLs)."""
    if os.name == "posix" and path.exists():
        with contextlib.suppress(PermissionError):  # a file we do not own: not ours to change
            os.chmod(path, mode)


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically: a temporary file, fsync, rename; never half a file."""
    private_folder(path.parent)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
