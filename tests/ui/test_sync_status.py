"""The sync corner of the status bar against the real city server on 127.0.0.1: what waits, F5, the
round in a worker while the UI keeps ticking, offline with the reason, and events from another desk."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow
from sqlalchemy import select

from desk_app.core import replica
from desk_app.ui.context import DeskContext
from desk_app.ui.sync_status import SyncStatusBar
from sync.client import Progress
from sync.protocol import WireEvent, event_hash
from sync.server import tables
from tests.conftest import request
from tests.sync.conftest import MINH_CHAU, CityServer
from tests.sync.helpers import enroll, event_ids, hello, open_desk, post_exchange, receive, wire_events
from tests.ui.conftest import PASSWORD, save_shot


@pytest.fixture(scope="module")
def shared_city(tmp_path_factory):
    """One server for the module (each test enrolls its own desk with its own code)."""
    folder = tmp_path_factory.mktemp("city")
    server = CityServer(str(folder / "city.sqlite3"), folder / "server.log").start()
    yield server
    server.stop()
    server.db.close()


@pytest.fixture
def own_city(tmp_path):
    """A server this test may stop and start again."""
    server = CityServer(str(tmp_path / "city.sqlite3"), tmp_path / "server.log").start()
    yield server
    server.stop()
    server.db.close()


def on_server(city, ids: list[str]) -> set[str]:
    with city.db.read() as conn:
        return set(conn.execute(select(tables.events.c.event_id).where(tables.events.c.event_id.in_(ids))).scalars())


def enrolled_ctx(ctx: DeskContext, city, desk_no: int = 1) -> DeskContext:
    """Enrolled at Minh Châu; on the shared server each test uses its own desk number (codes are per desk)."""
    ctx.desk.configure(desk_id=str(uuid.uuid4()), desk_no=desk_no)  # every test file is a copy of one template
    enroll(ctx.desk, city, MINH_CHAU)
    return ctx


def shown_bar(qtbot, ctx: DeskContext) -> SyncStatusBar:
    """The bar as the clerk sees it: a permanent widget of a window's status bar."""
    window = QMainWindow()
    qtbot.addWidget(window)
    bar = SyncStatusBar(ctx, window)
    window.statusBar().addPermanentWidget(bar, 1)
    window.resize(1100, 120)
    window.show()
    bar.host = window  # qtbot holds widgets weakly; the bar keeps its window alive
    return bar


def shot(bar: SyncStatusBar, name: str) -> None:
    QApplication.processEvents()  # let the status bar lay out the new texts first
    save_shot(bar.host.statusBar(), name)


def idle(bar: SyncStatusBar) -> bool:
    return not bar.syncing


def test_a_desk_not_enrolled_says_so_and_starts_no_worker(qtbot, ctx):
    bar = shown_bar(qtbot, ctx)
    bar.sync_now()
    assert bar.status.text() == "Chưa đăng ký máy chủ"
    assert "Cài đặt" in bar.status.toolTip()
    assert bar.worker is None and not bar.button.isEnabled()
    assert bar.pending_label.text() == "Chờ gửi: 0"
    assert bar.last_label.text() == "Đồng bộ lần cuối: chưa có"
    bar.shutdown()


def test_saved_dossiers_wait_then_f5_sends_them_and_the_bar_goes_online(qtbot, ctx, shared_city):
    bar = shown_bar(qtbot, enrolled_ctx(ctx, shared_city, desk_no=3))
    qtbot.waitUntil(lambda: bar.online and idle(bar), timeout=10_000)  # the first round starts by itself
    receive(ctx.desk, 3)
    bar.refresh()  # what the window does after a save (the timer would within 3 s)
    assert bar.pending_label.text() == "Chờ gửi: 3"
    bar.sync_now()
    assert bar.progress.isVisible()  # busy while the round runs
    qtbot.waitUntil(lambda: idle(bar) and bar.pending == 0, timeout=10_000)
    assert bar.pending_label.text() == "Chờ gửi: 0" and not bar.progress.isVisible()
    assert on_server(shared_city, event_ids(ctx.desk)) == set(event_ids(ctx.desk))
    assert bar.status.text() == "Trực tuyến" and shared_city.base_url in bar.status.toolTip()
    assert bar.last_label.text().startswith("Đồng bộ lần cuối: ") and "/" in bar.last_label.text()
    shot(bar, "statusbar_online")
    thread = bar.worker.rounds._thread
    bar.shutdown()  # what closing the window does
    assert bar.worker is None and not thread.is_alive()


