"""The console's reports across points: the figures of a month, quarter or year by point, by procedure field
and by procedure (definitions: docs/reports.md), read from the tallies kept at ingest (sync/server/tallies.py)
with one grouped query, never from the dossiers; "overdue now" alone reads the open dossiers past their due
date through the (status, due_at) index, as the dashboard does."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, case, func, literal, select, union_all

from sync.server import tables, tallies

KINDS = ("month", "quarter", "year")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})|-Q([1-4]))?$")
UNKNOWN_FIELD = "Chưa rõ lĩnh vực"


class PeriodError(ValueError):
    """A period the picker cannot have sent: a Vietnamese message with {placeholders}, translated on the page."""

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values))
        self.message, self.values = message, values


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year
    year: int
    number: int  # month 1–12, quarter 1–4, 1 for a year

    @property
    def first_month(self) -> str:
        month = {"month": self.number, "quarter": 3 * self.number - 2, "year": 1}[self.kind]
        return f"{self.year}-{month:02d}"

    @property
    def last_month(self) -> str:
        month = {"month": self.number, "quarter": 3 * self.number, "year": 12}[self.kind]
        return f"{self.year}-{month:02d}"

    @property
    def start(self) -> date:
        return date.fromisoformat(self.first_month + "-01")

    @property
    def end(self) -> date:
        year, month = map(int, self.last_month.split("-"))
        following = date(year + month // 12, month % 12 + 1, 1)
        return following - timedelta(days=1)

    @property
    def value(self) -> str:
        return {"month": f"{self.year}-{self.number:02d}", "quarter": f"{self.year}-Q{self.number}",
                "year": str(self.year)}[self.kind]

    def months(self) -> list[str]:
        first, last = int(self.first_month[5:]), int(self.last_month[5:])
        return [f"{self.year}-{m:02d}" for m in range(first, last + 1)]

    def label(self, lang: str = "vi") -> str:
        if lang == "en":
            return {"month": f"{self.start:%B %Y}", "quarter": f"Q{self.number} {self.year}",
                    "year": f"Year {self.year}"}[self.kind]
        return {"month": f"Tháng {self.number:02d}/{self.year}", "quarter": f"Quý {self.number}/{self.year}",
                "year": f"Năm {self.year}"}[self.kind]


def parse_period(text: str) -> Period:
    """'2026-11' (a month), '2026-Q4' (a quarter) or '2026' (a year)."""
    found = _PERIOD.match(text.strip())
    if not found or not 2000 <= int(found.group(1)) <= 2100:
        raise PeriodError("Kỳ báo cáo «{value}» không hợp lệ: chọn tháng (2026-11), quý (2026-Q4) hoặc năm (2026).",
                          value=text[:20])
    year = int(found.group(1))
    if found.group(2):
        month = int(found.group(2))
        if not 1 <= month <= 12:
            raise PeriodError("Tháng {month} không có; tháng là 01–12.", month=f"{month:02d}")
        return Period("month", year, month)
    if found.group(3):
        return Period("quarter", year, int(found.group(3)))
    return Period("year", year, 1)


def choices(today: date) -> list[tuple[str, list[Period]]]:
    """What the picker offers: the last 24 months, 8 quarters and 4 years, newest first."""
    months, quarters = [], []
    year, month = today.year, today.month
    for _ in range(24):
        months.append(Period("month", year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(8):
        quarters.append(Period("quarter", year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    years = [Period("year", today.year - n, 1) for n in range(4)]
    return [("month", months), ("quarter", quarters), ("year", years)]


def previous_month(today: date) -> Period:
    first = today.replace(day=1) - timedelta(days=1)
    return Period("month", first.year, first.month)


# --- the figures -------------------------------------------------------------------------------------

@dataclass
class Figures:
    carried: int = 0  # received before the period, still open at its start (kỳ trước chuyển qua)
    new: int = 0  # received in the period (mới tiếp nhận)
    early: int = 0  # resolved in the period on a day before the due date's day (trước hạn)
    on_time: int = 0  # resolved in the period by the due date, not early (đúng hạn)
    late: int = 0  # resolved in the period after the due date, or after a delay (quá hạn)
    refused: int = 0  # refused in the period
    withdrawn: int = 0  # stopped in the period at the applicant's request (rút / dừng giải quyết)
    in_progress: int = 0  # open at the end of the period (or now), not past due (đang giải quyết trong hạn)
    overdue: int = 0  # open at the end of the period (or now), past due (đang giải quyết quá hạn)

    @property
    def received(self) -> int:
        return self.carried + self.new

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        """Resolved early or on time among all resolved in the period (None: none resolved)."""
        return (self.early + self.on_time) / self.resolved if self.resolved else None

    def add(self, other: Figures) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    figures: Figures
    extra: str = ""  # the procedure's field, on rows by procedure


@dataclass(frozen=True)
class MonthPoint:
    month: str  # YYYY-MM
    received: int
    resolved: int
    overdue: int  # open past due at the month's end (or now, for the current month)


@dataclass
class Report:
    period: Period
    as_of: datetime  # the end of the period, or now if it has not ended
    live: bool  # the period has not ended: "in progress" and "overdue" are as of now
    totals: Figures
    by_point: list[Row]
    by_field: list[Row]
    by_procedure: list[Row]
    months: list[MonthPoint] = field(default_factory=list)


def build(conn: Connection, period: Period, now_local: datetime, unit: str | None = None) -> Report:
    """The report of `period` for every point (or one), as the tallies stand."""
    end = datetime.combine(period.end + timedelta(days=1), datetime.min.time())
    live = now_local < end
    as_of = now_local if live else end
    live_at = now_local if live else None
    overdue_now = _overdue_now(conn, now_local, unit) if live else None  # per point, read once
    points = _grouped(conn, "unit_code", period.first_month, period.last_month, unit, live_at, overdue_now)
    procedures = _grouped(conn, "procedure_code", period.first_month, period.last_month, unit, live_at)
    names, field_of = procedure_catalogue(conn)
    units = dict(conn.execute(select(tables.units.c.code, tables.units.c.name)).tuples().all())
    totals, fields_ = Figures(), dict[str, Figures]()
    for figures in points.values():
        totals.add(figures)
    for procedure, figures in procedures.items():
        fields_.setdefault(field_of.get(procedure, UNKNOWN_FIELD), Figures()).add(figures)
    for code in ([unit] if unit is not None else units):  # every point has its row, zeros included
        points.setdefault(code, Figures())
    by_point = [Row(code, units.get(code, code), f) for code, f in sorted(points.items())]
    by_field = sorted((Row(name, name, f) for name, f in fields_.items()), key=lambda r: (-r.figures.received, r.key))
    by_procedure = sorted((Row(code, names.get(code, code), f, field_of.get(code, UNKNOWN_FIELD))
                           for code, f in procedures.items()), key=lambda r: (-r.figures.received, r.key))
    report = Report(period, as_of, live, totals, by_point, by_field, by_procedure)
    if period.kind != "month":  # a month's chart by month would be one group of columns
        now_total = None if overdue_now is None else sum(overdue_now.values())
        report.months = monthly(conn, period.months(), now_local, unit, now_total)
    return report


def _grouped(conn: Connection, by: str, first: str, last: str, unit: str | None,
             live_at: datetime | None, live: dict[str, int] | None = None) -> dict[str, Figures]:
    """Figures per point or per procedure (`by`). Carried over = received − closed before the first month, read
    as the totals minus the months from the first on; overdue at the end = the overdue flows up to the last
    month, read as the totals minus the later months (or, while the period runs, the open dossiers past due
    now). Grouped in the database: a few hundred rows come back, whatever the number of dossiers."""
    t, m = tables.report_totals, tables.report_months
    inside = m.c.month <= last

    def closed(table: Any) -> Any:
        return sum((table.c[name] for name in tallies.OUTCOMES), literal(0))

    zero = literal(0)
    columns = ("opened", "overdue", "new", *tallies.OUTCOMES)
    whole = select(t.c[by].label("key"), (t.c.received - closed(t)).label("opened"),
                   (t.c.overdue_in - t.c.overdue_out).label("overdue"), zero.label("new"),
                   *[zero.label(name) for name in tallies.OUTCOMES])
    later = select(m.c[by].label("key"), (closed(m) - m.c.received).label("opened"),
                   case((inside, 0), else_=m.c.overdue_out - m.c.overdue_in).label("overdue"),
                   case((inside, m.c.received), else_=0).label("new"),
                   *[case((inside, m.c[name]), else_=0).label(name) for name in tallies.OUTCOMES]
                   ).where(m.c.month >= first)
    whole, later = whole.where(*_margin(t, by, unit)), later.where(*_margin(m, by, unit))
    both = union_all(whole, later).subquery()
    query = select(both.c.key, *[func.sum(both.c[name]) for name in columns]).group_by(both.c.key)
    if live is None and live_at is not None:
        live = _overdue_now(conn, live_at, unit, by)
    found: dict[str, Figures] = {}
    for key, opened, overdue, new, *outcomes in conn.execute(query):
        counts = dict(zip(tallies.OUTCOMES, (int(n or 0) for n in outcomes), strict=True))
        figures = Figures(carried=int(opened or 0), new=int(new or 0), **counts)
        still_open = figures.received - sum(counts.values())
        figures.overdue = live.get(str(key), 0) if live is not None else int(overdue or 0)
        figures.in_progress = still_open - figures.overdue
        if figures.received or figures.resolved or figures.refused or figures.withdrawn or figures.overdue:
            found[str(key)] = figures
    return found


def _margin(table: Any, by: str, unit: str | None) -> list[Any]:
    """The rows of a tally table that give figures per `by` over all points (or within one point)."""
    other = "procedure_code" if by == "unit_code" else "unit_code"
    if unit is None:  # all points: the margin over the other key
        return [table.c[other] == tallies.ALL, table.c[by] != tallies.ALL]
    if by == "unit_code":
        return [table.c.unit_code == unit, table.c.procedure_code == tallies.ALL]
    return [table.c.unit_code == unit, table.c.procedure_code != tallies.ALL]


def _overdue_now(conn: Connection, now_local: datetime, unit: str | None, by: str = "unit_code") -> dict[str, int]:
    """Open dossiers past their due date now, per point or per procedure."""
    d = tables.dossiers
    query = (select(d.c[by], func.count())
             .where(d.c.status.in_([str(s) for s in tallies.OPEN]),
                    d.c.due_at < now_local.isoformat(timespec="seconds"))
             .group_by(d.c[by]))
    if unit is not None:
        query = query.where(d.c.unit_code == unit)
    return {str(key): int(n) for key, n in conn.execute(query)}


def monthly(conn: Connection, months: list[str], now_local: datetime, unit: str | None = None,
            overdue_now: int | None = None) -> list[MonthPoint]:
    """Received, resolved and overdue-at-month-end for each month given (consecutive, oldest first)."""
    if not months:
        return []
    t, m = tables.report_totals, tables.report_months
    flows = select(m.c.month, func.sum(m.c.received), func.sum(m.c.early + m.c.on_time + m.c.late),
                   func.sum(m.c.overdue_in - m.c.overdue_out)).where(m.c.month >= months[0]).group_by(m.c.month)
    total = select(func.sum(t.c.overdue_in - t.c.overdue_out))
    whole = unit or tallies.ALL  # the point's margin, or the city's
    flows = flows.where(m.c.unit_code == whole, m.c.procedure_code == tallies.ALL)
    total = total.where(t.c.unit_code == whole, t.c.procedure_code == tallies.ALL)
    by_month = {str(r[0]): (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in conn.execute(flows)}
    overdue_after = int(conn.execute(total).scalar() or 0)  # then peeled back, the latest month first
    ends: dict[str, int] = {}
    for month in sorted(by_month, reverse=True):
        if month <= months[-1]:
            break
        overdue_after -= by_month[month][2]
    for month in reversed(months):
        ends[month] = overdue_after
        overdue_after -= by_month.get(month, (0, 0, 0))[2]
    current = now_local.strftime("%Y-%m")
    if current in ends:
        ends[current] = overdue_now if overdue_now is not None else sum(_overdue_now(conn, now_local, unit).values())
    return [MonthPoint(month, by_month.get(month, (0, 0, 0))[0], by_month.get(month, (0, 0, 0))[1], ends[month])
            for month in months if month <= current]


def trailing_months(now_local: datetime, count: int = 12) -> list[str]:
    year, month = now_local.year, now_local.month
    found = []
    for _ in range(count):
        found.append(f"{year}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def month_figures(conn: Connection, month: str, unit: str | None = None) -> dict[str, tuple[int, int, int]]:
    """Per point, (received, resolved early or on time, resolved) in one month: the dashboard's columns."""
    m = tables.report_months
    query = (select(m.c.unit_code, func.sum(m.c.received), func.sum(m.c.early + m.c.on_time),
                    func.sum(m.c.early + m.c.on_time + m.c.late))
             .where(m.c.procedure_code == tallies.ALL, m.c.month == month).group_by(m.c.unit_code))
    query = query.where(m.c.unit_code == unit) if unit is not None else query.where(m.c.unit_code != tallies.ALL)
    return {str(r[0]): (int(r[1] or 0), int(r[2] or 0), int(r[3] or 0)) for r in conn.execute(query)}


