"""The forms printed from the dossier's events: supplement, refusal, apology, stop, control sheet."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from desk_app.domain.model import Event, EventKind
from desk_app.printing import FormKind, render_form
from tests.printing.conftest import text

HEADING = "(Trước hạn/Đúng hạn/Quá hạn)"


def with_event(dossier, kind: EventKind, payload: dict, at: datetime):
    event = Event(event_id=f"ev-{kind}-{at:%H%M}", dossier_id=dossier.dossier_id, kind=kind, payload=payload,
                  actor="x", desk_id="d", hlc=f"{at.isoformat()}-9999", wall_time=at)
    return replace(dossier, history=(*dossier.history, event))


def test_supplement_lists_each_item_with_its_reason_and_who_to_ask(dossier, ctx):
    out = text(render_form(FormKind.SUPPLEMENT, dossier, ctx))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in out
    assert "1 Bản sao Giấy chứng sinh Bản sao chưa được chứng thực" in out
    assert "2 Tờ khai đăng ký khai sinh Thiếu chữ ký của người đi đăng ký" in out
    assert "liên hệ với Trần Thị Ánh, số điện thoại 024 3825 1234" in out
    assert "Tiếp nhận hồ sơ của: Nguyễn Văn Ẩn" in out and "NGƯỜI HƯỚNG DẪN" in out


def test_supplement_prints_the_latest_request(dossier, ctx):
    later = with_event(dossier, EventKind.SUPPLEMENT_REQUESTED, {
        "items": [{"item": "Giấy ủy quyền", "reason": "Người đi nộp không phải cha, mẹ"}],
        "guide_name": "Lê Văn Đức", "guide_phone": "024 1111 2222"}, datetime(2026, 3, 9, 14, 0))
    out = text(render_form(FormKind.SUPPLEMENT, later, ctx))
    assert "Giấy ủy quyền" in out and "Lê Văn Đức" in out
    assert "Bản sao Giấy chứng sinh" not in out
    assert "Hà Nội, ngày 09 tháng 3 năm 2026" in out


GUIDE_HEAD = "nếu có vướng mắc, ông/bà liên hệ với "


@pytest.mark.parametrize(("name", "phone", "sentence"), [
    ("Lê Văn Đức", "0243 111 2222", "Lê Văn Đức, số điện thoại 0243 111 2222 để được hướng dẫn."),
    ("Lê Văn Đức", "", "Lê Văn Đức tại Bộ phận Một cửa để được hướng dẫn."),
    ("", "02431112222", "Bộ phận Một cửa qua số điện thoại 02431112222 để được hướng dẫn."),
    ("", "", "Bộ phận Một cửa để được hướng dẫn."),
])
def test_the_guide_sentence_is_whole_whatever_was_given(dossier, ctx, name, phone, sentence):
    """An empty phone printed "…, số điện thoại để được hướng dẫn"."""
    asked = with_event(dossier, EventKind.SUPPLEMENT_REQUESTED, {
        "items": [{"item": "Giấy ủy quyền", "reason": "thiếu"}], "guide_name": name, "guide_phone": phone},
        datetime(2026, 3, 9, 14, 0))
    out = text(render_form(FormKind.SUPPLEMENT, asked, ctx))
    assert GUIDE_HEAD + sentence in out
    assert "số điện thoại để" not in out and "với , " not in out


def test_refusal_states_the_specific_reason(dossier, ctx):
    out = text(render_form(FormKind.REFUSAL, dossier, ctx))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in out
    assert "Hồ sơ không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường" in out
    assert "Nội dung yêu cầu giải quyết: Đăng ký khai sinh" in out


def test_apology_gives_old_and_new_dates_and_the_reason(dossier, ctx):
    out = text(render_form(FormKind.APOLOGY, dossier, ctx))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in out
    assert "Kính gửi: Ông/Bà Nguyễn Văn Ẩn" in out
    assert "hẹn trả kết quả: 08 giờ 30 phút, ngày 10 tháng 3 năm 2026" in out
    assert "hẹn trả kết quả vào: 08 giờ 30 phút, ngày 12 tháng 3 năm 2026" in out
    assert "Cần xác minh thông tin hộ tịch tại Ủy ban nhân dân xã Đông Anh" in out


def test_2018_apology_uses_the_old_title(dossier, ctx):
    out = text(render_form(FormKind.APOLOGY, dossier, replace(ctx, wording_set="tt01_2018")))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in out and "Mẫu số 05" in out


def test_stop_notice_names_the_request_and_its_date(dossier, ctx):
    out = text(render_form(FormKind.STOP, dossier, ctx))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in out and "Mẫu số 05" in out
    assert "Người nộp hồ sơ đề nghị dừng để bổ sung giấy tờ khác" in out
    assert "kể từ ngày 06 tháng 3 năm 2026" in out


def test_the_2018_set_has_no_stop_notice(dossier, ctx):
    with pytest.raises(ValueError, match="không có mẫu in"):
        render_form(FormKind.STOP, dossier, replace(ctx, wording_set="tt01_2018"))


@pytest.mark.parametrize(("kind", "words"), [
    (FormKind.SUPPLEMENT, "chưa có yêu cầu bổ sung"),
    (FormKind.REFUSAL, "chưa bị từ chối"),
    (FormKind.APOLOGY, "chưa có gia hạn"),
    (FormKind.STOP, "chưa có đề nghị dừng"),
])
def test_a_form_without_its_event_is_refused_in_vietnamese(dossier, ctx, kind, words):
    bare = replace(dossier, history=())
    with pytest.raises(ValueError, match=words) as caught:
        render_form(kind, bare, ctx)
    assert dossier.code in str(caught.value)


def test_control_sheet_has_one_row_per_handover_with_its_timing(dossier, ctx):
    out = text(render_form(FormKind.CONTROL, dossier, ctx))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in out
    assert "Kèm theo hồ sơ của: Nguyễn Văn Ẩn" in out
    assert "Cơ quan phối hợp giải quyết hồ sơ: Phòng Văn hóa - Xã hội" in out
    out = out.replace(HEADING, "")
    rows = ["1. Giao:", "2. Giao: UBND phường Hoàn Kiếm", "3. Giao: Ông/Bà Nguyễn Văn Ẩn",
            "4. Giao: UBND phường Hoàn Kiếm", "5. Giao: Phòng Văn hóa - Xã hội", "6. Giao:"]
    assert all(row in out for row in rows)
    assert "Nhận: Ông/Bà Nguyễn Văn Ẩn" in out
    assert out.count("Trước hạn") == 5
    assert out.count("Đúng hạn") == 1  # returned on the new due day set by the delay


def test_control_sheet_marks_a_late_step(dossier, ctx):
    late = with_event(dossier, EventKind.RETURNED, {"receiver_name": "Nguyễn Văn Ẩn",
                                                   "returned_at": "2026-03-13T09:00:00"},
                      datetime(2026, 3, 13, 9, 0))
    out = text(render_form(FormKind.CONTROL, late, ctx)).replace(HEADING, "")
    assert out.count("Quá hạn") == 1


def test_control_sheet_always_starts_with_the_reception_handover(dossier, ctx):
    out = text(render_form(FormKind.CONTROL, replace(dossier, history=()), ctx))
    assert "1. Giao:" in out  # reception is always a hand-over, even with no logged event


def test_control_sheet_shows_the_supplement_round(desk, clock):
    """Back to the applicant to complete, then in again when the papers come (the sheet left the round out)."""
    from desk_app.core import actions
    from desk_app.demo import STORY
    from tests.conftest import request

    clock.set(datetime(2026, 3, 2, 8, 40))
    received = desk.dossiers.receive(request(name="Lê Thị Hồng Nhung"), "canbo1").dossier
    for moment, kind, given in STORY[:3]:  # supplement asked, papers in, transferred
        clock.set(moment)
        desk.dossiers.apply(received.dossier_id, kind, actions.payload(kind, given), "canbo1")
    out = text(desk.print_form(FormKind.CONTROL, received.dossier_id, "canbo1")).replace(HEADING, "")
    assert "2. Giao: UBND Xã Minh Châu Nhận: Ông/Bà Lê Thị Hồng Nhung" in out
    assert "Trả hồ sơ để bổ sung, hoàn thiện: Giấy xác nhận tình trạng hôn nhân nơi cư trú trước" in out
    assert "3. Giao: Ông/Bà Lê Thị Hồng Nhung Nhận: UBND Xã Minh Châu" in out
    assert "Nhận hồ sơ đã bổ sung, hoàn thiện; thời hạn tính lại." in out
    assert "4. Giao: UBND Xã Minh Châu" in out
    assert "Cơ quan phối hợp giải quyết hồ sơ: …………" in out  # the applicant is no agency
