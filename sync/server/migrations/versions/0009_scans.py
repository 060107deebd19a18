"""Scanned papers (issue 12): the scans the city keeps and which dossier names which scan."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scans",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("stored_at", sa.String(40), nullable=False),
        sa.Column("device_id", sa.String(40), nullable=False),
    )
    op.create_table(
        "scan_refs",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("unit_code", sa.String(5), nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("pages", sa.Integer, nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("hlc", sa.String(100), nullable=False),
        sa.Column("attached_at", sa.String(40), nullable=False),
        sa.Column("removed_at", sa.String(40)),
        sa.Column("removed_reason", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_scan_refs_sha", "scan_refs", ["sha256", "unit_code"])
    op.create_index("ix_scan_refs_dossier", "scan_refs", ["dossier_id"])


def downgrade() -> None:
    op.drop_table("scan_refs")
    op.drop_table("scans")
