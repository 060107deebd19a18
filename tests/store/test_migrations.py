"""Schema upgrades: numbered steps in transactions, version in the file, a backup first, nothing lost."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from desk_app.core.search import Query
from desk_app.domain.errors import SchemaTooNew
from desk_app.services import Desk
from desk_app.store import migrations
from desk_app.store.engine import Store
from desk_app.store.models import Base

RECEIVED_PAYLOAD = {
    "code": "09661-250715-1001", "lookup_key": "k" * 16, "receiving_unit": "09661", "authority": "09661",
    "procedure_code": "1.004873", "procedure_version": 1, "procedure_name": "Cấp Giấy xác nhận tình trạng hôn nhân",
    "applicant": {"full_name": "Đặng Thị Hà", "personal_id": "001190123456", "phone": "0912345678"},
    "documents": [{"name": "Tờ khai", "originals": 1, "copies": 0}], "sets": 1, "fee_vnd": 0,
    "received_at": "2025-07-15T09:00:00", "due_at": "2025-07-18T09:00:00", "due_rule": "working_days:3",
    "due_rule_text": "03 ngày làm việc", "delivery": "counter",
}


def _fill_version_1(path) -> None:
    """What a desk running the first release would have written."""
    conn = sqlite3.connect(path)
    p = RECEIVED_PAYLOAD
    conn.execute("INSERT INTO units VALUES ('09661', 'Xã Minh Châu', 'xa', 'Minh Chau Commune', '', '01')")
    conn.execute("INSERT INTO settings VALUES ('unit_code', '09661'), ('desk_id', 'desk-old'), ('desk_no', '1')")
    conn.execute(
        "INSERT INTO dossiers (id, code, lookup_key, receiving_unit, authority, procedure_code, procedure_version, "
        "procedure_name, applicant_name, personal_id, phone, applicant_json, documents_json, sets, fee_vnd, "
        "received_at, due_at, due_rule, due_rule_text, delivery, received_by, desk_id, status, last_hlc) VALUES "
        "('d-1', ?, ?, '09661', '09661', '1.004873', 1, ?, 'Đặng Thị Hà', '001190123456', '0912345678', ?, ?, 1, 0, "
        "?, ?, 'working_days:3', '03 ngày làm việc', 'counter', 'canbo1', 'desk-old', 'received', "
        "'1752544800000-0000-desk-old')",
        (p["code"], p["lookup_key"], p["procedure_name"], json.dumps(p["applicant"]), json.dumps(p["documents"]),
         p["received_at"], p["due_at"]),
    )
    conn.execute(
        "INSERT INTO events (event_id, dossier_id, kind, payload, actor, desk_id, hlc, wall_time, content_hash) "
        "VALUES ('e-1', 'd-1', 'received', ?, 'canbo1', 'desk-old', '1752544800000-0000-desk-old', "
        "'2025-07-15T09:00:00', 'h')",
        (json.dumps(p),),
    )
    conn.commit()
    conn.close()


def test_a_first_version_database_upgrades_with_nothing_lost(tmp_path):
    path = tmp_path / "old.sqlite3"
    assert migrations.upgrade(path, target=1) == [1]
    _fill_version_1(path)

    with Desk.open(path) as desk:
        d = desk.dossiers.get_by_code("09661-250715-1001")
        assert d.applicant.full_name == "Đặng Thị Hà" and d.due.rule_text == "03 ngày làm việc"
        assert [e.event_id for e in d.history] == ["e-1"]
        assert [x.code for x in desk.search(Query(text="dang thi ha"))] == [d.code]  # keys filled in
        assert desk.settings.desk_id == "desk-old"
    conn = sqlite3.connect(path)
    applied = [v for (v,) in conn.execute("SELECT version FROM schema_migrations")]
    assert applied == [s.version for s in migrations.STEPS]
    backups = list((tmp_path / "backups").glob("old.v1.*.sqlite3"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("SELECT code FROM dossiers").fetchall() == [("09661-250715-1001",)]


def test_a_failing_step_leaves_the_file_at_the_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "desk.sqlite3"
    migrations.upgrade(path, target=1)
    _fill_version_1(path)
    broken = migrations.Step(2, "broken", python=lambda conn: conn.execute("CREATE TABLE units (x)"))
    monkeypatch.setattr(migrations, "STEPS", (migrations.STEPS[0], broken))
    monkeypatch.setattr(migrations, "LATEST", 2)
    with pytest.raises(sqlite3.OperationalError):
        migrations.upgrade(path)
    conn = sqlite3.connect(path)
    assert migrations.current_version(conn) == 1
    assert conn.execute("SELECT count(*) FROM dossiers").fetchone() == (1,)


def test_a_database_from_a_newer_program_is_refused_clearly(tmp_path):
    path = tmp_path / "desk.sqlite3"
    migrations.upgrade(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')")
    conn.commit()
    with pytest.raises(SchemaTooNew, match="Hãy cập nhật MotCua Desk"):
        Desk.open(path)


def test_the_file_is_durable_wal_with_foreign_keys(desk):
    with desk.store.read() as session:
        pragmas = {name: session.connection().exec_driver_sql(f"PRAGMA {name}").scalar()
                   for name in ("journal_mode", "synchronous", "foreign_keys")}
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}


def test_the_name_index_rebuilt_with_longer_prefixes_still_finds_old_and_new_dossiers(tmp_path):
    path = tmp_path / "v6.sqlite3"
    migrations.upgrade(path, target=1)
    _fill_version_1(path)
    migrations.upgrade(path, target=6)
    conn = sqlite3.connect(path)
    assert "prefix='1 2 3'" in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'dossier_fts'").fetchone()[0]
    conn.close()

    with Desk.open(path) as desk:  # upgrades to the latest
        sql = desk.store.engine.raw_connection().execute(
            "SELECT sql FROM sqlite_master WHERE name = 'dossier_fts'").fetchone()[0]
        assert "prefix='1 2 3 4 5 6 7'" in sql
        assert [d.code for d in desk.search(Query(text="dang thi"))] == ["09661-250715-1001"]
        old = desk.dossiers.get_by_code("09661-250715-1001")
        desk.dossiers.apply(old.dossier_id, "applicant_corrected",
                           {"applicant": {"full_name": "Đặng Thị Ngọc Lan"}}, "canbo1")
        assert [d.code for d in desk.search(Query(text="ngoc la"))] == ["09661-250715-1001"]  # triggers kept
        assert desk.search(Query(text="dang thi ha ")) == []  # the old whole name is gone from the index


def test_a_fully_migrated_file_equals_the_models(tmp_path):
    """The schema lives twice (the SQL steps and the ORM models): every table, column, key and
    NOT NULL must agree both ways, so neither can drift (the index tables of full-text search and
    the step register are the runner's own)."""
    Store.open(tmp_path / "desk.sqlite3").close()
    db = sqlite_utils.Database(tmp_path / "desk.sqlite3")
    own = {"schema_migrations", "sqlite_sequence"} | {n for n in db.table_names() if n.startswith("dossier_fts")}
    assert set(db.table_names()) - own == set(Base.metadata.tables)
    for table in Base.metadata.sorted_tables:
        actual = {c.name: c for c in db[table.name].columns}
        assert set(actual) == {c.name for c in table.columns}, table.name
        assert set(db[table.name].pks) == {c.name for c in table.primary_key}, table.name
        for column in table.columns:
            if not column.primary_key:
                assert bool(actual[column.name].notnull) == (not column.nullable), f"{table.name}.{column.name}"


def test_sql_steps_split_where_sqlite_says_a_statement_ends(tmp_path, monkeypatch):
    """A trigger body and a ';' inside a string stay whole (a split on ';' broke both)."""
    (tmp_path / "0099_x.sql").write_text(
        "-- a comment; with a semicolon\n"
        "CREATE TABLE t (a TEXT NOT NULL DEFAULT 'x;y');\n"
        "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN\n  UPDATE t SET a = a || ';';\nEND;\n", encoding="utf-8")
    monkeypatch.setattr(migrations, "_SQL_DIR", str(tmp_path))
    monkeypatch.setattr(migrations, "resource_path", lambda folder, name: Path(folder) / name)
    statements = migrations._statements("0099_x.sql")
    assert len(statements) == 2 and statements[1].endswith("END;")
    conn = sqlite3.connect(":memory:")
    for statement in statements:
        conn.execute(statement)
    conn.execute("INSERT INTO t DEFAULT VALUES")
    assert conn.execute("SELECT a FROM t").fetchone() == ("x;y;",)


def test_backup_rotation_keeps_the_newest_versions_past_nine(tmp_path):
    """Names sort v10 before v9: rotation must go by version, then time, or it deletes the newest copy."""
    path = tmp_path / "desk.sqlite3"
    migrations.upgrade(path)
    conn = sqlite3.connect(path)
    made = [migrations.backup(conn, path, version) for version in range(7, 13)]
    conn.close()
    kept = sorted(p.name for p in (tmp_path / "backups").glob("desk.v*.sqlite3"))
    assert sorted(p.name for p in made[1:]) == kept  # v7 went; v10, v11 and v12 are all there
    again = migrations.backup(sqlite3.connect(path), path, 12)  # same version, later time: the older v12 goes
    assert again.exists() and not made[1].exists() and made[-1].exists()
