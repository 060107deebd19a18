"""The audit log is hash-chained: any edit or deletion is found and named."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desk_app.core.audit import entry_hash
from desk_app.domain.model import EventKind
from tests.conftest import request


@pytest.fixture
def logged(desk):
    for _ in range(3):
        code = desk.dossiers.receive(request(), "canbo1").dossier.code
        desk.dossiers.apply(code, EventKind.TRANSFERRED, {}, "canbo1")
    desk.audit.record("canbo1", "print", code, {"form": "receipt"})
    return desk


def _sql(desk, statement: str) -> None:
    with desk.store.write() as session:
        session.execute(text(statement))


def test_an_untouched_log_verifies(logged):
    assert logged.audit.verify() == []
    assert len(logged.audit.entries()) >= 8


def test_an_edited_entry_is_named(logged):
    _sql(logged, "UPDATE audit_log SET actor = 'ke-gian' WHERE seq = 4")
    problems = logged.audit.verify()
    assert [p.seq for p in problems] == [4]
    assert "Mục 4" in problems[0].vi and "bị sửa" in problems[0].vi


def test_a_deleted_entry_is_found(logged):
    _sql(logged, "DELETE FROM audit_log WHERE seq = 3")
    problems = logged.audit.verify()
    assert problems and problems[0].seq == 4 and "Thiếu mục 3" in problems[0].vi


def test_deleting_the_newest_entries_is_found(logged):
    last = logged.audit.entries()[-1]["seq"]
    _sql(logged, f"DELETE FROM audit_log WHERE seq >= {last - 1}")
    problems = logged.audit.verify()
    assert problems and "các mục cuối" in problems[-1].vi


def test_rewriting_an_entry_with_a_fresh_hash_still_breaks_the_chain(logged):
    _sql(logged, "UPDATE audit_log SET details = '{}' WHERE seq = 2")
    with logged.store.write() as session:
        row = session.execute(text("SELECT seq, at, actor, action, target, details, prev_hash FROM audit_log "
                                   "WHERE seq = 2")).one()
        session.execute(text("UPDATE audit_log SET hash = :h WHERE seq = 2"), {"h": entry_hash(*row)})
    problems = logged.audit.verify()
    assert [p.seq for p in problems] == [3]  # the forged entry hashes right; the next no longer chains to it
