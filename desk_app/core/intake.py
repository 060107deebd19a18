"""Dossiers from a JSON document, so other systems (and `desk-app receive`) can feed the desk.

The format is documented in docs/dossier-json.md. Errors name the field the way the clerk sees it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from desk_app.core.consent import consent
from desk_app.core.dossiers import ReceiveRequest
from desk_app.domain.calendar import local_time
from desk_app.domain.errors import InvalidInput
from desk_app.domain.fees import FeeInputs
from desk_app.domain.fields import Uuid
from desk_app.domain.json_input import read_json
from desk_app.domain.model import Applicant, Delivery, ReceivedDocument, Sex
from desk_app.domain.payloads import Channel

_SEX_WORDS = {"male": Sex.MALE, "nam": Sex.MALE, "m": Sex.MALE, "female": Sex.FEMALE, "nữ": Sex.FEMALE,
              "nu": Sex.FEMALE, "f": Sex.FEMALE}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ApplicantIn(_Strict):
    full_name: str = Field(min_length=1)
    personal_id: str = ""
    date_of_birth: date | None = None
    sex: str | None = None
    phone: str = ""
    email: str = ""
    address: str = ""

    @field_validator("sex")
    @classmethod
    def _known_sex(cls, value: str | None) -> str | None:
        if value and value.lower() not in _SEX_WORDS:
            raise ValueError("phải là male/female (Nam/Nữ)")
        return value


class DocumentIn(_Strict):
    name: str = Field(min_length=1)
    originals: int = Field(default=0, ge=0)
    copies: int = Field(default=0, ge=0)


class NotifyIn(_Strict):
    """Consent to messages: the channel, and the number (the applicant's phone when left out)."""

    channel: Channel
    phone: str | None = None


class FeeInputsIn(_Strict):
    """What was counted for the fee (issue 11); ranges are the fee rule's own check (domain.fees)."""

    pages: list[int] = []
    copies: int = 1
    signatures: int = 1
    contracts: int = 1
    extra_copies: int = 0
    exemption: str = ""


class DossierIn(_Strict):
    format: Literal["motcua.dossier/1"] = "motcua.dossier/1"
    dossier_id: Uuid | None = None
    procedure_code: str = Field(pattern=r"^\d\.\d{6}$")
    applicant: ApplicantIn
    documents: list[DocumentIn] = Field(min_length=1)
    sets: int = Field(default=1, ge=1)
    fee_vnd: int | None = Field(default=None, ge=0)
    delivery: Delivery = Delivery.COUNTER
    delivery_address: str = ""
    authority: str | None = None
    received_at: datetime | None = None
    fields: dict[str, str] = {}
    notify: NotifyIn | None = None
    fee_inputs: FeeInputsIn | None = None

    @field_validator("received_at")
    @classmethod
    def _local(cls, value: datetime | None) -> datetime | None:
        return None if value is None else local_time(value)


def parse_dossier_json(text: str, source: str = "JSON") -> ReceiveRequest:
    raw: Any = read_json(text, source)
    try:
        data = DossierIn.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(gốc)"
        reason = str(first.get("ctx", {}).get("error", first["msg"]))  # our own reason, without "Value error, "
        raise InvalidInput(
            f"{source}: trường «{where}»: {reason}.", f"{source}: field {where!r}: {first['msg']}."
        ) from exc
    return _to_request(data)


def _to_request(data: DossierIn) -> ReceiveRequest:
    a = data.applicant
    applicant = Applicant(
        full_name=a.full_name, personal_id=a.personal_id, date_of_birth=a.date_of_birth,
        sex=_SEX_WORDS[a.sex.lower()] if a.sex else None, phone=a.phone, email=a.email, address=a.address,
    )
    return ReceiveRequest(
        procedure_code=data.procedure_code,
        applicant=applicant,
        documents=[ReceivedDocument(d.name, d.originals, d.copies) for d in data.documents],
        sets=data.sets,
        fee_vnd=data.fee_vnd,
        delivery=data.delivery,
        delivery_address=data.delivery_address,
        authority=data.authority,
        received_at=data.received_at,
        fields=data.fields,
        dossier_id=data.dossier_id,
        notify=consent(data.notify.channel, data.notify.phone or a.phone or "") if data.notify else None,
        fee_inputs=FeeInputs(**{**data.fee_inputs.model_dump(), "pages": tuple(data.fee_inputs.pages)})
        if data.fee_inputs else None,
    )
