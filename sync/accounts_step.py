"""The sync round's accounts step (docs/sync.md, "Accounts from the centre"): first the passwords chosen
here for city accounts go up, then, if the point's accounts version in the exchange answer differs from
the one installed, the point's list comes down and is installed in one local transaction. Offline, the
desk keeps the accounts it has."""

from __future__ import annotations

from desk_app.core import city_accounts, replica
from desk_app.core.sessions import Sessions
from sync.protocol import PasswordChange
from sync.transport import Transport


def sync_accounts(store: Sessions, transport: Transport, server_version: int) -> city_accounts.Applied | None:
    """None when nothing had to be fetched."""
    with store.read() as session:
        waiting = city_accounts.pending(session)
        installed = city_accounts.version(session)
    for username, password_hash, from_gen in waiting:
        answer = transport.password_change(PasswordChange(username=username, password_hash=password_hash,
                                                          from_gen=from_gen))
        server_version = max(server_version, answer.version)
        with store.write() as session:
            city_accounts.settle(session, username, password_hash, answer.status)
    if server_version == installed:
        return None
    listing = transport.accounts()
    with store.write() as session:
        return city_accounts.apply(session, [a.model_dump() for a in listing.accounts], listing.version,
                                   replica.now_iso())
