"""Reading and checking the bundled handbook files, forms/handbook/<code>/v<N>.json.

The checks and their Vietnamese wording are the catalogue's (domain/catalogue.py), so an editor meets the same
messages for both: file, field, reason. Beyond the schema a file must sit in its procedure's folder,
be named after its version, belong to a procedure of the catalogue, and come after the version before.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from desk_app.domain.catalogue import CatalogueError, json_problems, load_catalogue, validation_errors
from desk_app.domain.handbook import HandbookEntry


def entry_files(root: Path) -> list[Path]:
    return sorted(root.glob("*/v*.json")) if root.is_dir() else []


def parse_entry(path: Path, text: str) -> tuple[HandbookEntry | None, list[CatalogueError]]:
    """Check one entry's text as if read from `path` (a published entry names its code and version)."""
    problems = json_problems(path, text)
    if problems:
        return None, problems
    try:
        return HandbookEntry.model_validate_json(text), []
    except ValidationError as exc:
        return None, validation_errors(path, exc)


def _check_file(path: Path) -> tuple[HandbookEntry | None, list[CatalogueError]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [CatalogueError(path, "", f"không đọc được tệp (cần UTF-8): {exc}")]
    entry, problems = parse_entry(path, text)
    if entry is None:
        return None, problems
    if path.parent.name != entry.code:
        problems.append(CatalogueError(path, "code", f"mã {entry.code} không khớp tên thư mục '{path.parent.name}'"))
    if path.name != f"v{entry.version}.json":
        reason = f"phiên bản {entry.version} không khớp tên tệp '{path.name}' (phải là v{entry.version}.json)"
        problems.append(CatalogueError(path, "version", reason))
    return (None if problems else entry), problems


def _check_order(entries: list[HandbookEntry], root: Path) -> list[CatalogueError]:
    problems = []
    for older, newer in itertools.pairwise(sorted(entries, key=lambda e: (e.code, e.version))):
        if older.code == newer.code and newer.effective_from <= older.effective_from:
            reason = f"phải sau ngày hiệu lực của v{older.version} ({older.effective_from.isoformat()})"
            problems.append(CatalogueError(root / newer.code / f"v{newer.version}.json", "effective_from", reason))
    return problems


def _check_known(entries: list[HandbookEntry], codes: set[str], root: Path) -> list[CatalogueError]:
    """An entry whose procedure is not in the catalogue, or a related code that is not, is a typo."""
    problems = []
    for entry in entries:
        path = root / entry.code / f"v{entry.version}.json"
        if entry.code not in codes:
            problems.append(CatalogueError(path, "code", f"không có thủ tục mã {entry.code} trong danh mục"))
        for i, related in enumerate(entry.related):
            if related.code not in codes:
                reason = f"không có thủ tục mã {related.code} trong danh mục"
                problems.append(CatalogueError(path, f"related[{i}].code", reason))
    return problems


def validate_handbook(root: Path, codes: Iterable[str] | None = None) -> list[CatalogueError]:
    """Every problem in the handbook files; `codes` are the catalogue's procedure codes, when known."""
    entries, problems = [], []
    for path in entry_files(root):
        entry, found = _check_file(path)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    problems += _check_order(entries, root)
    if codes is not None:
        problems += _check_known(entries, set(codes), root)
    return problems


def load_handbook(root: Path) -> list[HandbookEntry]:
    """All versions of all entries under `root`; raises the first problem (the check runs before shipping)."""
    entries: list[HandbookEntry] = []
    for path in entry_files(root):
        entry, problems = _check_file(path)
        if problems or entry is None:
            raise problems[0]
        entries.append(entry)
    return sorted(entries, key=lambda e: (e.code, e.version))


def entry_for(entries: Iterable[HandbookEntry], code: str, on: date) -> HandbookEntry | None:
    """The version of `code`'s entry in force on `on`, or None."""
    in_force = [e for e in entries if e.code == code and e.effective_from <= on]
    return max(in_force, key=lambda e: (e.effective_from, e.version)) if in_force else None


def check_beside_catalogue(procedures_root: Path) -> list[CatalogueError]:
    """The handbook beside a procedures folder (forms/handbook next to forms/procedures), checked against
    that folder's codes (what the city checks before publishing)."""
    try:
        codes = {d.code for d in load_catalogue(procedures_root)}
    except CatalogueError:
        codes = None  # the catalogue's own problems are reported by validate_catalogue
    return validate_handbook(procedures_root.parent / "handbook", codes)
