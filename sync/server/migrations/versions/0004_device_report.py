"""What each desk reports of itself at every exchange: events still waiting on it, its version (issue 10)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("outbox", sa.BigInteger))
        batch.add_column(sa.Column("app_version", sa.String(40), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("app_version")
        batch.drop_column("outbox")
