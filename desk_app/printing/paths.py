"""Where the bundled print resources live (a source checkout or a PyInstaller bundle)."""

from __future__ import annotations

from pathlib import Path

from desk_app.paths import forms_dir, resource_path


def fonts_dir() -> Path:
    return resource_path("resources", "fonts")


def bundled_wording_dir() -> Path:
    return forms_dir() / "wording"
