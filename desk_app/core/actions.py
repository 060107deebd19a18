"""The steps a clerk records from a dossier's detail screen: what each must ask for, the problems in
what was typed, and the payload it becomes.

No Qt here: the action forms only collect text and show the problems found by `check`. The service
(`DossierService.apply`) stays the authority: it fills times and old dates, and refuses what depends
on the moment (a delay after the due date, a new date before the old one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from desk_app.core.messages import Severity
from desk_app.core.personal_id import check_personal_id, clean_personal_id
from desk_app.core.phone import PhoneError, check_phone, normalise_phone
from desk_app.domain.lifecycle import legal_actions
from desk_app.domain.model import Event, EventKind, Status
from desk_app.domain.payloads import SupplementRequested
from desk_app.domain.text import nfc

K = EventKind


class Need(StrEnum):
    """One thing an action form asks for."""

    ITEMS = "items"  # what to supplement: one "document: reason" per line
    GUIDE = "guide"  # who guided the applicant (name, phone); optional
    DEADLINE = "deadline"  # the day the citizen is asked to supplement by
    DOCUMENTS = "documents"  # supplementary documents received: one per line
    REASON = "reason"
    NEW_DUE = "new_due_at"
    AUTHORITY = "to_authority"  # competent unit's code
    HANDED_TO = "handed_to"  # the officer or department there who takes the dossier; optional
    RECEIVER = "receiver_name"  # who collected the result: name, personal ID, the applicant or on their behalf
    NOTE = "note"  # optional remark kept in the log


# The steps the detail screen offers and what each form asks for, in the order the form shows them.
NEEDS: dict[EventKind, tuple[Need, ...]] = {
    K.SUPPLEMENT_REQUESTED: (Need.ITEMS, Need.DEADLINE, Need.GUIDE),
    K.SUPPLEMENT_RECEIVED: (Need.DOCUMENTS, Need.NOTE),
    K.REFUSED: (Need.REASON,),
    K.TRANSFERRED: (Need.AUTHORITY, Need.HANDED_TO, Need.NOTE),
    K.DELAYED: (Need.NEW_DUE, Need.REASON),
    K.STOPPED: (Need.REASON,),
    K.RESULT_READY: (Need.NOTE,),
    K.RETURNED: (Need.RECEIVER, Need.NOTE),
}

OPTIONAL = frozenset({Need.GUIDE, Need.NOTE, Need.HANDED_TO})


@dataclass(frozen=True)
class StepInput:
    """What the clerk typed into an action form (free text; parsed here)."""

    reason: str = ""
    items_text: str = ""
    guide_name: str = ""
    guide_phone: str = ""
    deadline: date | None = None
    new_due_at: datetime | None = None
    to_authority: str = ""
    handed_to: str = ""
    receiver_name: str = ""
    receiver_personal_id: str = ""
    collected_by_applicant: bool = True
    documents_text: str = ""
    note: str = ""


@dataclass(frozen=True)
class Problem:
    need: Need
    # "required", "item_name" (a line with a reason but no document), "authority_code", "guide_name" (a
    # guide's name with digits: the phone typed in the wrong box), "guide_phone" (not a Vietnamese number),
    # "receiver_id" (not a 12-digit personal ID), "receiver_id_required" (someone else collects: say who)
    code: str


def step_actions(status: Status) -> list[EventKind]:
    """Steps offered for a dossier in `status`, in the lifecycle's stable order."""
    return [kind for kind in legal_actions(status) if kind in NEEDS]


def parse_lines(text: str) -> list[str]:
    return [line for line in (nfc(raw).strip(" \t-•") for raw in text.splitlines()) if line]


def parse_items(text: str) -> list[dict[str, str]]:
    """'Tờ khai: thiếu chữ ký' per line -> [{'item': 'Tờ khai', 'reason': 'thiếu chữ ký'}]."""
    items = []
    for line in parse_lines(text):
        item, _, reason = line.partition(":")
        items.append({"item": item.strip(), "reason": reason.strip()})
    return items


def check(kind: EventKind, given: StepInput, today: date | None = None) -> list[Problem]:
    """Problems in what was typed, one per field at most, before anything is written. With `today`, a
    supplement's deadline must come after it."""
    problems = []
    for need in NEEDS[kind]:
        code = _problem(need, given)
        if need == Need.DEADLINE and not code and today is not None and given.deadline is not None \
                and given.deadline <= today:
            code = "deadline_past"
        if code:
            problems.append(Problem(need, code))
    return problems


