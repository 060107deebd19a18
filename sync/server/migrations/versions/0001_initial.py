"""Initial city schema: devices, the event log and its projection, quarantine, reference data."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _s(n: int) -> sa.String:
    return sa.String(n)


def upgrade() -> None:
    meta = op.create_table(
        "meta", sa.Column("key", _s(40), primary_key=True), sa.Column("value", sa.Text, nullable=False)
    )
    counters = op.create_table(
        "counters", sa.Column("name", _s(40), primary_key=True), sa.Column("value", sa.BigInteger, nullable=False)
    )
    op.create_table(
        "devices",
        sa.Column("id", _s(40), primary_key=True),
        sa.Column("unit_code", _s(5), nullable=False),
        sa.Column("label", _s(200), nullable=False),
        sa.Column("code_hash", _s(64), unique=True),
        sa.Column("code_expires_at", _s(40)),
        sa.Column("token_hash", _s(64), unique=True),
        sa.Column("desk_id", _s(64), nullable=False),
        sa.Column("created_at", _s(40), nullable=False),
        sa.Column("enrolled_at", _s(40)),
        sa.Column("revoked_at", _s(40)),
        sa.Column("clock_offset_ms", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "events",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", _s(64), nullable=False, unique=True),
        sa.Column("dossier_id", _s(64), nullable=False),
        sa.Column("unit_code", _s(5), nullable=False),
        sa.Column("kind", _s(40), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("actor", _s(200), nullable=False),
        sa.Column("desk_id", _s(64), nullable=False),
        sa.Column("hlc", _s(100), nullable=False),
        sa.Column("wall_time", _s(40), nullable=False),
        sa.Column("content_hash", _s(64), nullable=False),
        sa.Column("device_id", _s(40), nullable=False),
        sa.Column("received_at", _s(40), nullable=False),
    )
    op.create_index("ix_events_scope", "events", ["unit_code", "seq"])
    op.create_index("ix_events_dossier", "events", ["dossier_id"])
    op.create_table(
        "dossiers",
        sa.Column("id", _s(64), primary_key=True),
        sa.Column("unit_code", _s(5), nullable=False),
        sa.Column("code", _s(80), nullable=False),
        sa.Column("lookup_key", _s(80), nullable=False),
        sa.Column("authority", _s(5), nullable=False),
        sa.Column("status", _s(40), nullable=False),
        sa.Column("due_at", _s(40), nullable=False),
        sa.Column("conflicts", sa.Integer, nullable=False),
        sa.Column("updated_at", _s(40), nullable=False),
    )
    op.create_index("ix_dossiers_code", "dossiers", ["code"])
    op.create_table(
        "scopes",
        sa.Column("unit_code", _s(5), primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
        sa.Column("xor", _s(16), nullable=False),
    )
    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("device_id", _s(40), nullable=False),
        sa.Column("event_id", _s(64), nullable=False),
        sa.Column("content_hash", _s(64), nullable=False),
        sa.Column("reason", _s(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("received_at", _s(40), nullable=False),
    )
    op.create_table(
        "ref_versions",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("published_at", _s(40), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table("units", sa.Column("code", _s(5), primary_key=True), sa.Column("name", _s(200), nullable=False))
    op.create_table(
        "accounts",
        sa.Column("username", _s(80), primary_key=True),
        sa.Column("full_name", _s(200), nullable=False),
        sa.Column("unit_code", _s(5), nullable=False),
        sa.Column("role", _s(20), nullable=False),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("active", sa.Integer, nullable=False),
        sa.Column("created_at", _s(40), nullable=False),
    )
    op.create_table(
        "security_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", _s(40), nullable=False),
        sa.Column("device_id", _s(40), nullable=False),
        sa.Column("path", _s(200), nullable=False),
        sa.Column("reason", _s(400), nullable=False),
    )
    op.create_table(
        "lookup_attempts",
        sa.Column("client", _s(64), primary_key=True),
        sa.Column("window_start", sa.BigInteger, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
    )
    # A fresh database is a new epoch: desks that knew another one replay into it (sync.md 6.11).
    op.bulk_insert(meta, [{"key": "epoch", "value": str(uuid.uuid4())}, {"key": "ref_version", "value": "0"}])
    op.bulk_insert(counters, [{"name": "events", "value": 0}])


def downgrade() -> None:
    for name in ("lookup_attempts", "security_log", "accounts", "units", "ref_versions", "quarantine", "scopes",
                 "dossiers", "events", "devices", "counters", "meta"):
        op.drop_table(name)
