"""Console pages at city scale: 126 points and 1,000,000 dossiers on PostgreSQL.

    .venv/bin/python bench/console.py [--dossiers 1000000] [--rounds 40]

Starts a PostgreSQL of its own (as tests/sync/conftest.py does), migrates it, publishes the shipped
reference data (126 units, the catalogue), then bulk-loads with COPY: the dossiers (24 months of
receptions up to now, skewed across points and procedures, each with its outcome: early, on time, late,
refused, withdrawn, still open, some overdue), each dossier's share of the report tallies and the tallies
themselves as ingest would have kept them (computed here from the same flows), the per-day reception
counters, and two desks per point. No events are loaded: no page reads them. Then the real server runs on
127.0.0.1 and an administrator's browser session asks, `--rounds` times each after three warm-ups: the
dashboard of all points, one point's page (its chart, its first 50 dossiers), last month's report of all
points, and more. Two times are printed per page: the server's own (from request in to response out, as its
access log records it: session check, queries, rendering) and the whole HTTP round trip on loopback as the
client saw it. Target: server time p95 < 300 ms each. Other work on the machine inflates both: the load
average is printed with them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg

from sync.server import logs, tables, tallies
from sync.server.console import accounts, board, reports
from tests.sync.conftest import CityServer, missing_postgres_tools, start_postgres
from tests.sync.console_helpers import Console, add_account

MONTHS = 24


def _flows(received: datetime, due: datetime, outcome: str, closed: datetime | None) -> list[list[str]]:
    """A dossier's share, as tallies.contribution would give for the same history."""
    flows = [["received", received.strftime("%Y-%m")]]
    if closed is not None:
        flows.append([outcome, closed.strftime("%Y-%m")])
    if closed is None or closed > due:  # open past the due date: from the due date until closed (or still)
        flows.append(["overdue_in", due.strftime("%Y-%m")])
        if closed is not None:
            flows.append(["overdue_out", closed.strftime("%Y-%m")])
    return flows


def _dossier(n: int, unit: str, procedure: str, now: datetime, rng: random.Random) -> tuple[tuple, dict]:
    age = timedelta(days=rng.random() ** 1.3 * 30.4 * MONTHS)  # more of them recent
    received = (now - age).replace(microsecond=0)
    due = received + timedelta(days=rng.choice((0, 1, 3, 3, 5, 7, 10, 15)))
    roll = rng.random()
    open_chance = 0.9 if due > now else (0.4 if age < timedelta(days=20) else 0.004)
    if roll < open_chance:
        outcome, closed, status = "", None, rng.choice(("received", "received", "transferred", "delayed"))
    else:
        roll = rng.random()
        if roll < 0.03:
            outcome, status = "refused", "refused"
        elif roll < 0.05:
            outcome, status = "withdrawn", "stopped"
        else:
            status = rng.choice(("returned", "returned", "returned", "result_ready"))
            outcome = "late" if roll > 0.93 else ("early" if roll < 0.6 else "on_time")
        spent = (due - received) * rng.uniform(0.2, 0.95) if outcome != "late" else (due - received) + timedelta(
            days=rng.uniform(0.5, 6))
        closed = min(received + spent, now)
        if outcome == "on_time":
            closed = min(due.replace(hour=8, minute=0) if due.date() > received.date() else due, now)
        if outcome == "late" and closed <= due:
            outcome = "on_time"
    share = {"u": unit, "p": procedure, "c": _flows(received, due, outcome, closed)}
    code = f"{unit}-{received:%y%m%d}-{n:07d}"
    row = (f"d{n:08d}", unit, code, f"K{n:09d}", unit, status, due.isoformat(), 0, now.isoformat(),
           received.isoformat(), procedure, tallies.dumps(share))
    return row, share


