"""Finding one of the 126 units by what a clerk types: name with or without marks, either tone-mark
spelling (Hòa/Hoà), the English name or the 5-digit code. Pure Python over the units list; the intake
page's competent-authority picker and issue 18's transfer dialog use it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desk_app.domain.text import fold, search_terms, sort_key


@dataclass(frozen=True)
class UnitEntry:
    code: str
    name: str
    key: str  # folded code, name, other spelling, English name
    order: str  # Vietnamese dictionary order of the name


def unit_entries(rows: Iterable[tuple[str, str, str, str]]) -> list[UnitEntry]:
    """(code, name, name_alt, name_en) rows, in Vietnamese alphabetical order of the name."""
    entries = [UnitEntry(code, name, fold(f"{code} {name} {alt} {en}"), sort_key(name)) for code, name, alt, en in rows]
    return sorted(entries, key=lambda e: e.order)


def find_units(entries: Sequence[UnitEntry], query: str, limit: int = 20) -> list[UnitEntry]:
    """Units whose key contains every folded word typed; a name that starts with the first word first."""
    terms = search_terms(query)
    found = [e for e in entries if all(term in e.key for term in terms)]
    if terms:
        first = terms[0]
        found.sort(key=lambda e: (not _word_starts(e, first), e.order))
    return found[:limit]


def _word_starts(entry: UnitEntry, term: str) -> bool:
    return any(word.startswith(term) for word in entry.key.split())
