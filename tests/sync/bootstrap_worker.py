"""A new desk's first sync in its own process, so a test can SIGKILL it mid-download or mid-apply:
`python -m tests.sync.bootstrap_worker DB_PATH SERVER_URL [PAUSE_MARKER]` runs rounds until killed. With a
marker path, the snapshot's apply stops inside its transaction, after every row is inserted and before
commit, and the marker file says so (a named kill point, as in docs/sync.md's crash tests)."""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

from desk_app.core import snapshot as bulk
from desk_app.store.engine import Store
from sync.client import SyncClient
from sync.transport import SyncError, Transport

PAGE = 10  # the tests' page: a first pull with more than this asks for the snapshot


def _pause_inside_apply(marker: Path) -> None:
    real = bulk.apply_prepared

    def paused(*args, **kwargs):
        result = real(*args, **kwargs)
        marker.touch()
        time.sleep(3600)
        return result

    bulk.apply_prepared = paused


def main(path: str, url: str, marker: str = "") -> None:
    if marker:
        _pause_inside_apply(Path(marker))
    store = Store(Path(path))
    client = SyncClient(store)
    client = SyncClient(store, Transport(url, client.state().token, timeouts=(5.0, 10.0)), page=PAGE)
    while True:
        with contextlib.suppress(SyncError):
            client.sync_once()
        time.sleep(0.05)


if __name__ == "__main__":
    main(*sys.argv[1:])
