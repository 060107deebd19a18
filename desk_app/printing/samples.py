"""Realistic sample dossiers for previews, the sample PNGs in docs/forms, benchmarks and tests.

All people, numbers and addresses here are invented.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from desk_app.domain.model import (
    Applicant,
    Delivery,
    Dossier,
    DueInfo,
    Event,
    EventKind,
    ReceivedDocument,
    Status,
)
from desk_app.printing.context import PrintContext

RECEIVED_AT = datetime(2026, 3, 5, 8, 30)
DUE_AT = datetime(2026, 3, 10, 8, 30)


def sample_context(**changes: Any) -> PrintContext:
    base = PrintContext(
        agency_name="UBND phường Hoàn Kiếm",
        section_name="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        place_name="Hà Nội",
        lookup_base_url="https://dichvucong.hanoi.example/tra-cuu",
        people=(("anh.tt", "Trần Thị Ánh"),),
    )
    return replace(base, **changes)


def _event(kind: EventKind, at: datetime, payload: dict[str, Any], seq: int) -> Event:
    return Event(event_id=f"ev-{seq:03d}", dossier_id="d-0001", kind=kind, payload=payload,
                 actor="anh.tt", desk_id="desk-hk-01", hlc=f"{at.isoformat()}-{seq:04d}", wall_time=at)


def _history() -> tuple[Event, ...]:
    day = RECEIVED_AT
    steps: list[tuple[EventKind, datetime, dict[str, Any]]] = [
        (EventKind.RECEIVED, day, {}),
        (EventKind.SUPPLEMENT_REQUESTED, day + timedelta(minutes=10), {
            "items": [
                {"item": "Bản sao Giấy chứng sinh", "reason": "Bản sao chưa được chứng thực"},
                {"item": "Tờ khai đăng ký khai sinh", "reason": "Thiếu chữ ký của người đi đăng ký"},
            ],
            "guide_name": "Trần Thị Ánh", "guide_phone": "024 3825 1234",
        }),
        (EventKind.SUPPLEMENT_RECEIVED, day + timedelta(hours=1), {
            "documents": [{"name": "Bản sao Giấy chứng sinh", "originals": 0, "copies": 1}]}),
        (EventKind.TRANSFERRED, day + timedelta(hours=2), {"to_authority": "Phòng Văn hóa - Xã hội",
                                                            "note": "Chuyển thẩm định"}),
        (EventKind.DELAYED, day + timedelta(days=4), {
            "old_due_at": DUE_AT.isoformat(), "new_due_at": (DUE_AT + timedelta(days=2)).isoformat(),
            "reason": "Cần xác minh thông tin hộ tịch tại Ủy ban nhân dân xã Đông Anh",
        }),
        (EventKind.RESULT_READY, day + timedelta(days=6, hours=2), {"note": "Đã ký trích lục"}),
        (EventKind.RETURNED, day + timedelta(days=7), {"receiver_name": "Nguyễn Văn Ẩn",
                                                       "returned_at": (day + timedelta(days=7)).isoformat()}),
        (EventKind.REFUSED, day + timedelta(minutes=5), {"reason": "Hồ sơ không thuộc thẩm quyền giải quyết "
                                                                    "của Ủy ban nhân dân phường"}),
        (EventKind.STOPPED, day + timedelta(days=1), {"reason": "Người nộp hồ sơ đề nghị dừng để bổ sung "
                                                                 "giấy tờ khác"}),
    ]
    return tuple(_event(kind, at, payload, i) for i, (kind, at, payload) in enumerate(steps, start=1))


def sample_dossier() -> Dossier:
    """A birth registration received at Hoàn Kiếm, with one event of every printable kind."""
    return Dossier(
        dossier_id="d-0001", code="000.26.01.H26-260305-0007", lookup_key="Qm7xT2vK9pLs4RwZ",
        receiving_unit="00070", authority="UBND phường Hoàn Kiếm", procedure_code="1.001193",
        procedure_version=1, procedure_name="Đăng ký khai sinh",
        applicant=Applicant(full_name="Nguyễn Văn Ẩn", personal_id="001090123456", phone="0912 345 678",
                            email="an.nguyen@example.vn",
                            address="Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội"),
        documents=(
            ReceivedDocument("Tờ khai đăng ký khai sinh (theo mẫu)", originals=1, copies=0),
            ReceivedDocument("Giấy chứng sinh", originals=1, copies=0),
            ReceivedDocument("Thẻ căn cước của người đi đăng ký", originals=0, copies=1),
        ),
        sets=1, fee_vnd=0, received_at=RECEIVED_AT,
        due=DueInfo(due_at=DUE_AT, rule="working_days:3", rule_text="03 ngày làm việc"),
        delivery=Delivery.COUNTER, delivery_address="", received_by="anh.tt", desk_id="desk-hk-01",
        status=Status.RETURNED, register_book="01/2026", register_entry=157, history=_history(),
    )


def long_dossier() -> Dossier:
    """The worst case a clerk meets: a 60-character name, a 250-character address, 30 documents."""
    name = "Công ty Trách nhiệm hữu hạn Thương mại Ắc Quy Ứng Dụng Đặng Ỹ"
    address = ("Tầng 12, tòa nhà Ương Ặng, số 199 ngõ 68 đường Nguyễn Khắc Hiếu, tổ dân phố số 17, "
               "phường Ba Đình, thành phố Hà Nội (cạnh cổng phụ Trường Trung học cơ sở Phan Đình Phùng, "
               "đối diện ngõ 71, gần chợ Châu Long cũ, tầng hầm gửi xe)")
    documents = tuple(
        ReceivedDocument(f"Giấy tờ chứng minh số {i:02d}: bản sao Quyết định Ủy ban nhân dân về việc Ắ Ặ Ự",
                         originals=i % 2, copies=1 + i % 3)
        for i in range(1, 31)
    )
    base = sample_dossier()
    return replace(
        base, dossier_id="d-0002", code="000.26.01.H26-260305-0008",
        applicant=replace(base.applicant, full_name=name, address=address),
        procedure_name="Đăng ký thay đổi nội dung đăng ký hộ kinh doanh và cấp lại Giấy chứng nhận đăng ký "
                       "hộ kinh doanh do bị mất, cháy, rách, nát hoặc bị tiêu hủy dưới hình thức khác",
        documents=documents, sets=2, delivery=Delivery.POST, delivery_address=address,
    )


_NAMES = ("Nguyễn Văn Ẩn", "Trần Thị Ánh", "Lê Đức Thắng", "Phạm Thị Ỷ Lan", "Đặng Quốc Việt",
          "Vũ Hồng Nhung", "Bùi Thị Hương", "Hoàng Minh Đức")


def _handled(received: datetime, stage: int, name: str) -> tuple[Event, ...]:
    """A plausible history reaching `stage`: 0 received, 1 transferred, 2 result ready, 3 returned."""
    steps: list[tuple[EventKind, datetime, dict[str, Any]]] = [(EventKind.RECEIVED, received, {})]
    if stage >= 1:
        steps.append((EventKind.TRANSFERRED, received + timedelta(hours=2),
                      {"to_authority": "Phòng Văn hóa - Xã hội", "note": ""}))
    if stage >= 2:
        steps.append((EventKind.RESULT_READY, received + timedelta(days=2), {"note": ""}))
    if stage >= 3:
        at = received + timedelta(days=3)
        steps.append((EventKind.RETURNED, at, {"receiver_name": name, "returned_at": at.isoformat()}))
    return tuple(_event(kind, at, payload, i) for i, (kind, at, payload) in enumerate(steps, start=1))


def register_month(count: int, year: int = 2026, month: int = 3) -> list[Dossier]:
    """`count` dossiers spread over one month at different stages, for register previews and benches."""
    base = sample_dossier()
    dossiers = []
    for i in range(count):
        received = datetime(year, month, i % 28 + 1, 8, 0) + timedelta(minutes=7 * (i // 28))
        name = _NAMES[i % len(_NAMES)]
        history = _handled(received, i % 4, name)
        dossiers.append(replace(
            base, dossier_id=f"d-{i:05d}", code=f"000.26.01.H26-{received:%y%m%d}-{i:04d}",
            received_at=received, due=replace(base.due, due_at=received + timedelta(days=5)), history=history,
            applicant=replace(base.applicant, full_name=name),
        ))
    ordered = sorted(dossiers, key=lambda d: d.received_at)
    return [replace(d, register_entry=n) for n, d in enumerate(ordered, start=1)]
