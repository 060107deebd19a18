"""Reading a dossier's event log for printing: the latest event of a kind, its dates."""

from __future__ import annotations

from datetime import datetime

from desk_app.domain.model import Dossier, Event, EventKind

# What the missing event means to a clerk, for the error when a form has nothing to print from.
_MISSING = {
    EventKind.SUPPLEMENT_REQUESTED: "chưa có yêu cầu bổ sung, hoàn thiện hồ sơ",
    EventKind.REFUSED: "chưa bị từ chối tiếp nhận",
    EventKind.DELAYED: "chưa có gia hạn, hẹn lại ngày trả kết quả",
    EventKind.STOPPED: "chưa có đề nghị dừng giải quyết",
}


def ordered(dossier: Dossier) -> list[Event]:
    """Events in causal order (the hybrid logical clock), wall time only as a tie-breaker."""
    return sorted(dossier.history, key=lambda e: (e.hlc, e.wall_time))


def latest(dossier: Dossier, kind: EventKind) -> Event:
    matching = [e for e in ordered(dossier) if e.kind == kind]
    if not matching:
        reason = _MISSING.get(kind, f"chưa có sự kiện '{kind.value}'")
        raise ValueError(f"Hồ sơ {dossier.code} {reason}, nên không có phiếu này để in.")
    return matching[-1]


def parse_time(value: object, field: str) -> datetime:
    """Payload timestamps are ISO strings; a broken one is reported rather than printed wrong."""
    try:
        return datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"Dữ liệu sự kiện có thời gian '{field}' không hợp lệ: {value!r}.") from exc
