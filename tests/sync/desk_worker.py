"""A desk syncing in its own process, so a test can SIGKILL it mid-round:
`python -m tests.sync.desk_worker DB_PATH BATCH` runs rounds until killed."""

from __future__ import annotations

import contextlib
import sys

from desk_app.store.engine import Store
from sync.client import SyncClient
from sync.transport import SyncError


def main(path: str, batch: int) -> None:
    client = SyncClient(Store(path), batch=batch)
    while True:
        with contextlib.suppress(SyncError):
            client.sync_once()
        client.batch = batch


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
