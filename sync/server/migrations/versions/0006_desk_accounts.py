"""Clerk accounts from the centre (issue 10): a temporary password that forces a change at the first desk
log-in, a password generation that orders a desk's change against a reset at the centre, and the change
number desks compare to fetch their point's accounts only when they changed. Also the dossiers' competent
authority indexed, for the back-office officer's list."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("must_change", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("password_gen", sa.Integer, nullable=False, server_default="1"))
        batch.add_column(sa.Column("changed_seq", sa.BigInteger, nullable=False, server_default="0"))
        batch.add_column(sa.Column("updated_at", sa.String(40), nullable=False, server_default=""))
    op.create_index("ix_accounts_unit_changed", "accounts", ["unit_code", "changed_seq"])
    op.create_index("ix_dossiers_authority", "dossiers", ["authority", "updated_at"])
    op.execute("INSERT INTO counters (name, value) VALUES ('accounts', 0)")


def downgrade() -> None:
    op.execute("DELETE FROM counters WHERE name = 'accounts'")
    op.drop_index("ix_dossiers_authority", "dossiers")
    op.drop_index("ix_accounts_unit_changed", "accounts")
    with op.batch_alter_table("accounts") as batch:
        for column in ("updated_at", "changed_seq", "password_gen", "must_change"):
            batch.drop_column(column)
