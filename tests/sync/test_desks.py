"""Desks syncing through the real client and server: convergence, isolation between points,
the conflict rule on both sides, divergence repair, restore from backup, reference data, the CLI."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select, text

from desk_app import cli
from desk_app.cli import sync_cmd
from desk_app.core import replica
from desk_app.paths import forms_dir
from desk_app.printing import FormKind, render_form
from desk_app.store.models import EventRow, ProcedureRow
from sync.server import devices, ingest, reference, tables
from tests.sync.conftest import BA_DINH, MINH_CHAU, shipped_bundle
from tests.sync.helpers import city_event, enroll, event_ids, open_desk, receive, refuse, result_ready, statuses


@pytest.fixture
def point(city, seeded_template, tmp_path):
    """Two enrolled desks of Minh Châu and one of Ba Đình."""
    a = open_desk(seeded_template, tmp_path, "a", MINH_CHAU, 1)
    b = open_desk(seeded_template, tmp_path, "b", MINH_CHAU, 2)
    other = open_desk(seeded_template, tmp_path, "other", BA_DINH, 1)
    clients = {name: enroll(desk, city, desk.settings.unit_code) for name, desk in
               (("a", a), ("b", b), ("other", other))}
    yield {"a": a, "b": b, "other": other}, clients
    for desk in (a, b, other):
        desk.close()


def test_two_desks_of_a_point_converge_and_another_point_sees_nothing(point):
    desks, clients = point
    receive(desks["a"], 3)
    receive(desks["b"], 2, start=3)
    receive(desks["other"], 1)
    for _ in range(2):
        for name in ("a", "b", "other"):
            clients[name].sync_once()
    assert len(statuses(desks["a"])) == 5
    assert statuses(desks["a"]) == statuses(desks["b"])
    assert sorted(event_ids(desks["a"])) == sorted(event_ids(desks["b"]))
    assert len(statuses(desks["other"])) == 1  # only its own dossier


def test_a_quiet_round_is_one_request(point):
    desks, clients = point
    receive(desks["a"], 2)
    report = clients["a"].sync_once()
    assert report.exchanges == 1 and report.sent == 2
    report = clients["b"].sync_once()
    assert report.exchanges == 1 and report.received == 2


def test_contradictory_steps_resolve_by_the_written_rule_and_are_flagged_everywhere(point, city):
    desks, clients = point
    [code] = receive(desks["a"], 1)
    clients["a"].sync_once()
    clients["b"].sync_once()
    refuse(desks["a"], code)  # offline at desk a ...
    result_ready(desks["b"], code)  # ... while desk b records a result
    for _ in range(2):
        clients["a"].sync_once()
        clients["b"].sync_once()
    a, b = desks["a"].dossiers.get_by_code(code), desks["b"].dossiers.get_by_code(code)
    assert a.status == b.status  # the earlier HLC wins; the other step stays in the log
    assert len(a.history) == len(b.history) == 3
    with city.db.read() as conn:
        server = conn.execute(select(tables.dossiers.c.status, tables.dossiers.c.conflicts)).one()
    assert server == (str(a.status), 1)
    for desk in (desks["a"], desks["b"]):
        with desk.store.read() as session:
            assert replica.conflicts_to_review(session) == 1


def test_two_desks_editing_the_same_applicant_offline_is_flagged_everywhere(point, city):
    desks, clients = point
    [code] = receive(desks["a"], 1)
    clients["a"].sync_once()
    clients["b"].sync_once()
    desks["a"].dossiers.apply(code, "applicant_corrected", {"applicant": {"phone": "0911111111"}}, "canbo-a")
    desks["b"].dossiers.apply(code, "applicant_corrected", {"applicant": {"phone": "0922222222"}}, "canbo-b")
    for _ in range(2):
        clients["a"].sync_once()
        clients["b"].sync_once()
    a, b = desks["a"].dossiers.get_by_code(code), desks["b"].dossiers.get_by_code(code)
    assert a.applicant.phone == b.applicant.phone  # the later stamp wins, the same everywhere
    assert len(a.history) == len(b.history) == 3  # both corrections kept in the log
    with city.db.read() as conn:
        assert conn.execute(select(tables.dossiers.c.conflicts)).scalar() == 1
    for desk in (desks["a"], desks["b"]):
        with desk.store.read() as session:
            assert replica.conflicts_to_review(session) == 1


def test_a_damaged_scope_is_detected_and_repaired_without_losing_unsent_work(point):
    desks, clients = point
    receive(desks["a"], 3)
    clients["a"].sync_once()
    clients["b"].sync_once()
    with desks["b"].store.write() as session:  # damage b's copy: one pulled event disappears
        victim = session.scalars(select(EventRow).where(EventRow.origin == "remote")).first()
        session.execute(text("PRAGMA foreign_keys = OFF"))
        session.delete(victim)
    receive(desks["b"], 1, start=4)  # unsent local work at b
    report = clients["b"].sync_once()
    assert report.repaired
    assert victim.event_id in event_ids(desks["b"])
    assert sorted(event_ids(desks["a"])) != [] and len(statuses(desks["b"])) == 4
    with desks["b"].store.read() as session:
        assert replica.unsent_count(session) == 0


def test_a_server_restored_from_an_old_backup_is_refilled_by_the_desks(point, city, request):
    desks, clients = point
    postgres = None if city.db.is_sqlite else request.getfixturevalue("postgres")
    receive(desks["a"], 2)
    clients["a"].sync_once()
    backup = city.backup(postgres)
    receive(desks["a"], 2, start=2)
    clients["a"].sync_once()  # these two reach the server after the backup, then its disk dies
    city.restore(backup)
    with city.db.read() as conn:  # the restored server really lacks them
        assert conn.execute(select(func.count()).select_from(tables.events)).scalar_one() == 2
    report = clients["a"].sync_once()
    clients["b"].sync_once()
    assert report.new_epoch
    assert len(statuses(desks["b"])) == 4
    with city.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(tables.events)).scalar_one() == 4


def test_published_reference_data_reaches_the_desk(point, city):
    desks, clients = point
    with desks["a"].store.write() as session:
        session.execute(text("DELETE FROM procedures WHERE code = '1.004873'"))
    version = city.publish_reference()
    report = clients["a"].sync_once()
    assert report.reference_version == version
    with desks["a"].store.read() as session:
        assert session.scalars(select(ProcedureRow).where(ProcedureRow.code == "1.004873")).first() is not None
        assert replica.load_state(session).reference_version == version


def test_corrected_form_wording_published_by_the_city_is_printed_by_the_desk(point, city):
    desks, clients = point
    [code] = receive(desks["a"], 1)
    corrected = json.loads((forms_dir() / "wording" / "tt03_2025" / "v1.json").read_text(encoding="utf-8"))
    corrected["version"] = 2
    corrected["forms"]["receipt"]["title"] = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ (ĐÃ ĐÍNH CHÍNH)"
    broken = {**corrected, "set": "tt03_2025", "version": 3, "common": "not an object"}
    content = shipped_bundle()
    content["wording"] += [json.dumps(corrected, ensure_ascii=False), json.dumps(broken)]
    with city.db.write() as conn:
        reference.publish(conn, content)
    clients["a"].sync_once()
    desk = desks["a"]
    pdf = render_form(FormKind.RECEIPT, desk.for_print(desk.dossiers.get_by_code(code)), desk.print_context())
    text_ = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "(ĐÃ ĐÍNH CHÍNH)" in text_  # v2 in force; the broken v3 was refused, not printed
    assert [e["details"]["version"] for e in desk.audit.entries(action="wording.rejected")] == [3]


def test_desk_app_enroll_and_sync_commands(city, seeded_template, tmp_path, capsys, monkeypatch):
    if sync_cmd not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, sync_cmd])
    desk = open_desk(seeded_template, tmp_path, "cli", MINH_CHAU, 1)
    receive(desk, 2)
    desk.close()
    db = str(tmp_path / "cli.sqlite3")
    assert cli.main(["--db", db, "enroll", "--server", city.base_url, "--code", "WRONG-CODE"]) == 2
    assert "Mã đăng ký không đúng" in capsys.readouterr().err
    code = city.new_device(MINH_CHAU)
    assert cli.main(["--db", db, "enroll", "--server", city.base_url, "--code", code]) == 0
    assert cli.main(["--db", db, "sync"]) == 0
    assert "Đã gửi 2 sự kiện" in capsys.readouterr().out


def test_a_step_recorded_at_the_city_reaches_the_point(point, city):
    desks, clients = point
    [code] = receive(desks["a"], 1)
    clients["a"].sync_once()
    dossier = desks["a"].dossiers.get_by_code(code)
    with city.db.write() as conn:
        device_id, _ = devices.create(conn, devices.CITY_UNIT, "back office")
        results = ingest.push(conn, devices.Device(device_id, devices.CITY_UNIT), [city_event(dossier.dossier_id)])
    assert results[0].status == "stored"
    clients["b"].sync_once()
    assert desks["b"].dossiers.get_by_code(code).status == "result_ready"
