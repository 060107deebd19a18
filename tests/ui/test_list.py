"""The dossier list as a clerk uses it: type a name without accents, a code or an ID; switch views by
key; see overdue rows marked; open a row with Enter."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from desk_app.core.due import Deadline
from desk_app.domain.model import EventKind
from desk_app.ui.dossiers.list_model import DEADLINE_ROLE, DUE_COLUMN, DUE_TODAY_BG, OVERDUE_BG
from desk_app.ui.dossiers.list_page import LIMIT, DossierListPage
from tests.conftest import applicant, request
from tests.ui.conftest import press, type_text


@pytest.fixture
def seeded(ctx, clock):
    """An (overdue since 13/03), Bích (due today), Đức Anh (due in 3 days) and one returned dossier."""
    desk, ids = ctx.desk, {}

    def receive(name: str, at: datetime, personal_id: str) -> str:
        clock.set(at)
        dossier = desk.dossiers.receive(request(applicant=applicant(name, personal_id=personal_id)), "canbo1").dossier
        ids[name] = dossier.dossier_id
        return dossier.code

    receive("Nguyễn Văn An", datetime(2026, 3, 10, 9, 30), "001090000001")  # due Fri 13/03 09:30
    receive("Trần Thị Bích", datetime(2026, 3, 11, 14, 0), "001190000777")  # due Mon 16/03 14:00
    receive("Đặng Đức Anh", datetime(2026, 3, 16, 8, 15), "001090000003")  # due Thu 19/03 08:15
    done = receive("Lê Văn Hùng", datetime(2026, 3, 9, 9, 0), "001090000004")  # due 12/03, then returned
    desk.dossiers.apply(done, EventKind.RESULT_READY, {}, "lanhdao")
    desk.dossiers.apply(done, EventKind.RETURNED, {"receiver_name": "Lê Văn Hùng"}, "canbo1")
    clock.set(datetime(2026, 3, 16, 10, 0))  # Monday morning
    return ids


@pytest.fixture
def page(qtbot, ctx, seeded):
    page = DossierListPage(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def _names(page) -> list[str]:
    return [page.model.index(r, 1).data() for r in range(page.model.rowCount())]


def test_nothing_is_loaded_before_the_page_is_shown(qtbot, ctx, seeded):
    page = DossierListPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0 and not page.counts
    page.show()
    assert page.model.rowCount() == 4


def test_a_refresh_while_hidden_waits_for_the_next_show(qtbot, page, ctx):
    page.hide()
    ctx.desk.dossiers.receive(request(name="Phạm Thị Hồng"), "canbo1")
    page.refresh()
    assert page.model.rowCount() == 4  # nothing asked while hidden
    page.show()
    assert page.model.rowCount() == 5 and page.view_buttons["all"].text() == "Tất cả (5)"


def test_typing_a_name_without_accents_finds_it_after_the_pause(qtbot, page):
    assert len(_names(page)) == 4
    type_text(page.search, "duc")
    assert len(_names(page)) == 4  # not yet: the search waits for the clerk to pause
    qtbot.waitUntil(lambda: _names(page) == ["Đặng Đức Anh"], timeout=1000)


def test_a_code_prefix_and_a_personal_id_find_their_dossiers(qtbot, page, seeded):
    type_text(page.search, "09661-260311")
    qtbot.waitUntil(lambda: _names(page) == ["Trần Thị Bích"], timeout=1000)
    page.search.clear()
    type_text(page.search, "0011900")
    qtbot.waitUntil(lambda: _names(page) == ["Trần Thị Bích"], timeout=1000)
    assert page.model.dossier_id(0) == seeded["Trần Thị Bích"]


def test_view_buttons_show_their_counts(page):
    labels = {view: button.text() for view, button in page.view_buttons.items()}
    assert labels["overdue"] == "Quá hạn (1)"
    assert labels["due_today"] == "Đến hạn hôm nay (1)"
    assert labels["all"] == "Tất cả (4)"
    assert labels["today"] == "Hôm nay (1)"
    assert "Alt+4" in page.view_buttons["overdue"].toolTip()


def test_the_overdue_view_lists_only_overdue_dossiers_marked_in_colour_and_words(page):
    press(page, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert page.view == "overdue" and page.view_buttons["overdue"].isChecked()
    assert _names(page) == ["Nguyễn Văn An"]
    due = page.model.index(0, DUE_COLUMN)
    assert page.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BG
    assert due.data(DEADLINE_ROLE) == Deadline.OVERDUE
    assert "QUÁ HẠN" in due.data() and due.data(Qt.ItemDataRole.DecorationRole) is not None


def test_due_today_is_marked_closed_and_on_track_rows_are_not(page):
    rows = {page.model.index(r, 1).data(): r for r in range(page.model.rowCount())}
    bich = page.model.index(rows["Trần Thị Bích"], DUE_COLUMN)
    assert bich.data(Qt.ItemDataRole.BackgroundRole) == DUE_TODAY_BG and "Đến hạn hôm nay" in bich.data()
    returned = page.model.index(rows["Lê Văn Hùng"], DUE_COLUMN)  # past its due date, but closed
    assert returned.data(Qt.ItemDataRole.BackgroundRole) is None and "HẠN" not in returned.data()
    on_track = page.model.index(rows["Đặng Đức Anh"], DUE_COLUMN)  # three working days left
    assert on_track.data(DEADLINE_ROLE) == Deadline.ON_TRACK
    assert on_track.data(Qt.ItemDataRole.BackgroundRole) is None


def test_status_filter(qtbot, page):
    page.status.setCurrentIndex(page.status.findText("Đã trả kết quả"))
    assert _names(page) == ["Lê Văn Hùng"]


def test_find_down_and_enter_open_the_dossier(qtbot, page, seeded):
    page.table.setFocus()
    press(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    type_text(page.search, "tran thi")
    qtbot.waitUntil(lambda: _names(page) == ["Trần Thị Bích"], timeout=1000)
    press(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.table.currentIndex().row() == 0
    with qtbot.waitSignal(page.open_requested, timeout=1000) as opened:
        press(page.table, Qt.Key.Key_Return)
    assert opened.args == [seeded["Trần Thị Bích"]]


def test_enter_in_the_search_skips_the_pause(qtbot, page, seeded):
    type_text(page.search, "bich")
    press(page.search, Qt.Key.Key_Return)
    assert _names(page) == ["Trần Thị Bích"] and page.table.hasFocus()


def test_double_click_opens_the_row(qtbot, page, seeded):
    with qtbot.waitSignal(page.open_requested, timeout=1000) as opened:
        page.table.doubleClicked.emit(page.model.index(2, 1))
    assert opened.args == [page.model.dossier_id(2)]


def test_no_match_says_so(qtbot, page):
    type_text(page.search, "khong co ai")
    qtbot.waitUntil(lambda: page.empty.isVisible(), timeout=1000)
    assert page.empty.text() == "Không có hồ sơ nào"
    assert page.model.rowCount() == 0


def test_the_list_never_asks_for_more_than_the_limit(qtbot, page, monkeypatch):
    asked = []
    original = page.ctx.desk.search
    monkeypatch.setattr(page.ctx.desk, "search", lambda q: asked.append(q) or original(q))
    type_text(page.search, "nguyen van")
    qtbot.waitUntil(lambda: bool(asked), timeout=1000)
    qtbot.wait(200)
    assert len(asked) == 1 and asked[0].limit == LIMIT  # one query for the whole burst of keys


def test_a_dossier_waiting_for_the_citizens_papers_shows_no_appointment(qtbot, ctx, clock):
    """Until the papers come the processing time is stopped: no due date, nor a deadline colour."""
    desk = ctx.desk
    waiting = desk.dossiers.receive(request(applicant=applicant("Phạm Thu Hà")), "canbo1").dossier
    desk.dossiers.apply(waiting.dossier_id, EventKind.SUPPLEMENT_REQUESTED,
                        {"items": [{"item": "Tờ khai", "reason": "thiếu chữ ký"}], "deadline": "2026-03-17"}, "canbo1")
    page = DossierListPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    (row,) = [r for r in range(page.model.rowCount())
              if page.model.index(r, 1).data() == "Phạm Thu Hà"]
    assert page.model.index(row, DUE_COLUMN).data() == "Chờ công dân bổ sung"
    assert not page.model.index(row, DUE_COLUMN).data(DEADLINE_ROLE)  # no deadline marking
