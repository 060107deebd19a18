"""One typed payload per event kind: what each step records, built by the desk's services, read by the
status fold and the projections on every replica, checked by the city at push, and published in the wire
schema (sync.protocol re-exports these). Adding an event kind means adding one class here.

An event keeps its payload as the JSON object it was hashed with; these models are how that object is
built (`Payload.wire()`) and read (`read_payload`). Unknown keys are kept, so a newer desk's additions
survive a round trip through an older replica. New payloads are checked against `limits`; stored ones
are read as they are (see desk_app.domain.fields).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from desk_app.domain import limits
from desk_app.domain.errors import InvalidInput
from desk_app.domain.fields import STORED, Count, Day, Moment, Text, check_loose_text, is_stored
from desk_app.domain.model import Applicant, Delivery, EventKind, ReceivedDocument, Sex

Code = Annotated[str, Text(limits.CODE, required=True)]
Reason = Annotated[str, Text(limits.REASON, required=True)]
Note = Annotated[str | None, Text(limits.REASON)]
UnitCode = Annotated[str, Field(pattern=r"^\d{5}$")]
AuthorityCode = Annotated[str, Field(pattern=r"^\d{2,5}$")]
FieldKey = Annotated[str, Field(pattern=rf"^[a-z][a-z0-9_]{{0,{limits.FIELD_KEY - 1}}}$")]
FieldValue = Annotated[str, Text(limits.FIELD_VALUE)]


class _Open(BaseModel):
    """Unknown keys are kept (a newer desk's additions survive an older replica), but a new payload's
    unknown keys are held to the same text rules as declared fields: they reach the city as well."""

    model_config = ConfigDict(extra="allow", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _check_unknown_keys(cls, data: Any, info: ValidationInfo) -> Any:
        if is_stored(info) or not isinstance(data, dict):
            return data
        unknown = {key: value for key, value in data.items() if key not in cls.model_fields}
        return {**data, **check_loose_text("", unknown)} if unknown else data


class Payload(_Open):
    KIND: ClassVar[EventKind]

    def wire(self) -> dict[str, Any]:
        """The JSON object to store, hash and send (absent optional values are left out)."""
        return self.model_dump(mode="json", exclude_none=True)


class Channel(StrEnum):
    """How the city may tell the applicant that a dossier needs them (issue 15)."""

    SMS = "sms"
    ZALO = "zalo"

    @property
    def label(self) -> str:
        """As the clerk, the receipt and the citizen name it."""
        return "SMS" if self is Channel.SMS else "Zalo"


class Consent(BaseModel):
    """The applicant's yes to messages: on which channel, to which number."""

    model_config = ConfigDict(extra="allow", frozen=True)
    channel: Channel
    phone: Annotated[str, Field(pattern=r"^\+?[0-9]{9,15}$")]  # national digits, as the desk normalises them


class Received(Payload):
    """Everything the "received" event records; every replica builds the dossier's row from it."""

    KIND = EventKind.RECEIVED
    code: Code
    lookup_key: Code
    receiving_unit: UnitCode
    authority: AuthorityCode
    procedure_code: Code
    procedure_version: Annotated[int, Count(1, 1_000_000)]
    procedure_name: Annotated[str, Text(limits.PROCEDURE_NAME, required=True)]
    applicant: Applicant
    documents: Annotated[tuple[ReceivedDocument, ...], Field(min_length=1, max_length=limits.DOCUMENTS)]
    sets: Annotated[int, Count(1, limits.SETS)]
    fee_vnd: Annotated[int, Count(0, limits.FEE_VND)]
    received_at: Moment
    due_at: Moment
    due_rule: Annotated[str, Text(limits.CODE, required=True)]
    due_rule_text: Annotated[str, Text(limits.RULE_TEXT)]
    delivery: Delivery
    delivery_address: Annotated[str, Text(limits.ADDRESS)] = ""
    fields: Annotated[dict[FieldKey, FieldValue], Field(max_length=limits.FIELDS)] = {}
    register_book: Annotated[str, Text(limits.CODE)] = ""
    register_entry: Annotated[int, Count(0, 10**9)] = 0
    notify: Consent | None = None  # left out (not null) when the applicant wants no messages


class ConsentChanged(Payload):
    """Given or withdrawn after intake: at the counter, or by the applicant's reply (STOP, Zalo unfollow)."""

    KIND = EventKind.CONSENT_CHANGED
    given: bool
    consent: Consent | None = None  # the channel and number when given
    via: Literal["counter", "reply"] = "counter"
    note: Note = None


def code_is_of_point(code: str, unit: str) -> bool:
    """Printed codes start with the receiving point's unit code (Circular 01/2018 Art. 19; the desk's code
    pattern must start with it), so no point can issue, or claim, another point's codes at the city."""
    return code.startswith(unit)


class SupplementItem(_Open):
    item: Annotated[str, Text(limits.DOCUMENT_NAME, required=True)]
    reason: Annotated[str, Text(limits.REASON)] = ""


class SupplementRequested(Payload):
    KIND = EventKind.SUPPLEMENT_REQUESTED
    items: Annotated[tuple[SupplementItem, ...], Field(min_length=1, max_length=limits.ITEMS)]
    guide_name: Annotated[str | None, Text(limits.NAME)] = None
    guide_phone: Annotated[str | None, Text(limits.PHONE)] = None
    deadline: Day | None = None  # the day the citizen is asked to supplement by (Mẫu 02 says it)


class SupplementReceived(Payload):
    KIND = EventKind.SUPPLEMENT_RECEIVED
    documents: Annotated[tuple[ReceivedDocument, ...], Field(min_length=1, max_length=limits.DOCUMENTS)]
    new_due_at: Moment | None = None  # the processing time restarts (filled in by the desk)
    note: Note = None


class Refused(Payload):
    KIND = EventKind.REFUSED
    reason: Reason


class Transferred(Payload):
    KIND = EventKind.TRANSFERRED
    to_authority: Annotated[str, Text(limits.PROCEDURE_NAME, required=True)]  # a unit code, or a name
    handed_to: Annotated[str | None, Text(limits.NAME)] = None  # the officer or department taking it there
    note: Note = None


class Delayed(Payload):
    KIND = EventKind.DELAYED
    old_due_at: Moment
    new_due_at: Moment
    reason: Reason


class Stopped(Payload):
    KIND = EventKind.STOPPED
    reason: Reason


class ResultReady(Payload):
    KIND = EventKind.RESULT_READY
    note: Note = None


class Returned(Payload):
    KIND = EventKind.RETURNED
    receiver_name: Annotated[str, Text(limits.NAME, required=True)]
    receiver_personal_id: Annotated[str | None, Text(limits.CODE)] = None  # of whoever collected it
    for_applicant: bool | None = None  # collected by someone else on the applicant's behalf (None: not said)
    returned_at: Moment
    note: Note = None


class ApplicantChanges(BaseModel):
    """The applicant's fields a correction changes; a field left out keeps its value (null clears it)."""

    model_config = ConfigDict(frozen=True)
    full_name: Annotated[str, Text(limits.NAME, required=True)] | None = None
    personal_id: Annotated[str, Text(limits.PERSONAL_ID)] | None = None
    date_of_birth: Day | None = None
    sex: Sex | None = None
    phone: Annotated[str, Text(limits.PHONE)] | None = None
    email: Annotated[str, Text(limits.EMAIL)] | None = None
    address: Annotated[str, Text(limits.ADDRESS)] | None = None

    def applied_to(self, applicant: Applicant) -> Applicant:
        changed = {name: getattr(self, name) for name in self.model_fields_set}
        defaults = {"full_name": "", "personal_id": "", "phone": "", "email": "", "address": ""}
        fields: dict[str, Any] = {k: defaults.get(k) if v is None else v for k, v in changed.items()}
        return replace(applicant, **fields)


class ApplicantCorrected(Payload):
    KIND = EventKind.APPLICANT_CORRECTED
    applicant: ApplicantChanges
    based_on: str = ""  # stamp of the details it corrected: two desks editing offline are spotted

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True)  # keeps a null that clears a field


Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
DocumentName = Annotated[str, Text(limits.DOCUMENT_NAME, required=True)]


