"""Kill -9 a desk while it attaches scans (issue 12): every scan event's file is there and whole, every
attach that returned is kept, and what a kill left between the file and its event (an orphan, a temporary
file) is cleaned when the desk next opens after the grace period."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desk_app.services import Desk
from desk_app.store.blobs import BlobStore
from tests.conftest import request

KILLS = 12
CHILD = Path(__file__).with_name("scan_crash_child.py")
DOCUMENT = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"


def _run_and_kill(db: Path, code: str, run: int, rng: random.Random) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, str(CHILD), str(db), code, DOCUMENT, str(run)],
                             stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    assert child.stdout.readline().strip() == "READY"
    first = child.stdout.readline()  # the loop is running: the kill lands in the middle of an attach
    time.sleep(rng.uniform(0.0, 0.3))
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    return [line.split()[1] for line in [first, *out.splitlines()] if line.startswith("ATTACHED ")]


def _named(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = conn.execute("SELECT payload FROM events WHERE kind = 'scan_attached'").fetchall()
    conn.close()
    return [json.loads(payload)["sha256"] for (payload,) in rows]


@pytest.mark.slow
def test_sigkill_mid_attach_leaves_the_whole_scan_or_nothing_and_no_lasting_orphan(tmp_path, seeded_template):
    db = tmp_path / "desk.sqlite3"
    db.write_bytes(seeded_template.read_bytes())
    with Desk.open(db) as desk:
        code = desk.dossiers.receive(request(), "canbo1").dossier.code
    store = BlobStore(tmp_path / "desk-scans")
    rng = random.Random(20261207)
    returned: list[str] = []
    for run in range(KILLS):
        returned += _run_and_kill(db, code, run, rng)
        named = _named(db)
        assert set(returned) <= set(named)  # every attach that returned is kept
        for sha in named:  # no event without its whole file
            assert BlobStore.digest(store.get(sha)) == sha
    assert len(returned) >= KILLS  # each kill came once attaching was under way
    leftovers = [sha for sha in store.hashes() if sha not in set(_named(db))]
    temporary = list(store.root.glob("*/.*.tmp"))
    old = time.time() - 2 * 3600  # past the grace period
    for sha in leftovers:
        os.utime(store.path(sha), (old, old))
    with Desk.open(db) as desk:
        assert desk.scans.orphans() == []
        assert not list(store.root.glob("*/.*.tmp"))
        assert len(desk.scans.current(code)) == len(_named(db))
    print(f"{len(returned)} attaches returned, {len(leftovers)} orphans and {len(temporary)} temporary files swept")
