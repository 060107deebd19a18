"""Which entry the desk shows for each procedure: one the city published (kept in the database, so a
correction reaches every desk at its next sync), else the file shipped with the program, else one
derived from the definition in force. Each runs inside the caller's session."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core import reference
from desk_app.core.handbook.checks import default_handbook_root
from desk_app.core.handbook.derived import derived_entry
from desk_app.domain.catalogue import CatalogueError, ProcedureDefinition, definition_from_json
from desk_app.domain.errors import NotFound
from desk_app.domain.handbook import HandbookEntry
from desk_app.domain.handbook_files import entry_for, load_handbook, parse_entry
from desk_app.store.models import ProcedureRow, PublishedHandbookRow


def store_published(session: Session, text: str) -> HandbookEntry:
    """Keep one published entry; raises CatalogueError (naming code, field, reason) for a bad one."""
    entry, problems = parse_entry(Path("handbook.json"), text)
    if entry is None:
        raise problems[0]
    session.merge(PublishedHandbookRow(code=entry.code, version=entry.version, body=text))
    return entry


def apply_published(session: Session, texts: list[str]) -> list[CatalogueError]:
    """The handbook part of a reference bundle: good entries are kept, bad ones reported, never applied."""
    problems = []
    for text in texts:
        try:
            store_published(session, text)
        except CatalogueError as exc:
            problems.append(exc)
    return problems


def published_entries(session: Session) -> list[HandbookEntry]:
    return [HandbookEntry.model_validate_json(body) for body in session.scalars(select(PublishedHandbookRow.body))]


@lru_cache(maxsize=2)
def bundled_entries(root: Path | None = None) -> tuple[HandbookEntry, ...]:
    return tuple(load_handbook(root or default_handbook_root()))


def _definitions_in_force(session: Session, on: date) -> dict[str, ProcedureDefinition]:
    latest: dict[str, ProcedureDefinition] = {}
    for code, text in session.execute(select(ProcedureRow.code, ProcedureRow.definition_json)):
        defn = definition_from_json(text)
        held = latest.get(code)
        if defn.effective_from <= on and (held is None or defn.effective_from > held.effective_from):
            latest[code] = defn
    return latest


def _pick(published: list[HandbookEntry], code: str, on: date) -> HandbookEntry | None:
    """The newer of the published and the shipped entry in force; the same version: the published one
    (a correction the city sent after this program was built)."""
    found = [e for e in (entry_for(published, code, on), entry_for(bundled_entries(), code, on)) if e is not None]
    return max(found, key=lambda e: (e.effective_from, e.version)) if found else None


def current_entries(session: Session, on: date) -> tuple[list[HandbookEntry], dict[str, str]]:
    """Every procedure in force on `on` with the entry to show, and the procedures' official names."""
    published = published_entries(session)
    entries, names = [], {}
    for code, defn in sorted(_definitions_in_force(session, on).items()):
        entries.append(_pick(published, code, on) or derived_entry(defn))
        names[code] = defn.name
    return entries, names


def entry_of(session: Session, code: str, on: date) -> HandbookEntry:
    entry = _pick(published_entries(session), code, on)
    if entry is not None:
        return entry
    try:
        return derived_entry(reference.procedure(session, code, on))
    except NotFound:
        raise NotFound(f"Không có thủ tục mã {code} trong danh mục.", f"No procedure with code {code}.") from None