class ScanAttached(Payload):
    """One document's pages, kept as one PDF in the desk's scan store under its SHA-256 (issue 12)."""

    KIND = EventKind.SCAN_ATTACHED
    document: DocumentName  # the paper's name as on the checklist
    sha256: Sha256
    size: Annotated[int, Count(1, limits.SCAN_DOSSIER_BYTES)]
    pages: Annotated[int, Count(1, limits.SCAN_PAGES)]
    media_type: Literal["application/pdf"] = "application/pdf"


class ScanRemoved(Payload):
    KIND = EventKind.SCAN_REMOVED
    document: DocumentName
    sha256: Sha256
    reason: Reason


PAYLOADS: dict[EventKind, type[Payload]] = {
    cls.KIND: cls for cls in (Received, SupplementRequested, SupplementReceived, Refused, Transferred, Delayed,
                              Stopped, ResultReady, Returned, ApplicantCorrected, ConsentChanged,
                              ScanAttached, ScanRemoved)
}


class InvalidPayload(InvalidInput, ValueError):
    """A payload that does not fit its kind's model; the message names the field."""

    def __init__(self, kind: EventKind, exc: ValidationError) -> None:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(payload)"
        at = f" ở «{where}»" if first["loc"] else ""  # an unknown key's message names it itself
        super().__init__(f"Dữ liệu bước «{kind}» không hợp lệ{at}: {reason_vi(first)}.",
                         f"Invalid {kind} payload at {where}: {first['msg']}.")
        self.where = where


