"""Sync figures: the island push and the city-wide herd.

    .venv/bin/python bench/sync.py island --dossiers 250 --steps 4   # 250 dossiers, 4 steps each
    .venv/bin/python bench/sync.py island --dossiers 5000 --steps 4  # 5,000 dossiers, 4 steps each
    .venv/bin/python bench/sync.py island --dossiers 5000 --loss 0 2.5  # at 0% and 2.5% packet loss
    .venv/bin/python bench/sync.py island --link proxy --steps 0 --cut-every 200000  # the earlier figure
    .venv/bin/python bench/sync.py herd --desks 126       # desks syncing at once against PostgreSQL
    .venv/bin/python bench/sync.py herd --desks 3321
    .venv/bin/python bench/sync.py bootstrap --dossiers 100000   # a new desk's first sync (--pg, --link, --prebuilt)

island: a desk that was offline for a long spell pushes its dossiers with their steps over the island
link, 256 kbit/s each way and 600 ms round trip, then prints its figures. By default the link is
bench/link.py's TUN link: real kernel TCP between this network namespace and one made for the run,
a relay in between with the delay, the rate, a 64 kB drop-tail bottleneck queue and packet loss
(`--loss 0 2.5`: one push per figure, each from a copy of the same prepared desk). The city server
binds the link's server address (`city-server serve --host 10.213.K.1`), the desk's sync runs as a
process at the far end (bench/far_desk.py under `ip netns exec`). Without root or /dev/net/tun the bench
says so and uses the test suite's fault proxy (`--link proxy`): delay and rate above TCP, optionally
resetting every connection after a byte budget (`--cut-every`), but no loss, no handshakes, no slow start.
Each failed round is retried at once (connectivity "returned").
Two floors are printed. The information floor (issue 13) is gzip-9 of the same dossiers and steps as
compact plain JSON, one object per dossier with the fields a clerk entered and its steps (kind, time,
actor, and the reason, new date, items or receiver where the step has one), no protocol envelope,
divided by the link rate, plus one round trip; it leaves out the TCP handshake's round trip, printed
beside it. The outbox floor (the earlier one) is the desk's own outbox as one gzip stream at the link
rate; redundant bytes in the outbox count as "floor" there. On the TUN link the bytes on the wire are
IP packets both ways, headers and retransmissions included; through the proxy, the bytes it relayed.
The server runs as its own process (`city-server serve`), as in production, not in the bench's process.
The desk speaks the compact wire (sync/wire.py) when the server reads it, as every desk now does.

herd: N reception points each push a day's work (20 dossiers and 10 later steps) in one exchange,
all at once from a pool of client threads, against `city-server serve --workers 2` on a PostgreSQL
started for the run, with admission control (`--max-exchanges` per process, by default the server's own:
twice its cores; Retry-After 2 s): a deferred desk waits the Retry-After it got, with jitter, and sends
again. Reports events ingested per second, how many exchanges were admitted and how often desks were
deferred, and the latency percentiles of admitted exchanges. Client threads share the machine's two cores
with the server and the database: the CPU each side spent (this process, the server's workers,
PostgreSQL's backends) is printed per exchange.

ingest: the push transaction alone (no HTTP, no decode) on a PostgreSQL started for the run, in one thread:
events per second for batches of new dossiers with a step each, later steps on stored dossiers, and a replay
of duplicates, with the CPU this process and PostgreSQL spent.

    .venv/bin/python bench/sync.py ingest --events 30000 --batch 400   # a backlog's batches
    .venv/bin/python bench/sync.py ingest --events 30000 --batch 30    # a day's exchange, as in the herd

bootstrap: a point with N dossiers (4 steps each by default) is loaded straight into the city's tables (SQLite,
or PostgreSQL with --pg); a new desk enrolls and makes its first sync over the link (--link island: the fault
proxy at 256 kbit/s and 600 ms round trip; direct: loopback). Prints the time, the bytes, when the desk became
usable (the snapshot in, before the tail), and the floor: gzip-9 of the point's dossiers and steps as compact
plain JSON (as for island) at the link rate, plus one round trip.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.link import IslandLink  # noqa: E402
from bench.link import unavailable as link_unavailable  # noqa: E402
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
LINK_QUEUE = 65_536  # the island router's buffer at the bottleneck, bytes (the TUN link drops beyond it)
HERD_RETRY_S = 2  # the server's Retry-After in the herd; a deferred desk waits it with full jitter, as desks do
ISLAND = Faults(one_way_latency=0.3, rate=LINK_RATE, cut_up_after=200_000, cut_down_after=200_000)
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE = ["Văn", "Thị", "Minh", "Đức", "Thu", "Quốc", "Ngọc", "Hữu", "Thanh", "Xuân"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Én", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam", "Phương", "Quân",
         "Sơn", "Tâm", "Uyên", "Vinh", "Yến", "Hùng", "Linh"]


# --- island ---------------------------------------------------------------------------------------


STEPS: list[tuple[EventKind, dict]] = [
    (EventKind.SUPPLEMENT_REQUESTED, {"items": [{"item": "Bản sao Căn cước công dân",
                                                 "reason": "Bản sao chưa được chứng thực"}]}),
    (EventKind.SUPPLEMENT_RECEIVED, {"documents": [{"name": "Bản sao Căn cước công dân", "originals": 0,
                                                    "copies": 1}]}),
    (EventKind.RESULT_READY, {}),
    (EventKind.RETURNED, {"receiver_name": "Trần Thị Bình"}),
]


def offline_desk(folder: Path, dossiers: int, steps: int = 0) -> Desk:
    """`steps` steps on every dossier (at most 4), or with 0 the earlier backlog: one in five has its result."""
    clock = _Clock(datetime(2026, 3, 10, 7, 30))
    desk = Desk.open(folder / "island.sqlite3", now=clock)
    desk.configure(unit_code="09661", desk_no=1)
    for start in range(0, dossiers, 500):
        requests = [_request(i) for i in range(start, min(dossiers, start + 500))]
        received = desk.dossiers.receive_many(requests, "clerk")
        for result in received if steps else received[::5]:
            for kind, payload in STEPS[:steps] if steps else [(EventKind.RESULT_READY, {})]:
                desk.dossiers.apply(result.dossier.code, kind, payload, ["clerk", "canbo2"][len(payload) % 2])
    return desk


class _Clock:
    """Time moves a little with every reading, as on a working desk (identical stamps would flatter gzip)."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=3, microseconds=137_000)
        return self.now.replace(microsecond=0)


