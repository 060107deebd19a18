"""The status fold: deterministic whatever order events arrive in; contradictions become conflicts."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain.lifecycle import fold, legal_actions
from desk_app.domain.model import Event, EventKind, Status

K = EventKind
RECEIVED = {
    "code": "09661-260310-1001", "lookup_key": "k", "receiving_unit": "09661", "authority": "09661",
    "procedure_code": "1.001193", "procedure_version": 1, "procedure_name": "Đăng ký khai sinh",
    "applicant": {"full_name": "Lê Thị Hoa"}, "documents": [{"name": "Tờ khai", "originals": 1}], "sets": 1,
    "fee_vnd": 0, "received_at": "2026-03-10T09:30:00", "due_at": "2026-03-13T09:30:00",
    "due_rule": "working_days:3", "due_rule_text": "03 ngày làm việc", "delivery": "counter",
}


def _event(n: int, kind: EventKind, hlc_ms: int, desk: str = "desk-a", **payload) -> Event:
    if kind == K.RECEIVED:
        payload = {**RECEIVED, **payload}
    stamp = f"{hlc_ms:013d}-0000-{desk}"
    return Event(f"e{n:03d}", "d1", kind, payload, "clerk", desk, stamp, datetime(2026, 3, 10, 9, 0))


def test_returned_at_the_desk_while_refused_at_the_city_keeps_the_first_and_flags_the_other():
    received = _event(0, K.RECEIVED, 1000)
    ready = _event(1, K.RESULT_READY, 2000, desk="city")
    returned = _event(2, K.RETURNED, 3000, receiver_name="Lê Thị Hoa", returned_at="2026-03-11T09:00:00")
    refused_at_city = _event(3, K.REFUSED, 2500, desk="city", reason="Thiếu giấy tờ")
    state = fold([returned, refused_at_city, ready, received])
    # HLC order: received, ready(2000), refused(2500: illegal after ready), returned(3000)
    assert state.status == Status.RETURNED
    assert [(c.event_id, c.kind, c.status_then) for c in state.conflicts] == [
        ("e003", K.REFUSED, Status.RESULT_READY)
    ]


def test_a_second_received_event_for_the_same_dossier_is_a_conflict():
    state = fold([_event(0, K.RECEIVED, 1000), _event(1, K.RECEIVED, 1500, desk="desk-b")])
    assert state.status == Status.RECEIVED
    assert len(state.conflicts) == 1


def test_delay_moves_the_due_date_and_correction_updates_the_applicant():
    state = fold([
        _event(0, K.RECEIVED, 1000),
        _event(1, K.DELAYED, 2000, old_due_at="2026-03-13T09:30:00", new_due_at="2026-03-20T09:30:00", reason="x"),
        _event(2, K.APPLICANT_CORRECTED, 3000, applicant={"full_name": "Lê Thị Hoà"}),
    ])
    assert state.status == Status.DELAYED
    assert state.due_at == datetime(2026, 3, 20, 9, 30)
    assert state.applicant.full_name == "Lê Thị Hoà"


def test_legal_actions_follow_the_one_stop_rules():
    assert K.RETURNED not in legal_actions(Status.RECEIVED)
    assert legal_actions(Status.RESULT_READY) == [K.RETURNED, K.APPLICANT_CORRECTED, K.CONSENT_CHANGED,
                                                  K.SCAN_ATTACHED, K.SCAN_REMOVED]
    assert legal_actions(Status.RETURNED) == [K.SCAN_ATTACHED]  # digitising the archive after the return
    assert legal_actions(Status.SUPPLEMENT_REQUESTED) == [
        K.SUPPLEMENT_RECEIVED, K.REFUSED, K.STOPPED, K.APPLICANT_CORRECTED, K.CONSENT_CHANGED, K.SCAN_ATTACHED,
        K.SCAN_REMOVED,
    ]


_KINDS = st.sampled_from([k for k in EventKind if k not in (K.RECEIVED, K.APPLICANT_CORRECTED)])
_PAYLOAD = {"given": False, "reason": "r", "receiver_name": "n", "old_due_at": "2026-03-13T09:30:00",
            "new_due_at": "2026-03-20T09:30:00", "items": [{"item": "Tờ khai"}],
            "documents": [{"name": "Tờ khai", "originals": 1}],
            "to_authority": "09661", "returned_at": "2026-03-21T09:30:00",
            "document": "Tờ khai", "sha256": "a" * 64, "size": 1000, "pages": 1}


@given(st.lists(st.tuples(_KINDS, st.integers(1001, 5000), st.sampled_from(["a", "b", "city"])), max_size=12),
       st.randoms())
def test_every_arrival_order_gives_the_same_state(steps, rnd):
    events = [_event(0, K.RECEIVED, 1000)] + [
        _event(i + 1, kind, ms, desk=desk, **_PAYLOAD) for i, (kind, ms, desk) in enumerate(steps)
    ]
    expected = fold(events)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    again = fold(shuffled)
    assert (again.status, again.due_at, again.conflicts) == (expected.status, expected.due_at, expected.conflicts)
    assert len(expected.conflicts) + _applied(events) == len(events) - 1


def _applied(events: list[Event]) -> int:
    """Events that changed the state: replaying only those gives no conflict."""
    state = fold(events)
    conflicted = {c.event_id for c in state.conflicts}
    kept = [e for e in events if e.event_id not in conflicted]
    assert fold(kept).conflicts == [] and fold(kept).status == state.status
    return len(kept) - 1


def test_two_desks_correcting_the_applicant_offline_is_flagged_and_the_later_stamp_wins():
    received = _event(0, K.RECEIVED, 1000)
    at_a = _event(1, K.APPLICANT_CORRECTED, 2000, desk="a", applicant={"phone": "0911111111"},
                  based_on=received.hlc)
    at_b = _event(2, K.APPLICANT_CORRECTED, 3000, desk="b", applicant={"phone": "0922222222"},
                  based_on=received.hlc)  # desk b had not seen desk a's correction
    state = fold([at_b, received, at_a])
    assert state.applicant.phone == "0922222222"
    assert [(c.event_id, c.kind) for c in state.conflicts] == [("e002", K.APPLICANT_CORRECTED)]


def test_a_correction_made_after_seeing_the_previous_one_is_not_a_conflict():
    received = _event(0, K.RECEIVED, 1000)
    first = _event(1, K.APPLICANT_CORRECTED, 2000, desk="a", applicant={"phone": "0911111111"},
                   based_on=received.hlc)
    second = _event(2, K.APPLICANT_CORRECTED, 3000, desk="b", applicant={"phone": "0922222222"},
                    based_on=first.hlc)
    assert fold([received, first, second]).conflicts == []
