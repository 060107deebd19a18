"""The clerk's window (PySide6): a thin layer over `desk_app.services.Desk`.

Every action calls one service; long work (sync, printing raster, big exports) runs in workers and
the UI thread only applies results. Nothing below `desk_app.core` imports from here.
"""
