"""Kill -9 a desk while it saves: the file stays sound and every save that returned is there, whole."""

from __future__ import annotations

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

KILLS = 50
CHILD = Path(__file__).with_name("crash_child.py")


def _run_and_kill(db: Path, run: int, rng: random.Random) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, str(CHILD), str(db), str(run)], stdout=subprocess.PIPE, env=env,
                             text=True, encoding="utf-8")
    assert child.stdout.readline().strip() == "READY"
    time.sleep(rng.uniform(0.0, 0.4))
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=30)
    return out.splitlines()


def _check(db: Path, saved: dict[str, tuple[str, str]], stepped: set[str]) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    rows = {r[0]: r[1:] for r in conn.execute("SELECT id, code, applicant_name, status, documents_json FROM dossiers")}
    for dossier_id, (code, name) in saved.items():
        assert dossier_id in rows, f"a save that returned is missing: {code}"
        got_code, got_name, status, documents = rows[dossier_id]
        assert (got_code, got_name) == (code, name)
        assert "Bản sao giấy tờ" in documents
        if dossier_id in stepped:
            assert status == "transferred"
    # Nothing half-written: each dossier has its received event and its audit entry, and vice versa.
    assert conn.execute("SELECT count(*) FROM dossiers d WHERE NOT EXISTS (SELECT 1 FROM events e "
                        "WHERE e.dossier_id = d.id AND e.kind = 'received')").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM events e LEFT JOIN dossiers d ON d.id = e.dossier_id "
                        "WHERE d.id IS NULL").fetchone() == (0,)
    received = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'dossier.received'").fetchone()[0]
    assert received == len(rows)
    codes = conn.execute("SELECT count(DISTINCT code) FROM dossiers").fetchone()[0]
    assert codes == len(rows)
    conn.close()


@pytest.mark.slow
def test_sigkill_while_saving_never_loses_or_half_writes(tmp_path, seeded_template):
    db = tmp_path / "desk.sqlite3"
    db.write_bytes(seeded_template.read_bytes())
    rng = random.Random(20260223)
    saved: dict[str, tuple[str, str]] = {}
    stepped: set[str] = set()
    for run in range(KILLS):
        for line in _run_and_kill(db, run, rng):
            kind, _, rest = line.partition(" ")
            if kind == "SAVED":
                dossier_id, code, name = rest.split(" ", 2)
                saved[dossier_id] = (code, name)
            elif kind == "STEP":
                stepped.add(rest)
        _check(db, saved, stepped)
    assert len(saved) > KILLS  # the children did get work done between kills
    with Desk.open(db) as desk:
        assert desk.audit.verify() == []
