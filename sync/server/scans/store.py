"""Where the city keeps scans: one small interface, a folder by default, S3-compatible storage when set.

Both are content-addressed (a scan's name is its SHA-256, so the same paper sent by two desks is kept
once) and both check the hash again on every read: a flipped bit is found, never shown. A scan is put
only from a staged file whose whole hash the caller has verified (staging.py); the folder store moves
it into place with one rename (atomic on one file system), S3 makes an object appear whole or not at
all.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any, Protocol

from desk_app.private_files import private_folder, restrict
from sync.server.settings import ServerSettings

_HEX64 = re.compile(r"[0-9a-f]{64}")


class ScanMissing(LookupError):
    pass


class ScanDamaged(ValueError):
    """Stored bytes that no longer match their hash (the disk or the bucket altered them)."""


class ScanStore(Protocol):
    def has(self, sha256: str) -> bool: ...

    def put(self, sha256: str, staged: Path) -> None: ...

    def get(self, sha256: str) -> bytes: ...

    def size(self, sha256: str) -> int | None: ...


def checked(sha256: str) -> str:
    if not _HEX64.fullmatch(sha256):
        raise ValueError(f"not a SHA-256: {sha256[:80]!r}")
    return sha256


def verified(sha256: str, data: bytes) -> bytes:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ScanDamaged(f"scan {sha256[:12]}… does not match its hash")
    return data


class FileScanStore:
    """`<root>/ab/abcdef…`, files 0600 in 0700 folders (scans are personal data)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, sha256: str) -> Path:
        return self.root / checked(sha256)[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, sha256: str, staged: Path) -> None:
        target = self.path(sha256)
        private_folder(target.parent)
        restrict(staged)
        os.replace(staged, target)  # staged in <root>/.partial: the same file system, one atomic rename
        _sync_folder(target.parent)

    def get(self, sha256: str) -> bytes:
        try:
            return verified(sha256, self.path(sha256).read_bytes())
        except FileNotFoundError:
            raise ScanMissing(sha256) from None

    def size(self, sha256: str) -> int | None:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a power cut only once its folder is flushed (POSIX)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class S3ScanStore:
    """An S3-compatible bucket (AWS, MinIO, Ceph): objects `<prefix><sha256>`. boto3 is imported only here,
    so a city that keeps scans in a folder does not need it."""

    def __init__(self, bucket: str, prefix: str = "scans/", endpoint: str = "", region: str = "us-east-1",
                 access_key: str = "", secret_key: str = "") -> None:
        import boto3
        from botocore.config import Config

        keys = {"aws_access_key_id": access_key, "aws_secret_access_key": secret_key} if access_key else {}
        self.client: Any = boto3.client(
            "s3", endpoint_url=endpoint or None, region_name=region,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 5, "mode": "standard"}),
            **keys)
        self.bucket, self.prefix = bucket, prefix

    def key(self, sha256: str) -> str:
        return self.prefix + checked(sha256)

    def has(self, sha256: str) -> bool:
        return self.size(sha256) is not None

    def put(self, sha256: str, staged: Path) -> None:
        self.client.upload_file(str(staged), self.bucket, self.key(sha256),
                                ExtraArgs={"ContentType": "application/pdf"})
        staged.unlink(missing_ok=True)

    def get(self, sha256: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))
        except self.client.exceptions.NoSuchKey:
            raise ScanMissing(sha256) from None
        return verified(sha256, answer["Body"].read())

    def size(self, sha256: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        return int(head["ContentLength"])


def open_store(settings: ServerSettings) -> ScanStore:
    if settings.scans_backend == "s3":
        return S3ScanStore(settings.scans_s3_bucket, settings.scans_s3_prefix, settings.scans_s3_endpoint,
                           settings.scans_s3_region, settings.scans_s3_access_key, settings.scans_s3_secret_key)
    return FileScanStore(settings.scan_folder())
