"""Telling a keyboard-wedge scanner's burst from a clerk's typing, without Qt.

A scanner types the chip-ID QR payload (`ID12|old ID|name|ddmmyyyy|Nam|address|ddmmyyyy`) at machine
speed and ends with Enter: a run of 9+ digits followed by "|" is a scan, not typing; from then on the
keys are swallowed and Enter (or a pause, for scanners set without a suffix) ends it (style_ux B3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from desk_app.core.idcard_qr import looks_like_idcard_qr

_SCAN_START = re.compile(r"[0-9]{9,}\|")
_AIM = re.compile(r"\][A-Za-z][0-9A-Za-z]$")
_ID_DIGITS = 12
_FAST = 0.1  # seconds between keys: scanners type in 1-30 ms, people rarely under 100 ms

def printable(text: str) -> str:
    """Key text without control characters (STX, ETX, GS, CR...) that scanners add around the data."""
    return "".join(ch for ch in text if ch.isprintable())


class WedgeBuffer:
    """Key text of one field since the last pause, with a mark (the field's state) before each character."""

    def __init__(self, gap: float = 2.0) -> None:
        self.gap = gap  # a pause this long ends a burst: a scanner never pauses, people do
        self.reset()

    def reset(self) -> None:
        self.text, self.last = "", 0.0
        self.owner: object = None
        self.marks: list[Any] = []
        self.times: list[float] = []

    @property
    def scanning(self) -> bool:
        return _SCAN_START.search(self.text) is not None

    def stale(self, owner: object, at: float) -> bool:
        return bool(self.text) and (owner is not self.owner or at - self.last > self.gap)

    def feed(self, text: str, owner: object, at: float, mark: Callable[[], Any]) -> bool:
        """Add key text typed into `owner`; `mark()` saves the field's state and is called only while
        a scan can still start here. Returns True when the key belongs to a scan (swallow it)."""
        text = printable(text)
        if self.stale(owner, at):
            self.reset()
        self.owner, self.last = owner, at
        if not text:
            return self.scanning
        was_scanning = self.scanning
        if not was_scanning:
            state = mark()
            self.marks.extend([state] * len(text))
            self.times.extend([at] * len(text))
        self.text += text
        return was_scanning or self.scanning

    def finish(self) -> tuple[str, Any] | None:
        """On Enter: (payload, state of the field before it) when the burst was a scan; then empty."""
        text, marks, times = self.text, self.marks, self.times
        self.reset()
        if _SCAN_START.search(text):
            start = _payload_start(text)
            fast = _fast_run_start(times, text.index("|"))
            if fast <= text.index("|") - 9:  # else a slow scanner: its timing tells nothing
                start = max(start, fast)
        elif looks_like_idcard_qr(text):
            start = 0
        else:
            return None
        return text[start:], marks[start] if start < len(marks) else None


def _payload_start(text: str) -> int:
    """Where the scanned ID begins: at most 12 digits before the first "|", plus an AIM prefix ("]Q1")."""
    pipe = text.index("|")
    start = pipe
    while start > 0 and text[start - 1].isdigit() and pipe - start < _ID_DIGITS:
        start -= 1
    if _AIM.search(text[:start]):
        start -= 3
    return start


def _fast_run_start(times: list[float], end: int) -> int:
    """Where the machine-speed keys before `end` begin (the clerk's own typing came slower)."""
    start = end
    while start > 0 and times[start] - times[start - 1] < _FAST:
        start -= 1
    return start
