"""Reference data in the local database: units, holidays, the procedure catalogue.

Loaded from the files shipped in `resources/` and `forms/` when a database is created, and replaced
later by versions the city publishes. Definitions are stored whole (JSON) per version, so a dossier
can always be shown with the definition version it was received under.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desk_app.core import procedure_search
from desk_app.core.procedure_search import ProcedureHit
from desk_app.domain.calendar import OfficeHours, WorkCalendar, read_holiday_rows
from desk_app.domain.catalogue import (
    DefinitionNotFound,
    ProcedureDefinition,
    definition_for,
    definition_from_json,
    definition_to_json,
    load_catalogue,
)
from desk_app.domain.errors import NotFound
from desk_app.domain.text import fold
from desk_app.paths import data_dir, procedures_dir
from desk_app.store.models import HolidayRow, ProcedureRow, UnitRow

CITY_CODE = "01"  # Hanoi People's Committee, for procedures decided at city level


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    name_en: str = ""


@dataclass(frozen=True)
class ImportCounts:
    units: int
    holidays: int
    procedures: int


def import_units(session: Session, path: Path | None = None) -> int:
    path = path or data_dir() / "units.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        store_unit(session, row)
    return len(rows)


def store_unit(session: Session, row: dict[str, str]) -> None:
    """One unit as shipped in units.csv or published by the city."""
    session.merge(
        UnitRow(
            code=row["code"], name=row["name"], kind=row["kind"], name_en=row.get("name_en", ""),
            name_alt=row.get("name_alt_spelling", ""), province_code=row.get("province_code", "01"),
        )
    )


def import_holidays(session: Session, path: Path | None = None) -> int:
    rows = read_holiday_rows(path or data_dir() / "holidays.csv")
    replace_holidays(session, rows)
    return len(rows)


def replace_holidays(session: Session, rows: Sequence[tuple[date, str, str]]) -> None:
    """Swap in a new holiday table; a bad table is rejected before the good one is touched."""
    WorkCalendar.from_rows(rows)
    session.execute(delete(HolidayRow))
    session.add_all(HolidayRow(day=d.isoformat(), kind=kind, name=name) for d, kind, name in rows)


def import_procedures(session: Session, root: Path | None = None) -> int:
    definitions = load_catalogue(root or procedures_dir())
    for defn in definitions:
        store_definition(session, defn)
    return len(definitions)


def store_definition(session: Session, defn: ProcedureDefinition) -> None:
    """One version of a procedure definition; earlier versions stay for the dossiers that used them."""
    session.merge(_procedure_row(defn))


def _procedure_row(defn: ProcedureDefinition) -> ProcedureRow:
    return ProcedureRow(
        code=defn.code, version=defn.version, effective_from=defn.effective_from.isoformat(),
        name=defn.name, field=defn.field, authority=defn.competent_authority, time_rule=defn.time_rule,
        definition_json=definition_to_json(defn), name_key=fold(f"{defn.code} {defn.name}"),
    )


def import_all(session: Session) -> ImportCounts:
    return ImportCounts(import_units(session), import_holidays(session), import_procedures(session))


def unit(session: Session, code: str) -> Unit:
    if code == CITY_CODE:
        return Unit(CITY_CODE, "Thành phố Hà Nội", "city", "Hanoi City")
    row = session.get(UnitRow, code)
    if row is None:
        raise NotFound(f"Không có đơn vị mã {code} trong danh mục.", f"No unit with code {code}.")
    return Unit(row.code, row.name, row.kind, row.name_en)


def default_calendar(hours: OfficeHours | None = None) -> WorkCalendar:
    """The calendar shipped with the program (before any city-published table)."""
    return WorkCalendar.from_rows(read_holiday_rows(data_dir() / "holidays.csv"), hours or OfficeHours())


def calendar(session: Session, hours: OfficeHours) -> WorkCalendar:
    rows = session.execute(select(HolidayRow.day, HolidayRow.kind, HolidayRow.name)).tuples()
    return WorkCalendar.from_rows(((date.fromisoformat(d), k, n) for d, k, n in rows), hours)


def procedure(session: Session, code: str, on: date, version: int | None = None) -> ProcedureDefinition:
    """The definition in force on `on` (or an exact version, for showing an old dossier)."""
    query = select(ProcedureRow.definition_json).where(ProcedureRow.code == code)
    if version is not None:
        query = query.where(ProcedureRow.version == version)
    defs = [definition_from_json(text) for text in session.scalars(query)]
    if not defs:
        raise NotFound(f"Không có thủ tục mã {code} trong danh mục.", f"No procedure with code {code}.")
    if version is not None:
        return defs[0]
    try:
        return definition_for(defs, code, on)
    except DefinitionNotFound as exc:
        raise NotFound(str(exc), f"Procedure {code} is not in force on {on:%Y-%m-%d}.") from exc


def search_procedures(session: Session, query: str, limit: int = 30, unit_code: str = "") -> list[ProcedureHit]:
    """Procedures matching every folded word of the query (code with or without its dot, name, field),
    the point's most used first; see core.procedure_search. The window calls the cached variant on Desk."""
    usage = procedure_search.usage_counts(session, unit_code) if unit_code else None
    return procedure_search.search(procedure_search.load_index(session), query, usage, limit)
