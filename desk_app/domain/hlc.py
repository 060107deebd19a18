"""Hybrid logical clock: orders events across desks whose wall clocks disagree.

A stamp is "<13-digit ms>-<4-digit counter>-<node>", so plain string comparison is causal order
(for the same node) and a deterministic total order across nodes. An offline PC whose clock is hours
off still never issues a stamp lower than one it has already seen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

_COUNTER_MAX = 9999


@dataclass(frozen=True, order=True)
class Stamp:
    millis: int
    counter: int
    node: str

    def __str__(self) -> str:
        return f"{self.millis:013d}-{self.counter:04d}-{self.node}"

    @classmethod
    def parse(cls, text: str) -> Stamp:
        millis, counter, node = text.split("-", 2)
        if len(millis) != 13 or len(counter) != 4 or not node:
            raise ValueError(f"not an HLC stamp: {text!r}")
        return cls(int(millis), int(counter), node)


class HybridClock:
    """One per desk; `last` must be persisted and restored so restarts never go backwards."""

    def __init__(self, node: str, last: str | None = None, now_ms: Callable[[], int] | None = None) -> None:
        self.node = node
        self._now_ms = now_ms or (lambda: int(time.time() * 1000))
        self._last = Stamp.parse(last) if last else Stamp(0, 0, node)

    @property
    def last(self) -> str:
        return str(self._last)

    def tick(self) -> str:
        """A new stamp for a local event."""
        return str(self._advance(Stamp(0, 0, self.node)))

    def observe(self, remote: str) -> None:
        """Fold in a stamp received from elsewhere so later local stamps sort after it."""
        self._advance(Stamp.parse(remote))

    def _advance(self, remote: Stamp) -> Stamp:
        wall = self._now_ms()
        millis = max(wall, self._last.millis, remote.millis)
        if millis == self._last.millis == remote.millis:
            counter = max(self._last.counter, remote.counter) + 1
        elif millis == self._last.millis:
            counter = self._last.counter + 1
        elif millis == remote.millis:
            counter = remote.counter + 1
        else:
            counter = 0
        if counter > _COUNTER_MAX:  # more than 10,000 events in one ms: borrow the next ms
            millis, counter = millis + 1, 0
        self._last = Stamp(millis, counter, self.node)
        return self._last