def test_events_from_another_desk_arrive_and_the_lists_are_told(qtbot, ctx, shared_city, seeded_template, tmp_path):
    other = open_desk(seeded_template, tmp_path, "other", MINH_CHAU, 2)
    client = enroll(other, shared_city, MINH_CHAU)
    code = other.dossiers.receive(request(name="Đỗ Thị Hạnh"), "clerk").dossier.code
    client.sync_once()  # desk 2 of the same point sends a dossier
    bar = shown_bar(qtbot, enrolled_ctx(ctx, shared_city, desk_no=4))
    with qtbot.waitSignal(bar.synced, timeout=10_000):
        bar.sync_now()
    assert ctx.desk.dossiers.get_by_code(code).applicant.full_name == "Đỗ Thị Hạnh"
    bar.shutdown()
    other.close()


def test_with_the_server_gone_the_bar_says_offline_with_the_reason_and_keeps_everything(qtbot, ctx, own_city):
    bar = shown_bar(qtbot, enrolled_ctx(ctx, own_city))
    qtbot.waitUntil(lambda: bar.online and idle(bar), timeout=10_000)
    own_city.stop()
    receive(ctx.desk, 2)
    bar.sync_now()
    qtbot.waitUntil(lambda: bar.status.text() == "Ngoại tuyến" and idle(bar), timeout=10_000)
    assert "Mất kết nối tới máy chủ thành phố" in bar.status.toolTip()
    assert "vẫn được lưu" in bar.status.toolTip()
    assert bar.pending_label.text() == "Chờ gửi: 2" and len(event_ids(ctx.desk)) == 2  # nothing lost
    shot(bar, "statusbar_offline")
    own_city.start()  # the link is back: F5 sends what waited
    bar.sync_now()
    qtbot.waitUntil(lambda: bar.online and bar.pending == 0 and idle(bar), timeout=10_000)
    assert on_server(own_city, event_ids(ctx.desk)) == set(event_ids(ctx.desk))
    bar.shutdown()


def test_conflicts_show_for_everyone_and_held_events_for_supervisors(qtbot, supervisor_ctx):
    bar = shown_bar(qtbot, supervisor_ctx)
    qtbot.waitUntil(lambda: bar._sync_loaded)  # the first count, made off the UI thread, has arrived
    bar._set_counts((2, 5))  # what the worker counts after a round
    assert bar.review_label.isVisible() and bar.review_label.text() == "Cần xem lại: 2"
    assert bar.held_label.isVisible() and bar.held_label.text() == "Bị giữ lại: 5"
    bar._set_syncing(True)
    bar._on_progress(Progress(exchanges=1, sent=120, pending=380, received=0))  # as the worker reports it
    assert bar.progress.isVisible() and bar.progress.text() == "Đã gửi 120/500"
    assert bar.pending_label.text() == "Chờ gửi: 380"
    shot(bar, "statusbar_busy")
    clerk = shown_bar(qtbot, DeskContext(supervisor_ctx.desk, supervisor_ctx.desk.accounts.authenticate(
        "canbo1", PASSWORD)))
    clerk._set_counts((2, 5))
    assert clerk.review_label.isVisible() and not clerk.held_label.isVisible()
    bar.shutdown()
    clerk.shutdown()


def city_backlog(city, seeded_template, folder, n: int) -> None:
    """`n` dossiers received at desk 2 of the point, already on the server: built from one real event
    and pushed in one exchange (receiving them one by one would take most of a minute)."""
    other = open_desk(seeded_template, folder, "other", MINH_CHAU, 2)
    token = enroll(other, city, MINH_CHAU).state().token
    receive(other, 1)
    [pattern] = wire_events(other)
    other.close()
    events = []
    for i in range(n):
        payload = {**pattern["payload"], "code": f"{MINH_CHAU}-260310-2{i:03d}", "lookup_key": uuid.uuid4().hex[:16]}
        event = {**pattern, "event_id": str(uuid.uuid4()), "dossier_id": str(uuid.uuid4()), "payload": payload}
        events.append({**event, "content_hash": event_hash(WireEvent.model_validate(event))})
    post_exchange(city, token, hello(push=events)).raise_for_status()


def test_a_big_round_from_the_status_bar_pulls_and_pushes_everything(qtbot, ctx, own_city, seeded_template,
                                                                     tmp_path):
    """The round runs on the worker while the window goes on (the UI's longest stall during a big sync is
    measured by bench/window.py --only stall, not asserted here: timings belong to benchmarks)."""
    bar = shown_bar(qtbot, enrolled_ctx(ctx, own_city))
    qtbot.waitUntil(lambda: bar.online and idle(bar), timeout=10_000)
    city_backlog(own_city, seeded_template, tmp_path, 500)  # to pull
    ctx.desk.dossiers.receive_many([request(name=f"Nguyễn Văn Số {i}") for i in range(20)], "canbo1")  # to push
    with qtbot.waitSignal(bar.synced, timeout=30_000):
        bar.sync_now()
    with ctx.desk.store.read() as session:
        assert bar.pending == 0 and replica.dossier_count(session) == 520
    bar.shutdown()
