"""Accounts from the centre on this desk: the point's clerk and supervisor accounts the city keeps,
installed by sync beside the desk's own (docs/sync.md, "Accounts from the centre").

Only argon2 hashes arrive. A city account and a local one never merge: when the city sends a user name
this desk already has as a local account, the local account stays as it is and the city's is not
installed here (a clash, written to the audit log and reported by the sync round, for an administrator
to rename one of them). A password chosen here for a city account (the first log-in with a temporary
password) waits in `city_password_changes` until the city takes it or answers that a newer password
exists there; until then the list the city sends does not overwrite it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desk_app.core import audit
from desk_app.core.settings import get_values, set_value
from desk_app.store.models import CityPasswordChangeRow, UserRow

CITY, LOCAL = "city", "local"
VERSION_KEY = "city_accounts.version"
ROLES = ("clerk", "supervisor", "admin")


@dataclass
class Applied:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)  # city names this desk has as local accounts


def version(session: Session) -> int:
    raw = get_values(session, [VERSION_KEY]).get(VERSION_KEY, "0")
    return int(raw) if raw.isdigit() else 0


def apply(session: Session, accounts: list[dict[str, Any]], new_version: int, now: str) -> Applied:
    """Install the point's list as the city sent it, in the caller's transaction."""
    done = Applied()
    pending = {r.username: r for r in session.scalars(select(CityPasswordChangeRow))}
    for account in accounts:
        name = str(account["username"])
        row = session.get(UserRow, name)
        if account.get("role") not in ROLES:
            continue  # a role this desk does not know: never guess a wider one
        if row is not None and row.origin != CITY:
            done.clashes.append(name)
            audit.append(session, "sync", "account.clash", name, {"kept": "local"})
            continue
        if row is None:
            row = UserRow(username=name, created_at=now, origin=CITY)
            session.add(row)
            done.added.append(name)
        elif row.active and not account["active"]:
            done.disabled.append(name)
        else:
            done.changed.append(name)
        change = pending.get(name)
        if change is not None and change.from_gen < int(account["password_gen"]):
            session.delete(change)  # the city holds a newer password (ours, taken, or a reset there): it stands
            change = None
        _update(row, account, change)
    set_value(session, VERSION_KEY, str(new_version))
    if done.added or done.changed or done.disabled:
        audit.append(session, "sync", "account.city_update", "", {
            "added": done.added, "disabled": done.disabled, "version": new_version})
    return done


def _update(row: UserRow, account: dict[str, Any], pending: CityPasswordChangeRow | None) -> None:
    row.full_name, row.role, row.active = str(account["full_name"]), str(account["role"]), int(account["active"])
    if pending is not None:
        return  # chosen here from the city's current password and not delivered yet: keep it
    if row.city_gen != int(account["password_gen"]) or row.password_hash != account["password_hash"]:
        row.failed_attempts, row.locked_until = 0, None
    row.password_hash, row.must_change = str(account["password_hash"]), int(account["must_change"])
    row.city_gen = int(account["password_gen"])


def record_change(session: Session, row: UserRow, password_hash: str, now: str) -> None:
    """A password chosen here for a city account: sent to the city at the next sync."""
    existing = session.get(CityPasswordChangeRow, row.username)
    if existing is None:
        session.add(CityPasswordChangeRow(username=row.username, password_hash=password_hash, from_gen=row.city_gen,
                                          changed_at=now))
    else:
        existing.password_hash, existing.changed_at = password_hash, now


def pending(session: Session) -> list[tuple[str, str, int]]:
    """(user name, hash, generation it replaced) of every change the city does not have yet."""
    rows = session.scalars(select(CityPasswordChangeRow).order_by(CityPasswordChangeRow.changed_at))
    return [(r.username, r.password_hash, r.from_gen) for r in rows]


def settle(session: Session, username: str, password_hash: str, status: str) -> None:
    """The city's answer to one change: taken, or refused for good (a newer password there, the account
    disabled or unknown); either way it is not sent again. The city's list then says what stands."""
    session.execute(delete(CityPasswordChangeRow).where(CityPasswordChangeRow.username == username,
                                                        CityPasswordChangeRow.password_hash == password_hash))
    if status != "taken":
        audit.append(session, "sync", "account.change_refused", username, {"status": status})
