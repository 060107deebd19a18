"""The snapshot a new desk starts from (issue 13): a point's events up to one sequence number in one file,
so that a desk enrolled at a point with 100,000 dossiers does not replay its log page by page.

The file is one zstd frame (the shipped dictionary of sync/wire.py, a checksum) holding a sequence of CBOR
documents: a header (format, point, sequence number S, epoch, counts), blocks of whole dossiers in the
order their first event was stored (each block is the compact wire's columns, `wire.encode_events`, so no
content hash and no derived id travels), and a trailer with the SHA-256 over the content hashes of every
event in file order, as the city holds them. The desk computes each hash from the fields and checks that
digest, so what it stores hashes exactly as the city's log (and its fingerprint agrees); the SHA-256 of the
whole file, given in the manifest, is checked before anything is applied. A block decodes on its own, so
the desk applies a block at a time without holding the whole point in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Literal

import cbor2
import zstandard
from pydantic import BaseModel, ConfigDict

from sync import wire
from sync.protocol import fields_hash

FORMAT = 1
SNAPSHOT_PATH = "/v1/sync/snapshot"
LEVEL = 17  # as small as 19 on dossier columns (bytes matter most on the island link), a third faster
BLOCK_DOSSIERS = 1000


class SnapshotError(ValueError):
    """A snapshot file that does not decode to the events it promises: refused whole."""


class SnapshotManifest(BaseModel):
    """What the desk learns before downloading: which file (its SHA-256 is its name) and what it holds.
    `status` "replay": the point's log is short, the ordinary pull is as quick (or no snapshot is built)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    status: Literal["ready", "replay"]
    sha256: str = ""
    size: int = 0
    seq: int = 0
    unit_code: str = ""
    epoch: str = ""
    events: int = 0
    dossiers: int = 0
    reference_version: int = 0
    format: int = FORMAT


class _HashingWriter:
    """A file that hashes and counts what is written to it."""

    def __init__(self, target: BinaryIO) -> None:
        self.target, self.digest, self.size = target, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.target.write(data)


def write(target: BinaryIO, header: dict[str, Any], blocks: Iterable[Sequence[dict[str, Any]]],
          level: int = LEVEL) -> tuple[str, int, int]:
    """Write the snapshot to `target`: header, then each block (wire dicts with content_hash, whole
    dossiers, oldest first), then the trailer. Returns (sha256 of the file, its size, events written)."""
    out = _HashingWriter(target)
    compressor = zstandard.ZstdCompressor(level=level, dict_data=wire.current_dictionary(), write_checksum=True)
    hashes: list[str] = []
    with compressor.stream_writer(out, closefd=False) as stream:  # type: ignore[arg-type]
        stream.write(cbor2.dumps({"f": FORMAT, **header}))
        for block in blocks:
            if not block:
                continue
            hashes += [event["content_hash"] for event in block]
            stream.write(cbor2.dumps({"e": wire.encode_events(block)}))
        stream.write(cbor2.dumps({"end": True, "events": len(hashes), "h": wire.batch_digest(hashes)}))
    return out.digest.hexdigest(), out.size, len(hashes)


def file_sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


class _Prefixed:
    """`head` and then the rest of `source`, read by read(n) (no seeking back on a stream)."""

    def __init__(self, head: bytes, source: Any) -> None:
        self.head, self.source = head, source

    def read(self, size: int = -1) -> bytes:
        if self.head:
            out = self.head if size < 0 else self.head[:size]
            self.head = self.head[len(out):]
            return out
        return bytes(self.source.read(size))

    def read_exactly(self, size: int) -> bytes:
        out = b""
        while len(out) < size and (piece := self.read(size - len(out))):
            out += piece
        return out


class Reader:
    """The documents of a snapshot file, in order: `header`, then `blocks()` yields each block's events as
    wire dicts with the content hash computed here; after the last block the trailer's count and digest
    are checked (SnapshotError). Any malformed part raises SnapshotError, never anything else."""

    def __init__(self, source: BinaryIO | Any) -> None:
        """`source`: anything with read(n) (a file, or the bytes of a download as they arrive)."""
        head = _Prefixed(b"", source).read_exactly(18)
        try:
            dict_id = wire.frame_dict_id(head)
        except wire.WireError as exc:
            raise SnapshotError(f"not a snapshot: {exc}") from exc
        data = wire.dictionaries().get(dict_id) if dict_id else None
        if dict_id and data is None:
            raise SnapshotError(f"the snapshot needs dictionary {dict_id}, which this program does not ship")
        rest: Any = _Prefixed(head, source)  # zstandard's stubs want an IO; it calls read(n) only
        self._stream = zstandard.ZstdDecompressor(dict_data=data).stream_reader(rest, read_across_frames=False)
        self._decoder = cbor2.CBORDecoder(self._stream)
        header = self._next()
        if not isinstance(header, dict) or header.get("f") != FORMAT:
            raise SnapshotError("not a snapshot of a known format")
        self.header: dict[str, Any] = header

    def _next(self) -> Any:
        try:
            return self._decoder.decode()
        except Exception as exc:  # zstd and cbor2 raise their own errors on a damaged file
            raise SnapshotError(f"damaged snapshot: {type(exc).__name__}: {exc}") from exc

    def _finish(self) -> None:
        """Nothing after the trailer; reading to the frame's end makes zstd check its checksum."""
        try:
            rest = self._stream.read(1)
        except zstandard.ZstdError as exc:
            raise SnapshotError(f"damaged snapshot: {exc}") from exc
        if rest:
            raise SnapshotError("data follows the snapshot's trailer")

    def blocks(self) -> Iterator[list[dict[str, Any]]]:
        digest = hashlib.sha256()
        count = 0
        while True:
            doc = self._next()
            if not isinstance(doc, dict):
                raise SnapshotError("a snapshot document is not a map")
            if doc.get("end") is True:
                if doc.get("events") != count or doc.get("h") != digest.digest():
                    raise SnapshotError("the events rebuilt here hash otherwise than the city's")
                self._finish()
                return
            try:
                events = wire.decode_events(doc.get("e"))
            except wire.WireError as exc:
                raise SnapshotError(f"damaged snapshot block: {exc}") from exc
            for event in events:
                event["content_hash"] = fields_hash(event)
                digest.update(bytes.fromhex(event["content_hash"]))
            count += len(events)
            yield events
