"""A scan attached at another desk of the point reaches this one only when a clerk opens it (issue 12):
fetched from the city on the DB lane, hash-checked, and kept in this desk's scan store."""

from __future__ import annotations

from desk_app.services import Desk


def fetch_scan_from_city(window_desk: Desk, dossier_id: str, sha256: str) -> bytes:
    """DB lane: its own connection, the desk's device token, one GET to the city; the bytes land in the
    desk's own scan store (the same folder the window reads), so the next open needs no link."""
    from sync.client import SyncClient

    store = window_desk.worker_sessions()
    try:
        return SyncClient(store, scans=window_desk.scan_store).open_scan(dossier_id, sha256)
    finally:
        store.close()
