"""The wire format shared by the desk and the city server (pydantic models, versioned).

One `exchange` request carries the hello (protocol version, client clock, epoch seen), a push batch
and the pull cursor; its answer carries per-event results and the first page after the cursor, so a
quiet round costs one round trip on the island link. New fields must be optional: both ends ignore
fields they do not know, and a breaking change bumps PROTOCOL_VERSION.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from desk_app.domain import limits
from desk_app.domain.payloads import PAYLOADS, Payload

PROTOCOL_VERSION = 1
MIN_PROTOCOL_VERSION = 1  # the oldest desk protocol the server still accepts (data first, upgrade second)
PROTOCOL_HEADER = "X-Motcua-Protocol"

MAX_BATCH_EVENTS = 1000  # ~130 kB compressed: far below proxy body limits (sync.md F12)
MAX_PAGE_EVENTS = 1000
MAX_BODY_BYTES = 4 * 1024 * 1024  # decompressed request body
MAX_WIRE_BYTES = 1024 * 1024  # compressed request body, nginx's default client_max_body_size
# The events of one push batch as JSON: under the compressed cap even if they do not compress at all
# (gzip never grows data by more than a few bytes a block), so a batch the desk forms always fits both caps.
MAX_PUSH_BYTES = MAX_WIRE_BYTES - 16 * 1024
CLOCK_WARN_MS = 2 * 60 * 1000
# Event payloads are the domain's typed models (desk_app.domain.payloads), one per kind, with the shared
# size limits in desk_app.domain.limits: the desk refuses at intake what the server refuses at push.
EVENT_PAYLOADS: dict[str, type[Payload]] = {str(kind): model for kind, model in PAYLOADS.items()}
MAX_EVENT_BYTES = limits.EVENT_BYTES

Uuid = Annotated[str, Field(min_length=1, max_length=limits.ID, pattern=r"^[0-9A-Za-z-]+$")]
Hash = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
Hlc = Annotated[str, Field(pattern=r"^\d{13}-\d{4}-.{1,64}$")]
Actor = Annotated[str, Field(max_length=limits.ACTOR)]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class WireEvent(_Wire):
    """One dossier event exactly as the desk stored it; content_hash covers every other field."""

    event_id: Uuid
    dossier_id: Uuid
    kind: Annotated[str, Field(min_length=1, max_length=40)]
    payload: dict[str, Any]
    actor: Actor
    desk_id: Annotated[str, Field(max_length=limits.DESK_ID)]
    hlc: Hlc
    wall_time: Annotated[str, Field(min_length=10, max_length=40)]
    content_hash: Hash


class ServerEvent(WireEvent):
    """An event as the server serves it: plus its place in the scope's log and when it arrived."""

    seq: int
    received_at: str


PushStatus = Literal["stored", "duplicate", "quarantined", "rejected"]


class PushResult(_Wire):
    event_id: str
    status: PushStatus
    reason: str = ""


class ExchangeRequest(_Wire):
    protocol: Annotated[int, Field(ge=0, le=1_000_000)]
    client_time_ms: Annotated[int, Field(ge=0, le=10**14)]
    epoch: Annotated[str, Field(max_length=64)] = ""
    cursor: Annotated[int, Field(ge=0, le=2**62)] = 0
    page_limit: Annotated[int, Field(ge=1, le=MAX_PAGE_EVENTS)] = 500
    push: Annotated[list[WireEvent], Field(max_length=MAX_BATCH_EVENTS)] = []
    include_own: bool = False  # a repair re-pull wants back what this device sent, too
    # What the desk reports of itself for the city's dashboard (issue 10); an older desk sends neither.
    outbox: Annotated[int, Field(ge=0, le=10**9)] | None = None  # unsent events, those in this push included
    app_version: Annotated[str, Field(max_length=40)] = ""


class ScopeChecksum(_Wire):
    """Order-independent fingerprint of a scope: count and XOR of per-event digests (64-bit hex)."""

    count: int
    xor: str


class ExchangeResponse(_Wire):
    protocol: int
    epoch: str
    server_time_ms: int
    clock_offset_ms: int  # server time minus the desk's clock at request time (network delay ignored)
    clock_warning: str = ""
    # Only the pushed events that were not taken (quarantined, rejected): every other event of the
    # batch is acknowledged by this answer. Listing each id would cost ~25 compressed bytes an event.
    results: list[PushResult] = []
    stored: int = 0
    duplicates: int = 0
    events: list[ServerEvent] = []
    cursor: int
    has_more: bool
    checksum: ScopeChecksum | None = None  # only when has_more is false: the desk compares its own
    reference_version: int = 0
    accounts_version: int = 0  # the point's accounts from the centre (GET /v1/accounts when it moved); 0: none


