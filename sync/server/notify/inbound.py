"""An applicant's reply: "STOP" (or "HUY", "TU CHOI", "KHONG NHAN") from a number withdraws consent for
every dossier that number was agreed on. The city records the withdrawal as a consent_changed step, like
any step, so it reaches the point's desks at their next sync and no message follows it.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import Connection, func, select

from desk_app.domain.hlc import HybridClock
from desk_app.domain.model import EventKind
from sync.protocol import WireEvent, event_hash
from sync.server import ingest, tables
from sync.server.clock import hanoi_now
from sync.server.devices import CITY_UNIT, Device
from sync.server.notify import outbox
from sync.server.notify.templates import unaccented

STOP_WORDS = ("stop", "huy", "tu choi", "khong nhan", "dung")
CITY_DESK = "city-notify"  # the desk id the city's own steps carry


def is_stop(text: str) -> bool:
    words = re.sub(r"[^a-z ]+", " ", unaccented(text).lower()).split()
    said = " ".join(words)
    return any(said == word or said.startswith(word + " ") for word in STOP_WORDS)


def national(phone: str) -> str:
    """84912345678, +84 912…, 0912… -> 0912345678 (the form consent keeps)."""
    digits = re.sub(r"\D", "", phone)
    return "0" + digits[2:] if digits.startswith("84") and len(digits) > 9 else digits


def withdraw(conn: Connection, phone: str) -> int:
    """Record a withdrawal on each of the number's dossiers; returns how many."""
    dossiers = outbox.consenting(conn, national(phone))
    if not dossiers:
        return 0
    events = [_withdrawal(conn, dossier_id) for dossier_id in dossiers]
    ingest.push(conn, Device("city", CITY_UNIT), events, outbox.forget_consent)
    return len(events)


def _withdrawal(conn: Connection, dossier_id: str) -> WireEvent:
    latest = conn.execute(select(func.max(tables.events.c.hlc)).where(tables.events.c.dossier_id == dossier_id)
                          ).scalar()
    clock = HybridClock(CITY_DESK)
    if latest:
        clock.observe(latest)  # after every step the desks wrote, whatever the clocks
    event = {"event_id": str(uuid.uuid4()), "dossier_id": dossier_id, "kind": str(EventKind.CONSENT_CHANGED),
             "payload": {"given": False, "via": "reply"}, "actor": "người nộp (trả lời tin nhắn)",
             "desk_id": CITY_DESK, "hlc": clock.tick(),
             "wall_time": hanoi_now().replace(microsecond=0).isoformat()}
    return WireEvent(**event, content_hash=event_hash(WireEvent(**event, content_hash="0" * 64)))
