"""The console's dashboard and point pages over real HTTP, fed by real desks that synced through the
real client: one row per point, the last exchange and how long ago, the day's and month's receptions
(counted at ingest), overdue and quarantined, a silent point standing out, filters and sorting in the
query string, a supervisor held to their point."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import insert, select, text, update

from sync.server import tables
from sync.server.clock import now_iso
from sync.server.console import accounts, board, points
from sync.server.db import CityDB, _alembic_config
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.console_helpers import desk_at, enrolled, hanoi_now, logged_in, row_html, rows
from tests.sync.helpers import hello, post_exchange, raw_enroll, receive, refuse, result_ready, wire_events


def _cells(html: str, code: str) -> list[str]:
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row_html(html, code), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


@pytest.fixture
def synced(city, seeded_template, tmp_path):
    """Two dossiers received today at Minh Châu and one at Ba Đình, each desk synced once."""
    city.publish_reference()
    desks = []
    for unit, count in ((MINH_CHAU, 2), (BA_DINH, 1)):
        desk = desk_at(seeded_template, tmp_path, unit)
        client = enrolled(desk, city, unit)
        receive(desk, count)
        client.sync_once()
        desks.append(desk)
    yield desks
    for desk in desks:
        desk.close()


def _silence(city, unit: str, days: int) -> None:
    """The point's desks last exchanged `days` ago (the cable was cut then)."""
    with city.db.write() as conn:
        last = conn.execute(select(tables.devices.c.last_seen_at).where(tables.devices.c.unit_code == unit)).scalar()
        earlier = (datetime.fromisoformat(last) - timedelta(days=days)).isoformat()
        conn.execute(update(tables.devices).where(tables.devices.c.unit_code == unit).values(last_seen_at=earlier))


def test_the_dashboard_has_a_row_for_every_point_and_shows_what_a_desk_synced(city, synced):
    page = logged_in(city, "quantri").get("/console/dashboard").text
    assert len(rows(page)) == 126
    cells = _cells(page, MINH_CHAU)
    code, name, devices, last_sync, waiting, today, month, rate, overdue, due_today, conflicts, quarantined = cells
    assert (code, name, devices, waiting, today, month, rate) == (MINH_CHAU, "Xã Minh Châu", "1", "0", "2", "2", "–")
    assert (overdue, due_today, conflicts, quarantined) == ("0", "0", "0", "0")
    assert last_sync in ("vừa xong", "1 phút trước")
    assert _cells(page, BA_DINH)[5] == "1"
    assert _cells(page, "00070")[2:4] == ["0", "Chưa có máy"]  # Hoàn Kiếm has no desk yet


def test_a_point_silent_for_more_than_48_hours_stands_out_in_words(city, synced):
    _silence(city, MINH_CHAU, 3)
    admin = logged_in(city, "quantri")
    page = admin.get("/console/dashboard").text
    row = row_html(page, MINH_CHAU)
    assert 'class="stale"' in row and "Mất kết nối" in row and "3 ngày" in row
    assert "Mất kết nối" not in row_html(page, BA_DINH)
    banner = re.search(r'<div class="warn"[^>]*id="stale-points">(.*?)</div>', page, re.S).group(1)
    assert "1 điểm mất kết nối" in banner and "Xã Minh Châu" in banner and "Ba Đình" not in banner
    point = admin.get(f"/console/points/{MINH_CHAU}").text
    assert "Mất kết nối: các máy của điểm không đồng bộ quá 48 giờ" in point


def test_filters_and_sorting_are_in_the_query_string(city, synced):
    _silence(city, MINH_CHAU, 3)
    admin = logged_in(city, "quantri")
    silent = rows(admin.get("/console/dashboard?stale=48").text)
    assert MINH_CHAU in silent and BA_DINH not in silent and len(silent) == 125  # the rest never synced
    assert MINH_CHAU not in rows(admin.get("/console/dashboard?stale=100").text)
    wards = rows(admin.get("/console/dashboard?kind=phuong").text)
    assert len(wards) == 51 and BA_DINH in wards and MINH_CHAU not in wards
    assert rows(admin.get("/console/dashboard?kind=xa&q=minh+ch").text) == [MINH_CHAU]
    busiest = rows(admin.get("/console/dashboard?sort=received_today&dir=desc").text)
    assert busiest[:2] == [MINH_CHAU, BA_DINH]
    freshest = rows(admin.get("/console/dashboard?sort=last_seen&dir=desc").text)
    assert freshest[:2] == [BA_DINH, MINH_CHAU]
    for stale in ("abc", "9" * 5000, "0"):
        bad = admin.get(f"/console/dashboard?stale={stale}&kind=quan")
        assert bad.status_code == 200 and "không phải số giờ hợp lệ" in bad.text and len(rows(bad.text)) == 126
    assert admin.get(f"/console/points/{MINH_CHAU}?page={'9' * 5000}").status_code == 200


