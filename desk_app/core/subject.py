"""The subject of a dossier: the procedure's own facts worth a line on the receipt and the dossier screen
(the child of a birth registration, the deceased of a death registration).

Which are key is read from the definition: the required fields, in the definition's order, capped at a
few lines (a procedure without required fields shows those filled in). Values are as received (the
received event's `fields`); dates print as dd/mm/yyyy.
"""

from __future__ import annotations

from datetime import date

from desk_app.domain.catalogue import FieldSpec, ProcedureDefinition
from desk_app.domain.model import Dossier, EventKind

MAX_LINES = 4


def received_fields(dossier: Dossier) -> dict[str, str]:
    """The procedure's field values recorded when the dossier was received ({} without that event)."""
    for event in dossier.history:
        if event.kind == EventKind.RECEIVED:
            fields = event.payload.get("fields") or {}
            return {str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else {}
    return {}


def key_fields(defn: ProcedureDefinition) -> list[FieldSpec]:
    required = [spec for spec in defn.fields if spec.required]
    return required or list(defn.fields)


def subject_lines(defn: ProcedureDefinition, values: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(label, value) of the key fields that have a value, at most MAX_LINES."""
    lines = [(spec.label, _shown(spec, values[spec.key])) for spec in key_fields(defn) if values.get(spec.key)]
    return tuple(lines[:MAX_LINES])


def _shown(spec: FieldSpec, value: str) -> str:
    if spec.type == "date":
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    return value
