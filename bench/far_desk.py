"""The desk's end of a bench over the island link: a process run at the far end of bench/link.py's link.

    ip netns exec NS .venv/bin/python bench/far_desk.py DESK.sqlite3     # as IslandLink.command([...]) gives

Opens a prepared desk database, already enrolled (its stored server address is the link's server side),
and syncs rounds until one succeeds: a failed round is retried at once (connectivity "returned"), as
bench/sync.py's island push does through the proxy. Prints one JSON line: the wall time of the rounds
(Python's start and the database's opening excluded), rounds failed and their reasons, and what the
last round did.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.services import Desk  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.transport import SyncError  # noqa: E402


def push(db: Path, max_failures: int) -> dict:
    desk = Desk.open(db)
    client = SyncClient(desk.store)
    started, failures = time.monotonic(), []
    try:
        while True:
            try:
                report = client.sync_once()
                break
            except SyncError as exc:
                failures.append(f"{exc.reason} {exc.detail}"[:200])
                if len(failures) >= max_failures:
                    raise
        wall = time.monotonic() - started
        lanes = [client.transport(), *client._spares]  # every lane's requests count
        return {"wall": wall, "failures": len(failures), "reasons": failures[:5], "exchanges": report.exchanges,
                "sent": report.sent, "received": report.received, "events_seconds": report.events_seconds,
                "retried": sum(t.retried for t in lanes), "requests": sum(t.requests for t in lanes)}
    finally:
        desk.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--max-failures", type=int, default=50, help="give up after this many failed rounds")
    args = parser.parse_args()
    print(json.dumps(push(args.db, args.max_failures)), flush=True)


if __name__ == "__main__":
    main()