def load(url: str, count: int, now: datetime) -> None:
    rng = random.Random(20261206)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        units = [r[0] for r in conn.execute("SELECT code FROM units ORDER BY code")]
        procedures = sorted({json.loads(t)["code"] for t in json.loads(conn.execute(
            "SELECT body FROM ref_versions ORDER BY version DESC LIMIT 1").fetchone()[0])["procedures"]})
        unit_weights = [rng.uniform(0.3, 3.0) for _ in units]
        proc_weights = [1 / (i + 1) for i in range(len(procedures))]  # a few procedures make most of the work
        sums: Counter[tuple[str, str, str, str]] = Counter()
        days: Counter[tuple[str, str]] = Counter()
        columns = ", ".join(c.name for c in tables.dossiers.columns)
        started = time.perf_counter()
        with conn.cursor().copy(f"COPY dossiers ({columns}) FROM STDIN") as copy:
            picks_u = rng.choices(units, unit_weights, k=count)
            picks_p = rng.choices(procedures, proc_weights, k=count)
            for n in range(count):
                row, share = _dossier(n, picks_u[n], picks_p[n], now, rng)
                copy.write_row(row)
                sums.update((share["u"], share["p"], month, flow) for flow, month in share["c"])
                days[(row[1], row[9][:10])] += 1
                if n and n % 200_000 == 0:
                    print(f"  {n:,} dossiers copied ({time.perf_counter() - started:.0f} s)", flush=True)
        sums = tallies.with_margins(sums)
        months: dict[tuple[str, str, str], dict[str, int]] = {}
        totals: dict[tuple[str, str], dict[str, int]] = {}
        for (unit, proc, month, flow), n in sums.items():
            months.setdefault((unit, proc, month), dict.fromkeys(tallies.FLOWS, 0))[flow] += n
            totals.setdefault((unit, proc), dict.fromkeys(tallies.FLOWS, 0))[flow] += n
        flows = ", ".join(tallies.FLOWS)
        with conn.cursor().copy(f"COPY report_months (unit_code, procedure_code, month, {flows}) FROM STDIN") as copy:
            for (unit, proc, month), counts in months.items():
                copy.write_row((unit, proc, month, *counts.values()))
        with conn.cursor().copy(f"COPY report_totals (unit_code, procedure_code, {flows}) FROM STDIN") as copy:
            for (unit, proc), counts in totals.items():
                copy.write_row((unit, proc, *counts.values()))
        with conn.cursor().copy("COPY unit_days (unit_code, day, received) FROM STDIN") as copy:
            for (unit, day), n in days.items():
                copy.write_row((unit, day, n))
        seen = datetime.now(UTC)
        with conn.cursor().copy("COPY devices (id, unit_code, label, desk_id, created_at, enrolled_at, "
                                "clock_offset_ms, outbox, app_version, last_seen_at) FROM STDIN") as copy:
            for i, unit in enumerate(units):
                for desk in (1, 2):
                    last = seen - timedelta(hours=80 if unit == "09661" else rng.uniform(0, 3))
                    copy.write_row((f"dev-{unit}-{desk}", unit, f"Bàn {desk}", f"desk-{i}-{desk}",
                                    seen.isoformat(), seen.isoformat(), 0, rng.randint(0, 5), "bench",
                                    last.isoformat()))
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")  # what autovacuum does to a live server's tables
        print(f"loaded {count:,} dossiers, {len(months):,} tally rows, {len(totals):,} totals in "
              f"{time.perf_counter() - started:.0f} s", flush=True)


class ServerTimes(logging.Handler):
    """The server's own time of each request, from its access log."""

    def __init__(self) -> None:
        super().__init__()
        self.times: list[float] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.times.append(float(getattr(record, "ms", 0.0)))


def _p(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(values), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def measure(console: Console, path: str, rounds: int, server: ServerTimes) -> tuple[float, ...]:
    for _ in range(3):
        assert console.get(path).status_code == 200, path
    server.times.clear()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        answer = console.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200
    return (*_p(server.times), *_p(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    if missing := missing_postgres_tools():
        sys.exit("needs PostgreSQL: " + "; ".join(missing))
    postgres = start_postgres()
    city = None
    try:
        url = postgres.create_database()
        city = CityServer(url, Path("/tmp/bench-console-server.log"))
        city.publish_reference()
        now = board.local_now(datetime.now(UTC))
        load(url, args.dossiers, now)
        city.start()
        add_account(city, "quantri", role=accounts.CITY_ADMIN)
        console = Console(city.base_url)
        assert console.login("quantri").url.endswith("/console/dashboard")
        last_month = reports.previous_month(now.date()).value
        pages = [("dashboard (126 points)", "/console/dashboard"),
                 ("point page (chart + 50 dossiers)", "/console/points/09661"),
                 (f"monthly report, all points ({last_month})", f"/console/reports?period={last_month}"),
                 ("quarterly report, all points", f"/console/reports?period={now.year}-Q{(now.month - 1) // 3 + 1}"),
                 ("monthly report, one point", f"/console/reports?period={last_month}&point=09661"),
                 ("monthly report as XLSX", f"/console/reports.xlsx?period={last_month}")]
        server = ServerTimes()
        logs.access.addHandler(server)
        logs.access.setLevel(logging.INFO)
        print(f"\n{args.dossiers:,} dossiers, 126 points, PostgreSQL, {args.rounds} requests each (ms); load "
              f"average before: {os.getloadavg()[0]:.1f}")
        print(f"{'page':45} {'server p50':>10} {'server p95':>10} {'trip p50':>9} {'trip p95':>9}")
        for label, path in pages:
            s50, s95, t50, t95 = measure(console, path, args.rounds, server)
            print(f"{label:45} {s50:10.1f} {s95:10.1f} {t50:9.1f} {t95:9.1f}", flush=True)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        if city is not None:
            city.stop()
            city.db.close()
        postgres.stop()


if __name__ == "__main__":
    main()