def _problem(need: Need, given: StepInput) -> str:
    if need == Need.GUIDE:
        return _guide_problem(given)
    if need in OPTIONAL:
        return ""
    if need == Need.ITEMS:
        items = parse_items(given.items_text)
        if not items:
            return "required"
        return "item_name" if any(not item["item"] for item in items) else ""
    if need == Need.DOCUMENTS:
        return "" if parse_lines(given.documents_text) else "required"
    if need == Need.NEW_DUE:
        return "" if given.new_due_at else "required"
    if need == Need.DEADLINE:
        return "" if given.deadline else "required"
    if need == Need.AUTHORITY:
        code = given.to_authority.strip()
        if not code:
            return "required"
        return "" if code.isdigit() and len(code) in (2, 5) else "authority_code"
    if need == Need.RECEIVER:
        return _receiver_problem(given)
    return "" if nfc(given.reason).strip() else "required"


def _receiver_problem(given: StepInput) -> str:
    if not nfc(given.receiver_name).strip():
        return "required"
    digits = clean_personal_id(given.receiver_personal_id)
    if not digits:
        return "" if given.collected_by_applicant else "receiver_id_required"
    return "receiver_id" if any(i.severity == Severity.ERROR for i in check_personal_id(digits, None, None)) else ""


def _guide_problem(given: StepInput) -> str:
    if any(char.isdigit() for char in given.guide_name):
        return "guide_name"
    return "guide_phone" if any(i.severity == Severity.ERROR for i in check_phone(given.guide_phone)) else ""


def payload(kind: EventKind, given: StepInput) -> dict[str, Any]:
    """The event payload for `DossierService.apply` (it adds times and old dates itself)."""
    out: dict[str, Any] = {}
    for need in NEEDS[kind]:
        out.update(_part(need, given))
    return {key: value for key, value in out.items() if value not in ("", None, [])}


def _part(need: Need, given: StepInput) -> dict[str, Any]:
    if need == Need.ITEMS:
        return {"items": parse_items(given.items_text)}
    if need == Need.GUIDE:
        return {"guide_name": nfc(given.guide_name).strip(), "guide_phone": _phone(given.guide_phone)}
    if need == Need.DOCUMENTS:
        return {"documents": [{"name": name, "originals": 1, "copies": 0}
                              for name in parse_lines(given.documents_text)]}
    if need == Need.NEW_DUE:
        return {"new_due_at": given.new_due_at.replace(microsecond=0).isoformat() if given.new_due_at else None}
    if need == Need.AUTHORITY:
        return {"to_authority": given.to_authority.strip()}
    if need == Need.DEADLINE:
        return {"deadline": given.deadline.isoformat() if given.deadline else None}
    if need == Need.RECEIVER:
        return {"receiver_name": nfc(given.receiver_name).strip(),
                "receiver_personal_id": clean_personal_id(given.receiver_personal_id),
                "for_applicant": not given.collected_by_applicant}
    text = {Need.REASON: given.reason, Need.NOTE: given.note, Need.HANDED_TO: given.handed_to}[need]
    return {need.value: nfc(text).strip()}


def _phone(value: str) -> str:
    """The national form (0912345678) of a number `check` let through; as typed if foreign."""
    try:
        return normalise_phone(value)
    except PhoneError:
        return value.strip()


SUPPLEMENT_DAYS = 5  # the deadline offered: five working days to bring what is missing


def item_lines(text: str, name: str, wanted: bool) -> str:
    """The items text with a line for `name` added (as "name: ", for its reason) or its lines taken out:
    papers ticked in the procedure's checklist join what was typed free."""
    lines = [line for line in text.splitlines() if line.strip()]
    mine = [line for line in lines if nfc(line).strip(" \t-•").partition(":")[0].strip() == name]
    if wanted and not mine:
        lines.append(f"{name}: ")
    if not wanted:
        lines = [line for line in lines if line not in mine]
    return "\n".join(lines)


def latest_request(history: Iterable[Event]) -> SupplementRequested | None:
    requests = [e for e in history if e.kind == K.SUPPLEMENT_REQUESTED]
    if not requests:
        return None
    latest = max(requests, key=lambda e: e.hlc).data
    return latest if isinstance(latest, SupplementRequested) else None


def requested_items(history: Iterable[Event]) -> list[str]:
    """Documents asked for by the latest supplement request: the default list when they arrive."""
    latest = latest_request(history)
    return [item.item for item in latest.items] if latest else []


def supplement_deadline(history: Iterable[Event]) -> date | None:
    """The day the latest supplement request gave the citizen (None: no request, or none given)."""
    latest = latest_request(history)
    return latest.deadline if latest else None
