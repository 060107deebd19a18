"""The city console: its accounts, sessions and audit log; what its dashboard reads cheaply (the last
exchange of each device, each dossier's reception time, dossiers received per point and day, each
unit's kind); existing data is filled in once here."""

from __future__ import annotations

import json
from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _s(n: int) -> sa.String:
    return sa.String(n)


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("last_seen_at", _s(40)))
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("kind", _s(20), nullable=False, server_default=""))
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("received_at", _s(40), nullable=False, server_default=""))
    op.create_index("ix_dossiers_unit_received", "dossiers", ["unit_code", "received_at"])
    op.create_index("ix_dossiers_status_due", "dossiers", ["status", "due_at", "unit_code"])
    op.create_index("ix_dossiers_conflicts", "dossiers", ["conflicts", "unit_code"])
    op.create_table(
        "unit_days",
        sa.Column("unit_code", _s(5), primary_key=True),
        sa.Column("day", _s(10), primary_key=True),
        sa.Column("received", sa.Integer, nullable=False),
    )
    op.create_table(
        "console_accounts",
        sa.Column("username", _s(80), primary_key=True),
        sa.Column("full_name", _s(200), nullable=False),
        sa.Column("role", _s(20), nullable=False),
        sa.Column("unit_code", _s(5), nullable=False),
        sa.Column("authority", _s(5), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Integer, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("locked_until", _s(40)),
        sa.Column("created_at", _s(40), nullable=False),
    )
    op.create_table(
        "console_sessions",
        sa.Column("id_hash", _s(64), primary_key=True),
        sa.Column("username", _s(80), nullable=False),
        sa.Column("csrf", _s(64), nullable=False),
        sa.Column("created_at", _s(40), nullable=False),
        sa.Column("last_seen_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "console_audit",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at", _s(40), nullable=False),
        sa.Column("actor", _s(80), nullable=False),
        sa.Column("action", _s(40), nullable=False),
        sa.Column("target", _s(200), nullable=False),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("client", _s(64), nullable=False),
        sa.Column("prev_hash", _s(64), nullable=False),
        sa.Column("hash", _s(64), nullable=False),
    )
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.bulk_insert(meta, [{"key": "console_audit_head", "value": "0:" + "0" * 64}])
    _fill_in()


def _fill_in() -> None:
    """Reception times and per-day counts of the dossiers already held, read from their first "received"
    event in one streamed pass and written in batches; unit kinds from their names."""
    conn = op.get_bind()
    events = sa.table("events", sa.column("dossier_id", sa.String), sa.column("unit_code", sa.String),
                      sa.column("kind", sa.String), sa.column("payload", sa.Text), sa.column("seq", sa.BigInteger))
    dossiers = sa.table("dossiers", sa.column("id", sa.String), sa.column("received_at", sa.String))
    stamp = sa.update(dossiers).where(dossiers.c.id == sa.bindparam("b_id")).values(
        received_at=sa.bindparam("b_when"))
    seen: set[str] = set()
    per_day: Counter[tuple[str, str]] = Counter()
    batch: list[dict[str, str]] = []
    rows = conn.execute(  # streamed on the statement, not the connection: the batches below are not
        sa.select(events.c.dossier_id, events.c.unit_code, events.c.payload)
        .where(events.c.kind == "received").order_by(events.c.seq)
        .execution_options(stream_results=True, yield_per=5000))
    for dossier_id, unit, payload in rows:
        if dossier_id in seen:  # a second "received" is a conflict; the first one counts
            continue
        seen.add(dossier_id)
        when = str(json.loads(payload).get("received_at", ""))
        batch.append({"b_id": dossier_id, "b_when": when})
        per_day[(unit, when[:10])] += 1
        if len(batch) == 5000:
            conn.execute(stamp, batch)
            batch = []
    if batch:
        conn.execute(stamp, batch)
    unit_days = sa.table("unit_days", sa.column("unit_code", sa.String), sa.column("day", sa.String),
                         sa.column("received", sa.Integer))
    if per_day:
        conn.execute(unit_days.insert(), [{"unit_code": u, "day": d, "received": n} for (u, d), n in per_day.items()])
    units = sa.table("units", sa.column("name", sa.String), sa.column("kind", sa.String))
    conn.execute(sa.update(units).where(units.c.name.like("Phường%")).values(kind="phuong"))
    conn.execute(sa.update(units).where(units.c.name.like("Xã%")).values(kind="xa"))


def downgrade() -> None:
    for name in ("console_audit", "console_sessions", "console_accounts", "unit_days"):
        op.drop_table(name)
    op.drop_index("ix_dossiers_conflicts", "dossiers")
    op.drop_index("ix_dossiers_status_due", "dossiers")
    op.drop_index("ix_dossiers_unit_received", "dossiers")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("received_at")
    with op.batch_alter_table("units") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("last_seen_at")
    op.execute("DELETE FROM meta WHERE key = 'console_audit_head'")
