"""Dossier statuses, the legal transitions between them, and the fold from events to status.

Every replica (each desk, the city) computes the status with `fold()` from the same set of events, so
they agree whatever order the events arrived in. The written conflict rule: events are taken in HLC
order (ties broken by event id); an event that is not legal in the status reached so far is kept in
the log, does not change the status, and is reported as a conflict for a supervisor to review.
Applicant corrections carry the stamp of the applicant details they were made on (`based_on`); one
made without seeing an earlier correction (two desks editing the same applicant offline) is still
applied in HLC order, so the later stamp wins field by field, and is reported as a conflict too. A step whose
payload cannot be read is kept and reported the same way, so one bad event never jams a replica.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from desk_app.domain import payloads
from desk_app.domain.errors import IllegalTransition, InvalidInput
from desk_app.domain.model import Applicant, Event, EventKind, Status

S, K = Status, EventKind

# Which event may follow which status, and the status it leads to.
TRANSITIONS: dict[EventKind, tuple[frozenset[Status], Status | None]] = {
    K.SUPPLEMENT_REQUESTED: (frozenset({S.RECEIVED, S.TRANSFERRED, S.DELAYED}), S.SUPPLEMENT_REQUESTED),
    K.SUPPLEMENT_RECEIVED: (frozenset({S.SUPPLEMENT_REQUESTED}), S.RECEIVED),
    K.REFUSED: (frozenset({S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.TRANSFERRED, S.DELAYED}), S.REFUSED),
    K.TRANSFERRED: (frozenset({S.RECEIVED, S.DELAYED}), S.TRANSFERRED),
    K.DELAYED: (frozenset({S.RECEIVED, S.TRANSFERRED, S.DELAYED}), S.DELAYED),
    K.STOPPED: (frozenset({S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.TRANSFERRED, S.DELAYED}), S.STOPPED),
    K.RESULT_READY: (frozenset({S.RECEIVED, S.TRANSFERRED, S.DELAYED}), S.RESULT_READY),
    K.RETURNED: (frozenset({S.RESULT_READY}), S.RETURNED),
    # A correction changes the applicant's details, not the status.
    K.APPLICANT_CORRECTED: (
        frozenset({S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.TRANSFERRED, S.DELAYED, S.RESULT_READY}),
        None,
    ),
    # Consent to messages may be given or withdrawn while there is still something to tell.
    K.CONSENT_CHANGED: (
        frozenset({S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.TRANSFERRED, S.DELAYED, S.RESULT_READY}),
        None,
    ),
    # Scans change nothing of the status: attached while the dossier is open, and after the return too
    # (digitising the archive); removed (with a reason) while it is open.
    K.SCAN_ATTACHED: (
        frozenset({S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.TRANSFERRED, S.DELAYED, S.RESULT_READY, S.RETURNED}),
        None,
    ),
    K.SCAN_REMOVED: (
        frozenset({S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.TRANSFERRED, S.DELAYED, S.RESULT_READY}),
        None,
    ),
}

TERMINAL = frozenset({S.REFUSED, S.STOPPED, S.RETURNED})

STATUS_LABELS: dict[str, dict[Status, str]] = {
    "vi": {
        S.RECEIVED: "Đã tiếp nhận",
        S.SUPPLEMENT_REQUESTED: "Chờ bổ sung",
        S.REFUSED: "Từ chối tiếp nhận",
        S.TRANSFERRED: "Đã chuyển xử lý",
        S.DELAYED: "Đã hẹn lại",
        S.STOPPED: "Dừng giải quyết",
        S.RESULT_READY: "Có kết quả",
        S.RETURNED: "Đã trả kết quả",
    },
    "en": {
        S.RECEIVED: "Received",
        S.SUPPLEMENT_REQUESTED: "Awaiting supplement",
        S.REFUSED: "Refused",
        S.TRANSFERRED: "Transferred",
        S.DELAYED: "Delayed",
        S.STOPPED: "Stopped",
        S.RESULT_READY: "Result ready",
        S.RETURNED: "Returned",
    },
}

ACTION_LABELS_VI: dict[EventKind, str] = {
    K.RECEIVED: "tiếp nhận",
    K.SUPPLEMENT_REQUESTED: "yêu cầu bổ sung",
    K.SUPPLEMENT_RECEIVED: "nhận bổ sung",
    K.REFUSED: "từ chối",
    K.TRANSFERRED: "chuyển xử lý",
    K.DELAYED: "hẹn lại ngày trả",
    K.STOPPED: "dừng giải quyết",
    K.RESULT_READY: "ghi nhận có kết quả",
    K.RETURNED: "trả kết quả",
    K.APPLICANT_CORRECTED: "sửa thông tin người nộp",
    K.CONSENT_CHANGED: "ghi nhận đồng ý nhận tin nhắn",
    K.SCAN_ATTACHED: "đính kèm bản quét",
    K.SCAN_REMOVED: "gỡ bản quét",
}

def status_label(status: Status, lang: str = "vi") -> str:
    return STATUS_LABELS.get(lang, STATUS_LABELS["vi"])[status]


def legal_actions(status: Status) -> list[EventKind]:
    """Events a clerk may record next, in a stable order for menus."""
    return [kind for kind, (sources, _) in TRANSITIONS.items() if status in sources]


def check_transition(status: Status, kind: EventKind) -> Status:
    """The status after `kind`, or IllegalTransition naming both in the clerk's words."""
    if kind == K.RECEIVED or kind not in TRANSITIONS:
        raise IllegalTransition(
            f"Không thể {ACTION_LABELS_VI.get(kind, kind)} cho hồ sơ đã có.",
            f"Cannot record '{kind}' on an existing dossier.",
        )
    sources, target = TRANSITIONS[kind]
    if status not in sources:
        raise IllegalTransition(
            f"Không thể {ACTION_LABELS_VI[kind]}: hồ sơ đang ở trạng thái «{status_label(status)}».",
            f"Cannot {kind.replace('_', ' ')}: the dossier is '{status_label(status, 'en')}'.",
        )
    return target or status