def test_overdue_and_quarantined_events_are_counted(city, seeded_template, tmp_path):
    city.publish_reference()
    late = desk_at(seeded_template, tmp_path, MINH_CHAU, hanoi_now() - timedelta(days=60))
    client = enrolled(late, city, MINH_CHAU)
    receive(late, 1)
    client.sync_once()
    other = desk_at(seeded_template, tmp_path, BA_DINH)
    receive(other, 1)
    tampered = {**wire_events(other)[0], "content_hash": "0" * 64}
    assert post_exchange(city, raw_enroll(city, BA_DINH), hello(push=[tampered])).status_code == 200
    page = logged_in(city, "quantri").get("/console/dashboard").text
    minh_chau, ba_dinh = _cells(page, MINH_CHAU), _cells(page, BA_DINH)
    assert (minh_chau[5], minh_chau[6], minh_chau[8]) == ("0", "0", "1")  # received 60 days ago, now overdue
    assert ba_dinh[11] == "1"  # the tampered event waits in quarantine
    late.close()
    other.close()


def test_a_dossier_with_contradictory_steps_from_two_desks_is_counted_as_a_conflict(city, seeded_template,
                                                                                    tmp_path):
    city.publish_reference()
    a, b = (desk_at(seeded_template, tmp_path, MINH_CHAU, desk_no=n) for n in (1, 2))
    clients = [enrolled(desk, city, MINH_CHAU) for desk in (a, b)]
    [code] = receive(a, 1)
    for client in clients:
        client.sync_once()
    refuse(a, code)  # offline at desk 1 ...
    result_ready(b, code)  # ... while desk 2 records a result
    for client in clients:
        client.sync_once()
    admin = logged_in(city, "quantri")
    assert _cells(admin.get("/console/dashboard").text, MINH_CHAU)[10] == "1"
    assert rows(admin.get("/console/dashboard?sort=conflicts&dir=desc").text)[0] == MINH_CHAU
    assert "Xung đột" in admin.get(f"/console/points/{MINH_CHAU}").text
    a.close()
    b.close()


def test_receptions_are_counted_once_at_ingest_however_often_they_arrive(city, synced):
    again = post_exchange(city, raw_enroll(city, MINH_CHAU), hello(push=_sent(city)))
    assert again.status_code == 200
    with city.db.read() as conn:
        counted = conn.execute(select(tables.unit_days.c.received).where(
            tables.unit_days.c.unit_code == MINH_CHAU)).scalars().all()
    assert counted == [2]


def _sent(city) -> list[dict]:
    """The events the server already holds for Minh Châu, as a desk would send them again."""
    e = tables.events
    with city.db.read() as conn:
        found = conn.execute(select(e).where(e.c.unit_code == MINH_CHAU)).mappings().all()
    return [{"event_id": r["event_id"], "dossier_id": r["dossier_id"], "kind": r["kind"],
             "payload": json.loads(r["payload"]), "actor": r["actor"], "desk_id": r["desk_id"], "hlc": r["hlc"],
             "wall_time": r["wall_time"], "content_hash": r["content_hash"]} for r in found]


def test_a_supervisor_sees_only_their_point(city, synced):
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    assert rows(supervisor.get("/console/dashboard").text) == [MINH_CHAU]
    own = supervisor.get(f"/console/points/{MINH_CHAU}")
    assert own.status_code == 200 and own.text.count("<tr><td>") >= 3  # its desk and its two dossiers
    other = supervisor.get(f"/console/points/{BA_DINH}")
    assert other.status_code == 403 and "chỉ được xem điểm tiếp nhận của mình" in other.text
    assert "Phường Ba Đình" not in other.text


def test_a_point_page_lists_its_desks_and_pages_through_its_dossiers(city, synced, monkeypatch):
    monkeypatch.setattr(points, "PER_PAGE", 1)
    admin = logged_in(city, "quantri")
    first = admin.get(f"/console/points/{MINH_CHAU}").text
    assert "Bàn 1" in first and "Đang dùng" in first and "trang 1 / 2" in first and 'rel="next"' in first
    codes = [re.findall(r"<tr><td>(\d[^<]*)</td>", admin.get(f"/console/points/{MINH_CHAU}?page={n}").text)
             for n in (1, 2)]
    assert len(codes[0]) == len(codes[1]) == 1 and codes[0] != codes[1]
    assert admin.get("/console/points/99999").status_code == 404


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path) -> str:
    """A database with nothing in it, not even the schema."""
    if request.param == "sqlite":
        return str(tmp_path / "old.sqlite3")
    return request.getfixturevalue("postgres").create_database()


