"""`city-server import-outbox` in a child process that says when it is inside the import's transaction
(after the events are inserted, before the commit) and waits there to be SIGKILLed by the test."""

from __future__ import annotations

import sys
import time

from sync.server import cli, ingest


def main() -> None:
    refold = ingest.projection.refold

    def inside(*args, **kwargs):
        result = refold(*args, **kwargs)
        print("INSIDE", flush=True)
        time.sleep(60)
        return result

    ingest.projection.refold = inside
    sys.exit(cli.main(sys.argv[1:]))


if __name__ == "__main__":
    main()
