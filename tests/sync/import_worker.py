"""`city-server import-outbox` in a child process that says when it is at a chosen point of the import and
waits there to be SIGKILLed by the test. `--stop events` (the default): inside the events' transaction,
after they are inserted, before the commit. `--stop scans`: after the first scan was put into the store."""

from __future__ import annotations

import sys
import time

from sync.server import cli, ingest
from sync.server.scans import store


def _wait_after(function):
    def inside(*args, **kwargs):
        result = function(*args, **kwargs)
        print("INSIDE", flush=True)
        time.sleep(60)
        return result
    return inside


def main() -> None:
    args = sys.argv[1:]
    stop = "events"
    if args[:1] == ["--stop"]:
        stop, args = args[1], args[2:]
    if stop == "events":
        ingest.projection.refold = _wait_after(ingest.projection.refold)
    else:
        store.FileScanStore.put = _wait_after(store.FileScanStore.put)
    sys.exit(cli.main(args))


if __name__ == "__main__":
    main()
