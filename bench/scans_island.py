"""Scan figures over the link (issue 12), run as `bench/scans.py island` (this module holds it).

    .venv/bin/python bench/scans.py island                      # 250 dossiers, 2 scanned pages each
    .venv/bin/python bench/scans.py island --dossiers 50 --page-kb 60   # a quick look

island: a desk offline for a long spell holds 250 dossiers (4 steps each, as bench/sync.py's island) and
one scanned document of 2 pages per dossier (a real PDF, grey noise pages of ~120 kB: scans do not
compress, so the worst case is the usual case). It pushes through the test suite's fault proxy at
256 kbit/s each way and 600 ms round trip (bench/sync.py's link), first without scans waiting (the same
events, the scan store empty), then the same desk with its scans waiting behind the events. Printed: the
time the events took in each case (they must not change: scans go after them), the scans' time against
their floor (scan bytes / 256 kbit/s), the bytes on the wire, and how long a dossier saved while the
scans were uploading took to reach the city (it overtakes them, waiting at most one chunk).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bench.sync import ISLAND, LINK_RATE, RTT, _request, offline_desk  # noqa: E402
from desk_app.domain.model import EventKind  # noqa: E402
from desk_app.services import Desk  # noqa: E402
from desk_app.store.models import DossierRow  # noqa: E402
from sync.client import RoundReport, SyncClient  # noqa: E402
from sync.server import tables  # noqa: E402
from sync.server.settings import ServerSettings  # noqa: E402
from sync.transport import SyncError, Transport  # noqa: E402
from tests.sync.conftest import CityServer  # noqa: E402
from tests.sync.faultproxy import FaultProxy, Faults  # noqa: E402
from tests.sync.scan_helpers import city_hashes, desk_scans, scan_pdf  # noqa: E402


def attach_scans(desk: Desk, pages: int, page_bytes: int) -> int:
    """One scanned document of `pages` pages per dossier, attached after its steps; returns the bytes."""
    total = 0
    with desk.store.read() as session:
        codes = list(session.scalars(select(DossierRow.code).order_by(DossierRow.num)))
    store = desk_scans(desk)
    for i, code in enumerate(codes):
        data = scan_pdf(page_bytes * pages, pages=pages, seed=i)
        sha = store.put(data)
        desk.dossiers.apply(code, EventKind.SCAN_ATTACHED, {"document": "Tờ khai", "sha256": sha,
                                                            "size": len(data), "pages": pages}, "clerk")
        total += len(data)
    return total


class Link:
    """A fresh city behind the island link, and a desk enrolled through it."""

    def __init__(self, folder: Path, desk: Desk, cut_every: int, chunk_kb: int = 64, budget: int = 0) -> None:
        settings = ServerSettings(db=str(folder / "city.sqlite3"), scans_dir=folder / "city-scans",
                                  scans_chunk_bytes=chunk_kb * 1024, scans_round_budget_bytes=budget)
        self.city = CityServer(settings.db, folder / "server.log", settings).start()
        self.proxy = FaultProxy(self.city.port, seed=1)
        enrolling = SyncClient(desk.store)
        enrolling.enroll(self.city.base_url, self.city.new_device("09661"))
        self.client = SyncClient(desk.store, Transport(self.proxy.url, enrolling.state().token))
        self.proxy.faults = Faults(one_way_latency=ISLAND.one_way_latency, rate=LINK_RATE, cut_up_after=cut_every,
                                   cut_down_after=cut_every)

    def rounds(self) -> tuple[list[RoundReport], int, float]:
        """Rounds until one finishes with nothing left; (reports, failed rounds, wall seconds)."""
        started, failures, reports = time.monotonic(), 0, []
        while True:
            try:
                report = self.client.sync_once()
            except SyncError:
                failures += 1
                continue
            reports.append(report)
            if not report.scans.pending:
                return reports, failures, time.monotonic() - started

    def has_dossier(self, dossier_id: str) -> bool:
        with self.city.db.read() as conn:
            return conn.execute(select(tables.dossiers.c.id).where(tables.dossiers.c.id == dossier_id)).first() \
                is not None

    def close(self) -> None:
        self.proxy.close()
        self.city.stop()


def _events_time(folder: Path, desk: Desk, with_scans: bool, cut_every: int, chunk_kb: int) -> float:
    """One push of a copy of the desk to a fresh city: the seconds until its events were done. With scans,
    the copy has its scan folder beside it and the city's budget is one byte, so the round ends soon after."""
    folder.mkdir()
    shutil.copyfile(desk.store.path, folder / "island.sqlite3")
    if with_scans:
        shutil.copytree(desk_scans(desk).root, folder / "island-scans")
    copy = Desk.open(folder / "island.sqlite3")
    (folder / "city").mkdir()
    link = Link(folder / "city", copy, cut_every, chunk_kb, budget=1 if with_scans else 0)
    try:
        return link.client.sync_once().events_seconds
    finally:
        link.close()
        copy.close()


