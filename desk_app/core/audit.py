"""Append-only, hash-chained audit log of logins, prints and dossier actions.

Each entry's hash covers its own fields and the previous entry's hash, and the newest (seq, hash) is
also kept in the settings table, all in the same transaction as the action. Editing an entry breaks
its hash; deleting one breaks the chain or the sequence; cutting the tail disagrees with the head.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.events import canonical_json
from desk_app.core.sessions import Sessions
from desk_app.core.settings import get_value, set_value
from desk_app.store.models import AuditRow

GENESIS = "0" * 64
_HEAD_KEY = "audit_head"


def entry_hash(seq: int, at: str, actor: str, action: str, target: str, details: str, prev: str) -> str:
    body = canonical_json([seq, at, actor, action, target, details, prev])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    session: Session, actor: str, action: str, target: str = "", details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditRow:
    """Add one entry inside the caller's transaction (so it commits or rolls back with the action)."""
    head_seq, prev = _head(session)
    seq = head_seq + 1
    when = (at or datetime.now()).isoformat(timespec="microseconds")
    text = canonical_json(details or {})
    row = AuditRow(
        seq=seq, at=when, actor=actor, action=action, target=target, details=text, prev_hash=prev,
        hash=entry_hash(seq, when, actor, action, target, text, prev),
    )
    session.add(row)
    set_value(session, _HEAD_KEY, f"{seq}:{row.hash}")
    return row


def _head(session: Session) -> tuple[int, str]:
    raw = get_value(session, _HEAD_KEY)
    if not raw:
        return 0, GENESIS
    seq, digest = raw.split(":", 1)
    return int(seq), digest


@dataclass(frozen=True)
class Problem:
    seq: int
    vi: str
    en: str


def verify(session: Session) -> list[Problem]:
    """Every break in the chain, each naming the entry; empty means the log is intact."""
    problems: list[Problem] = []
    expected_seq, prev = 1, GENESIS
    for row in session.scalars(select(AuditRow).order_by(AuditRow.seq)):
        problems += _check_row(row, expected_seq, prev)
        expected_seq, prev = row.seq + 1, row.hash
    head_seq, head_hash = _head(session)
    if (expected_seq - 1, prev) != (head_seq, head_hash) and head_seq >= expected_seq - 1:
        problems.append(
            Problem(
                head_seq,
                f"Nhật ký kết thúc ở mục {expected_seq - 1} nhưng mục cuối đã ghi là {head_seq}: "
                "các mục cuối đã bị xóa hoặc sửa.",
                f"The log ends at entry {expected_seq - 1} but the recorded head is {head_seq}: "
                "the last entries were deleted or altered.",
            )
        )
    return problems


def _check_row(row: AuditRow, expected_seq: int, prev: str) -> list[Problem]:
    found: list[Problem] = []
    if row.seq != expected_seq:
        found.append(
            Problem(
                row.seq,
                f"Thiếu mục {expected_seq}–{row.seq - 1} trước mục {row.seq}: đã bị xóa.",
                f"Entries {expected_seq}-{row.seq - 1} before entry {row.seq} are missing: deleted.",
            )
        )
    elif row.prev_hash != prev:
        found.append(Problem(row.seq, f"Mục {row.seq} không nối với mục trước.", f"Entry {row.seq} breaks the chain."))
    digest = entry_hash(row.seq, row.at, row.actor, row.action, row.target, row.details, row.prev_hash)
    if digest != row.hash:
        found.append(
            Problem(
                row.seq,
                f"Mục {row.seq} ({row.action}, {row.at}) đã bị sửa sau khi ghi.",
                f"Entry {row.seq} ({row.action}, {row.at}) was altered after it was written.",
            )
        )
    return found


def entries(session: Session, target: str | None = None, action: str | None = None) -> list[AuditRow]:
    query = select(AuditRow).order_by(AuditRow.seq)
    if target is not None:
        query = query.where(AuditRow.target == target)
    if action is not None:
        query = query.where(AuditRow.action == action)
    return list(session.scalars(query))


def details_of(row: AuditRow) -> dict[str, Any]:
    return json.loads(row.details)


class AuditService:
    """The audit log as a service: record outside an action's own transaction, verify, list."""

    def __init__(self, store: Sessions, now: Callable[[], datetime]) -> None:
        self.store, self.now = store, now

    def record(self, actor: str, action: str, target: str = "", details: dict[str, Any] | None = None) -> None:
        with self.store.write() as session:
            append(session, actor, action, target, details, at=self.now())

    def verify(self) -> list[Problem]:
        with self.store.read() as session:
            return verify(session)

    def entries(self, target: str | None = None, action: str | None = None) -> list[dict[str, Any]]:
        with self.store.read() as session:
            rows = entries(session, target, action)
            return [
                {"seq": r.seq, "at": r.at, "actor": r.actor, "action": r.action, "target": r.target,
                 "details": details_of(r)}
                for r in rows
            ]
