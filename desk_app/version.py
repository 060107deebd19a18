"""The program's version, as installed (pyproject.toml), for the city's dashboard and support."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    APP_VERSION = version("motcua-desk")
except PackageNotFoundError:  # run from a source tree that was never installed
    APP_VERSION = "0+source"
