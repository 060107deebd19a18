"""Log-in attempts per client address, on top of each account's own lock-out: one address trying many
accounts (password spraying) is stopped after `console_address_failures` failures within the window, even
with a right password, until the window ends. Counted in the database (every server process behind the
balancer shares it), in the table the citizen lookup uses, under keys of their own. A successful log-in does
not reset the count: one known account must not buy more guesses at the others."""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from sync.server import lookup, tables


def key(client: str) -> str:
    return f"login:{lookup.address_key(client)}"[:64]


def wait_minutes(conn: Connection, client: str, limit: int, window_ms: int, now_ms: int) -> int:
    """Minutes until this address may try again (0: it may now)."""
    a = tables.lookup_attempts
    row = conn.execute(select(a.c.window_start, a.c.failures).where(a.c.client == key(client))).first()
    if row is None or now_ms - row.window_start >= window_ms or row.failures < limit:
        return 0
    return max(1, -(-(int(row.window_start) + window_ms - now_ms) // 60_000))


def record_failure(conn: Connection, client: str, window_ms: int, now_ms: int) -> None:
    a, name = tables.lookup_attempts, key(client)
    row = conn.execute(select(a.c.window_start).where(a.c.client == name)).first()
    if row is None:
        conn.execute(a.insert().values(client=name, window_start=now_ms, failures=1))
    elif now_ms - row.window_start >= window_ms:
        conn.execute(update(a).where(a.c.client == name).values(window_start=now_ms, failures=1))
    else:
        conn.execute(update(a).where(a.c.client == name).values(failures=a.c.failures + 1))
