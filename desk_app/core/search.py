"""Finding dossiers as a clerk types: by name (accent- and case-insensitive), personal ID, phone or code.

Names are matched on the folded key through an FTS5 prefix index, newest first, which stays fast at a
million rows because FTS walks its index in rowid order and stops at the limit. Numbers and codes use
plain indexed ranges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, Select, column, false, func, or_, select, text
from sqlalchemy.orm import Session

from desk_app.core import payments
from desk_app.core.projection import to_dossier
from desk_app.domain.calendar import WorkCalendar
from desk_app.domain.model import Dossier, Status
from desk_app.domain.text import search_terms
from desk_app.store.models import DossierRow

_CODE_LIKE = re.compile(r"^\d{5}-\d{0,6}(-\d{0,6})?$")
_DIGITS = re.compile(r"^\+?\d[\d .]{2,}$")
# Statuses whose due date still binds the office (supplement pauses the clock; the rest are closed).
OPEN = (Status.RECEIVED, Status.TRANSFERRED, Status.DELAYED)
VIEWS = ("all", "today", "due_today", "due_soon", "overdue", "conflicts", "unpaid")


@dataclass(frozen=True)
class Query:
    text: str = ""
    view: str = "all"
    status: Status | None = None
    limit: int = 50
    sort: str = "newest"  # or "name": Vietnamese dictionary order


def search(session: Session, query: Query, calendar: WorkCalendar, now: datetime, soon_days: int = 2) -> list[Dossier]:
    text_ = query.text.strip()
    if _is_name_query(text_) and _has_fts(session) and query.view == "all" and query.status is None \
            and query.sort == "newest":
        return _newest_names(session, text_, query.limit)
    if _DIGITS.match(text_) and not _CODE_LIKE.match(text_) and query.view == "all" and query.status is None \
            and query.sort == "newest":
        return _digit_matches(session, text_, query.limit)
    stmt = select(DossierRow)
    stmt = _match_text(session, stmt, text_)
    stmt = _in_view(stmt, query.view, calendar, now, soon_days)
    if query.status is not None:
        stmt = stmt.where(DossierRow.status == str(query.status))
    order = _order(query, text_)
    return [to_dossier(row) for row in session.scalars(stmt.order_by(order).limit(query.limit))]


def _order(query: Query, raw: str):
    if query.sort == "name":
        return DossierRow.name_sort
    if _CODE_LIKE.match(raw):
        return DossierRow.code.desc()  # index order: a day's codes need no sort, newest desk/seq first
    if query.view in ("overdue", "due_today", "due_soon"):
        return DossierRow.due_at  # the most urgent first
    return DossierRow.num.desc()


def _is_name_query(raw: str) -> bool:
    return bool(raw) and not _CODE_LIKE.match(raw) and not _DIGITS.match(raw)


def _fts_match(terms: list[str], whole_words: bool = False) -> str:
    """Every term as a prefix, or (whole_words) every term but the last as a whole word."""
    head = [f'"{term}"' if whole_words else f'"{term}"*' for term in terms[:-1]]
    return " AND ".join([*head, f'"{terms[-1]}"*'])


def _newest_names(session: Session, raw: str, limit: int) -> list[Dossier]:
    """Search-as-you-type: FTS walks its index newest first and stops at the limit.

    Words the clerk has finished (followed by a space) match whole words first, which is what a
    typed name means and is far cheaper on a million rows; remaining places go to matches where
    every word is only a prefix ("ng va an" still finds "Nguyễn Văn An").
    """
    terms = search_terms(raw)
    if not terms:
        return []
    nums = _fts_newest(session, _fts_match(terms, whole_words=True), limit)
    if len(nums) < limit and len(terms) > 1:
        seen = set(nums)
        extra = _fts_newest(session, _fts_match(terms), limit + len(nums))
        nums += [num for num in extra if num not in seen][: limit - len(nums)]
    rows = {row.num: row for row in session.scalars(select(DossierRow).where(DossierRow.num.in_(nums)))}
    return [to_dossier(rows[num]) for num in nums if num in rows]


def _fts_newest(session: Session, match: str, limit: int) -> list[int]:
    return list(session.execute(
        text("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :m ORDER BY rowid DESC LIMIT :n"),
        {"m": match, "n": limit},
    ).scalars())


def _match_text(session: Session, stmt: Select, raw: str) -> Select:
    if not raw:
        return stmt
    if _CODE_LIKE.match(raw):
        return stmt.where(_prefix(DossierRow.code, raw))
    if _DIGITS.match(raw):
        digits, phone = _id_and_phone(raw)
        return stmt.where(or_(_prefix(DossierRow.personal_id, digits), _prefix(DossierRow.phone, phone)))
    terms = search_terms(raw)
    if not terms:
        return stmt.where(false())
    if _has_fts(session):
        hits = text("SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH :m").bindparams(m=_fts_match(terms))
        return stmt.where(DossierRow.num.in_(hits.columns(column("rowid", Integer))))
    for term in terms:  # SQLite without FTS5: slower, same answers
        stmt = stmt.where(DossierRow.name_key.contains(term, autoescape=True))
    return stmt


def _id_and_phone(raw: str) -> tuple[str, str]:
    """The digits as an ID prefix, and as a phone prefix (+84 / 84 written as the leading 0)."""
    digits = re.sub(r"\D", "", raw)
    international = raw.startswith("+84") or (digits.startswith("84") and len(digits) >= 11)
    return digits, ("0" + digits[2:] if international else digits)


def _digit_matches(session: Session, raw: str, limit: int) -> list[Dossier]:
    """ID or phone prefix, newest first, without sorting every match.

    A short prefix ("001") matches most of a million rows; OR-ing the two ranges and sorting by age
    took half a second. Each range walked in its own index stops at `limit`; the union is then
    ordered newest first, so a short prefix shows some matches at once and more digits narrow them.
    """
    digits, phone = _id_and_phone(raw)
    found: dict[int, DossierRow] = {}
    for indexed, value in ((DossierRow.personal_id, digits), (DossierRow.phone, phone)):
        for row in session.scalars(select(DossierRow).where(_prefix(indexed, value)).order_by(indexed).limit(limit)):
            found[row.num] = row
    newest = sorted(found.values(), key=lambda row: row.num, reverse=True)[:limit]
    return [to_dossier(row) for row in newest]


def _prefix(column, value: str):
    """Index-friendly prefix match (LIKE would not use the index under SQLite's default collation)."""
    return (column >= value) & (column < value + "\uffff")


def _in_view(stmt: Select, view: str, calendar: WorkCalendar, now: datetime, soon_days: int) -> Select:
    today = now.date()
    open_ = DossierRow.status.in_([str(s) for s in OPEN])
    if view == "today":
        return stmt.where(_prefix(DossierRow.received_at, today.isoformat()))
    if view == "overdue":
        return stmt.where(open_, DossierRow.due_at < now.isoformat())
    if view == "due_today":
        return stmt.where(open_, DossierRow.due_at >= now.isoformat(), _prefix(DossierRow.due_at, today.isoformat()))
    if view == "due_soon":
        horizon = _end_of(calendar.add_working_days(today, soon_days))
        return stmt.where(open_, DossierRow.due_at >= _end_of(today), DossierRow.due_at < horizon)
    if view == "conflicts":
        return stmt.where(DossierRow.conflicts > 0)
    if view == "unpaid":  # a fee due and no receipt standing (issue 11)
        return stmt.where(payments.unpaid_clause())
    return stmt


def _end_of(day: date) -> str:
    return datetime.combine(day + timedelta(days=1), time()).isoformat()


def count_by_view(session: Session, calendar: WorkCalendar, now: datetime, soon_days: int = 2) -> dict[str, int]:
    """How many dossiers each list view holds (for the tabs' badges)."""
    counts = {}
    for view in VIEWS:
        stmt = _in_view(select(func.count()).select_from(DossierRow), view, calendar, now, soon_days)
        counts[view] = session.scalar(stmt) or 0
    return counts


def _has_fts(session: Session) -> bool:
    found = session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'dossier_fts'")).first()
    return found is not None
