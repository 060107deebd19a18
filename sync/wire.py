"""The compact exchange body (issue 13): what the far end cannot derive, in columns, CBOR, zstd with a
dictionary shipped in both ends.

Over the island link the push is bytes: the JSON event carried a random event id and dossier id, the desk
id twice, a 64-hex content hash and key names in every event, ~500 B a dossier where the dossier's
information is ~55 B. Here a batch is one CBOR map of columns (one list per field, so like values sit
together for zstd): the kind and actor as indexes into small tables, the clock stamp as a millisecond
delta and counter with the desk named once, the wall time as a delta in seconds, each payload flattened
into per-kind columns. Ids derived from the stamp (desk_app/domain/ids.py) are left out, a step names its
dossier by the distance to an earlier event of the batch or by its "received" stamp, and no content hash
travels: the receiver computes every hash, and one SHA-256 over the batch's hashes, as the sender holds
them, proves that both ends rebuilt the same events (a mismatch makes the desk send that batch again as
plain JSON, where each event's own hash is checked: sync.md, "The compact wire").

Anything irregular (a random id, a wall time not in the usual form, another node in a stamp) travels
explicitly in its column, so every event can be encoded; decoding checks shapes and raises WireError,
never anything else.
"""

from __future__ import annotations

import hashlib
import sys
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import cbor2
import zstandard

from desk_app.domain.ids import dossier_id_for, event_id_for
from sync.protocol import ExchangeRequest, ExchangeResponse, fields_hash

MEDIA_TYPE = "application/vnd.motcua.exchange+cbor"  # a request: CBOR, sent with Content-Encoding: zstd
# The answer names its zstd framing in its type rather than in Content-Encoding, which HTTP clients would
# try to undo themselves, without the dictionary.
ANSWER_TYPE = "application/vnd.motcua.exchange+cbor+zstd"
MAX_ANSWER_BYTES = 64 * 1024 * 1024
FORMAT = 1
ZSTD_LEVEL = 19  # bytes, not CPU, are what the island link is short of; ~20 ms for a 400-event batch
_MISSING = cbor2.undefined  # a payload field this event does not have (JSON has no undefined)
_SEP = "/"


class WireError(ValueError):
    """A compact body that does not decode to events: the sender's fault (400), never a crash."""


# --- the dictionaries ------------------------------------------------------------------------------


def dictionary_folder() -> Path:
    """resources/sync of the source tree or of the PyInstaller bundle (not desk_app.paths: the server,
    installed from the same tree, must not import the desk's modules)."""
    bundle = getattr(sys, "_MEIPASS", None)
    return (Path(bundle) if bundle else Path(__file__).resolve().parents[1]) / "resources" / "sync"


@cache
def dictionaries() -> dict[int, zstandard.ZstdCompressionDict]:
    """Every shipped dictionary by its id (in each zstd frame's header): the newest compresses, all
    decompress, so a desk one dictionary behind still syncs."""
    found: dict[int, zstandard.ZstdCompressionDict] = {}
    for path in sorted(dictionary_folder().glob("motcua-*.zdict")):
        data = zstandard.ZstdCompressionDict(path.read_bytes())
        found[data.dict_id()] = data
    return found


def current_dictionary() -> zstandard.ZstdCompressionDict | None:
    known = dictionaries()
    return known[max(known)] if known else None


def compress(raw: bytes, dict_id: int | None = None) -> bytes:
    """zstd with the given (default: newest) dictionary, content size and checksum in the frame."""
    known = dictionaries()
    data = known.get(dict_id) if dict_id is not None else current_dictionary()
    return zstandard.ZstdCompressor(level=ZSTD_LEVEL, dict_data=data, write_checksum=True,
                                    write_content_size=True).compress(raw)


class UnknownDictionary(WireError):
    pass


def frame_dict_id(data: bytes) -> int:
    try:
        return zstandard.get_frame_parameters(data).dict_id
    except zstandard.ZstdError as exc:
        raise WireError(f"not a zstd frame: {exc}") from exc


def decompress(data: bytes, limit: int) -> bytes:
    """One whole zstd frame, at most `limit` bytes inflated, checksum verified, nothing after it.
    UnknownDictionary when the frame needs a dictionary this end does not ship; ValueError subclasses
    only. A frame over the limit raises OverflowError (413 at the server)."""
    dict_id = frame_dict_id(data)
    params = zstandard.get_frame_parameters(data)
    if not params.has_checksum:
        raise WireError("the frame carries no checksum")
    if params.content_size > limit:  # zstd's "unknown" is 2**64-1: refused too
        raise OverflowError(f"inflates beyond {limit} bytes")
    dict_data = dictionaries().get(dict_id) if dict_id else None
    if dict_id and dict_data is None:
        raise UnknownDictionary(f"no dictionary {dict_id}")
    inflater = zstandard.ZstdDecompressor(dict_data=dict_data).decompressobj()
    try:
        out = inflater.decompress(data)
    except zstandard.ZstdError as exc:
        raise WireError(f"corrupt zstd body: {exc}") from exc
    if not inflater.eof or inflater.unused_data or len(out) != params.content_size:
        raise WireError("the zstd body is cut short or followed by other data")
    return out


