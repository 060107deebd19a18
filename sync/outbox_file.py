"""The sneakernet file: a desk's unsent events and the scans the city lacks, sealed for a USB stick
(`desk-app export-outbox`, `city-server import-outbox`, the console's "Nhập tệp USB"). No Qt, no HTTP.

Layout (format 2): a magic line, one line of JSON header in clear (format, device, point, desk, time,
event and scan counts, scan bytes, salt, nonce prefix), then frames: a 4-byte big-endian length and an
AES-256-GCM ciphertext of at most FRAME_BYTES of plain text. Frames are sealed one at a time (so a file
of hundreds of MB never sits in memory at either end) in the STREAM construction: frame i's nonce is the
header's 7-byte prefix, i as 4 bytes and a last-frame flag, and every frame's associated data is the magic
and header line. A changed, dropped, repeated or reordered frame, a header changed anywhere, a file cut
short (no frame flagged last) or followed by junk fails a tag or a check, and the whole file is refused;
the importer reads to the end and checks the last frame before it stores anything.

Plain text of a frame: one kind byte, then `E` a piece of the gzip'd JSON event list, `S` a scan's JSON
(sha256, size) whose bytes follow in `D` frames, `Z` the closing summary (counts), flagged last.

The key is HKDF-SHA256 over SHA-256(device token), salted per file and bound to the device id. The desk
holds the token; the city stores exactly SHA-256(token) for that device (devices.token_hash) and so
derives the same key; no secret travels in the file. What this protects and what not: sync.md, "Sneakernet" and F26.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import ValidationError

from desk_app.private_files import FILE_MODE
from sync.protocol import WireEvent
from sync.scan_wire import MAX_SCAN_BYTES

MAGIC = b"MOTCUA-OUTBOX\n"
FORMAT = 2
FRAME_BYTES = 1024 * 1024  # plain text per frame: the most either end holds of a scan at once
TAG = 16
FRAME_OVERHEAD = 4 + 1 + TAG  # length, kind, tag
MAX_HEADER = 4096
MAX_FILE_BYTES = 64 * 1024 * 1024 * 1024  # weeks of a busy point's scans stay well below
MAX_INFLATED = 2 * 1024 * 1024 * 1024
EVENTS, SCAN, DATA, END = b"E", b"S", b"D", b"Z"
_HEX64 = re.compile(r"[0-9a-f]{64}")


class OutboxFileError(Exception):
    """The file is refused whole; the message is for the person at the terminal (Vietnamese)."""


@dataclass(frozen=True)
class Header:
    device_id: str
    unit_code: str
    desk_id: str
    created_at: str
    count: int
    salt: bytes
    nonce: bytes  # the 7-byte prefix of every frame's nonce
    scans: int = 0
    scan_bytes: int = 0
    raw: bytes = field(default=b"", compare=False, repr=False)  # the line as read (the frames' associated data)

    def line(self) -> bytes:
        if self.raw:
            return self.raw
        fields = {"format": FORMAT, "device_id": self.device_id, "unit_code": self.unit_code,
                  "desk_id": self.desk_id, "created_at": self.created_at, "count": self.count,
                  "scans": self.scans, "scan_bytes": self.scan_bytes,
                  "salt": _b64(self.salt), "nonce": _b64(self.nonce)}
        return json.dumps(fields, ensure_ascii=True, sort_keys=True).encode("ascii") + b"\n"


@dataclass(frozen=True)
class ScanSource:
    """A scan to seal: its hash, its size and how to read its (hash-checked) bytes."""
    sha256: str
    size: int
    read: Callable[[], bytes]


@dataclass(frozen=True)
class StagedScan:
    sha256: str
    size: int
    path: Path


@dataclass
class Unsealed:
    header: Header
    events: list[WireEvent]
    scans: list[StagedScan] = field(default_factory=list)


def token_key_material(token: str) -> bytes:
    """What both ends have: the desk hashes its token; the city stores this hash (as hex)."""
    return hashlib.sha256(token.encode("utf-8")).digest()


def _key(material: bytes, salt: bytes, device_id: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"motcua outbox v2 " + device_id.encode())
    return hkdf.derive(material)


def _nonce(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def events_blob(events: list[WireEvent]) -> bytes:
    return gzip.compress(json.dumps([e.model_dump() for e in events], ensure_ascii=False).encode("utf-8"), 9)


def sealed_size(events_gz: int, scan_sizes: Iterable[int]) -> int:
    """The file's size before it is written (to check the stick has room)."""
    def frames(n: int) -> int:
        return max(1, -(-n // (FRAME_BYTES - 1))) * FRAME_OVERHEAD + n

    total = len(MAGIC) + 400 + frames(events_gz) + FRAME_OVERHEAD + 200
    for size in scan_sizes:
        total += FRAME_OVERHEAD + 120 + frames(size)
    return total


class _Writer:
    def __init__(self, out: IO[bytes], key: bytes, prefix: bytes, aad: bytes) -> None:
        self.out, self.aead, self.prefix, self.aad = out, AESGCM(key), prefix, aad
        self.index = 0

    def frame(self, kind: bytes, body: bytes, last: bool = False) -> None:
        sealed = self.aead.encrypt(_nonce(self.prefix, self.index, last), kind + body, self.aad)
        self.out.write(struct.pack(">I", len(sealed)) + sealed)
        self.index += 1

    def pieces(self, kind: bytes, data: bytes) -> None:
        step = FRAME_BYTES - 1
        for at in range(0, max(1, len(data)), step):
            self.frame(kind, data[at:at + step])


def seal_to(out: IO[bytes], events_gz: bytes, event_count: int, scans: list[ScanSource], token: str,
            device_id: str, unit_code: str, desk_id: str, created_at: str,
            on_scan: Callable[[ScanSource], None] = lambda _s: None) -> Header:
    """Write the sealed file to `out`, one scan in memory at a time; `on_scan` after each scan."""
    header = Header(device_id, unit_code, desk_id, created_at, event_count, os.urandom(16), os.urandom(7),
                    len(scans), sum(s.size for s in scans))
    aad = MAGIC + header.line()
    out.write(aad)
    writer = _Writer(out, _key(token_key_material(token), header.salt, device_id), header.nonce, aad)
    writer.pieces(EVENTS, events_gz)
    for scan in scans:
        data = scan.read()
        if len(data) != scan.size or hashlib.sha256(data).hexdigest() != scan.sha256:
            raise OutboxFileError(f"Bản quét {scan.sha256[:12]}… trên máy này không khớp mã băm. Chưa ghi gì.")
        writer.frame(SCAN, json.dumps({"sha256": scan.sha256, "size": scan.size}).encode("ascii"))
        if data:
            writer.pieces(DATA, data)
        on_scan(scan)
    summary = {"events": event_count, "scans": len(scans), "scan_bytes": header.scan_bytes}
    writer.frame(END, json.dumps(summary).encode("ascii"), last=True)
    return header


def read_header(src: IO[bytes]) -> Header:
    """The clear header, to find the device's key; nothing in it is trusted before `unseal` has read the
    whole file. Leaves `src` at the first frame."""
    start = src.read(len(MAGIC) + MAX_HEADER)
    if not start.startswith(MAGIC) or b"\n" not in start[len(MAGIC):]:
        raise OutboxFileError("Đây không phải tệp dữ liệu chưa gửi của MotCua (desk-app export-outbox). Chưa nhập gì.")
    end = start.index(b"\n", len(MAGIC)) + 1
    src.seek(end)
    line = start[len(MAGIC):end - 1]
    try:
        raw: dict[str, Any] = json.loads(line)
        if raw.get("format") != FORMAT:
            raise OutboxFileError(f"Tệp theo định dạng {raw.get('format')!r}, chương trình này đọc định dạng "
                                  f"{FORMAT}. Hãy xuất lại từ máy tiếp nhận bằng phiên bản mới. Chưa nhập gì.")
        header = Header(str(raw["device_id"]), str(raw["unit_code"]), str(raw["desk_id"]), str(raw["created_at"]),
                        int(raw["count"]), _unb64(raw["salt"]), _unb64(raw["nonce"]), int(raw["scans"]),
                        int(raw["scan_bytes"]), start[len(MAGIC):end])
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _tampered() from None
    if len(header.nonce) != 7 or not 0 <= header.scan_bytes <= MAX_FILE_BYTES or header.scans < 0:
        raise _tampered()
    return header


def unseal(src: IO[bytes], header: Header, key_material: bytes, folder: Path) -> Unsealed:
    """Read every frame after the header; scans are written into `folder` (each checked against its hash and
    the size caps). Returns only once the whole file is proven authentic and complete; OutboxFileError
    otherwise, and the caller drops `folder`."""
    reader = _Reader(src, header, key_material, folder)
    try:
        summary = reader.frames()
    finally:
        if reader.scan is not None:
            reader.scan.close()
    try:
        if not reader.inflate.eof or reader.inflate.unused_data:
            raise ValueError("gzip stream cut short or followed by junk")
        reader.result.events = [WireEvent.model_validate(item) for item in json.loads(bytes(reader.text))]
    except (zlib.error, ValueError, ValidationError, TypeError):
        raise _tampered() from None
    result = reader.result
    if (len(result.events) != header.count or len(result.scans) != header.scans
            or reader.written != header.scan_bytes
            or summary != {"events": header.count, "scans": header.scans, "scan_bytes": header.scan_bytes}):
        raise _tampered()
    return result


class _Reader:
    def __init__(self, src: IO[bytes], header: Header, key_material: bytes, folder: Path) -> None:
        self.src, self.header, self.folder = src, header, folder
        self.aad = MAGIC + header.line()
        self.aead = AESGCM(_key(key_material, header.salt, header.device_id))
        self.inflate, self.text = zlib.decompressobj(wbits=31), bytearray()
        self.result = Unsealed(header, [])
        self.scan: _ScanIn | None = None
        self.written = 0

    def frames(self) -> dict[str, Any]:
        """Every frame in order; returns the closing summary."""
        index, read_total = 0, len(self.aad)
        while True:
            plain, last = _next_frame(self.src, self.aead, self.header.nonce, index, self.aad)
            index += 1
            read_total += 4 + TAG + len(plain)
            if read_total > MAX_FILE_BYTES:
                raise OutboxFileError("Tệp quá lớn để là tệp dữ liệu chưa gửi của một máy tiếp nhận. Chưa nhập gì.")
            kind, body = plain[:1], plain[1:]
            if kind != DATA and self.scan is not None:
                self.result.scans.append(self.scan.finish())
                self.scan = None
            if kind == END and last:
                if self.src.read(1):
                    raise _tampered()  # junk after the last frame
                return _json(body)
            if last:
                raise _tampered()
            self._take(kind, body)

    def _take(self, kind: bytes, body: bytes) -> None:
        if kind == EVENTS and not self.result.scans:
            self.text += self.inflate.decompress(body, max(1, MAX_INFLATED - len(self.text)))  # 0: no limit
            if self.inflate.unconsumed_tail:
                raise _tampered()
        elif kind == SCAN:
            meta = _json(body)
            sha, size = str(meta.get("sha256", "")), meta.get("size")
            if (not isinstance(size, int) or not _HEX64.fullmatch(sha) or not 0 < size <= MAX_SCAN_BYTES
                    or self.written + size > self.header.scan_bytes
                    or any(s.sha256 == sha for s in self.result.scans)):
                raise _tampered()
            self.written += size
            self.scan = _ScanIn(sha, size, self.folder / sha)
        elif kind == DATA and self.scan is not None:
            self.scan.write(body)
        else:
            raise _tampered()


def _next_frame(src: IO[bytes], aead: AESGCM, prefix: bytes, index: int, aad: bytes) -> tuple[bytes, bool]:
    head = src.read(4)
    if len(head) != 4:
        raise _tampered()  # cut short: no frame was flagged last
    (length,) = struct.unpack(">I", head)
    if not TAG < length <= FRAME_BYTES + TAG:
        raise _tampered()
    sealed = src.read(length)
    if len(sealed) != length:
        raise _tampered()
    for last in (False, True):
        try:
            return aead.decrypt(_nonce(prefix, index, last), sealed, aad), last
        except InvalidTag:
            continue
    raise _tampered()


class _ScanIn:
    """One scan being written from the file into the import's own folder, hashed as it goes."""

    def __init__(self, sha256: str, size: int, path: Path) -> None:
        self.sha256, self.size, self.path = sha256, size, path
        self.digest, self.held = hashlib.sha256(), 0
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)

    def write(self, data: bytes) -> None:
        self.held += len(data)
        if self.held > self.size:
            self.close()
            raise _tampered()
        self.digest.update(data)
        os.write(self.fd, data)

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def finish(self) -> StagedScan:
        try:
            os.fsync(self.fd)
        finally:
            self.close()
        if self.held != self.size or self.digest.hexdigest() != self.sha256:
            raise _tampered()
        return StagedScan(self.sha256, self.size, self.path)


def _json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError:
        raise _tampered() from None
    if not isinstance(value, dict):
        raise _tampered()
    return value


def _tampered() -> OutboxFileError:
    return OutboxFileError("Tệp đã bị sửa, bị hỏng hoặc không phải của thiết bị ghi trong tệp: từ chối cả tệp, "
                           "chưa nhập gì. Hãy xuất lại từ máy tiếp nhận (desk-app export-outbox).")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text), validate=True)
