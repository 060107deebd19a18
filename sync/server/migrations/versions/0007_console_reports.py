"""The console's reports (issue 10): each dossier's procedure and its share of the report tallies, and the
tallies themselves (flows per point, procedure and month; totals per point and procedure), filled in once
here for the dossiers already held, from their events, by the same code that keeps them at ingest."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FLOWS = ("received", "early", "on_time", "late", "refused", "withdrawn", "overdue_in", "overdue_out")
BATCH = 2000


def _flows() -> list[sa.Column[int]]:
    return [sa.Column(name, sa.Integer, nullable=False, server_default="0") for name in FLOWS]


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("procedure_code", sa.String(80), nullable=False, server_default=""))
        batch.add_column(sa.Column("report", sa.Text, nullable=False, server_default=""))
    op.create_table(
        "report_months",
        sa.Column("unit_code", sa.String(5), primary_key=True),
        sa.Column("procedure_code", sa.String(80), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        *_flows(),
    )
    op.create_index("ix_report_months_margin", "report_months", ["procedure_code", "month", "unit_code"])
    op.create_index("ix_dossiers_unit_status", "dossiers", ["unit_code", "status"])
    op.create_index("ix_dossiers_status_due_proc", "dossiers", ["status", "due_at", "procedure_code"])
    op.create_table(
        "report_totals",
        sa.Column("unit_code", sa.String(5), primary_key=True),
        sa.Column("procedure_code", sa.String(80), primary_key=True),
        *_flows(),
    )
    _fill_in()


def _fill_in() -> None:
    """Every dossier's share, a batch of dossiers at a time (keyset by id), summed in memory (one counter
    per point, procedure and month) and written at the end."""
    from sync.server import projection, tallies  # the fold every replica uses; imported here only

    conn = op.get_bind()
    dossiers = sa.table("dossiers", sa.column("id", sa.String), sa.column("procedure_code", sa.String),
                        sa.column("report", sa.Text))
    stamp = sa.update(dossiers).where(dossiers.c.id == sa.bindparam("b_id")).values(
        procedure_code=sa.bindparam("b_proc"), report=sa.bindparam("b_report"))
    sums: Counter[tuple[str, str, str, str]] = Counter()
    last = ""
    while True:
        ids = list(conn.execute(sa.select(dossiers.c.id).where(dossiers.c.id > last).order_by(dossiers.c.id)
                                .limit(BATCH)).scalars())
        if not ids:
            break
        last = ids[-1]
        updates = []
        for dossier_id, events in projection._histories(conn, ids).items():
            try:
                share = tallies.contribution(events)
            except Exception:  # a history the fold cannot read (no "received"): left out of the reports
                continue
            sums.update((share["u"], share["p"], month, flow) for flow, month in share["c"])
            updates.append({"b_id": dossier_id, "b_proc": share["p"], "b_report": tallies.dumps(share)})
        if updates:
            conn.execute(stamp, updates)
    sums = tallies.with_margins(sums)
    months: dict[tuple[str, str, str], dict[str, object]] = {}
    totals: dict[tuple[str, str], dict[str, object]] = {}
    for (unit, proc, month, flow), n in sums.items():
        row = months.setdefault((unit, proc, month), {"unit_code": unit, "procedure_code": proc, "month": month,
                                                      **dict.fromkeys(FLOWS, 0)})
        row[flow] = int(row[flow]) + n  # type: ignore[call-overload]
        total = totals.setdefault((unit, proc), {"unit_code": unit, "procedure_code": proc, **dict.fromkeys(FLOWS, 0)})
        total[flow] = int(total[flow]) + n  # type: ignore[call-overload]
    if months:
        table = sa.table("report_months", sa.column("unit_code"), sa.column("procedure_code"), sa.column("month"),
                         *[sa.column(name) for name in FLOWS])
        conn.execute(table.insert(), list(months.values()))
    if totals:
        table = sa.table("report_totals", sa.column("unit_code"), sa.column("procedure_code"),
                         *[sa.column(name) for name in FLOWS])
        conn.execute(table.insert(), list(totals.values()))


def downgrade() -> None:
    op.drop_table("report_totals")
    op.drop_index("ix_dossiers_status_due_proc", "dossiers")
    op.drop_index("ix_dossiers_unit_status", "dossiers")
    op.drop_index("ix_report_months_margin", "report_months")
    op.drop_table("report_months")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("report")
        batch.drop_column("procedure_code")
