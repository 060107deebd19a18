"""Fees collected at the points (issue 11): one row per line of a desk's collection sheet, from the payment
events as they arrive, so the console sums collections per point and day without reading payloads."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("line", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("unit_code", sa.String(5), nullable=False),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("desk_id", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("receipt", sa.String(100), nullable=False),
        sa.Column("method", sa.String(10), nullable=False),
        sa.Column("fee_name", sa.Text, nullable=False),
        sa.Column("amount_vnd", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_payments_unit_day", "payments", ["unit_code", "day"])


def downgrade() -> None:
    op.drop_index("ix_payments_unit_day", "payments")
    op.drop_table("payments")