def _runs(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def island(dossiers: int, pages: int, page_kb: int, cut_every: int, chunk_kb: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"preparing {dossiers} dossiers (4 steps each) with a {pages}-page scan each ...", flush=True)
        desk = offline_desk(folder, dossiers, 4)
        scan_bytes = attach_scans(desk, pages, page_kb * 1000)
        timings: dict[bool, list[float]] = {False: [], True: []}
        for run in range(2 * repeat):  # alternately: the same events alone, and with every scan waiting behind
            with_scans = bool(run % 2)
            timings[with_scans].append(_events_time(folder / f"run{run}", desk, with_scans, cut_every, chunk_kb))
        events_alone = statistics.median(timings[False])

        city_folder = folder / "city-scans-behind"
        city_folder.mkdir()
        link = Link(city_folder, desk, cut_every, chunk_kb)
        overtaker: dict[str, float] = {}
        done = threading.Event()
        watcher = threading.Thread(target=_save_mid_upload, args=(desk, link, dossiers, overtaker, done), daemon=True)
        watcher.start()
        reports, failures, wall = link.rounds()
        done.set()
        watcher.join()
        first = reports[0]
        scan_wall = wall - first.events_seconds
        floor = scan_bytes / LINK_RATE
        up = link.proxy.bytes["up"]
        assert len(city_hashes(link.city)) == dossiers, "not every scan reached the city"
        print(f"island push with scans: {dossiers} dossiers, {dossiers * (pages)} scanned pages "
              f"({scan_bytes / 1e6:.1f} MB, {scan_bytes / dossiers / pages / 1000:.0f} kB a page), 256 kbit/s, "
              f"{RTT * 1000:.0f} ms RTT, {chunk_kb} kB chunks, "
              f"{'cut every ' + str(cut_every) + ' B' if cut_every else 'no cuts'}")
        print(f"  events, {repeat} runs each, alternating: {_runs(timings[False])} s with no scans waiting (median "
              f"{events_alone:.1f} s), {_runs(timings[True])} s with {dossiers} scans waiting behind them (median "
              f"{statistics.median(timings[True]):.1f} s); in the full run below {first.events_seconds:.1f} s")
        print(f"  scans after the events: {scan_wall:.0f} s against a floor of {floor:.0f} s (scan bytes at "
              f"256 kbit/s) = {scan_wall / floor:.2f} x floor; {len(reports)} round(s), {failures} cut")
        print(f"  up the wire in all: {up / 1e6:.1f} MB = {up / (scan_bytes + 1):.3f} x the scan bytes")
        if "latency" in overtaker:
            print(f"  a dossier saved {overtaker['at']:.0f} s into the push (a third of the scans at the city) "
                  f"reached the city {overtaker['latency']:.1f} s later, the scans still going")
        link.close()
        desk.close()


def _save_mid_upload(desk: Desk, link: Link, start: int, out: dict[str, float], done: threading.Event) -> None:
    """Once a third of the scans are at the city, a clerk saves a dossier: how long until the city has it
    (measured only if the scans are still going then)."""
    began = time.monotonic()
    while len(list(link.city.settings.scan_folder().glob("??/*"))) < max(1, start // 3):
        if done.wait(0.2):
            return
    saver = Desk.open(desk.store.path)
    result = saver.dossiers.receive(_request(start + 1), "clerk")
    saved = time.monotonic()
    while not link.has_dossier(result.dossier.dossier_id):
        if done.wait(0.05):
            break
    else:
        out["latency"] = time.monotonic() - saved
        out["at"] = saved - began
    saver.close()


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("island", help="the island push of scanned dossiers after their events")
    p.add_argument("--dossiers", type=int, default=250)
    p.add_argument("--pages", type=int, default=2, help="scanned pages per dossier (one document)")
    p.add_argument("--page-kb", type=int, default=120, help="bytes of one scanned page, in kB")
    p.add_argument("--cut-every", type=int, default=0, help="reset each connection after this many bytes (0: never)")
    p.add_argument("--chunk-kb", type=int, default=64, help="the city's chunk size (CITY_SCANS_CHUNK_BYTES), in kB")
    p.add_argument("--repeat", type=int, default=3, help="events-only pushes of each kind, alternating")
    p.set_defaults(run=lambda a: island(a.dossiers, a.pages, a.page_kb, a.cut_every, a.chunk_kb, a.repeat) or 0)