def _request(i: int) -> ReceiveRequest:
    """Identity numbers, phones and house numbers drawn at random (seeded): they carry information a
    sequence would hide from gzip, and both floors and the wire see the same dossiers."""
    rng = random.Random(i)
    name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    applicant = Applicant(full_name=name, personal_id=f"001{rng.randrange(10**9):09d}",
                          phone=f"09{rng.randrange(10**8):08d}",
                          address=f"Số {rng.randrange(1, 200)}, Thôn {rng.randrange(1, 18)}, Xã Minh Châu, Hà Nội")
    return ReceiveRequest(procedure_code="1.004873", applicant=applicant, received_at=_working_day(i // 200),
                          documents=[ReceivedDocument("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, 0)])


def _working_day(n: int) -> datetime:
    """The n-th weekday from 5 January 2026, 09:00 (a desk issues at most 999 codes a day)."""
    day = datetime(2026, 1, 5, 9, 0)
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


RTT = 2 * ISLAND.one_way_latency
# Received-payload fields the server has or derives (catalogue copies, computed due date, generated keys).
NOT_ENTERED = {"procedure_name", "procedure_version", "due_at", "due_rule", "due_rule_text", "lookup_key",
               "receiving_unit", "authority", "register_book", "register_entry"}
# Step-payload fields the desk fills in itself (the old due date, restart dates computed by the calendar).
NOT_ENTERED_STEP = {"old_due_at", "returned_at"}


def _outbox(desk: Desk) -> list[dict]:
    with desk.store.read() as session:
        return [replica.wire_dict(row) for row in replica.unsent(session, 10**9)]


def outbox_floor(events: list[dict]) -> tuple[int, float]:
    """The earlier floor: the desk's own outbox as one gzip stream at the link rate."""
    compressed = len(gzip.compress(json.dumps(events, ensure_ascii=False).encode(), 6))
    return compressed, compressed / LINK_RATE


def information(events: list[dict]) -> list[dict]:
    """The same dossiers and steps as plain JSON: what a clerk entered, no envelope, ids or hashes."""
    dossiers: dict[str, dict] = {}
    for e in events:
        if e["kind"] == EventKind.RECEIVED:
            entered = {k: v for k, v in e["payload"].items() if k not in NOT_ENTERED and v not in ("", {}, None)}
            dossiers[e["dossier_id"]] = {**entered, "by": e["actor"], "at": e["wall_time"], "steps": []}
            continue
        step = {"kind": e["kind"], "at": e["wall_time"], "by": e["actor"],
                **{k: v for k, v in e["payload"].items() if k not in NOT_ENTERED_STEP and v not in ("", None)}}
        dossiers[e["dossier_id"]]["steps"].append(step)
    return list(dossiers.values())


def information_floor(events: list[dict]) -> tuple[int, float]:
    """gzip-9 of the compact plain JSON, at the link rate, plus one round trip (issue 13)."""
    plain = json.dumps(information(events), ensure_ascii=False, separators=(",", ":")).encode()
    compressed = len(gzip.compress(plain, 9))
    return compressed, compressed / LINK_RATE + RTT


def island(dossiers: int, steps: int, cut_every: int, log: str = "", losses: tuple[float, ...] = (0.0,),
           link: str = "tun") -> None:
    """The push over the TUN link (real TCP, loss) when it can be built here, else over the fault proxy."""
    if not all(0 <= loss < 100 for loss in losses):
        sys.exit("--loss is a percentage of packets lost, from 0 up to (not including) 100")
    if link == "tun" and cut_every:
        sys.exit("--cut-every is the fault proxy's: add --link proxy")
    if link == "tun" and (why := link_unavailable()):
        print(f"no TUN link here ({why}): the fault proxy instead (delay and rate, no packet loss)")
        link = "proxy"
    if link == "proxy" and any(losses):
        sys.exit("packet loss needs the TUN link (--link tun: root and /dev/net/tun); the proxy has none")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"preparing {dossiers} dossiers with {steps or 'one in five with one'} step(s) offline ...", flush=True)
        desk = offline_desk(folder, dossiers, steps)
        outbox = _outbox(desk)
        desk.close()
        rows = []
        for loss in losses:
            run = folder / f"loss-{loss:g}"
            run.mkdir()
            shutil.copyfile(folder / "island.sqlite3", run / "island.sqlite3")
            pushed = _push_tun(run, loss, log) if link == "tun" else _push_proxy(run, cut_every, log)
            rows.append(_print_island(dossiers, outbox, pushed, loss, cut_every))
        print("| backlog | link | loss | wall time | x information floor | x with the handshake | x outbox floor "
              "| bytes per dossier on the wire |")
        for row in rows:
            print(row)


def serve_city(city: CityServer, host: str) -> None:
    """`city-server serve --host HOST` as its own process, as in production."""
    log = city.log_path.open("ab")
    city.process = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "--db", city.db_url, "serve",
                                     "--host", host, "--port", str(city.port)], stdout=log, stderr=log, cwd=ROOT)
    city.base_url = f"http://{host}:{city.port}"
    city._wait_ready()


def _push_tun(folder: Path, loss: float, log: str) -> dict:
    """The city bound to the link's server side, the desk's sync a process at its far end; the desk is
    enrolled first from this side (not over the link), then its push is timed at the far end."""
    with IslandLink(rate=LINK_RATE, one_way_latency=ISLAND.one_way_latency, loss=loss / 100,
                    queue_bytes=LINK_QUEUE, seed=1) as net:
        city = CityServer(str(folder / "city.sqlite3"), Path(log) if log else folder / "server.log")
        serve_city(city, net.server_address)
        try:
            desk = Desk.open(folder / "island.sqlite3")
            SyncClient(desk.store).enroll(city.base_url, city.new_device("09661"))
            desk.close()
            net.reset_stats()
            done = subprocess.run(net.command([sys.executable, str(ROOT / "bench" / "far_desk.py"),
                                               str(folder / "island.sqlite3")]), capture_output=True, text=True,
                                  cwd=ROOT)
            if done.returncode:
                sys.exit(f"the desk's push at the far end failed:\n{done.stderr[-3000:]}")
            result = json.loads(done.stdout.splitlines()[-1])
            link = net.stats()
        finally:
            city.stop()
    return {**result, "link": link, "connections": link["up"]["syns"],
            "bytes": {d: link[d]["bytes"] for d in ("up", "down")}}


def _push_proxy(folder: Path, cut_every: int, log: str) -> dict:
    desk = Desk.open(folder / "island.sqlite3")
    city = CityServer(str(folder / "city.sqlite3"), Path(log) if log else folder / "server.log").start_process()
    proxy = FaultProxy(city.port, seed=1)
    client = SyncClient(desk.store)
    client.enroll(city.base_url, city.new_device("09661"))
    client = SyncClient(desk.store, Transport(proxy.url, client.state().token))
    proxy.faults = Faults(one_way_latency=ISLAND.one_way_latency, rate=LINK_RATE, cut_up_after=cut_every,
                          cut_down_after=cut_every)
    started, failures = time.monotonic(), 0
    while True:
        try:
            report = client.sync_once()
            break
        except SyncError:
            failures += 1
    wall = time.monotonic() - started
    proxy.close()
    city.stop()
    desk.close()
    return {"wall": wall, "failures": failures, "exchanges": report.exchanges, "connections": proxy.connections,
            "bytes": dict(proxy.bytes)}


def _print_island(dossiers: int, outbox: list[dict], pushed: dict, loss: float, cut_every: int) -> str:
    """The run's figures; returns its row of the summary table."""
    compressed, floor = outbox_floor(outbox)
    info_bytes, info_floor = information_floor(outbox)
    handshake_floor = info_floor + RTT  # the first connection's SYN and SYN-ACK before any byte
    wall, up, down = pushed["wall"], pushed["bytes"]["up"], pushed["bytes"]["down"]
    wire = up + down
    tun = "link" in pushed
    how = (f"real TCP over the TUN link, {LINK_QUEUE // 1024} kB bottleneck queue" if tun else
           "the fault proxy (bytes above TCP)") + (f", cut every {cut_every} B" if cut_every else "")
    print(f"island push: {dossiers} dossiers, {len(outbox)} events, 256 kbit/s, {RTT * 1000:.0f} ms RTT, "
          f"{loss:g}% loss, {how}")
    print(f"  information floor: {info_bytes / 1000:.0f} kB plain JSON gzip-9 ({info_bytes / dossiers:.0f} B "
          f"per dossier) -> {info_floor:.1f} s incl. one round trip; {handshake_floor:.1f} s with the TCP "
          f"handshake's round trip too")
    print(f"  outbox floor (earlier): {compressed / 1000:.0f} kB outbox gzip -> {floor:.1f} s")
    print(f"  wall time {wall:.1f} s = {wall / info_floor:.2f} x information floor ({wall / handshake_floor:.2f} x "
          f"with the handshake), {wall / floor:.2f} x outbox floor; {pushed['failures']} rounds failed, "
          f"{pushed['connections']} {'SYNs (a lost SYN counts again)' if tun else 'connections'}, "
          f"{pushed['exchanges']} exchanges in the last round")
    unit = "IP packets, headers and retransmissions included" if tun else "bytes through the proxy"
    print(f"  on the wire ({unit}): {wire / 1000:.0f} kB ({wire / dossiers:.0f} B per dossier, "
          f"{wire / info_bytes:.2f} x the information; up {up / 1000:.0f} kB, down {down / 1000:.0f} kB)")
    if tun:
        print(f"  the up link was busy {up / LINK_RATE / wall:.0%} of the wall time (the rest: round trips, and "
              f"the two ends' work)")
        for d, c in pushed["link"].items():
            print(f"  link {d}: {c['packets']} packets, TCP payload {c['payload'] / 1000:.0f} kB, "
                  f"{c['queue_drops']} dropped at the full queue (peak {c['queue_peak'] / 1024:.0f} kB), "
                  f"{c['loss_drops']} lost")
        if pushed.get("reasons"):
            print(f"  failed rounds: {'; '.join(pushed['reasons'])}")
    return (f"| {dossiers} dossiers, {len(outbox)} events | {'TUN' if tun else 'proxy'} | {loss:g}% "
            f"| {wall:.1f} s | {wall / info_floor:.2f} | {wall / handshake_floor:.2f} | {wall / floor:.2f} "
            f"| {wire / dossiers:.0f} B |")


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


def herd(count: int, threads: int, max_exchanges: int = 0) -> None:
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
        env = {**os.environ, "CITY_BUSY_RETRY_S": str(HERD_RETRY_S)}
        if max_exchanges:  # else the server's own default (twice its cores)
            env["CITY_MAX_EXCHANGES"] = str(max_exchanges)
        server = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "--db", url, "serve", "--port",
                                   str(port), "--workers", "2"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        city.port, city.base_url = port, f"http://127.0.0.1:{port}"
        city._wait_ready()
        clients = _enroll_all(city.base_url, codes, threads)
        days = [desk_day(pattern, unit) for unit in units]
        meters = CpuMeters(server.pid, postgres.datadir)
        wall, admitted = _run_herd(clients, days, threads)
        meters.report(wall, admitted)
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


def _run_herd(clients: list[Transport], days: list[list[dict]], threads: int) -> tuple[float, int]:
    """Every desk sends its day once; a 503 (admission control) is a deferral: the desk waits the
    Retry-After it was given (with jitter, as the desk's backoff does) and sends the same day again.
    Latency percentiles are of admitted exchanges."""
    from sync.protocol import PROTOCOL_VERSION, ExchangeRequest

    def one(pair: tuple[Transport, list[dict]]) -> tuple[float, int, int]:
        transport, day = pair
        request = ExchangeRequest(protocol=PROTOCOL_VERSION, client_time_ms=int(time.time() * 1000),
                                  push=[WireEvent.model_validate(e) for e in day])
        deferred = 0
        while True:
            started = time.monotonic()
            try:
                answer = transport.exchange(request)
            except SyncError as exc:
                if exc.retry_after is None:
                    raise
                deferred += 1
                time.sleep(random.uniform(0.5, 1.0) * exc.retry_after)
                continue
            return time.monotonic() - started, answer.stored, deferred

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(one, zip(clients, days, strict=True)))
    wall = time.monotonic() - started
    latencies = sorted(r[0] for r in results)
    stored = sum(r[1] for r in results)
    deferrals = sum(r[2] for r in results)
    p = statistics.quantiles(latencies, n=100)
    print(f"herd: {len(clients)} desks, {stored} events stored in {wall:.1f} s = {stored / wall:.0f} events/s "
          f"({len(clients) / wall:.0f} exchanges/s, {threads} client threads)")
    print(f"  admitted {len(results)} exchanges, deferred {deferrals} times (503 + Retry-After) "
          f"on {sum(1 for r in results if r[2])} desks")
    print(f"  admitted exchange latency p50 {p[49] * 1000:.0f} ms, p95 {p[94] * 1000:.0f} ms, "
          f"p99 {p[98] * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")
    return wall, len(results)


