"""Where the bundled print resources live, in a source checkout and in a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding `resources/` and `forms/`.

    PyInstaller unpacks data files under `sys._MEIPASS`; from a checkout they sit two levels above
    this package.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[2]


def fonts_dir() -> Path:
    return app_root() / "resources" / "fonts"


def bundled_wording_dir() -> Path:
    return app_root() / "forms" / "wording"
