"""Server time in one place, so tests and stamps agree on its format."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

HANOI = timezone(timedelta(hours=7), "ICT")  # Vietnam keeps no summer time


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def now_ms() -> int:
    return int(time.time() * 1000)


def hanoi_now() -> datetime:
    """Wall-clock time in Hanoi, naive: what quiet hours and the desks mean by a time, whatever the
    server's own time zone is."""
    return datetime.now(HANOI).replace(tzinfo=None)
