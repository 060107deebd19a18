"""The sneakernet file: a desk's unsent events sealed for a USB stick (`desk-app export-outbox`,
`city-server import-outbox`). No Qt, no HTTP.

Layout: a magic line, one line of JSON header in clear (format, device, point, count, time, salt, nonce),
then AES-256-GCM ciphertext of the gzip'd JSON event list. The header is the ciphertext's associated
data, so a changed byte anywhere, header included, fails the tag and the whole file is refused.

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
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import ValidationError

from sync.protocol import WireEvent

MAGIC = b"MOTCUA-OUTBOX\n"
FORMAT = 1
MAX_FILE_BYTES = 512 * 1024 * 1024  # a year of a busy point's events is far less
MAX_INFLATED = 2 * 1024 * 1024 * 1024


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
    nonce: bytes

    def line(self) -> bytes:
        fields = {"format": FORMAT, "device_id": self.device_id, "unit_code": self.unit_code,
                  "desk_id": self.desk_id, "created_at": self.created_at, "count": self.count,
                  "salt": _b64(self.salt), "nonce": _b64(self.nonce)}
        return json.dumps(fields, ensure_ascii=True, sort_keys=True).encode("ascii") + b"\n"


def token_key_material(token: str) -> bytes:
    """What both ends have: the desk hashes its token; the city stores this hash (as hex)."""
    return hashlib.sha256(token.encode("utf-8")).digest()


def _key(material: bytes, salt: bytes, device_id: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"motcua outbox v1 " + device_id.encode())
    return hkdf.derive(material)


def seal(events: list[WireEvent], token: str, device_id: str, unit_code: str, desk_id: str,
         created_at: str) -> bytes:
    header = Header(device_id, unit_code, desk_id, created_at, len(events), os.urandom(16), os.urandom(12))
    plain = gzip.compress(json.dumps([e.model_dump() for e in events], ensure_ascii=False).encode("utf-8"), 9)
    aad = MAGIC + header.line()
    sealed = AESGCM(_key(token_key_material(token), header.salt, device_id)).encrypt(header.nonce, plain, aad)
    return aad + sealed


def read_header(data: bytes) -> Header:
    """The clear header, to find the device's key; nothing in it is trusted before `open_sealed`."""
    if len(data) > MAX_FILE_BYTES:
        raise OutboxFileError("Tệp quá lớn để là tệp dữ liệu chưa gửi của một máy tiếp nhận. Chưa nhập gì.")
    if not data.startswith(MAGIC) or b"\n" not in data[len(MAGIC):len(MAGIC) + 4096]:
        raise OutboxFileError("Đây không phải tệp dữ liệu chưa gửi của MotCua (desk-app export-outbox). Chưa nhập gì.")
    line = data[len(MAGIC):data.index(b"\n", len(MAGIC))]
    try:
        raw: dict[str, Any] = json.loads(line)
        if raw.get("format") != FORMAT:
            raise OutboxFileError(f"Tệp theo định dạng {raw.get('format')!r}, chương trình này đọc định dạng "
                                  f"{FORMAT}. Chưa nhập gì.")
        return Header(str(raw["device_id"]), str(raw["unit_code"]), str(raw["desk_id"]), str(raw["created_at"]),
                      int(raw["count"]), _unb64(raw["salt"]), _unb64(raw["nonce"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise _tampered() from None


def open_sealed(data: bytes, key_material: bytes) -> tuple[Header, list[WireEvent]]:
    """Every event of the file, or OutboxFileError: a changed byte or another device's key refuses it whole."""
    header = read_header(data)
    aad_end = data.index(b"\n", len(MAGIC)) + 1
    try:
        plain = AESGCM(_key(key_material, header.salt, header.device_id)).decrypt(
            header.nonce, data[aad_end:], data[:aad_end])
    except (InvalidTag, ValueError):
        raise _tampered() from None
    try:
        inflate = zlib.decompressobj(wbits=31)
        text = inflate.decompress(plain, MAX_INFLATED)
        if not inflate.eof or inflate.unused_data:
            raise ValueError("gzip stream too large or followed by junk")
        items = json.loads(text)
        events = [WireEvent.model_validate(item) for item in items]
    except (zlib.error, ValueError, ValidationError, TypeError):
        raise _tampered() from None
    if len(events) != header.count:
        raise _tampered()
    return header, events


def _tampered() -> OutboxFileError:
    return OutboxFileError("Tệp đã bị sửa, bị hỏng hoặc không phải của thiết bị ghi trong tệp: từ chối cả tệp, "
                           "chưa nhập gì. Hãy xuất lại từ máy tiếp nhận (desk-app export-outbox).")


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text), validate=True)