# --- events as columns ----------------------------------------------------------------------------


def batch_digest(content_hashes: Sequence[str]) -> bytes:
    return hashlib.sha256(b"".join(bytes.fromhex(h) for h in content_hashes)).digest()


def encode_events(events: Sequence[Mapping[str, Any]], received: Mapping[str, str] | None = None,
                  extra: Sequence[str] = ()) -> dict[str, Any]:
    """Columns for `events` (wire dicts). `received` maps a dossier id to its "received" stamp when the
    sender knows it (a step whose dossier is not in the batch then names it by that stamp); `extra` are
    further per-event fields carried as plain columns (the server's seq, received_at)."""
    received = received or {}
    cols: dict[str, Any] = {k: [] for k in ("s", "k", "a", "t", "c", "n", "w", "i", "d")}
    desks: list[str] = []
    kinds: list[str] = []
    actors: list[str] = []
    payloads: dict[str, dict[str, list[Any]]] = {}
    counts: dict[str, int] = {}
    last_seen: dict[str, int] = {}
    stamps: list[int] = []
    walls: list[int] = []
    last = (-1, -1)  # the latest new dossier's event, the latest step
    for i, e in enumerate(events):
        millis, counter, node = _stamp(e["hlc"])
        ref = _dossier_ref(e, i, last_seen, received.get(e["dossier_id"]))
        base = _base(ref, last)
        last = (i, last[1]) if ref is None else (last[0], i)
        cols["s"].append(_index(desks, e["desk_id"]))
        cols["k"].append(_index(kinds, e["kind"]))
        cols["a"].append(_index(actors, e["actor"]))
        cols["t"].append(millis - (stamps[base] if base >= 0 else 0))
        cols["c"].append(counter)
        cols["n"].append(None if node == e["desk_id"] else node)
        stamps.append(millis)
        wall = _seconds(e["wall_time"])
        previous = walls[base] if base >= 0 else 0
        cols["w"].append(e["wall_time"] if wall is None else wall - previous)
        walls.append(previous if wall is None else wall)
        cols["i"].append(None if e["event_id"] == event_id_for(e["hlc"]) else _pack_id(e["event_id"]))
        cols["d"].append(ref)
        last_seen[e["dossier_id"]] = i
        _add_payload(payloads, counts, e["kind"], e["payload"])
    for name in extra:
        cols["x" + name] = [e[name] for e in events]
    return {"desks": desks, "kinds": kinds, "actors": actors, **cols, "p": payloads}


def decode_events(doc: Any, extra: Sequence[str] = ()) -> list[dict[str, Any]]:
    """The wire dicts back from `encode_events`' columns (without content hashes)."""
    try:
        return _decode(doc, extra)
    except WireError:
        raise
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise WireError(f"malformed event columns: {type(exc).__name__}: {exc}") from exc


def _decode(doc: Any, extra: Sequence[str]) -> list[dict[str, Any]]:
    if not isinstance(doc, dict):
        raise WireError("the event columns are not a map")
    count = len(doc["k"])
    names = ["s", "k", "a", "t", "c", "n", "w", "i", "d", *("x" + name for name in extra)]
    if any(not isinstance(doc[name], list) or len(doc[name]) != count for name in names):
        raise WireError("the event columns differ in length")
    payloads = _payload_rows(doc["p"], [_pick(doc["kinds"], k) for k in doc["k"]])
    events: list[dict[str, Any]] = []
    stamps: list[int] = []
    walls: list[int] = []
    last = (-1, -1)  # the latest new dossier's event, the latest step
    for i in range(count):
        desk, kind = _pick(doc["desks"], doc["s"][i]), _pick(doc["kinds"], doc["k"][i])
        base = _base(doc["d"][i], last)
        last = (i, last[1]) if doc["d"][i] is None else (last[0], i)
        ms = (stamps[base] if base >= 0 else 0) + _int(doc["t"][i])
        if not 0 <= ms < 10**13:
            raise WireError("a clock stamp out of range")
        stamps.append(ms)
        node = desk if doc["n"][i] is None else _text(doc["n"][i])
        hlc = f"{ms:013d}-{_int(doc['c'][i]):04d}-{node}"
        previous = walls[base] if base >= 0 else 0
        if isinstance(doc["w"][i], str):
            wall_time = doc["w"][i]
            walls.append(previous)
        else:
            walls.append(previous + _int(doc["w"][i]))
            wall_time = _wall_text(walls[-1])
        event = {"event_id": event_id_for(hlc) if doc["i"][i] is None else _unpack_id(doc["i"][i]),
                 "dossier_id": _dossier(doc["d"][i], i, hlc, events, node),
                 "kind": kind, "payload": payloads[i], "actor": _pick(doc["actors"], doc["a"][i]),
                 "desk_id": desk, "hlc": hlc, "wall_time": wall_time}
        for name in extra:
            event[name] = doc["x" + name][i]
        events.append(event)
    return events


