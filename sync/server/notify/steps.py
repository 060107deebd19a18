"""The hook the push calls, in its own transaction, with the steps it has just stored."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Connection, select

from desk_app.domain.model import Event, EventKind
from sync.server import reference, tables
from sync.server.clock import hanoi_now
from sync.server.notify import outbox
from sync.server.notify import templates as wording


class Notifier:
    """Queues the messages that stored steps call for; the wording is the city's latest published set
    (the shipped forms/notify/templates.json until the city publishes one)."""

    def __init__(self, forms_dir: Path, public_url: str) -> None:
        self.forms_dir = forms_dir
        self.lookup_url = public_url.rstrip("/") + "/tra-cuu"
        self._templates: tuple[int, wording.TemplateSet] | None = None

    def __call__(self, conn: Connection, event_ids: Sequence[str], histories: dict[str, list[Event]]) -> int:
        wanted = set(event_ids)
        steps = [e for events in histories.values() for e in events if e.event_id in wanted]
        # Consent changes only with these two kinds: the other steps leave notify_consent untouched.
        touched = {e.dossier_id for e in steps if e.kind in (EventKind.RECEIVED, EventKind.CONSENT_CHANGED)}
        if touched:
            outbox.remember_consent(conn, {d: histories[d] for d in touched})
        if not any(step.kind in wording.STEPS for step in steps):
            return 0
        units = dict(conn.execute(select(tables.units.c.code, tables.units.c.name)).tuples().all())
        return outbox.enqueue(conn, steps, histories, units, self.templates(conn), self.lookup_url,
                              hanoi_now())

    def templates(self, conn: Connection) -> wording.TemplateSet:
        version = reference.current_version(conn)
        if self._templates is None or self._templates[0] != version:
            self._templates = (version, self._published(conn, version) or wording.shipped(self.forms_dir))
        return self._templates[1]

    @staticmethod
    def _published(conn: Connection, version: int) -> wording.TemplateSet | None:
        body = reference.bundle_json(conn, version) if version else None
        texts = json.loads(body).get("notify", []) if body else []
        return wording.load(texts[-1]) if texts else None
