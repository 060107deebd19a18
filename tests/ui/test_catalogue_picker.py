"""The procedure picker at catalogue size and the unit picker, with real widgets: results grouped by
field, this desk's most used first, and a dossier decided by another commune."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desk_app.core.drafts import DocumentLine, IntakeForm
from desk_app.ui.widgets.unit_picker import UnitPicker
from tests.conftest import request
from tests.ui.conftest import press, save_shot, type_text
from tests.ui.test_intake import make_page, save

MARITAL = "1.004873"


def shown(page) -> list[tuple[str, bool]]:
    """(text, is a group title) of every row of the result list, top to bottom."""
    results = page.picker.results
    return [(results.item(i).text(), not results.item(i).flags() & Qt.ItemFlag.ItemIsSelectable)
            for i in range(results.count())]


def test_results_come_under_the_title_of_their_field(qtbot, ctx):
    page = make_page(qtbot, ctx)
    type_text(page.picker.search, "dang ky")
    rows = shown(page)
    titles = [text for text, title in rows if title]
    assert len(titles) >= 3 and rows[0][1]  # several fields, a title on top
    field = None
    for text, title in rows:
        if title:
            field = text
            continue
        assert ctx.desk.procedure(text.split()[0]).field.upper() == field, text
    assert page.picker.results.currentItem().flags() & Qt.ItemFlag.ItemIsSelectable  # a procedure, not a title
    save_shot(page, "picker-groups")


def test_up_and_down_step_over_the_titles(qtbot, ctx):
    page = make_page(qtbot, ctx)
    type_text(page.picker.search, "dang ky")
    second_title = next(i for i, (_, title) in enumerate(shown(page)) if title and i > 0)
    assert page.picker.results.currentRow() == 1  # the first procedure, under the first title
    for _ in range(second_title - 2):
        press(page.picker.search, Qt.Key.Key_Down)
    assert page.picker.results.currentRow() == second_title - 1  # the last of the first field
    press(page.picker.search, Qt.Key.Key_Down)
    assert page.picker.results.currentRow() == second_title + 1  # across the next field's title
    press(page.picker.search, Qt.Key.Key_Up)
    assert page.picker.results.currentRow() == second_title - 1


def test_this_desks_most_used_procedures_come_first(qtbot, ctx):
    for _ in range(3):
        ctx.desk.dossiers.receive(request(MARITAL), "canbo1")
    ctx.desk.dossiers.receive(request("1.004222"), "canbo1")
    ctx.desk.note_receipt()
    page = make_page(qtbot, ctx)
    rows = shown(page)  # nothing typed yet
    assert rows[0] == ("HAY DÙNG Ở BÀN NÀY", True)
    assert [rows[1][0].split()[0], rows[2][0].split()[0]] == [MARITAL, "1.004222"]
    assert rows[3][1]  # then the fields begin
    type_text(page.picker.search, "dang ky")  # the residence one still leads its search
    assert shown(page)[:2] == [("HAY DÙNG Ở BÀN NÀY", True), (shown(page)[1][0], False)]
    assert shown(page)[1][0].startswith("1.004222")


def test_the_unit_picker_finds_a_ward_typed_without_marks(qtbot, ctx):
    picker = UnitPicker(ctx.desk.unit_entries())
    qtbot.addWidget(picker)
    picker.show()
    type_text(picker.search, "hoan kiem")
    assert picker.results.item(0).text() == "Phường Hoàn Kiếm (00070)"
    with qtbot.waitSignal(picker.chosen) as chosen:
        press(picker.search, Qt.Key.Key_Return)
    assert chosen.args == ["00070"] and picker.code() == "00070"
    assert picker.search.text() == "Phường Hoàn Kiếm (00070)" and not picker.results.isVisible()
    type_text(picker.search, "x")  # typing again means the choice is no longer what the box says
    assert picker.code() == ""


def test_either_tone_mark_spelling_and_the_code_find_the_unit(qtbot, ctx):
    picker = UnitPicker(ctx.desk.unit_entries())
    qtbot.addWidget(picker)
    picker.show()
    for typed in ("Yên Hoà", "Yên Hòa", "yen hoa", "00175"):
        picker.search.clear()
        type_text(picker.search, typed)
        assert picker.results.item(0).text() == "Phường Yên Hòa (00175)", typed


def test_a_dossier_for_another_commune_is_saved_with_that_authority(qtbot, ctx):
    page = make_page(qtbot, ctx)
    type_text(page.picker.search, MARITAL)
    press(page.picker.search, Qt.Key.Key_Return)
    assert page.authority.label.text() == "Cơ quan giải quyết: UBND Xã Minh Châu"
    page.authority.other.setChecked(True)
    type_text(page.authority.picker.search, "hoan kiem")
    press(page.authority.picker.search, Qt.Key.Key_Return)
    assert page.authority.label.text() == "Cơ quan giải quyết: UBND Phường Hoàn Kiếm"
    save_shot(page, "intake-other-commune")
    page.applicant.set_values({"full_name": "Nguyễn Văn An", "personal_id": "001090123456",
                               "date_of_birth": "01/01/1990", "sex": "male", "phone": "0912345678",
                               "address": "Thôn Đoài, Xã Minh Châu, Hà Nội"})
    first = page.definition.documents[0].name
    page.checklist.load_from(IntakeForm(documents=[DocumentLine(first, True, 1, 0)]))
    page.fields.set_values({"purpose": "Để đăng ký kết hôn", "marital_status": "Chưa đăng ký kết hôn",
                            "copies_requested": "1"})
    assert [i for i in page.validate() if i.severity.name == "ERROR"] == []
    dossier_id, preview = save(qtbot, page)
    preview.close()
    assert ctx.desk.dossiers.get(dossier_id).authority == "00070"


def test_a_city_procedure_names_its_department_and_offers_no_commune_choice(qtbot, ctx):
    page = make_page(qtbot, ctx)
    type_text(page.picker.search, "1.012786")
    press(page.picker.search, Qt.Key.Key_Return)
    assert page.authority.label.text() == "Cơ quan giải quyết: Văn phòng Đăng ký đất đai Hà Nội (chi nhánh)"
    assert not page.authority.other.isVisibleTo(page)
