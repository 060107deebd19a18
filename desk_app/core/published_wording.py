"""City-published form wording, installed as files beside the database when a reference bundle arrives.

The printing code reads wording from folders; a corrected version the city publishes must be there
before the next print. Each file is checked before it is installed; one that fails is left out (the
bundled or an earlier valid version prints instead) and the refusal goes to the audit log, once.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core import audit
from desk_app.domain.wording import WordingError, load_wording_file
from desk_app.private_files import write_private
from desk_app.store.models import PublishedWordingRow


def folder_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + "-wording")


def install(session: Session, folder: Path) -> int:
    """Write every published wording file not yet in `folder`; returns how many were installed."""
    installed = 0
    for row in session.scalars(select(PublishedWordingRow)):
        target = folder / row.set_name / f"v{row.version}.json"
        if target.exists():
            continue
        staging = target.with_suffix(".tmp")
        write_private(staging, row.body.encode("utf-8"))
        try:
            load_wording_file(staging)
        except WordingError as exc:
            staging.unlink()
            audit.append(session, "system", "wording.rejected", row.set_name,
                         {"version": row.version, "reason": str(exc)})
            continue
        staging.replace(target)
        installed += 1
    return installed
