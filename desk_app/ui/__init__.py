"""The clerk's window (PySide6): a thin layer over `desk_app.services.Desk`.

Every action calls one service; long work (sync, printing raster, big exports) runs in workers and
the UI thread only applies results. Nothing below `desk_app.core` imports from here.
"""

# PySide6 reads the source of every module imported after it (its `__feature__` check):
# loading the Qt-free core (SQLAlchemy, pydantic) first keeps ~400 modules out of that check,
# ~150 ms of start-up.
import desk_app.services  # noqa: F401