def _base(ref: Any, last: tuple[int, int]) -> int:
    """The event the deltas of an event count from (-1: from zero): the previous new dossier's "received"
    for a new dossier, else the previous step. A batch carries whole dossiers, "received" and steps
    together, but receipts follow each other at the counter and steps follow each other later on."""
    return last[0] if ref is None else last[1]


def _stamp(hlc: str) -> tuple[int, int, str]:
    millis, counter, node = hlc.split("-", 2)
    if not (len(millis) == 13 and millis.isdigit() and len(counter) == 4 and counter.isdigit()):
        raise ValueError(f"not an HLC stamp: {hlc!r}")
    return int(millis), int(counter), node


def _seconds(wall_time: str) -> int | None:
    """Whole seconds when the text is exactly what decoding writes back (naive ISO, no fraction)."""
    try:
        moment = datetime.fromisoformat(wall_time)
    except ValueError:
        return None
    if moment.tzinfo is not None or moment.microsecond or moment.isoformat() != wall_time:
        return None
    # Counted as if UTC: the text is naive local time and must come back the same at any server's zone.
    return int(moment.replace(tzinfo=UTC).timestamp())


def _wall_text(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None).isoformat()


def _index(table: list[str], value: str) -> int:
    try:
        return table.index(value)
    except ValueError:
        table.append(value)
        return len(table) - 1


def _pack_id(value: str) -> bytes | str:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        return value
    return parsed.bytes if str(parsed) == value else value


def _unpack_id(value: Any) -> str:
    if isinstance(value, bytes):
        return str(uuid.UUID(bytes=value))
    return _text(value)


def _dossier_ref(event: Mapping[str, Any], i: int, last_seen: Mapping[str, int], received_hlc: str | None) -> Any:
    dossier = event["dossier_id"]
    if dossier == dossier_id_for(event["hlc"]):
        return None
    if dossier in last_seen:
        return i - last_seen[dossier]
    if received_hlc is not None and dossier == dossier_id_for(received_hlc):
        millis, _, node = _stamp(event["hlc"])
        r_millis, r_counter, r_node = _stamp(received_hlc)
        if r_node == node:
            return [millis - r_millis, r_counter]
    return _pack_id(dossier)


def _dossier(ref: Any, i: int, hlc: str, earlier: list[dict[str, Any]], node: str) -> str:
    if ref is None:
        return dossier_id_for(hlc)
    if isinstance(ref, int) and not isinstance(ref, bool):
        if not 1 <= ref <= i:
            raise WireError("a dossier reference points outside the batch")
        return str(earlier[i - ref]["dossier_id"])
    if isinstance(ref, list):
        delta, counter = (_int(v) for v in ref)
        millis = _stamp(hlc)[0] - delta
        if millis < 0:
            raise WireError("a dossier reference points before time began")
        return dossier_id_for(f"{millis:013d}-{counter:04d}-{node}")
    return _unpack_id(ref)


def _pick(table: Any, index: Any) -> str:
    if not isinstance(table, list) or not 0 <= _int(index) < len(table):
        raise WireError("an index points outside its table")
    return _text(table[index])


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise WireError("a text field is not text")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 10**15:
        raise WireError("a number field is not a number")
    return value


# --- payloads as per-kind columns -----------------------------------------------------------------