class EnrollRequest(_Wire):
    code: Annotated[str, Field(min_length=4, max_length=64)]
    desk_id: Annotated[str, Field(max_length=64)] = ""
    protocol: Annotated[int, Field(ge=0, le=1_000_000)] = PROTOCOL_VERSION


class EnrollResponse(_Wire):
    device_id: str
    token: str
    unit_code: str
    epoch: str


class ReferenceBundle(_Wire):
    """A published version of the reference data: procedure definitions, holidays, units, form wording."""

    version: int
    published_at: str
    procedures: list[str]  # definition JSON, one per (code, version)
    holidays: list[tuple[str, str, str]]  # (day, kind, name)
    units: list[dict[str, str]]
    wording: list[str] = []  # printed-form wording files (JSON text); optional so older bundles still parse
    handbook: list[str] = []  # handbook entries (JSON text, forms/handbook); optional for the same reason
    notify: list[str] = []  # the wording of messages to applicants (forms/notify); read by the city's sender


class MessageState(_Wire):
    """One message to the applicant about a dossier, as the city's sender left it (issue 15)."""

    kind: str  # the step it tells of
    channel: str  # sms or zalo
    state: str  # queued, sending, sent, failed
    attempts: int
    created_at: str
    sent_at: str | None = None


class MessageStates(_Wire):
    messages: list[MessageState] = []


# --- accounts from the centre (GET /v1/accounts, POST /v1/accounts/password; docs/sync.md) ----------------

Argon2Hash = Annotated[str, Field(min_length=20, max_length=200, pattern=r"^\$argon2(id|i|d)\$")]


class DeskAccount(_Wire):
    """One clerk or supervisor account of the point, as the centre keeps it: a hash, never a password."""

    username: Annotated[str, Field(min_length=3, max_length=32)]
    full_name: Annotated[str, Field(max_length=200)]
    role: Annotated[str, Field(max_length=20)]
    password_hash: Argon2Hash
    active: bool
    must_change: bool  # a temporary password: the desk asks for a new one at the first log-in
    password_gen: int  # which password this is; a desk's change names the one it replaced


class DeskAccounts(_Wire):
    version: int
    accounts: list[DeskAccount] = []


class PasswordChange(_Wire):
    """A new password chosen at a desk for a temporary (or any) password of generation `from_gen`."""

    username: Annotated[str, Field(min_length=3, max_length=32)]
    password_hash: Argon2Hash
    from_gen: Annotated[int, Field(ge=0, le=2**31)]


class PasswordChangeResult(_Wire):
    status: Literal["taken", "superseded", "unknown_account", "disabled", "not_argon2"]
    version: int  # the point's accounts version after it (the desk fetches the list again if it moved)


# --- the enrollment code's QR (console devices page -> the desk's settings; a scanner types it) -----------

ENROLL_QR_PREFIX = "motcua-enroll:"


def enrollment_qr(server_url: str, code: str) -> str:
    """What the QR beside a new enrollment code holds: the server's address and the code."""
    return f"{ENROLL_QR_PREFIX}{code} {server_url}"


def read_enrollment_qr(text: str) -> tuple[str, str] | None:
    """(server address, code) from a scanned enrollment QR; None for anything else (a typed code)."""
    text = text.strip()
    if not text.lower().startswith(ENROLL_QR_PREFIX):
        return None
    code, _, url = text[len(ENROLL_QR_PREFIX):].strip().partition(" ")
    return (url.strip(), code.strip().upper()) if code else None


class Problem(_Wire):
    """Every 4xx/5xx body: a stable code for programs and a reason for people (vi and en)."""

    code: str
    reason: str
    reason_en: str = ""


def checksum_digest(content_hash: str) -> int:
    """The 64-bit contribution of one event to its scope's XOR fingerprint (the hash covers the id)."""
    return int(content_hash[:16], 16)


def fingerprint(content_hashes: list[str]) -> ScopeChecksum:
    xor = 0
    for value in content_hashes:
        xor ^= checksum_digest(value)
    return ScopeChecksum(count=len(content_hashes), xor=f"{xor:016x}")


def event_hash(event: WireEvent) -> str:
    """The content hash both ends compute; must match desk_app.core.events.content_hash (tested)."""
    return fields_hash(event.model_dump(include=set(HASHED)))


HASHED = ("event_id", "dossier_id", "kind", "payload", "actor", "desk_id", "hlc", "wall_time")


def fields_hash(fields: dict[str, Any]) -> str:
    """The content hash of an event's wire fields (a dict with at least HASHED)."""
    body = {name: fields[name] for name in HASHED}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
