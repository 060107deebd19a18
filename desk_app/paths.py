"""Where things live: bundled resources (source tree or PyInstaller bundle) and the user's data."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "MotCuaDesk"


def project_root() -> Path:
    """The source checkout, or the unpacked bundle when frozen by PyInstaller."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return project_root().joinpath(*parts)


def forms_dir() -> Path:
    return resource_path("forms")


def procedures_dir() -> Path:
    return forms_dir() / "procedures"


def data_dir() -> Path:
    return resource_path("resources", "data")


def default_db_path() -> Path:
    """The clerk's database, under the per-user data folder (never beside the program)."""
    return user_data_path(APP_NAME, appauthor=False) / "motcua-desk.sqlite3"
