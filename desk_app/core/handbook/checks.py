"""`desk-app check-forms` for the handbook: the shared file checks plus the desk's synonyms file."""

from __future__ import annotations

from pathlib import Path

from desk_app.core.handbook.retrieval import Lexicon
from desk_app.domain.catalogue import CatalogueError
from desk_app.domain.handbook_files import check_beside_catalogue
from desk_app.paths import forms_dir


def default_handbook_root() -> Path:
    return forms_dir() / "handbook"


def check_forms_handbook(procedures_root: Path) -> list[CatalogueError]:
    problems = check_beside_catalogue(procedures_root)
    synonyms = procedures_root.parent / "handbook" / "synonyms.json"
    if synonyms.exists():
        try:
            Lexicon.from_json(synonyms.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(CatalogueError(synonyms, "", f"tệp từ đồng nghĩa không hợp lệ: {exc}"))
    return problems
