"""Reference data the city publishes (procedure definitions and form wording, holidays, units) as
numbered, immutable versions; desks learn the latest number in every exchange and fetch it once."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, select, update

from desk_app.domain.calendar import read_holiday_rows
from desk_app.domain.catalogue import definition_to_json, load_catalogue
from desk_app.domain.handbook_files import check_beside_catalogue, entry_files
from desk_app.domain.wording import load_wording_file
from sync.protocol import ReferenceBundle
from sync.server import tables
from sync.server.clock import now_iso
from sync.server.notify import templates as notify_templates


def build_bundle(forms_dir: Path, data_dir: Path) -> dict[str, Any]:
    """Read and check the files under forms/ (procedures/, wording/) and the data folder (units.csv,
    holidays.csv); a broken file raises, naming it, before anything is published."""
    procedures = [definition_to_json(d) for d in load_catalogue(forms_dir / "procedures")]
    holidays = [(d.isoformat(), kind, name) for d, kind, name in read_holiday_rows(data_dir / "holidays.csv")]
    with (data_dir / "units.csv").open(encoding="utf-8", newline="") as handle:
        units = [dict(row) for row in csv.DictReader(handle)]
    return {"procedures": procedures, "holidays": holidays, "units": units, "wording": _wording(forms_dir),
            "handbook": _handbook(forms_dir), "notify": _notify(forms_dir)}


def _wording(forms_dir: Path) -> list[str]:
    """Every wording file, checked first: a broken one raises (naming file and key) before publishing."""
    files = sorted((forms_dir / "wording").glob("*/v*.json"))
    for path in files:
        load_wording_file(path)
    return [path.read_text(encoding="utf-8") for path in files]


def _handbook(forms_dir: Path) -> list[str]:
    """Every handbook entry file, checked against the catalogue first (a broken one raises)."""
    problems = check_beside_catalogue(forms_dir / "procedures")
    if problems:
        raise problems[0]
    return [path.read_text(encoding="utf-8") for path in entry_files(forms_dir / "handbook")]


def _notify(forms_dir: Path) -> list[str]:
    """The message wording, checked first (a placeholder that would leak personal data raises)."""
    path = forms_dir / "notify" / "templates.json"
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    notify_templates.load(text)
    return [text]


def publish(conn: Connection, content: dict[str, Any]) -> int:
    """Store the content as the next version; returns its number."""
    version = current_version(conn) + 1
    bundle = ReferenceBundle(version=version, published_at=now_iso(), **content)
    conn.execute(tables.ref_versions.insert().values(version=version, published_at=bundle.published_at,
                                                     body=bundle.model_dump_json()))
    conn.execute(update(tables.meta).where(tables.meta.c.key == "ref_version").values(value=str(version)))
    conn.execute(delete(tables.units))
    conn.execute(tables.units.insert(), [{"code": u["code"], "name": u["name"], "kind": u.get("kind", "")}
                                        for u in bundle.units])
    return version


def current_version(conn: Connection) -> int:
    return int(conn.execute(select(tables.meta.c.value).where(tables.meta.c.key == "ref_version")).scalar_one())


def bundle_json(conn: Connection, version: int) -> str | None:
    return conn.execute(select(tables.ref_versions.c.body).where(tables.ref_versions.c.version == version)).scalar()
