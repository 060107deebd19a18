"""Plain domain values shared by the core, printing, sync and UI.

These are immutable snapshots: the store turns rows into them, services hand them out, renderers and
the wire format read them. Nothing here touches the database, Qt or HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import ConfigDict

from desk_app.domain import limits
from desk_app.domain.fields import Count, Day, Text

if TYPE_CHECKING:
    from desk_app.domain.payloads import Payload

# Values that travel inside event payloads are checked again whenever a payload is built from them.
_REVALIDATE = ConfigDict(revalidate_instances="always")


class Status(StrEnum):
    """Where a dossier stands; the value is stored and shipped, the label is for people."""

    RECEIVED = "received"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    REFUSED = "refused"
    TRANSFERRED = "transferred"
    DELAYED = "delayed"
    STOPPED = "stopped"
    RESULT_READY = "result_ready"
    RETURNED = "returned"


class EventKind(StrEnum):
    """Every change to a dossier is one of these, appended to its log."""

    RECEIVED = "received"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    SUPPLEMENT_RECEIVED = "supplement_received"
    REFUSED = "refused"
    TRANSFERRED = "transferred"
    DELAYED = "delayed"
    STOPPED = "stopped"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    APPLICANT_CORRECTED = "applicant_corrected"
    CONSENT_CHANGED = "consent_changed"  # the applicant agreed to, or withdrew from, messages about it
    # Scanned papers (issue 12): a document's pages as one stored PDF, and its removal with a reason.
    SCAN_ATTACHED = "scan_attached"
    SCAN_REMOVED = "scan_removed"


class Delivery(StrEnum):
    COUNTER = "counter"
    POST = "post"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True)
class Applicant:
    __pydantic_config__: ClassVar = _REVALIDATE
    full_name: Annotated[str, Text(limits.NAME)]
    personal_id: Annotated[str, Text(limits.PERSONAL_ID)] = ""
    date_of_birth: Day | None = None
    sex: Sex | None = None
    phone: Annotated[str, Text(limits.PHONE)] = ""
    email: Annotated[str, Text(limits.EMAIL)] = ""
    address: Annotated[str, Text(limits.ADDRESS)] = ""


@dataclass(frozen=True)
class ReceivedDocument:
    """One line of the checklist as received: how many originals (bản chính) and copies (bản sao)."""

    __pydantic_config__: ClassVar = _REVALIDATE
    name: Annotated[str, Text(limits.DOCUMENT_NAME, required=True)]
    originals: Annotated[int, Count(0, limits.COPIES)] = 0
    copies: Annotated[int, Count(0, limits.COPIES)] = 0


@dataclass(frozen=True)
class DueInfo:
    due_at: datetime
    rule: str  # machine form of the rule used, e.g. "working_days:3" or "same_day_15h"
    rule_text: str  # what the receipt says, e.g. "03 ngày làm việc"


@dataclass(frozen=True)
class Event:
    """One step in a dossier's log. `payload` is the JSON object exactly as stored, hashed and shipped;
    `data` is the same payload read through its kind's typed model (see desk_app.domain.payloads)."""

    event_id: str
    dossier_id: str
    kind: EventKind
    payload: dict[str, Any]
    actor: str
    desk_id: str
    hlc: str  # sortable hybrid logical clock stamp, see domain.hlc
    wall_time: datetime

    @cached_property
    def data(self) -> Payload:
        from desk_app.domain.payloads import read_payload

        return read_payload(self.kind, self.payload)


@dataclass(frozen=True)
class Dossier:
    """A dossier as shown anywhere: the received facts plus the status folded from its events."""

    dossier_id: str
    code: str
    lookup_key: str  # unguessable key printed in the receipt's QR; reveals nothing by itself
    receiving_unit: str  # official 5-digit code of the point that received it
    authority: str  # competent authority that decides it (may differ from the receiving point)
    procedure_code: str
    procedure_version: int
    procedure_name: str
    applicant: Applicant
    documents: tuple[ReceivedDocument, ...]
    sets: int
    fee_vnd: int
    received_at: datetime
    due: DueInfo
    delivery: Delivery
    delivery_address: str
    received_by: str
    desk_id: str
    status: Status
    register_book: str = ""
    register_entry: int = 0
    notes: str = ""
    history: tuple[Event, ...] = field(default=())
    # The procedure's key facts as (label, value), filled in for printing (core.subject); empty otherwise.
    subject: tuple[tuple[str, str], ...] = ()