def test_the_migration_fills_in_what_the_dashboard_reads_for_data_already_held(empty_url):
    db = CityDB(empty_url)
    config = _alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    count = 6000  # more than one batch of the migration's streamed pass
    with db.engine.begin() as conn:  # dossiers received before the console existed, the last one twice
        conn.execute(text("INSERT INTO dossiers VALUES (:id, :u, :id, :id, '01', 'received', "
                          "'2026-03-20T17:00:00', 0, :now)"),
                     [{"id": f"d{i}", "u": MINH_CHAU if i % 2 else BA_DINH, "now": now_iso()} for i in range(count)])
        events = [{"seq": i + 1, "e": f"e{i}", "d": f"d{i}", "u": MINH_CHAU if i % 2 else BA_DINH,
                   "p": json.dumps({"received_at": f"2026-03-{10 + i % 2}T09:30:00"}), "now": now_iso()}
                  for i in range(count)]
        events.append({**events[-1], "seq": count + 1, "e": "again", "p": '{"received_at": "2026-04-01T08:00:00"}'})
        conn.execute(text("INSERT INTO events VALUES (:seq, :e, :d, :u, 'received', :p, 'clerk', 'desk', 'h', "
                          "'2026-03-10T09:30:00', 'x', 'dev', :now)"), events)
        conn.execute(text("INSERT INTO units VALUES ('09661', 'Xã Minh Châu'), ('00004', 'Phường Ba Đình')"))
    db.migrate()
    with db.read() as conn:
        d = tables.dossiers
        assert conn.execute(select(d.c.received_at).where(d.c.id == "d1")).scalar() == "2026-03-11T09:30:00"
        assert conn.execute(select(d.c.received_at).where(d.c.id == f"d{count - 1}")).scalar() == (
            "2026-03-11T09:30:00")  # its first "received", not the conflicting second one
        assert sorted(conn.execute(select(tables.unit_days)).all()) == [
            (BA_DINH, "2026-03-10", count // 2), (MINH_CHAU, "2026-03-11", count // 2)]
        assert dict(conn.execute(select(tables.units.c.code, tables.units.c.kind)).all()) == {
            MINH_CHAU: "xa", BA_DINH: "phuong"}
    db.close()


def test_overdue_is_counted_through_the_covering_index_not_by_walking_every_dossier(tmp_path):
    """Grouped by point in one query, SQLite walked all 1,000,000 dossiers along the unit index (2 s);
    picked first through (status, due_at, unit_code) it reads only the open, late ones (10 ms)."""
    db = CityDB.open(str(tmp_path / "plan.sqlite3"), migrate=True)
    d = tables.dossiers
    with db.write() as conn:  # a quarter open; with statistics the planner prefers the unit index to sorting
        conn.execute(insert(d), [
            {"id": f"d{i}", "unit_code": f"{i % 126:05d}", "code": f"C{i}", "lookup_key": f"K{i}", "authority": "01",
             "status": ("received", "returned", "returned", "returned")[i % 4], "conflicts": 0, "updated_at": "",
             "due_at": f"2026-{1 + i % 12:02d}-10T08:00:00", "received_at": f"2026-{1 + i % 12:02d}-01T08:00:00"}
            for i in range(5000)])
        conn.exec_driver_sql("ANALYZE")
    query = board.open_per_unit_query(None, d.c.due_at < "2026-12-07T10:00:00")
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    with db.read() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    db.close()
    assert "COVERING INDEX ix_dossiers_status_due" in plan and "ix_dossiers_unit_received" not in plan


def test_every_page_labels_its_controls_and_loads_nothing_from_elsewhere(city, synced):
    """No CDN, no script: the points and the centre may have no internet; every field has its label."""
    admin = logged_in(city, "quantri")
    pages = ["/console/dashboard", f"/console/points/{MINH_CHAU}", "/console/accounts", "/console/devices",
             "/console/audit", "/console/reports", "/console/reports?period=2026-Q4"]
    for path in pages:
        html = admin.get(path).text
        assert "<script" not in html, path
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html), path
        labelled = set(re.findall(r'<label for="([^"]+)"', html))
        controls = re.findall(r'<(?:input|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
        unnamed = re.findall(r'<(?:input|select)(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>', html)
        assert not unnamed and set(controls) <= labelled, (path, unnamed, set(controls) - labelled)
    css = admin.get("/console/static/console.css")
    assert css.status_code == 200 and ":focus-visible" in css.text and "http" not in css.text