# --- procedure names and fields from the published catalogue -------------------------------------------

_catalogue_cache: dict[int, tuple[dict[str, str], dict[str, str]]] = {}


def procedure_catalogue(conn: Connection) -> tuple[dict[str, str], dict[str, str]]:
    """(name, field) of each procedure code in the latest published reference data; read once per version
    (the bundle is large: it holds the handbook too)."""
    version = conn.execute(select(tables.meta.c.value).where(tables.meta.c.key == "ref_version")).scalar()
    number = int(version or 0)
    if number not in _catalogue_cache:
        body = conn.execute(select(tables.ref_versions.c.body).where(tables.ref_versions.c.version == number)
                            ).scalar()
        _catalogue_cache.clear()
        _catalogue_cache[number] = _names_and_fields(json.loads(body).get("procedures", []) if body else [])
    return _catalogue_cache[number]


def _names_and_fields(definitions: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    field_of: dict[str, str] = {}
    latest: dict[str, int] = {}
    for text in definitions:
        item = json.loads(text) if isinstance(text, str) else text
        code, version = str(item.get("code", "")), int(item.get("version", 0))
        if code and version >= latest.get(code, 0):
            latest[code] = version
            names[code], field_of[code] = str(item.get("name", code)), str(item.get("field", "")) or UNKNOWN_FIELD
    return names, field_of