class CpuMeters:
    """CPU seconds spent during the herd by the bench's own client threads, the server's worker processes and
    PostgreSQL's backends (all on the same cores), from /proc: what each side costs per exchange."""

    def __init__(self, server_pid: int, pg_datadir: Path) -> None:
        self.postmaster = int((pg_datadir / "postmaster.pid").read_text().split()[0])
        self.server_pid = server_pid
        self.start = self._sample()

    def _sample(self) -> tuple[float, float, float]:
        mine = os.times()
        return (mine.user + mine.system, _cpu(_tree(self.server_pid)), _cpu(_tree(self.postmaster)))

    def report(self, wall: float, exchanges: int) -> None:
        used = [end - start for start, end in zip(self.start, self._sample(), strict=True)]
        cores = os.cpu_count() or 1
        parts = ", ".join(f"{name} {sec:.1f} s ({sec / exchanges * 1000:.1f} ms an exchange)"
                          for name, sec in zip(("client (this process)", "server workers", "PostgreSQL"), used,
                                               strict=True))
        print(f"  CPU over {wall:.1f} s on {cores} cores ({wall * cores:.0f} core-s): {parts}; "
              f"idle or other processes {max(0.0, wall * cores - sum(used)):.1f} s")


def _tree(pid: int) -> list[int]:
    """A process and its descendants (alive now)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _cpu(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / ticks


# --- ingest -----------------------------------------------------------------------------------------


def ingest_bench(events: int, batch: int, db_url: str = "", profile: str = "") -> None:
    """Pure ingest on PostgreSQL: the push transaction of an exchange (as `service.exchange` runs it), in one
    thread of this process, batch after batch, no HTTP and no decode. Each point pushes batches of `batch`
    events: new dossiers each with one step in the same batch, then a round of later steps on stored dossiers
    (a dossier's row is refolded from the log), then the first round again (every event a duplicate)."""
    import cProfile

    from sync.server import ingest
    from sync.server.db import CityDB

    postgres = None
    if not db_url:
        if missing := missing_postgres_tools():
            sys.exit("PostgreSQL needs: " + "; ".join(missing))
        postgres = start_postgres()
        db_url = postgres.create_database()
    try:
        db = CityDB.open(db_url, migrate=True)
        with tempfile.TemporaryDirectory() as tmp:
            pattern = template_events(Path(tmp))
        per_point = max(1, batch // 2)  # dossiers per batch: each with its "received" and one step
        points = max(1, events // (2 * per_point))
        units = [f"{20000 + i:05d}" for i in range(points)]
        with db.write() as conn:
            ids = [devices.create(conn, unit)[0] for unit in units]
        pushers = [devices.Device(device_id, unit) for device_id, unit in zip(ids, units, strict=True)]
        days = [desk_day(pattern, unit, per_point, per_point) for unit in units]
        first = [[WireEvent.model_validate(e) for e in day] for day in days]
        later = [[WireEvent.model_validate(e) for e in later_steps(pattern, day)] for day in days]
        profiler = cProfile.Profile() if profile else None
        for label, batches in (("new dossiers + a step each", first), ("later steps on stored dossiers", later),
                               ("the first round again (duplicates)", first)):
            if profiler:
                profiler.enable()
            cpu = _ingest_cpu(postgres)
            started = time.perf_counter()
            stored = 0
            for pusher, pushed in zip(pushers, batches, strict=True):
                with db.write() as conn:
                    devices.record_offset(conn, pusher.id, 0, 0, "bench")
                    stored += sum(r.status == "stored" for r in ingest.push(conn, pusher, pushed))
            wall = time.perf_counter() - started
            used = [end - start for start, end in zip(cpu, _ingest_cpu(postgres), strict=True)]
            if profiler:
                profiler.disable()
            count = sum(len(b) for b in batches)
            print(f"ingest, {label}: {count} events in {len(batches)} pushes of {count // len(batches)} "
                  f"in {wall:.2f} s = {count / wall:.0f} events/s ({stored} stored); CPU {used[0]:.2f} s "
                  f"in this process" + (f" + {used[1]:.2f} s in PostgreSQL" if postgres else "") +
                  f" = {count / sum(used):.0f} events per CPU second", flush=True)
        if profiler:
            profiler.dump_stats(profile)
            print(f"  profile of all three rounds: {profile}")
        db.close()
    finally:
        if postgres:
            postgres.stop()


def _ingest_cpu(postgres: Any) -> tuple[float, float]:
    mine = os.times()
    pg = 0.0
    if postgres is not None:
        pg = _cpu(_tree(int((postgres.datadir / "postmaster.pid").read_text().split()[0])))
    return mine.user + mine.system, pg


def add_ingest_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--events", type=int, default=30_000, help="events in the first round")
    p.add_argument("--batch", type=int, default=400, help="events per push (a desk sends up to 400)")
    p.add_argument("--db", default="", help="a database URL (default: a PostgreSQL started for the run)")
    p.add_argument("--profile", default="", help="write a cProfile of the rounds to this file")


def later_steps(pattern: list[dict], day: list[dict]) -> list[dict]:
    """A later step ("returned") on every dossier of a pushed day, as a desk sends it days after."""
    millis, rest = pattern[1]["hlc"].split("-", 1)
    step = {**pattern[1], "kind": str(EventKind.RETURNED), "wall_time": "2026-03-11T10:00:00",
            "payload": {"receiver_name": "Trần Thị Bình", "returned_at": "2026-03-11T10:00:00"},
            "hlc": f"{int(millis) + 60_000}-{rest}"}
    dossiers = list(dict.fromkeys(e["dossier_id"] for e in day))
    return [_signed({**step, "event_id": str(uuid.uuid4()), "dossier_id": d}) for d in dossiers]


# --- bootstrap --------------------------------------------------------------------------------------


BOOT_DESKS = ("b0f1c2d3-0000-4000-8000-000000000001", "b0f1c2d3-0000-4000-8000-000000000002",
              "b0f1c2d3-0000-4000-8000-000000000003")  # the point's three desks that made the history


def point_history(dossiers: int, steps: int = 4, start: int = 0) -> Iterator[list[dict]]:
    """A point's history as wire events, 1,000 dossiers a batch: each dossier received at one of three desks
    (~600 a working day) with `steps` later steps, applicants drawn as in `island` (seeded by number)."""
    for first in range(start, start + dossiers, 1000):
        batch: list[dict] = []
        for i in range(first, min(start + dossiers, first + 1000)):
            batch += _dossier_history(i, steps)
        yield batch


def _dossier_history(i: int, steps: int) -> list[dict]:
    from desk_app.domain.ids import dossier_id_for, event_id_for
    from sync.protocol import fields_hash

    rng = random.Random(i)
    desk_no, desk = i % 3 + 1, BOOT_DESKS[i % 3]
    day = _working_day(i // 600)
    received_at = day + timedelta(seconds=(i % 600) * 45)
    applicant = _request(i).applicant
    payload = {"applicant": {"address": applicant.address, "email": "", "full_name": applicant.full_name,
                             "personal_id": applicant.personal_id, "phone": applicant.phone},
               "authority": "09661", "code": f"09661-{day:%y%m%d}-{desk_no}{(i % 600) // 3 + 1:03d}",
               "delivery": "counter", "delivery_address": "",
               "documents": [{"copies": 0, "name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", "originals": 1}],
               "due_at": (received_at + timedelta(days=3)).isoformat(), "due_rule": "working_days:3",
               "due_rule_text": "03 ngày làm việc", "fee_vnd": 0, "fields": {},
               "lookup_key": "".join(rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                                     for _ in range(16)),
               "procedure_code": "1.004873", "procedure_name": "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
               "procedure_version": 1, "received_at": received_at.isoformat(), "receiving_unit": "09661",
               "register_book": f"2026/B{desk_no}", "register_entry": i // 3 + 1, "sets": 1}
    moments = [received_at + timedelta(seconds=rng.randrange(5, 60))]
    for _ in range(steps):
        moments.append(moments[-1] + timedelta(hours=rng.randrange(2, 30), seconds=rng.randrange(3600)))
    bodies = [("received", payload, "clerk")] + [
        (str(kind), _step_payload(kind, body, moments[j + 1]), ["clerk", "canbo2"][rng.randrange(2)])
        for j, (kind, body) in enumerate(STEPS[:steps])]
    events = []
    for (kind, body, actor), moment in zip(bodies, moments, strict=True):
        hlc = f"{int((moment - timedelta(hours=7)).timestamp() * 1000) + i % 997:013d}-0000-{desk}"
        event = {"event_id": event_id_for(hlc), "dossier_id": dossier_id_for(events[0]["hlc"] if events else hlc),
                 "kind": kind, "payload": body, "actor": actor, "desk_id": desk, "hlc": hlc,
                 "wall_time": moment.isoformat()}
        events.append({**event, "content_hash": fields_hash(event)})
    return events


def _step_payload(kind: EventKind, body: dict, moment: datetime) -> dict:
    if kind == EventKind.SUPPLEMENT_RECEIVED:
        return {**body, "new_due_at": (moment + timedelta(days=3)).replace(hour=8, minute=0, second=0).isoformat()}
    if kind == EventKind.RETURNED:
        return {**body, "returned_at": (moment - timedelta(seconds=3)).isoformat()}
    return body


def load_point(db, unit: str, batches: Iterator[list[dict]]) -> list[dict]:
    """Straight into the city's tables, as its ingest leaves them (events with their sequence numbers, the
    scope's fingerprint, the counter, the dossier rows by the server's own fold): a 100,000-dossier point in
    a minute or two instead of an hour of pushes. Returns every event (the bench's floor reads them)."""
    from sqlalchemy import select, update

    from sync.server import devices, projection, tables

    everything: list[dict] = []
    with db.write() as conn:
        device_id = devices.create(conn, unit, "lịch sử")[0]
    for batch in batches:
        with db.write() as conn:
            first = conn.execute(select(tables.counters.c.value).where(tables.counters.c.name == "events")
                                 ).scalar_one() + 1
            conn.execute(tables.events.insert(), [
                {**{k: e[k] for k in ("event_id", "dossier_id", "kind", "actor", "desk_id", "hlc", "wall_time",
                                      "content_hash")},
                 "payload": json.dumps(e["payload"], ensure_ascii=False, sort_keys=True), "seq": first + n,
                 "unit_code": unit, "device_id": device_id, "received_at": e["wall_time"]}
                for n, e in enumerate(batch)])
            conn.execute(update(tables.counters).where(tables.counters.c.name == "events")
                         .values(value=first + len(batch) - 1))
            projection.update_scopes(conn, [(unit, e["content_hash"]) for e in batch])
            projection.refold(conn, {e["dossier_id"] for e in batch}, batch[-1]["wall_time"])
        everything += batch
    return everything


class Link:
    """What the bench needs of the link between the new desk and the city: an address to use, the bytes
    that crossed it both ways, and closing. The fault proxy emulates the island (delay and rate, no loss);
    another emulator (a lossy TUN relay) fits the same three."""

    def __init__(self, url: str, counted: Callable[[], int], close: Callable[[], None]) -> None:
        self.url, self.counted, self.close = url, counted, close


def island_link(port: int) -> Link:
    proxy = FaultProxy(port, seed=1)
    proxy.faults = Faults(one_way_latency=ISLAND.one_way_latency, rate=LINK_RATE)
    return Link(proxy.url, lambda: proxy.bytes["up"] + proxy.bytes["down"], proxy.close)


def direct_link(port: int) -> Link:
    return Link(f"http://127.0.0.1:{port}", lambda: 0, lambda: None)


LINKS: dict[str, Callable[[int], Link]] = {"island": island_link, "direct": direct_link}


def bootstrap(dossiers: int, steps: int, pg: bool, link_name: str, prebuilt: bool = False) -> None:
    """A new desk's first sync at a point with `dossiers` dossiers: the snapshot, then the tail. With
    `prebuilt`, the snapshot was built beforehand (`city-server snapshot build`, a nightly timer)."""
    postgres = start_postgres() if pg else None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            url = postgres.create_database() if postgres else str(folder / "city.sqlite3")
            _bootstrap_run(folder, url, dossiers, steps, LINKS[link_name], prebuilt)
    finally:
        if postgres:
            postgres.stop()


def _bootstrap_run(folder: Path, url: str, dossiers: int, steps: int, make_link: Callable[[int], Link],
                   prebuilt: bool) -> None:
    from desk_app.core.search import Query
    from sync.server import snapshots

    city = CityServer(url, folder / "server.log")
    city.publish_reference()
    print(f"loading {dossiers} dossiers with {steps} steps each at the city ...", flush=True)
    started = time.monotonic()
    events = load_point(city.db, "09661", point_history(dossiers, steps))
    print(f"  loaded {len(events)} events in {time.monotonic() - started:.0f} s", flush=True)
    info_bytes, info_floor = information_floor(events)
    del events
    if prebuilt:
        started = time.monotonic()
        made = snapshots.manifest(city.db, city.settings, "09661")
        print(f"  snapshot built beforehand (city-server snapshot build) in {time.monotonic() - started:.1f} s: "
              f"{made.size / 1000:.0f} kB", flush=True)
    city.start_process()
    desk = Desk.open(folder / "new.sqlite3")
    desk.configure(unit_code="09661", desk_no=4)
    client = SyncClient(desk.store)
    client.enroll(city.base_url, city.new_device("09661"))
    link = make_link(city.port)
    client = SyncClient(desk.store, Transport(link.url, client.state().token, timeouts=(15.0, 600.0)))
    usable: dict[str, float] = {}

    def snapshot_in(_report) -> None:  # the clerk can search and list now, before the tail
        usable["at"] = time.monotonic() - started
        usable["found"] = len(desk.search(Query(text="nguyen", limit=20)))
        usable["listed"] = len(desk.search(Query(limit=50)))

    client.on_snapshot = snapshot_in
    started, failures = time.monotonic(), 0
    while True:
        try:
            report = client.sync_once()
            break
        except SyncError as exc:
            failures += 1
            print(f"  round failed ({exc}); again", flush=True)
    wall = time.monotonic() - started
    wire_bytes = link.counted()
    snap = report.snapshot
    with desk.store.read() as session:
        held = replica.dossier_count(session)
    print(f"bootstrap: a new desk at a point with {dossiers} dossiers ({dossiers * (steps + 1)} events), "
          f"link {link_name_of(make_link)}")
    print(f"  information floor: {info_bytes / 1000:.0f} kB plain JSON gzip-9 ({info_bytes / dossiers:.0f} B per "
          f"dossier) -> {info_floor:.1f} s incl. one round trip")
    if snap is not None:
        print(f"  snapshot: {snap.size / 1000:.0f} kB ({snap.size / dossiers:.0f} B per dossier, "
              f"{snap.size / info_bytes:.2f} x the information), download {snap.download_seconds:.1f} s, "
              f"apply {snap.apply_seconds:.1f} s after it ({snap.events} events, {snap.dossiers} dossiers; blocks "
              f"{'prepared during the download' if snap.prepared_in_flight else 'prepared at the end'})")
    else:
        print("  no snapshot: the desk replayed the log")
    if usable:
        print(f"  usable after {usable['at']:.1f} s (search 'nguyen': {usable['found']} hits, list: "
              f"{usable['listed']} rows), before the tail")
    print(f"  wall time {wall:.1f} s = {wall / info_floor:.2f} x floor (target 1.5 x); {failures} rounds failed; "
          f"{held} dossiers on the desk; {report.received} tail events")
    if wire_bytes:
        print(f"  on the wire: {wire_bytes / 1000:.0f} kB ({wire_bytes / dossiers:.0f} B per dossier, "
              f"{wire_bytes / info_bytes:.2f} x the information)")
    link.close()
    city.stop()
    city.db.close()
    desk.close()


def link_name_of(make_link: Callable[[int], Link]) -> str:
    names = {maker: name for name, maker in LINKS.items()}
    label = names.get(make_link, "custom")
    return f"{label} (256 kbit/s, {RTT * 1000:.0f} ms RTT)" if label == "island" else label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("island")
    p.add_argument("--dossiers", type=int, default=5000)
    p.add_argument("--steps", type=int, default=4, choices=range(5), help="steps per dossier (0: the earlier mix)")
    p.add_argument("--cut-every", type=int, default=0, help="reset each connection after this many bytes (0: never)")
    p.add_argument("--loss", type=float, nargs="+", default=[0.0], help="packet loss in %%, one push each (TUN link)")
    p.add_argument("--link", choices=["tun", "proxy"], default="tun", help="real TCP over TUN (default) or the proxy")
    p = sub.add_parser("herd")
    p.add_argument("--desks", type=int, default=126)
    p.add_argument("--threads", type=int, default=64)
    p.add_argument("--max-exchanges", type=int, default=0,
                   help="the server's admission limit per process (0: its default, twice the cores)")
    p = sub.add_parser("ingest")
    add_ingest_arguments(p)
    _bootstrap_arguments(sub)
    args = parser.parse_args()
    if args.what == "ingest":
        ingest_bench(args.events, args.batch, args.db, args.profile)
    elif args.what == "bootstrap":
        bootstrap(args.dossiers, args.steps, args.pg, args.link, args.prebuilt)
    elif args.what == "island":
        island(args.dossiers, args.steps, args.cut_every, losses=tuple(args.loss), link=args.link)
    else:
        herd(args.desks, args.threads, args.max_exchanges)


def _bootstrap_arguments(sub) -> None:
    p = sub.add_parser("bootstrap")
    p.add_argument("--dossiers", type=int, default=100_000)
    p.add_argument("--steps", type=int, default=4, choices=range(5), help="steps per dossier")
    p.add_argument("--pg", action="store_true", help="the city on a PostgreSQL started for the run")
    p.add_argument("--link", choices=sorted(LINKS), default="island")
    p.add_argument("--prebuilt", action="store_true", help="the snapshot built beforehand (a nightly timer)")


if __name__ == "__main__":
    main()
