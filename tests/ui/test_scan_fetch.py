"""A scan attached at one desk of a point reaches another desk of that point only when a clerk opens it
there (issue 12): fetched from the real city server on 127.0.0.1, kept, and shown; offline, the clerk is
told why it cannot be shown yet."""

from __future__ import annotations

import pytest

from desk_app.core.accounts import Role, User
from desk_app.services import Desk
from desk_app.ui.context import DeskContext
from desk_app.ui.dossiers.detail import DossierDetailDialog
from desk_app.ui.printing.raster import wait_for_renders
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import enroll, open_desk, receive
from tests.sync.scan_helpers import attach, scan_city, scan_pdf


@pytest.fixture
def city(tmp_path):
    server = scan_city(str(tmp_path / "city.sqlite3"), tmp_path)
    server.publish_reference()
    yield server
    server.stop()
    server.db.close()


@pytest.fixture
def point(tmp_path, city):
    """Desk 1 of Minh Châu received a dossier, scanned its paper and synced it all to the city."""
    template = tmp_path / "template.sqlite3"
    Desk.open(template).close()
    first = open_desk(template, tmp_path, "first", MINH_CHAU, 1)
    client = enroll(first, city, MINH_CHAU)
    code = receive(first, 1)[0]
    data = scan_pdf(60_000, pages=2, seed=7)
    sha = attach(first, code, data, pages=2)
    report = client.sync_once()
    assert report.scans.sent == 1
    yield template, code, sha, data
    first.close()


def _detail(qtbot, desk: Desk, code: str) -> DossierDetailDialog:
    detail = DossierDetailDialog(DeskContext(desk, User("canbo2", "Lê Văn Tâm", Role.CLERK)),
                                 desk.dossiers.get_by_code(code).dossier_id)
    qtbot.addWidget(detail)
    detail.show()
    return detail


def test_another_desk_fetches_the_scan_when_the_clerk_opens_it_and_keeps_it(qtbot, tmp_path, city, point):
    template, code, sha, data = point
    second = open_desk(template, tmp_path, "second", MINH_CHAU, 2)
    enroll(second, city, MINH_CHAU).sync_once()
    assert not second.scan_store.has(sha)  # the event came with the sync, the file did not
    detail = _detail(qtbot, second, code)
    assert detail.scan_list.count() == 1
    assert detail.open_scan(detail.scan_list.item(0)) is None  # not here yet: asked of the city
    assert "Đang tải bản quét" in detail.error.text()
    qtbot.waitUntil(lambda: getattr(detail, "last_preview", None) is not None, timeout=15_000)
    assert second.scan_store.get(sha) == data  # kept, hash-checked, for the next open without a link
    assert detail.error.isHidden()
    detail.last_preview.close()
    wait_for_renders()
    second.close()


def test_offline_the_clerk_is_told_the_scan_is_at_another_desk_and_the_link_is_down(qtbot, tmp_path, city, point):
    template, code, sha, _data = point
    third = open_desk(template, tmp_path, "third", MINH_CHAU, 3)
    enroll(third, city, MINH_CHAU).sync_once()
    city.stop()  # the link goes down
    detail = _detail(qtbot, third, code)
    assert detail.open_scan(detail.scan_list.item(0)) is None
    qtbot.waitUntil(lambda: "chưa kết nối được máy chủ thành phố" in detail.error.text(), timeout=20_000)
    assert "được đính kèm ở máy khác của điểm" in detail.error.text()
    assert not third.scan_store.has(sha)
    third.close()