@dataclass(frozen=True)
class Conflict:
    event_id: str
    kind: EventKind
    status_then: Status
    hlc: str


@dataclass
class Folded:
    status: Status
    due_at: datetime
    applicant: Applicant
    conflicts: list[Conflict] = field(default_factory=list)
    returned_to: str = ""
    last_hlc: str = ""
    applicant_hlc: str = ""  # stamp of the event that last set the applicant details


def ordered(events: Iterable[Event]) -> list[Event]:
    """The one order every replica uses."""
    return sorted(events, key=lambda e: (e.kind != K.RECEIVED, e.hlc, e.event_id))


def fold(events: Iterable[Event]) -> Folded:
    """The dossier's state from its events, deterministic whatever order they arrived in."""
    seq = ordered(events)
    if not seq or seq[0].kind != K.RECEIVED:
        raise InvalidInput("Hồ sơ không có sự kiện tiếp nhận.", "The dossier has no 'received' event.")
    first = received(seq[0])
    state = Folded(
        status=S.RECEIVED,
        due_at=first.due_at,
        applicant=first.applicant,
        last_hlc=seq[0].hlc,
        applicant_hlc=seq[0].hlc,
    )
    for event in seq[1:]:
        _apply(state, event)
    return state


def received(event: Event) -> payloads.Received:
    data = event.data
    assert isinstance(data, payloads.Received), event.kind
    return data


def _apply(state: Folded, event: Event) -> None:
    state.last_hlc = max(state.last_hlc, event.hlc)
    if event.kind == K.RECEIVED:  # a second "received" for the same dossier is always a conflict
        state.conflicts.append(Conflict(event.event_id, event.kind, state.status, event.hlc))
        return
    try:
        data = event.data  # an unreadable step is kept and reported, like an illegal one
        state.status = check_transition(state.status, event.kind)
    except (IllegalTransition, payloads.InvalidPayload):
        state.conflicts.append(Conflict(event.event_id, event.kind, state.status, event.hlc))
        return
    if isinstance(data, payloads.Delayed | payloads.SupplementReceived) and data.new_due_at:
        state.due_at = data.new_due_at
    elif isinstance(data, payloads.ApplicantCorrected):
        if data.based_on and data.based_on != state.applicant_hlc:  # edited concurrently
            state.conflicts.append(Conflict(event.event_id, event.kind, state.status, event.hlc))
        state.applicant = data.applicant.applied_to(state.applicant)
        state.applicant_hlc = event.hlc
    elif isinstance(data, payloads.Returned):
        state.returned_to = data.receiver_name
