"""The procedure picker's search: one function over an in-memory index of the latest definitions.

The catalogue is a few hundred rows, so the index (code, name, field, folded key) is read once and
every keystroke is a scan in Python, well under a millisecond at 500 procedures (bench/window.py). The
ranking puts this point's most used procedures first, then names that match before procedures found
only by their field, then the shortest names (the plain procedure before its variants). Issue 14's
everyday-words retrieval replaces `search` behind the same signature; the window only sees hits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.text import fold, search_terms
from desk_app.store.models import DossierRow, ProcedureRow

RECENT_RECEIPTS = 5_000  # "most used" means used lately at this point, and the scan stays cheap


class ProcedureHit(NamedTuple):
    code: str
    name: str
    field: str
    uses: int = 0


@dataclass(frozen=True)
class IndexEntry:
    code: str
    name: str
    field: str
    key: str  # folded code (with and without its dot), name and field
    name_key: str  # the same without the field: a name match ranks above a field-only one


def index_entry(code: str, name: str, field: str) -> IndexEntry:
    name_key = fold(f"{code} {code.replace('.', '')} {name}")
    return IndexEntry(code, name, field, f"{name_key} | {fold(field)}", name_key)


def load_index(session: Session) -> list[IndexEntry]:
    """The latest version of every procedure (older versions stay for the dossiers that used them)."""
    rows = session.execute(
        select(ProcedureRow.code, ProcedureRow.name, ProcedureRow.field).order_by(
            ProcedureRow.code, ProcedureRow.version.desc())
    )
    latest: dict[str, IndexEntry] = {}
    for code, name, field in rows:
        latest.setdefault(code, index_entry(code, name, field))
    return list(latest.values())


def usage_counts(session: Session, unit_code: str, recent: int = RECENT_RECEIPTS) -> dict[str, int]:
    """How often each procedure was received at this point among its latest `recent` receipts."""
    codes = session.scalars(
        select(DossierRow.procedure_code).where(DossierRow.receiving_unit == unit_code)
        .order_by(DossierRow.num.desc()).limit(recent)
    )
    return dict(Counter(codes))


def search(
    index: Sequence[IndexEntry], query: str, usage: Mapping[str, int] | None = None, limit: int = 30
) -> list[ProcedureHit]:
    """Procedures whose code, name or field contain every folded word of the query, best first."""
    terms = search_terms(query)
    usage = usage or {}
    found = [e for e in index if all(term in e.key for term in terms)]
    found.sort(key=lambda e: (-usage.get(e.code, 0), not all(t in e.name_key for t in terms), len(e.name), e.code))
    return [ProcedureHit(e.code, e.name, e.field, usage.get(e.code, 0)) for e in found[:limit]]