def reason_vi(error: Any) -> str:
    """One pydantic error in the clerk's words (our own validators already speak Vietnamese)."""
    ctx = error.get("ctx") or {}
    kind = error["type"]
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "too_long":
        return f"nhiều nhất {ctx.get('max_length')} mục"
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} mục"
    if kind == "string_too_long":
        return f"dài quá {ctx.get('max_length')} ký tự"
    if kind == "missing":
        return "bắt buộc phải có"
    if kind in ("enum", "literal_error"):
        return f"phải là một trong {ctx.get('expected')}"
    if kind == "string_pattern_mismatch":
        return "không đúng dạng"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return "sai kiểu dữ liệu"
    return str(error["msg"])


def build(cls: type[Payload], **values: Any) -> Payload:
    """A new payload from values typed at the desk, checked against the shared limits."""
    try:
        return cls.model_validate(values)
    except ValidationError as exc:
        raise InvalidPayload(cls.KIND, exc) from None


def check_new(kind: EventKind | str, raw: dict[str, Any]) -> Payload:
    """A payload that arrived from elsewhere (the city at push), checked as strictly as a new one."""
    kind = EventKind(kind)
    try:
        return PAYLOADS[kind].model_validate(raw)
    except ValidationError as exc:
        raise InvalidPayload(kind, exc) from None


def read_payload(kind: EventKind, raw: dict[str, Any]) -> Payload:
    """A stored payload, read as it was written (limits added later do not apply)."""
    try:
        return PAYLOADS[kind].model_validate(raw, context=STORED)
    except ValidationError as exc:
        raise InvalidPayload(kind, exc) from None


def wire_size(payload: dict[str, Any]) -> int:
    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def check_size(kind: EventKind, payload: dict[str, Any]) -> None:
    if wire_size(payload) > limits.EVENT_BYTES:
        raise InvalidInput(
            f"Dữ liệu bước «{kind}» quá lớn để gửi về thành phố (quá {limits.EVENT_BYTES // 1024} KB).",
            f"The {kind} payload is larger than {limits.EVENT_BYTES // 1024} KB.")


def check_actor(actor: str) -> None:
    """Who recorded a step travels with it (WireEvent.actor): longer than the wire allows, it could never go."""
    if len(actor) > limits.ACTOR:
        raise InvalidInput(f"Tên người ghi nhận dài quá {limits.ACTOR} ký tự.",
                           f"The actor's name is longer than {limits.ACTOR} characters.")


def moment(value: datetime) -> str:
    """A time as payloads write it: to the second."""
    return value.replace(microsecond=0).isoformat()