def _flatten(value: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Leaf paths of nested maps; an empty map, or one with a key the path cannot carry, is a leaf."""
    out: list[tuple[str, Any]] = []
    for key, item in value.items():
        path = prefix + key
        if isinstance(item, dict) and item and all(k and _SEP not in k for k in item):
            out += _flatten(item, path + _SEP)
        else:
            out.append((path, item))
    return out


def _add_payload(columns: dict[str, dict[str, list[Any]]], counts: dict[str, int], kind: str,
                 payload: dict[str, Any]) -> None:
    table = columns.setdefault(kind, {})
    row = counts.get(kind, 0)
    counts[kind] = row + 1
    if any(not k or _SEP in k for k in payload):  # not flattenable: the whole payload in one column
        leaves = [("", payload)]
    else:
        leaves = _flatten(payload)
    for path, value in leaves:
        table.setdefault(path, [_MISSING] * row).append(value)
    for column in table.values():
        if len(column) == row:
            column.append(_MISSING)


def _payload_rows(columns: Any, kinds: list[str]) -> list[dict[str, Any]]:
    if not isinstance(columns, dict):
        raise WireError("the payload columns are not a map")
    totals = {kind: kinds.count(kind) for kind in set(kinds)}
    if set(columns) != set(totals):
        raise WireError("payload columns for kinds the batch does not have")
    rows: dict[str, list[dict[str, Any]]] = {}
    for kind, table in columns.items():
        if not isinstance(table, dict):
            raise WireError("a kind's payload columns are not a map")
        built: list[dict[str, Any]] = [{} for _ in range(totals[kind])]
        for path, column in table.items():
            if not isinstance(path, str) or not isinstance(column, list) or len(column) != totals[kind]:
                raise WireError("a payload column is malformed")
            for target, value in zip(built, column, strict=True):
                if value is not _MISSING:
                    _put(target, path, _json_value(value))
        rows[kind] = built
    taken = {kind: iter(built) for kind, built in rows.items()}
    return [next(taken[kind]) for kind in kinds]


def _json_value(value: Any, depth: int = 0) -> Any:
    """Only what JSON can say (CBOR can also say bytes, tags, undefined, NaN...): the payload is hashed
    and stored as JSON at both ends."""
    if depth > 32:
        raise WireError("a payload nests too deep")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if abs(value) >= 2**63:
            raise WireError("a payload number is too large")
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    if isinstance(value, list):
        return [_json_value(item, depth + 1) for item in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: _json_value(v, depth + 1) for k, v in value.items()}
    raise WireError(f"a payload value JSON cannot carry: {type(value).__name__}")


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    if path == "":
        if not isinstance(value, dict) or target:
            raise WireError("a whole-payload column is malformed")
        target.update(value)
        return
    *parents, leaf = path.split(_SEP)
    for name in parents:
        target = target.setdefault(name, {})
        if not isinstance(target, dict):
            raise WireError("payload paths collide")
    if leaf in target:
        raise WireError("payload paths collide")
    target[leaf] = value


# --- whole bodies ---------------------------------------------------------------------------------


def dumps(doc: dict[str, Any]) -> bytes:
    return cbor2.dumps(doc)


def loads(raw: bytes) -> Any:
    try:
        return cbor2.loads(raw)
    except Exception as exc:  # cbor2 raises its own errors, ValueError and others on garbage
        raise WireError(f"not CBOR: {type(exc).__name__}") from exc


def encode_request(request: ExchangeRequest, received: Mapping[str, str] | None = None) -> bytes:
    """The exchange request as CBOR (still to be compressed): the push as columns, no hashes, and the
    digest of the hashes as this desk holds them."""
    events = [event.model_dump() for event in request.push]
    doc = {"f": FORMAT, **request.model_dump(exclude={"push"}), "push": encode_events(events, received),
           "h": batch_digest([event.content_hash for event in request.push])}
    return dumps(doc)


class DigestMismatch(WireError):
    """The events rebuilt here hash otherwise than the sender's: it must send them as plain JSON."""


def decode_request(raw: bytes) -> dict[str, Any]:
    """The request's fields, the push rebuilt with the content hashes computed here, ready for
    ExchangeRequest.model_validate. DigestMismatch when the hashes disagree with the sender's."""
    doc = loads(raw)
    if not isinstance(doc, dict) or doc.get("f") != FORMAT:
        raise WireError("not a compact exchange of a known format")
    events = decode_events(doc.get("push"))
    for event in events:
        event["content_hash"] = fields_hash(event)
    if doc.get("h") != batch_digest([event["content_hash"] for event in events]):
        raise DigestMismatch("the rebuilt events hash otherwise than the sender's")
    return {**{k: v for k, v in doc.items() if k not in ("f", "h", "push")}, "push": events}


SERVER_EXTRA = ("seq", "received_at")


def encode_response(response: ExchangeResponse) -> bytes:
    events = [event.model_dump() for event in response.events]
    doc = {"f": FORMAT, **response.model_dump(exclude={"events"}), "events": encode_events(events, extra=SERVER_EXTRA)}
    return dumps(doc)


def decode_response(raw: bytes) -> dict[str, Any]:
    doc = loads(raw)
    if not isinstance(doc, dict) or doc.get("f") != FORMAT:
        raise WireError("not a compact answer of a known format")
    events = decode_events(doc.get("events"), extra=SERVER_EXTRA)
    for event in events:
        event["content_hash"] = fields_hash(event)
    return {**{k: v for k, v in doc.items() if k not in ("f", "events")}, "events": events}
