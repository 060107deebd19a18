"""The dossiers table is a projection of the event log: rebuilt from the events, never edited apart
from them. The same code builds it for a dossier received here and for one pulled from the city."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter

from desk_app.domain.fields import STORED
from desk_app.domain.lifecycle import Folded, fold, ordered, received
from desk_app.domain.model import Applicant, Delivery, Dossier, DueInfo, Event, ReceivedDocument, Status
from desk_app.domain.payloads import Received
from desk_app.domain.text import fold as fold_text
from desk_app.domain.text import sort_key
from desk_app.store.models import DossierRow

_APPLICANT = TypeAdapter(Applicant)
_DOCUMENTS = TypeAdapter(tuple[ReceivedDocument, ...])


def applicant_json(applicant: Applicant) -> str:
    return json.dumps(_APPLICANT.dump_python(applicant, mode="json"), ensure_ascii=False, sort_keys=True)


def applicant_from_json(text: str) -> Applicant:
    return _APPLICANT.validate_python(json.loads(text), context=STORED)


def project(events: Sequence[Event], row: DossierRow | None = None) -> DossierRow:
    """Fill (or refresh) the row for the dossier these events describe."""
    row = row or DossierRow()
    for key, value in projected_values(events).items():
        setattr(row, key, value)
    return row


def projected_values(events: Sequence[Event]) -> dict[str, Any]:
    """The dossiers-table columns for these events (a pure function: bulk loaders use it directly)."""
    state = fold(events)
    first = ordered(events)[0]  # fold() has checked it is the "received" event
    return {**_facts(first, received(first)), **_state(state)}


def _facts(event: Event, r: Received) -> dict[str, Any]:
    return {
        "id": event.dossier_id, "code": r.code, "lookup_key": r.lookup_key, "receiving_unit": r.receiving_unit,
        "authority": r.authority, "procedure_code": r.procedure_code, "procedure_version": r.procedure_version,
        "procedure_name": r.procedure_name,
        "documents_json": json.dumps([asdict(d) for d in r.documents], ensure_ascii=False),
        "sets": r.sets, "fee_vnd": r.fee_vnd, "received_at": r.received_at.isoformat(), "due_rule": r.due_rule,
        "due_rule_text": r.due_rule_text, "delivery": str(r.delivery), "delivery_address": r.delivery_address,
        "received_by": event.actor, "desk_id": event.desk_id,
        "register_book": r.register_book, "register_entry": r.register_entry,
    }


def _state(state: Folded) -> dict[str, Any]:
    applicant = state.applicant
    return {
        "applicant_json": applicant_json(applicant), "applicant_name": applicant.full_name,
        "personal_id": applicant.personal_id, "phone": applicant.phone,
        "name_key": fold_text(applicant.full_name), "name_sort": sort_key(applicant.full_name),
        "status": str(state.status), "due_at": state.due_at.isoformat(),
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
        applicant=applicant_from_json(row.applicant_json),
        documents=_DOCUMENTS.validate_json(row.documents_json, context=STORED),
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
