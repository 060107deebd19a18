"""Reading a dossier's event log for printing: the latest event of a kind, its dates."""

from __future__ import annotations

from typing import TypeVar

from desk_app.domain.model import Dossier, Event, EventKind
from desk_app.domain.payloads import Payload

P = TypeVar("P", bound=Payload)

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


def latest(dossier: Dossier, model: type[P]) -> tuple[Event, P]:
    """The latest event of the model's kind and its payload; a broken payload raises ValueError naming it."""
    matching = [e for e in ordered(dossier) if e.kind == model.KIND]
    if not matching:
        reason = _MISSING.get(model.KIND, f"chưa có sự kiện '{model.KIND.value}'")
        raise ValueError(f"Hồ sơ {dossier.code} {reason}, nên không có phiếu này để in.")
    return matching[-1], data_of(matching[-1], model)


def restarts(dossier: Dossier) -> list[Event]:
    """The supplement arrivals that restarted the processing time: each gives the citizen a new receipt."""
    return [e for e in ordered(dossier) if e.kind == EventKind.SUPPLEMENT_RECEIVED and e.payload.get("new_due_at")]


def receipt_round(dossier: Dossier) -> int:
    """Which receipt is the current one: 0 the first, n after the n-th restart (its prints are reprints)."""
    return len(restarts(dossier))


def data_of(event: Event, model: type[P]) -> P:
    data = event.data
    if not isinstance(data, model):
        raise ValueError(f"Sự kiện {event.event_id} không phải '{model.KIND.value}'.")
    return data
