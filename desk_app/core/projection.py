"""The dossiers table is a projection of the event log: rebuilt from the events, never edited apart
from them. The same code builds it for a dossier received here and for one pulled from the city."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

from desk_app.domain.lifecycle import Folded, fold, ordered
from desk_app.domain.model import (
    Applicant,
    Delivery,
    Dossier,
    DueInfo,
    Event,
    ReceivedDocument,
    Sex,
    Status,
)
from desk_app.domain.text import fold as fold_text
from desk_app.domain.text import sort_key
from desk_app.store.models import DossierRow


def applicant_to_dict(applicant: Applicant) -> dict:
    return {
        "full_name": applicant.full_name,
        "personal_id": applicant.personal_id,
        "date_of_birth": applicant.date_of_birth.isoformat() if applicant.date_of_birth else None,
        "sex": str(applicant.sex) if applicant.sex else None,
        "phone": applicant.phone,
        "email": applicant.email,
        "address": applicant.address,
    }


def applicant_from_dict(data: dict) -> Applicant:
    dob = data.get("date_of_birth")
    return Applicant(
        full_name=data.get("full_name", ""),
        personal_id=data.get("personal_id", ""),
        date_of_birth=date.fromisoformat(dob) if dob else None,
        sex=Sex(data["sex"]) if data.get("sex") else None,
        phone=data.get("phone", ""),
        email=data.get("email", ""),
        address=data.get("address", ""),
    )


def documents_to_list(documents: Sequence[ReceivedDocument]) -> list[dict]:
    return [{"name": d.name, "originals": d.originals, "copies": d.copies} for d in documents]


def project(events: Sequence[Event], row: DossierRow | None = None) -> DossierRow:
    """Fill (or refresh) the row for the dossier these events describe."""
    row = row or DossierRow()
    for key, value in projected_values(events).items():
        setattr(row, key, value)
    return row


def projected_values(events: Sequence[Event]) -> dict:
    """The dossiers-table columns for these events (a pure function: bulk loaders use it directly)."""
    state = fold(events)
    received = ordered(events)[0]  # fold() has checked it is the "received" event
    return {**_facts(received), **_state(state, received.payload)}


def _facts(received: Event) -> dict:
    p = received.payload
    return {
        "id": received.dossier_id, "code": p["code"], "lookup_key": p["lookup_key"],
        "receiving_unit": p["receiving_unit"], "authority": p["authority"], "procedure_code": p["procedure_code"],
        "procedure_version": p["procedure_version"], "procedure_name": p["procedure_name"],
        "documents_json": json.dumps(p["documents"], ensure_ascii=False), "sets": p["sets"], "fee_vnd": p["fee_vnd"],
        "received_at": p["received_at"], "due_rule": p["due_rule"], "due_rule_text": p["due_rule_text"],
        "delivery": p["delivery"], "delivery_address": p.get("delivery_address", ""),
        "received_by": received.actor, "desk_id": received.desk_id,
        "register_book": p.get("register_book", ""), "register_entry": p.get("register_entry", 0),
    }


def _state(state: Folded, first: dict) -> dict:
    applicant = state.applicant
    name = applicant.get("full_name", "")
    return {
        "applicant_json": json.dumps(applicant, ensure_ascii=False, sort_keys=True),
        "applicant_name": name, "personal_id": applicant.get("personal_id", ""),
        "phone": applicant.get("phone", ""), "name_key": fold_text(name), "name_sort": sort_key(name),
        "status": str(state.status), "due_at": state.due_at.isoformat() if state.due_at else first["due_at"],
        "conflicts": len(state.conflicts), "last_hlc": state.last_hlc,
    }


def to_dossier(row: DossierRow, history: Sequence[Event] = ()) -> Dossier:
    return Dossier(
        dossier_id=row.id,
        code=row.code,
        lookup_key=row.lookup_key,
        receiving_unit=row.receiving_unit,
        authority=row.authority,
        procedure_code=row.procedure_code,
        procedure_version=row.procedure_version,
        procedure_name=row.procedure_name,
        applicant=applicant_from_dict(json.loads(row.applicant_json)),
        documents=tuple(ReceivedDocument(**d) for d in json.loads(row.documents_json)),
        sets=row.sets,
        fee_vnd=row.fee_vnd,
        received_at=datetime.fromisoformat(row.received_at),
        due=DueInfo(datetime.fromisoformat(row.due_at), row.due_rule, row.due_rule_text),
        delivery=Delivery(row.delivery),
        delivery_address=row.delivery_address,
        received_by=row.received_by,
        desk_id=row.desk_id,
        status=Status(row.status),
        register_book=row.register_book,
        register_entry=row.register_entry,
        history=tuple(history),
    )
