"""Messages to applicants: the outbox keyed by the step's event id, and who agreed to them (issue 15)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notify_outbox",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("dossier_id", sa.String(64), nullable=False),
        sa.Column("unit_code", sa.String(5), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.String(40), nullable=False),
        sa.Column("lease_until", sa.String(40)),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("sent_at", sa.String(40)),
        sa.Column("gateway_ref", sa.String(200), nullable=False),
    )
    op.create_index("ix_notify_due", "notify_outbox", ["state", "next_attempt_at"])
    op.create_index("ix_notify_phone", "notify_outbox", ["phone", "sent_at"])
    op.create_index("ix_notify_dossier", "notify_outbox", ["dossier_id"])
    op.create_table(
        "notify_consent",
        sa.Column("dossier_id", sa.String(64), primary_key=True),
        sa.Column("channel", sa.String(10), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
    )
    op.create_index("ix_notify_consent_phone", "notify_consent", ["phone"])


def downgrade() -> None:
    op.drop_table("notify_consent")
    op.drop_table("notify_outbox")
