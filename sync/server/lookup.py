"""The citizen lookup page the receipt's QR opens: status, due date, where to collect the result.

It shows nothing that identifies the applicant (no name, ID or address), answers only when the
printed key matches, and counts failed guesses per client address and per dossier code in the database
(so every server process behind the balancer shares the count): past the limit a wrong guess gets 429
for a while. The right key is never refused, so a citizen behind the same office NAT as a guesser still
gets an answer.
"""

from __future__ import annotations

import hmac
import ipaddress
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy import Connection, Row, select, update

from desk_app.domain.lifecycle import status_label
from desk_app.domain.model import Status
from sync.server import tables
from sync.server.clock import now_ms

WINDOW_MS = 10 * 60 * 1000
MAX_FAILURES = 20


def address_key(address: str) -> str:
    """The attempts row for a client: its address, or for IPv6 its /64 (one home or phone gets a whole /64,
    so counting single addresses would let a guesser rotate without end)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def code_key(code: str) -> str:
    """The attempts row that counts misses on one dossier code, from any address."""
    return f"code:{code}"[:64]


def blocked(conn: Connection, client: str) -> bool:
    row = _attempts(conn, client)
    return bool(row and now_ms() - row.window_start < WINDOW_MS and row.failures >= MAX_FAILURES)


def record_failure(conn: Connection, client: str) -> None:
    row, now = _attempts(conn, client), now_ms()
    a = tables.lookup_attempts
    client = client[:64]
    if row is None:
        conn.execute(a.insert().values(client=client, window_start=now, failures=1))
    elif now - row.window_start >= WINDOW_MS:
        conn.execute(update(a).where(a.c.client == client).values(window_start=now, failures=1))
    else:
        conn.execute(update(a).where(a.c.client == client).values(failures=a.c.failures + 1))


def _attempts(conn: Connection, client: str) -> Row[tuple[str, int]] | None:
    a = tables.lookup_attempts
    return conn.execute(select(a.c.window_start, a.c.failures).where(a.c.client == client[:64])).first()


def find(conn: Connection, code: str, key: str) -> dict[str, Any] | None:
    """The dossier's public facts, only when the key matches (compared in constant time). Every row with
    the code is tried: a database from before codes were checked at push may hold a squatter's row too."""
    d = tables.dossiers
    rows = conn.execute(select(d.c.status, d.c.due_at, d.c.lookup_key, d.c.unit_code).where(d.c.code == code[:80]))
    row = next((r for r in rows if hmac.compare_digest(r.lookup_key.encode(), key.encode())), None)
    if row is None:
        return None
    unit = conn.execute(select(tables.units.c.name).where(tables.units.c.code == row.unit_code)).scalar()
    return {"status": row.status, "due_at": row.due_at, "collect_at": unit or f"đơn vị mã {row.unit_code}"}


def page(code: str, found: dict[str, Any] | None) -> str:
    if found is None:
        body = "<p>Không tìm thấy hồ sơ. Hãy kiểm tra lại mã hồ sơ và mã tra cứu trên giấy tiếp nhận.</p>"
    else:
        body = (f"<p><b>Mã hồ sơ:</b> {escape(code)}</p>"
                f"<p><b>Trạng thái:</b> {escape(status_label(Status(found['status'])))}</p>"
                f"<p><b>Hẹn trả kết quả:</b> {escape(_show_date(found['due_at']))}</p>"
                f"<p><b>Nơi nhận kết quả:</b> Bộ phận Một cửa, UBND {escape(found['collect_at'])}</p>")
    return (
        '<!doctype html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Tra cứu hồ sơ</title><style>body{font-family:sans-serif;margin:1em;max-width:40em}</style>"
        f"</head><body><h1>Tra cứu tình trạng hồ sơ</h1>{body}</body></html>"
    )


def _show_date(text: str) -> str:
    try:
        return f"{datetime.fromisoformat(text):%H:%M ngày %d/%m/%Y}"
    except ValueError:
        return text
