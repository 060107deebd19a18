"""Local store at scale: insert rate, search latency (p50/p95) by query kind, file size.

    .venv/bin/python bench/store.py                      # 1,000,000 dossiers (about 10 minutes here)
    .venv/bin/python bench/store.py --dossiers 100000     # quicker

Two insert figures: the service path a clerk's save takes (validation, code, due date, event, audit,
fsync per transaction) measured on a sample, and the bulk path used to fill the big file, which
writes the same rows (built by the same projection code from real received events) in large
transactions. Searches run through the same service the window calls. Target: p95 under 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desk_app.core.dossiers import received_payload
from desk_app.core.due import TimeRule, compute_due
from desk_app.core.events import row_values
from desk_app.core.projection import projected_values
from desk_app.core.search import Query
from desk_app.demo import DemoGenerator, seed_demo
from desk_app.domain.model import Event, EventKind
from desk_app.services import Desk
from desk_app.store.models import DossierRow

BATCH = 20_000


def service_rate(desk: Desk, count: int) -> float:
    start = time.perf_counter()
    seed_demo(desk, count, batch=1, play_steps=False)  # one transaction per dossier, as at the counter
    return count / (time.perf_counter() - start)


def bulk_fill(desk: Desk, count: int) -> float:
    settings = desk.settings
    defs = [desk.procedure(hit.code) for hit in desk.find_procedures("", limit=10_000)]
    calendar = desk.calendar()
    gen = DemoGenerator(defs, calendar, "Xã Minh Châu", seed=7)
    rules = {d.code: (d, TimeRule.parse(d.time_rule)) for d in defs}
    end = datetime(2026, 11, 20, 16, 0)
    bulk = sqlite_utils.Database(desk.store.path)  # a second connection to the same WAL file
    start = time.perf_counter()
    done, per_day = 0, {}
    while done < count:
        n = min(BATCH, count - done)
        rows, events = [], []
        for item in gen.dossiers(n, end, days=1500):
            req = item.request
            defn, rule = rules[req.procedure_code]
            day = req.received_at.date()
            per_day[day] = per_day.get(day, 0) + 1
            nth = per_day[day] - 1  # desks 2-9 share the day's numbers; desk 1 took the service sample
            code = settings.pattern.format(settings.unit_code, day, 2 + nth // 999, nth % 999 + 1)
            history = _history(req, defn, rule, code, calendar, settings.desk_id, item.steps)
            rows.append(projected_values(history))
            events.extend(row_values(event) for event in history)
        with bulk.conn:  # one transaction per batch; the FTS triggers fill the name index as rows land
            bulk["dossiers"].insert_all(rows, batch_size=2_000)
            bulk["events"].insert_all(events, batch_size=2_000)
        done += n
        print(f"\r  bulk {done:,}/{count:,}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    rate = count / (time.perf_counter() - start)
    bulk.close()
    return rate


def _history(req, defn, rule, code, calendar, desk_id, steps) -> list[Event]:
    """The received event and the later steps the demo generator chose, stamped a day apart."""
    received = _received(req, defn, rule, code, calendar, desk_id)
    history = [received]
    for n, (kind, payload) in enumerate(steps, start=1):
        when = req.received_at + timedelta(days=n)
        if kind == EventKind.TRANSFERRED:
            payload = {**payload, "to_authority": "09661"}
        elif kind == EventKind.RETURNED:
            payload = {**payload, "returned_at": when.isoformat()}
        stamp = f"{int(when.timestamp() * 1000):013d}-0000-{desk_id}"
        history.append(Event(str(uuid.uuid4()), received.dossier_id, kind, payload, "bench", desk_id, stamp, when))
    return history


def _received(req, defn, rule, code, calendar, desk_id) -> Event:
    due = compute_due(rule, req.received_at, calendar)
    payload = received_payload(req, req.applicant, defn, req.received_at, due, code=code, receiving_unit="09661",
                               authority="09661", register={})
    stamp = f"{int(req.received_at.timestamp() * 1000):013d}-0000-{desk_id}"
    return Event(str(uuid.uuid4()), str(uuid.uuid4()), EventKind.RECEIVED, payload.wire(), "bench", desk_id, stamp,
                 req.received_at)


def latency(desk: Desk, make_query, runs: int) -> tuple[float, float]:
    times = []
    for i in range(runs):
        query = make_query(i)
        t0 = time.perf_counter()
        desk.search(query)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def query_kinds(desk: Desk) -> dict[str, object]:
    rng = random.Random(3)
    with desk.store.read() as session:
        sample = session.query(DossierRow.code, DossierRow.personal_id, DossierRow.phone, DossierRow.applicant_name) \
            .order_by(DossierRow.num.desc()).limit(5000).all()
    typed = ["ng", "nguyen", "nguyen van", "nguyen van an", "tran thi", "dang", "le thi hoa", "pham duc"]
    return {
        "name as typed (2-13 chars)": lambda i: Query(text=typed[i % len(typed)]),
        "full name of a real applicant": lambda i: Query(text=rng.choice(sample)[3]),
        "rare given name": lambda i: Query(text=rng.choice(["ý", "dinh loan", "ho anh", "ly phuc"])),
        "personal ID (12 digits)": lambda i: Query(text=rng.choice(sample)[1]),
        "phone": lambda i: Query(text=rng.choice(sample)[2]),
        "dossier code": lambda i: Query(text=rng.choice(sample)[0]),
        "code prefix (one day)": lambda i: Query(text=rng.choice(sample)[0][:12]),
        "overdue list": lambda i: Query(view="overdue"),
        "due-soon list": lambda i: Query(view="due_soon"),
        "name + sort by name": lambda i: Query(text="tran thi", sort="name"),
    }


def fill(args: argparse.Namespace, now: datetime) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    desk = Desk.open(args.db, now=lambda: now)
    sample = min(1000, args.dossiers)
    print(f"service path (one fsync'd transaction per save): {service_rate(desk, sample):,.0f} dossiers/s")
    print(f"bulk fill: {bulk_fill(desk, args.dossiers - sample):,.0f} dossiers/s")
    desk.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/motcua-bench-store.sqlite3"))
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--search-only", action="store_true", help="measure searches on an already filled --db")
    args = parser.parse_args()
    now = datetime(2026, 11, 20, 16, 30)
    if not args.search_only:
        fill(args, now)
    desk = Desk.open(args.db, now=lambda: now)
    with desk.store.read() as session:
        count = session.query(DossierRow).count()
    print(f"file size: {args.db.stat().st_size / 1e6:,.0f} MB for {count:,} dossiers")
    print(f"{'query':<32} {'p50 ms':>8} {'p95 ms':>8}")
    for name, make in query_kinds(desk).items():
        p50, p95 = latency(desk, make, args.runs)
        print(f"{name:<32} {p50:>8.1f} {p95:>8.1f}")
    desk.close()


if __name__ == "__main__":
    main()
