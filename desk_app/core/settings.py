"""The desk's own configuration, kept in the database so it travels with the file."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, fields, replace
from datetime import time
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.codes import DEFAULT_PATTERN, CodePattern, check_desk_no
from desk_app.core.receipts import DEFAULT_SERIES, ReceiptSeries
from desk_app.domain.calendar import OfficeHours
from desk_app.domain.errors import InvalidInput
from desk_app.domain.hlc import HybridClock
from desk_app.store.models import SettingRow

MINH_CHAU = "09661"
_CLOCK_KEY = "hlc_last"  # the island commune: the design case, and the demo's default point


@dataclass(frozen=True)
class DeskSettings:
    unit_code: str = MINH_CHAU
    desk_no: int = 1
    desk_id: str = ""
    place_name: str = "Hà Nội"
    lookup_base_url: str = "http://localhost:8765/tra-cuu"
    code_pattern: str = DEFAULT_PATTERN
    office_hours: str = "08:00-12:00,13:00-17:00"
    same_day_cutoff: str = "15:00"
    due_soon_days: int = 2
    paper: Literal["A4", "A5"] = "A4"
    wording_set: str = "tt03_2025"
    training: bool = False
    language: str = "vi"
    font_size: int = 0  # points; 0 = the system's
    printer_name: str = ""  # "" = the system's default printer
    receipt_series: str = DEFAULT_SERIES  # fee receipts' ký hiệu (core.receipts)
    # Scanned papers (issue 12): the folder the scanner's own software saves into (watched by the attach
    # dialog; "" = none), and the colour pages are kept in: grey, bitonal or colour (core.scan_pdf.Colour).
    scan_folder: str = ""
    scan_colour: str = "grey"

    @property
    def pattern(self) -> CodePattern:
        return CodePattern(self.code_pattern)

    @property
    def series(self) -> ReceiptSeries:
        return ReceiptSeries(self.receipt_series)

    @property
    def hours(self) -> OfficeHours:
        return parse_office_hours(self.office_hours, self.same_day_cutoff)


def parse_office_hours(sessions: str, cutoff: str) -> OfficeHours:
    """"08:00-12:00,13:00-17:00" and "15:00" -> OfficeHours; a clear error on anything else."""
    try:
        spans = tuple(
            (time.fromisoformat(start.strip()), time.fromisoformat(end.strip()))
            for start, end in (span.split("-") for span in sessions.split(","))
        )
        return OfficeHours(spans, time.fromisoformat(cutoff.strip()))
    except ValueError as exc:
        raise InvalidInput(
            f"Giờ làm việc «{sessions}» / giờ chốt «{cutoff}» không hợp lệ (ví dụ: 08:00-12:00,13:00-17:00).",
            f"Invalid office hours {sessions!r} / cut-off {cutoff!r}: {exc}",
        ) from exc


def _decode(kind: str, raw: str) -> bool | int | str:
    """Field types arrive as strings (postponed annotations)."""
    if kind == "bool":
        return raw == "1"
    return int(raw) if kind == "int" else raw


def load_settings(session: Session) -> DeskSettings:
    stored = dict(session.execute(select(SettingRow.key, SettingRow.value)).tuples().all())
    values: dict[str, Any] = {
        f.name: _decode(str(f.type), stored[f.name]) for f in fields(DeskSettings) if f.name in stored
    }
    return DeskSettings(**values)


def save_settings(session: Session, settings: DeskSettings) -> None:
    """Validate, then write every field; the desk id is made once and never changes."""
    if not settings.desk_id:
        settings = replace(settings, desk_id=str(uuid.uuid4()))
    check_desk_no(settings.desk_no)
    settings.pattern  # noqa: B018 - validates the template
    settings.series  # noqa: B018 - validates the receipt series
    settings.hours  # noqa: B018 - validates the hours
    for key, value in asdict(settings).items():
        raw = ("1" if value else "0") if isinstance(value, bool) else str(value)
        session.merge(SettingRow(key=key, value=raw))


def load_clock(session: Session, desk_id: str) -> HybridClock:
    """The desk's hybrid logical clock, resumed from its last stamp so restarts never go back."""
    return HybridClock(desk_id, get_value(session, _CLOCK_KEY) or None)


def save_clock(session: Session, clock: HybridClock) -> None:
    set_value(session, _CLOCK_KEY, clock.last)


def get_value(session: Session, key: str, default: str = "") -> str:
    row = session.get(SettingRow, key)
    return row.value if row else default


def get_values(session: Session, keys: list[str]) -> dict[str, str]:
    """The stored values of `keys` (absent ones left out)."""
    rows = session.execute(select(SettingRow.key, SettingRow.value).where(SettingRow.key.in_(keys)))
    return dict(rows.tuples().all())


def set_value(session: Session, key: str, value: str) -> None:
    session.merge(SettingRow(key=key, value=value))
