"""The authority's "received from the point" step (recorded in the city console, pulled by sync) reads in
the dossier's history at the desk, in Vietnamese and English."""

from __future__ import annotations

from datetime import datetime

from desk_app.domain.model import Event, EventKind
from desk_app.ui.dossiers.timeline import TimelineTable


def test_the_authoritys_receipt_is_named_with_the_officer_and_the_authority(qtbot):
    table = TimelineTable()
    qtbot.addWidget(table)
    event = Event("e1", "d1", EventKind.AUTHORITY_RECEIVED,
                  {"received_by": "Vũ Thị Sở", "authority": "01", "note": "Đủ hồ sơ"}, "Vũ Thị Sở",
                  "city-back-office", "1765000000000-0000-city-back-office", datetime(2026, 12, 7, 9, 0))
    assert table.kind_label(EventKind.AUTHORITY_RECEIVED) == "Cơ quan giải quyết đã nhận"
    text = table.details(event, {"01": "Sở Tư pháp"}.get)
    assert text == "Vũ Thị Sở nhận tại Sở Tư pháp. Ghi chú: Đủ hồ sơ"
