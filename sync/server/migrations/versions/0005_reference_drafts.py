"""Reference data edited in the city console and not yet published (a procedure's next version, a year
of the calendar, a wording file, a unit): kept in the database so an edit survives a restart."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ref_drafts",
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ref_drafts")
