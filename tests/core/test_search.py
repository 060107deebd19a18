"""Finding dossiers and procedures the way clerks type: no accents, any case, numbers, codes."""

from __future__ import annotations

from datetime import datetime

import pytest

from desk_app.core.search import Query
from desk_app.domain.model import EventKind, Status
from desk_app.domain.text import fold, sort_key
from tests.conftest import applicant, request

NAMES = ["Nguyễn Văn An", "Đặng Thị Hà", "NGUYỄN VĂN ANH", "Trần An", "Ánh Dương", "Ân Hữu", "Ăn Bình", "Zô Lý"]


@pytest.fixture
def filled(desk):
    for n, name in enumerate(NAMES):
        desk.dossiers.receive(request(applicant=applicant(
            name, personal_id=f"00109012345{n}", phone=f"091234560{n}")), "c")
    return desk


def _names(desk, text: str) -> list[str]:
    return [d.applicant.full_name for d in desk.search(Query(text=text))]


@pytest.mark.parametrize("typed", ["nguyen van an", "NGUYEN VAN AN", "Nguyễn Văn An", "nguyễn văn an", "ng va an"])
def test_name_search_ignores_accents_and_case(filled, typed):
    assert "Nguyễn Văn An" in _names(filled, typed)


def test_d_finds_d_with_stroke(filled):
    assert _names(filled, "dang") == ["Đặng Thị Hà"]
    assert _names(filled, "ĐẶNG") == ["Đặng Thị Hà"]


def test_newest_first_and_every_word_must_match(filled):
    assert _names(filled, "an") == ["Ăn Bình", "Ân Hữu", "Ánh Dương", "Trần An", "NGUYỄN VĂN ANH", "Nguyễn Văn An"]
    assert _names(filled, "van anh") == ["NGUYỄN VĂN ANH"]


def test_by_personal_id_phone_and_code(filled):
    assert _names(filled, "001090123451") == ["Đặng Thị Hà"]
    assert _names(filled, "0912345602") == ["NGUYỄN VĂN ANH"]
    assert _names(filled, "+84 912 345 603") == ["Trần An"]
    assert _names(filled, "09661-260310-1005") == ["Ánh Dương"]
    assert len(_names(filled, "09661-260310")) == len(NAMES)


def test_a_short_number_finds_ids_and_phones_newest_first_within_the_limit(filled):
    filled.dossiers.receive(request(applicant=applicant("Lê Số Gần", personal_id="091234999999",
                                                        phone="0388000000")), "c")
    assert _names(filled, "0912")[0] == "Lê Số Gần"  # an ID starting like the phones, received last
    assert len(_names(filled, "0912")) == len(NAMES) + 1
    assert len(_names(filled, "0010")) == len(NAMES)
    # Past the limit a short prefix shows some matches (the first in number order), newest first.
    assert [d.applicant.full_name for d in filled.search(Query(text="0912", limit=3))] == \
        ["Lê Số Gần", "NGUYỄN VĂN ANH", "Đặng Thị Hà"]


def test_nothing_found_is_an_empty_list_not_an_error(filled):
    assert _names(filled, "xyz không có") == []
    assert _names(filled, "%_'\"*") == []


def test_names_sort_in_vietnamese_dictionary_order(filled):
    got = [d.applicant.full_name for d in filled.search(Query(sort="name"))]
    assert got == ["Ánh Dương", "Ăn Bình", "Ân Hữu", "Đặng Thị Hà", "Nguyễn Văn An", "NGUYỄN VĂN ANH", "Trần An",
                   "Zô Lý"]


def test_sort_key_orders_letters_before_tones():
    words = ["ba", "bà", "bá", "bả", "bã", "bạ", "bă", "bâ", "be"]
    assert sorted(reversed(words), key=sort_key) == ["ba", "bà", "bả", "bã", "bá", "bạ", "bă", "bâ", "be"]
    assert fold("Đường Hoàng Quốc Việt") == "duong hoang quoc viet"


def test_views_overdue_due_today_and_due_soon(desk, clock):
    clock.set(datetime(2026, 3, 2, 9, 0))  # Monday
    early = desk.dossiers.receive(request(name="Quá Hạn"), "c").dossier  # due Thu 5 Mar 09:00
    clock.set(datetime(2026, 3, 6, 9, 0))
    today = desk.dossiers.receive(request("2.000815", name="Hôm Nay"), "c").dossier  # same day 17:00
    soon = desk.dossiers.receive(request(name="Sắp Đến"), "c").dossier  # due Wed 11 Mar
    done = desk.dossiers.receive(request(name="Đã Xong"), "c").dossier
    desk.dossiers.apply(done.code, EventKind.RESULT_READY, {}, "c")

    def view(name):
        return [d.code for d in desk.search(Query(view=name))]

    assert view("overdue") == [early.code]
    assert view("due_today") == [today.code]
    assert view("due_soon") == []  # Wed 11 Mar is 3 working days ahead of Fri 6 Mar
    clock.set(datetime(2026, 3, 9, 9, 0))
    assert view("due_soon") == [soon.code]
    assert desk.view_counts()["overdue"] == 2  # the same-day one is now late too
    assert [d.code for d in desk.search(Query(status=Status.RESULT_READY))] == [done.code]


@pytest.mark.parametrize("typed", ["đăng ký khai sinh", "dang ky khai sinh", "DANG KY KHAI SINH", "1.001193"])
def test_procedure_search_finds_birth_registration(desk, typed):
    assert desk.find_procedures(typed)[0][:2] == ("1.001193", "Thủ tục đăng ký khai sinh")


def test_finished_words_match_whole_words_first_then_prefixes(desk):
    for name in ("Trần Thị Hoa", "Trần Thịnh Hoà", "Trần Thị Hoàng Anh"):
        desk.dossiers.receive(request(applicant=applicant(name)), "c")
    # Newest first within each group; "thi " is a finished word, so "Thịnh" ranks after.
    assert _names(desk, "tran thi hoa") == ["Trần Thị Hoàng Anh", "Trần Thị Hoa", "Trần Thịnh Hoà"]
    assert _names(desk, "tr th ho") == ["Trần Thị Hoàng Anh", "Trần Thịnh Hoà", "Trần Thị Hoa"]


def test_overdue_list_shows_the_most_urgent_first(desk, clock):
    for day in (2, 3):
        clock.set(datetime(2026, 3, day, 9, 0))
        desk.dossiers.receive(request(name=f"Ngày {day}"), "c")
    clock.set(datetime(2026, 3, 20, 9, 0))
    assert [d.applicant.full_name for d in desk.search(Query(view="overdue"))] == ["Ngày 2", "Ngày 3"]
