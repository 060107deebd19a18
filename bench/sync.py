"""Sync figures: the island push and the city-wide herd.

    .venv/bin/python bench/sync.py island                 # 5,000 dossiers over 256 kbit/s, 600 ms RTT, cuts
    .venv/bin/python bench/sync.py herd --desks 126       # desks syncing at once against PostgreSQL
    .venv/bin/python bench/sync.py herd --desks 3321

island: a desk that was offline for a long spell pushes 5,000 dossiers with their events through the
test suite's fault proxy at 256 kbit/s and 600 ms round trip, the connection reset after every
~200 kB it carries; each failed round is retried at once (connectivity "returned"). The floor is the
whole outbox compressed as one gzip stream divided by the link rate; target: within 1.5x.

herd: N reception points each push a day's work (20 dossiers and 10 later steps) in one exchange,
all at once from a pool of client threads, against `city-server serve --workers 2` on a PostgreSQL
started for the run. Reports events ingested per second and exchange latency percentiles. Client
threads share the machine's two cores with the server and the database.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.core import replica  # noqa: E402
from desk_app.core.dossiers import ReceiveRequest  # noqa: E402
from desk_app.domain.model import Applicant, EventKind, ReceivedDocument  # noqa: E402
from desk_app.services import Desk  # noqa: E402
from sync.client import SyncClient  # noqa: E402
from sync.protocol import WireEvent, event_hash  # noqa: E402
from sync.server import devices  # noqa: E402
from sync.transport import SyncError, Transport  # noqa: E402
from tests.sync.conftest import CityServer, free_port, missing_postgres_tools, start_postgres  # noqa: E402
from tests.sync.faultproxy import FaultProxy, Faults  # noqa: E402

LINK_RATE = 32_000  # bytes/s: 256 kbit/s
ISLAND = Faults(one_way_latency=0.3, rate=LINK_RATE, cut_up_after=200_000, cut_down_after=200_000)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["Văn An", "Thị Bình", "Minh Châu", "Đức Dũng", "Thị Én", "Văn Giang", "Thu Hà", "Quốc Khánh"]


# --- island ---------------------------------------------------------------------------------------


def offline_desk(folder: Path, dossiers: int) -> Desk:
    desk = Desk.open(folder / "island.sqlite3", now=lambda: datetime(2026, 3, 10, 9, 30))
    desk.configure(unit_code="09661", desk_no=1)
    for start in range(0, dossiers, 500):
        requests = [_request(i) for i in range(start, min(dossiers, start + 500))]
        received = desk.dossiers.receive_many(requests, "clerk")
        for result in received[::5]:  # one in five already has its result back
            desk.dossiers.apply(result.dossier.code, EventKind.RESULT_READY, {}, "clerk")
    return desk


def _request(i: int) -> ReceiveRequest:
    name = f"{SURNAMES[i % len(SURNAMES)]} {GIVEN[(i * 7) % len(GIVEN)]}"
    applicant = Applicant(full_name=name, personal_id=f"0010{90000000 + i:08d}", phone=f"09{12000000 + i:08d}",
                          address=f"Thôn {i % 17 + 1}, Xã Minh Châu, Hà Nội")
    return ReceiveRequest(procedure_code="1.004873", applicant=applicant, received_at=_working_day(i // 200),
                          documents=[ReceivedDocument("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, 0)])


def _working_day(n: int) -> datetime:
    """The n-th weekday from 5 January 2026, 09:00 (a desk issues at most 999 codes a day)."""
    day = datetime(2026, 1, 5, 9, 0)
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


def outbox_floor(desk: Desk) -> tuple[int, int, float]:
    with desk.store.read() as session:
        events = [replica.wire_dict(row) for row in replica.unsent(session, 10**9)]
    compressed = len(gzip.compress(json.dumps(events, ensure_ascii=False).encode(), 6))
    return len(events), compressed, compressed / LINK_RATE


def island(dossiers: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"preparing {dossiers} dossiers offline ...", flush=True)
        desk = offline_desk(folder, dossiers)
        events, compressed, floor = outbox_floor(desk)
        city = CityServer(str(folder / "city.sqlite3"), folder / "server.log").start()
        proxy = FaultProxy(city.port, seed=1)
        client = SyncClient(desk.store)
        client.enroll(city.base_url, city.new_device("09661"))
        client = SyncClient(desk.store, Transport(proxy.url, client.state().token))
        proxy.faults = ISLAND
        started, failures = time.monotonic(), 0
        while True:
            try:
                report = client.sync_once()
                break
            except SyncError:
                failures += 1
        wall = time.monotonic() - started
        wire = proxy.bytes["up"] + proxy.bytes["down"]
        print(f"island push: {dossiers} dossiers, {events} events")
        print(f"  outbox compressed as one stream: {compressed / 1000:.0f} kB -> floor {floor:.1f} s at 256 kbit/s")
        print(f"  wall time {wall:.1f} s = {wall / floor:.2f} x floor; {failures} rounds cut, "
              f"{proxy.connections} connections, {report.exchanges} exchanges in the last round")
        print(f"  on the wire: {wire / 1000:.0f} kB ({wire / dossiers:.0f} B per dossier; "
              f"up {proxy.bytes['up'] / 1000:.0f} kB, down {proxy.bytes['down'] / 1000:.0f} kB)")
        proxy.close()
        city.stop()
        desk.close()


# --- herd -------------------------------------------------------------------------------------------


def template_events(folder: Path) -> list[dict]:
    """One real 'received' and one 'result ready' event, as the pattern for every simulated desk."""
    desk = Desk.open(folder / "template.sqlite3", now=lambda: datetime(2026, 3, 10, 9, 30))
    code = desk.dossiers.receive(_request(0), "clerk").dossier.code
    desk.dossiers.apply(code, EventKind.RESULT_READY, {}, "clerk")
    with desk.store.read() as session:
        events = [replica.wire_dict(row) for row in replica.unsent(session, 10)]
    desk.close()
    return events


def desk_day(pattern: list[dict], unit: str, n: int = 20, steps: int = 10) -> list[dict]:
    received, step = pattern
    day: list[dict] = []
    for i in range(n):
        dossier_id = str(uuid.uuid4())
        payload = {**received["payload"], "receiving_unit": unit, "code": f"{unit}-{i:05d}",
                   "lookup_key": uuid.uuid4().hex[:16]}
        day.append(_signed({**received, "event_id": str(uuid.uuid4()), "dossier_id": dossier_id,
                            "payload": payload}))
        if i < steps:
            day.append(_signed({**step, "event_id": str(uuid.uuid4()), "dossier_id": dossier_id}))
    return day


def _signed(event: dict) -> dict:
    return {**event, "content_hash": event_hash(WireEvent.model_validate(event))}


def herd(count: int, threads: int) -> None:
    if missing := missing_postgres_tools():
        sys.exit("PostgreSQL needs: " + "; ".join(missing))
    postgres = start_postgres()
    port = free_port()
    server = None
    try:
        url = postgres.create_database()
        with tempfile.TemporaryDirectory() as tmp:
            pattern = template_events(Path(tmp))
        city = CityServer(url, Path("/dev/null"))
        units = [f"{10000 + i:05d}" for i in range(count)]
        with city.db.write() as conn:
            codes = [devices.create(conn, unit)[1] for unit in units]
        server = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "--db", url, "serve", "--port",
                                   str(port), "--workers", "2"], cwd=ROOT)
        city.port, city.base_url = port, f"http://127.0.0.1:{port}"
        city._wait_ready()
        clients = _enroll_all(city.base_url, codes, threads)
        days = [desk_day(pattern, unit) for unit in units]
        _run_herd(clients, days, threads)
    finally:
        if server:
            server.terminate()
            server.wait()
        postgres.stop()


def _enroll_all(base_url: str, codes: list[str], threads: int) -> list[Transport]:
    def enroll(code: str) -> Transport:
        transport = Transport(base_url)
        transport.token = transport.enroll(code, str(uuid.uuid4())).token
        return transport

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(enroll, codes))


def _run_herd(clients: list[Transport], days: list[list[dict]], threads: int) -> None:
    from sync.protocol import PROTOCOL_VERSION, ExchangeRequest

    def one(pair: tuple[Transport, list[dict]]) -> tuple[float, int]:
        transport, day = pair
        request = ExchangeRequest(protocol=PROTOCOL_VERSION, client_time_ms=int(time.time() * 1000),
                                  push=[WireEvent.model_validate(e) for e in day])
        started = time.monotonic()
        answer = transport.exchange(request)
        return time.monotonic() - started, answer.stored

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, zip(clients, days, strict=True)))
    wall = time.monotonic() - started
    latencies = sorted(r[0] for r in results)
    stored = sum(r[1] for r in results)
    p = statistics.quantiles(latencies, n=100)
    print(f"herd: {len(clients)} desks, {stored} events stored in {wall:.1f} s = {stored / wall:.0f} events/s "
          f"({len(clients) / wall:.0f} exchanges/s, {threads} client threads)")
    print(f"  exchange latency p50 {p[49] * 1000:.0f} ms, p95 {p[94] * 1000:.0f} ms, p99 {p[98] * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("island")
    p.add_argument("--dossiers", type=int, default=5000)
    p = sub.add_parser("herd")
    p.add_argument("--desks", type=int, default=126)
    p.add_argument("--threads", type=int, default=64)
    args = parser.parse_args()
    if args.what == "island":
        island(args.dossiers)
    else:
        herd(args.desks, args.threads)


if __name__ == "__main__":
    main()
