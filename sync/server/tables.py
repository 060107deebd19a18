"""The city server's tables (SQLAlchemy Core). The schema itself is created by the Alembic steps in
`migrations/`; these definitions are what the code reads and writes, and a test checks they agree."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# One row per counter; the events counter is bumped last in a write transaction, under its row lock,
# so sequence numbers become visible in commit order (sync.md 6.6, I6).
counters = Table(
    "counters", metadata,
    Column("name", String(40), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

devices = Table(
    "devices", metadata,
    Column("id", String(40), primary_key=True),
    Column("unit_code", String(5), nullable=False),
    Column("label", String(200), nullable=False, default=""),
    Column("code_hash", String(64), unique=True),
    Column("code_expires_at", String(40)),
    Column("token_hash", String(64), unique=True),
    Column("desk_id", String(64), nullable=False, default=""),
    Column("created_at", String(40), nullable=False),
    Column("enrolled_at", String(40)),
    Column("revoked_at", String(40)),
    Column("clock_offset_ms", BigInteger, nullable=False, default=0),
    Column("outbox", BigInteger),  # events still waiting on the desk after its last exchange (None: not told)
    Column("app_version", String(40), nullable=False, default=""),
    Column("last_seen_at", String(40)),  # the last exchange whose push committed (the console's "last sync")
)

events = Table(
    "events", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("event_id", String(64), nullable=False, unique=True),
    Column("dossier_id", String(64), nullable=False),
    Column("unit_code", String(5), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("payload", Text, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("desk_id", String(64), nullable=False),
    Column("hlc", String(100), nullable=False),
    Column("wall_time", String(40), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("device_id", String(40), nullable=False),
    Column("received_at", String(40), nullable=False),
)
Index("ix_events_scope", events.c.unit_code, events.c.seq)
Index("ix_events_dossier", events.c.dossier_id)

# The server's projection of each dossier, for the citizen lookup page and supervisors.
dossiers = Table(
    "dossiers", metadata,
    Column("id", String(64), primary_key=True),
    Column("unit_code", String(5), nullable=False),
    Column("code", String(80), nullable=False),
    Column("lookup_key", String(80), nullable=False),
    Column("authority", String(5), nullable=False),
    Column("status", String(40), nullable=False),
    Column("due_at", String(40), nullable=False),
    Column("conflicts", Integer, nullable=False, default=0),
    Column("updated_at", String(40), nullable=False),
    Column("received_at", String(40), nullable=False, default=""),  # the desk's local time, as due_at
    Column("procedure_code", String(80), nullable=False, default=""),  # for the reports (tallies.py)
    Column("report", Text, nullable=False, default=""),  # this dossier's share of the tallies, as last applied
)
Index("ix_dossiers_code", dossiers.c.code)
Index("ix_dossiers_unit_received", dossiers.c.unit_code, dossiers.c.received_at)
Index("ix_dossiers_status_due", dossiers.c.status, dossiers.c.due_at, dossiers.c.unit_code)  # covers overdue/due today
Index("ix_dossiers_conflicts", dossiers.c.conflicts, dossiers.c.unit_code)  # the few with conflicts, per point
Index("ix_dossiers_authority", dossiers.c.authority, dossiers.c.updated_at)  # a back-office officer's list
Index("ix_dossiers_unit_status", dossiers.c.unit_code, dossiers.c.status)  # a point's page counts by status
Index("ix_dossiers_status_due_proc", dossiers.c.status, dossiers.c.due_at, dossiers.c.procedure_code)  # overdue now


# Dossiers received per point and local day, kept at ingest so the console never counts the dossiers.
unit_days = Table(
    "unit_days", metadata,
    Column("unit_code", String(5), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("received", Integer, nullable=False),
)

# Per-scope fingerprint, kept in the same transaction as the events it covers.
scopes = Table(
    "scopes", metadata,
    Column("unit_code", String(5), primary_key=True),
    Column("count", BigInteger, nullable=False),
    Column("xor", String(16), nullable=False),
)

quarantine = Table(
    "quarantine", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("device_id", String(40), nullable=False),
    Column("event_id", String(64), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("reason", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("received_at", String(40), nullable=False),
)

ref_versions = Table(
    "ref_versions", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("published_at", String(40), nullable=False),
    Column("body", Text, nullable=False),
)

units = Table(
    "units", metadata,
    Column("code", String(5), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False, default=""),  # phuong / xa (units.csv)
)

accounts = Table(
    "accounts", metadata,
    Column("username", String(80), primary_key=True),
    Column("full_name", String(200), nullable=False),
    Column("unit_code", String(5), nullable=False),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Integer, nullable=False, default=1),
    Column("created_at", String(40), nullable=False),
    # Clerk accounts from the centre (desk_accounts.py, Alembic 0005): a temporary password must be changed at
    # the first desk log-in; each password has a generation; changed_seq says when the row last changed.
    Column("must_change", Integer, nullable=False, default=0),
    Column("password_gen", Integer, nullable=False, default=1),
    Column("changed_seq", BigInteger, nullable=False, default=0),
    Column("updated_at", String(40), nullable=False, default=""),
)
Index("ix_accounts_unit_changed", accounts.c.unit_code, accounts.c.changed_seq)

security_log = Table(
    "security_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("device_id", String(40), nullable=False),
    Column("path", String(200), nullable=False),
    Column("reason", String(400), nullable=False),
)

lookup_attempts = Table(
    "lookup_attempts", metadata,
    Column("client", String(64), primary_key=True),
    Column("window_start", BigInteger, nullable=False),
    Column("failures", Integer, nullable=False),
)

# Messages to applicants who agreed to them (issue 15), one per dossier step: keyed by the step's event id,
# so a step that arrives twice, a restart or a retry never makes a second message.
notify_outbox = Table(
    "notify_outbox", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("dossier_id", String(64), nullable=False),
    Column("unit_code", String(5), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("phone", String(20), nullable=False),
    Column("body", Text, nullable=False),  # the rendered message: SMS text, or Zalo template data (JSON)
    Column("state", String(10), nullable=False),  # queued, sending, sent, failed
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", String(40), nullable=False),
    Column("lease_until", String(40)),
    Column("last_error", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("sent_at", String(40)),
    Column("gateway_ref", String(200), nullable=False),
)
Index("ix_notify_due", notify_outbox.c.state, notify_outbox.c.next_attempt_at)
Index("ix_notify_phone", notify_outbox.c.phone, notify_outbox.c.sent_at)
Index("ix_notify_dossier", notify_outbox.c.dossier_id)

# Who agreed to messages, per dossier, as folded from its events at each push: lets a reply "STOP" from a
# number find that number's dossiers without reading every event.
notify_consent = Table(
    "notify_consent", metadata,
    Column("dossier_id", String(64), primary_key=True),
    Column("channel", String(10), nullable=False),
    Column("phone", String(20), nullable=False),
)
Index("ix_notify_consent_phone", notify_consent.c.phone)

# --- the city console -------------------------------------------------------------------------------

console_accounts = Table(
    "console_accounts", metadata,
    Column("username", String(80), primary_key=True),
    Column("full_name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("unit_code", String(5), nullable=False, default=""),  # a point supervisor's point
    Column("authority", String(5), nullable=False, default=""),  # a back-office officer's authority
    Column("password_hash", Text, nullable=False),
    Column("active", Integer, nullable=False, default=1),
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", String(40)),
    Column("created_at", String(40), nullable=False),
)

# Only the SHA-256 of the cookie's value is stored: a copy of the table does not open a session.
console_sessions = Table(
    "console_sessions", metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("username", String(80), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("last_seen_ms", BigInteger, nullable=False),
)

console_audit = Table(
    "console_audit", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", String(40), nullable=False),
    Column("actor", String(80), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(200), nullable=False),
    Column("details", Text, nullable=False),
    Column("client", String(64), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
)

# Reference data edited in the console, waiting to be published (one row per procedure code, calendar
# year, wording set or unit); publishing builds the next bundle from the last one plus these.
ref_drafts = Table(
    "ref_drafts", metadata,
    Column("kind", String(20), primary_key=True),  # procedure, holidays, wording, unit
    Column("key", String(80), primary_key=True),
    Column("body", Text, nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("updated_by", String(80), nullable=False),
)

# --- the console's reports (tallies.py): flows per point, procedure and month, kept at ingest -----------

def _flows() -> list[Column[int]]:
    return [Column(name, Integer, nullable=False, default=0)
            for name in ("received", "early", "on_time", "late", "refused", "withdrawn", "overdue_in", "overdue_out")]


report_months = Table(
    "report_months", metadata,
    Column("unit_code", String(5), primary_key=True),
    Column("procedure_code", String(80), primary_key=True),
    Column("month", String(7), primary_key=True),
    *_flows(),
)
# A margin's rows by month: (point, ALL) for the dashboard and reports of all points, (ALL, ALL) for the city.
Index("ix_report_months_margin", report_months.c.procedure_code, report_months.c.month, report_months.c.unit_code)

report_totals = Table(
    "report_totals", metadata,
    Column("unit_code", String(5), primary_key=True),
    Column("procedure_code", String(80), primary_key=True),
    *_flows(),
)
# --- fees (issue 11) ---------------------------------------------------------------------------------

# One row per line of a desk's collection sheet (domain.fee_ledger.sheet_lines): a receipt +, a cancelled
# receipt or a refund -, on the collection day the desk recorded it. Filled as payment events arrive.
payments = Table(
    "payments", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("line", Integer, primary_key=True, autoincrement=False),
    Column("unit_code", String(5), nullable=False),
    Column("dossier_id", String(64), nullable=False),
    Column("desk_id", String(64), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("day", String(10), nullable=False),
    Column("kind", String(10), nullable=False),
    Column("receipt", String(100), nullable=False),
    Column("method", String(10), nullable=False),
    Column("fee_name", Text, nullable=False),
    Column("amount_vnd", BigInteger, nullable=False),
)
Index("ix_payments_unit_day", payments.c.unit_code, payments.c.day)
# --- scanned papers (issue 12) ------------------------------------------------------------------------

# Each scan the city keeps, once however many desks or dossiers name it (the bytes are in the scan store).
scans = Table(
    "scans", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("stored_at", String(40), nullable=False),
    Column("device_id", String(40), nullable=False),  # the device whose upload completed it
)

# Which dossier names which scan: one row per "scan attached" event, written as the event is stored, so
# the city can tell a desk's offer from a stranger's and the console can list a dossier's scans.
scan_refs = Table(
    "scan_refs", metadata,
    Column("event_id", String(64), primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("dossier_id", String(64), nullable=False),
    Column("unit_code", String(5), nullable=False),
    Column("document", Text, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("hlc", String(100), nullable=False),
    Column("attached_at", String(40), nullable=False),  # the desk's wall time
    Column("removed_at", String(40)),  # a later "scan removed" of the same dossier, paper and file
    Column("removed_reason", Text, nullable=False, default=""),
)
Index("ix_scan_refs_sha", scan_refs.c.sha256, scan_refs.c.unit_code)
Index("ix_scan_refs_dossier", scan_refs.c.dossier_id)
