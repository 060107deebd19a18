"""SQLAlchemy mappings of the desk's tables. The schema itself is owned by the migrations; a test
checks that every mapped column exists in a freshly migrated file."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class SettingRow(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class UnitRow(Base):
    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str]
    kind: Mapped[str]
    name_en: Mapped[str] = mapped_column(default="")
    name_alt: Mapped[str] = mapped_column(default="")
    province_code: Mapped[str] = mapped_column(default="01")


class HolidayRow(Base):
    __tablename__ = "holidays"
    day: Mapped[str] = mapped_column(String, primary_key=True)
    kind: Mapped[str]
    name: Mapped[str] = mapped_column(default="")


class ProcedureRow(Base):
    __tablename__ = "procedures"
    code: Mapped[str] = mapped_column(String, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_from: Mapped[str]
    name: Mapped[str]
    field: Mapped[str] = mapped_column(default="")
    authority: Mapped[str] = mapped_column(default="")
    time_rule: Mapped[str]
    definition_json: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(default="")


class CounterRow(Base):
    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[int]


class DossierRow(Base):
    __tablename__ = "dossiers"
    num: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(unique=True)
    code: Mapped[str] = mapped_column(unique=True)
    lookup_key: Mapped[str]
    receiving_unit: Mapped[str]
    authority: Mapped[str]
    procedure_code: Mapped[str]
    procedure_version: Mapped[int]
    procedure_name: Mapped[str]
    applicant_name: Mapped[str]
    personal_id: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(default="")
    applicant_json: Mapped[str] = mapped_column(Text)
    documents_json: Mapped[str] = mapped_column(Text)
    sets: Mapped[int] = mapped_column(default=1)
    fee_vnd: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[str]
    due_at: Mapped[str]
    due_rule: Mapped[str]
    due_rule_text: Mapped[str]
    delivery: Mapped[str] = mapped_column(default="counter")
    delivery_address: Mapped[str] = mapped_column(default="")
    received_by: Mapped[str]
    desk_id: Mapped[str]
    status: Mapped[str]
    register_book: Mapped[str] = mapped_column(default="")
    register_entry: Mapped[int] = mapped_column(default=0)
    conflicts: Mapped[int] = mapped_column(default=0)
    last_hlc: Mapped[str]
    name_key: Mapped[str] = mapped_column(default="")
    name_sort: Mapped[str] = mapped_column(default="")


class EventRow(Base):
    __tablename__ = "events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(unique=True)
    dossier_id: Mapped[str] = mapped_column(ForeignKey("dossiers.id"))
    kind: Mapped[str]
    payload: Mapped[str] = mapped_column(Text)
    actor: Mapped[str]
    desk_id: Mapped[str]
    hlc: Mapped[str]
    wall_time: Mapped[str]
    content_hash: Mapped[str]
    origin: Mapped[str] = mapped_column(default="local")
    pushed_at: Mapped[str | None] = mapped_column(default=None)


class PublishedWordingRow(Base):
    __tablename__ = "published_wording"
    set_name: Mapped[str] = mapped_column(String, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class SyncQuarantineRow(Base):
    """Events held out of sync: parked here (the city refused them) or remote ones this desk refused."""

    __tablename__ = "sync_quarantine"
    __table_args__ = (UniqueConstraint("event_id", "side", "content_hash"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String)
    side: Mapped[str] = mapped_column(String)  # 'parked' or 'remote'
    reason: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String)
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[str] = mapped_column(String)


class PublishedHandbookRow(Base):
    __tablename__ = "published_handbook"
    code: Mapped[str] = mapped_column(String, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(Text)


class FeeDayRow(Base):
    """A collection day the supervisor closed (issue 11)."""

    __tablename__ = "fee_days"
    day: Mapped[str] = mapped_column(String, primary_key=True)
    closed_by: Mapped[str]
    closed_at: Mapped[str]
    total_vnd: Mapped[int]
    receipts: Mapped[int]


class DraftRow(Base):
    __tablename__ = "drafts"
    username: Mapped[str] = mapped_column(String, primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str]


class UserRow(Base):
    __tablename__ = "users"
    username: Mapped[str] = mapped_column(String, primary_key=True)
    full_name: Mapped[str]
    role: Mapped[str]
    password_hash: Mapped[str]
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[str | None] = mapped_column(default=None)
    active: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[str]
    origin: Mapped[str] = mapped_column(default="local")  # "city": delivered by sync (migration 9)
    must_change: Mapped[int] = mapped_column(default=0)
    city_gen: Mapped[int] = mapped_column(default=0)


class CityPasswordChangeRow(Base):
    """A password chosen here for a city account, until the city has it (migration 9)."""

    __tablename__ = "city_password_changes"
    username: Mapped[str] = mapped_column(String, primary_key=True)
    password_hash: Mapped[str]
    from_gen: Mapped[int]
    changed_at: Mapped[str]


class AuditRow(Base):
    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[str]
    actor: Mapped[str]
    action: Mapped[str]
    target: Mapped[str] = mapped_column(default="")
    details: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str]
    hash: Mapped[str]


class ScanSyncRow(Base):
    """A scan the city said it holds ('on_server') or will not take ('refused'), under that server epoch."""

    __tablename__ = "scan_sync"
    sha256: Mapped[str] = mapped_column(String, primary_key=True)
    state: Mapped[str]
    epoch: Mapped[str]
    at: Mapped[str]
