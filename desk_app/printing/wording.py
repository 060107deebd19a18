"""Printed-form wording as versioned data: find the files and pick the version in force (the schema
and its checks are in desk_app.domain.wording).

Files live in `<dir>/<set>/v<N>.json`. The bundled set ships in `forms/wording`; the city can publish a
corrected version (a higher N) into an override directory named by the MOTCUA_WORDING_DIR environment
variable (several directories separated by os.pathsep), and it wins without a new release.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from desk_app.domain.wording import Wording, WordingError, load_wording_file
from desk_app.printing.paths import bundled_wording_dir

OVERRIDE_ENV = "MOTCUA_WORDING_DIR"


def wording_dirs(published: Sequence[str | Path] = ()) -> list[Path]:
    """Override directories first (city-published corrections), the bundled set last."""
    extra = [Path(p) for p in os.environ.get(OVERRIDE_ENV, "").split(os.pathsep) if p]
    return [*map(Path, published), *extra, bundled_wording_dir()]


def load_wording(set_name: str, as_of: date | None = None, published: Sequence[str | Path] = ()) -> Wording:
    """The highest valid version of `set_name` already in force on `as_of` (default: today)."""
    day = as_of or date.today()
    candidates = [w for w in _all_versions(set_name, published) if w.effective_from <= day]
    if not candidates:
        raise WordingError(f"Không tìm thấy lời văn mẫu in '{set_name}' có hiệu lực ngày {day:%d/%m/%Y}.")
    return max(candidates, key=lambda w: w.version)


def _all_versions(set_name: str, published: Sequence[str | Path] = ()) -> list[Wording]:
    files = [f for d in wording_dirs(published) for f in sorted((d / set_name).glob("v*.json"))]
    return [load_wording_file(f) for f in files]
