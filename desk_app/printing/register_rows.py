"""One row of the Sổ theo dõi hồ sơ per dossier, shared by the PDF and the XLSX so columns match."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desk_app.domain.fee_ledger import ledger
from desk_app.domain.model import Dossier, EventKind
from desk_app.domain.payloads import Delayed, PaymentMethod, Returned, Transferred
from desk_app.domain.text import nfc
from desk_app.printing import vn_dates
from desk_app.printing.events import data_of, ordered

# Which events earn a remark in the "Ghi chú" column, and the wording key of that remark.
_NOTE_KEYS = {
    EventKind.SUPPLEMENT_REQUESTED: "note_supplement",
    EventKind.REFUSED: "note_refused",
    EventKind.DELAYED: "note_delayed",
    EventKind.STOPPED: "note_stopped",
}


@dataclass(frozen=True)
class RegisterRow:
    entry: int
    code: str
    procedure: str
    sets: int
    applicant: str
    address_phone: str
    authority: str
    received_at: datetime
    due_at: datetime
    transferred_to: str
    transferred_at: datetime | None
    result_at: datetime | None
    returned_at: datetime | None
    returned_to: str
    note: str
    fee_paid_vnd: int = 0  # fees (issue 11): the standing receipt's amount (0 once refunded or none)
    fee_receipt: str = ""  # its series/number, "(miễn)" for an exemption

    def fee_cells(self) -> list[Any]:
        """The register's fee columns (wording `fee_columns`), after the 13 of the form."""
        return [self.fee_paid_vnd, self.fee_receipt]

    def cells(self) -> list[Any]:
        """The row's 13 register columns, times as datetimes (XLSX keeps them as date cells)."""
        return [
            self.entry, self.code, self.procedure, self.sets, self.applicant, self.address_phone, self.authority,
            self.received_at, self.due_at, _joined(self.transferred_to, self.transferred_at), self.result_at,
            _joined(self.returned_to, self.returned_at), self.note,
        ]


def _joined(name: str, at: datetime | None) -> str:
    return " - ".join(p for p in (vn_dates.short_datetime(at) if at else "", name) if p)


def in_period(dossiers: Sequence[Dossier], start: date, end: date) -> list[Dossier]:
    """Dossiers received in [start, end], in the order they were received."""
    chosen = [d for d in dossiers if start <= d.received_at.date() <= end]
    return sorted(chosen, key=lambda d: (d.received_at, d.code))


def register_rows(dossiers: Sequence[Dossier], start: date, end: date,
                  words: Mapping[str, Any]) -> list[RegisterRow]:
    return [_row(d, i, words) for i, d in enumerate(in_period(dossiers, start, end), start=1)]


def _row(dossier: Dossier, index: int, words: Mapping[str, Any]) -> RegisterRow:
    events = ordered(dossier)
    applicant = dossier.applicant
    transfer = _last(events, EventKind.TRANSFERRED)
    returned = _last(events, EventKind.RETURNED)
    result = _last(events, EventKind.RESULT_READY)
    return RegisterRow(
        entry=dossier.register_entry or index, code=dossier.code, procedure=nfc(dossier.procedure_name),
        sets=dossier.sets, applicant=nfc(applicant.full_name),
        address_phone=nfc(", ".join(p for p in (applicant.address, applicant.phone) if p)),
        authority=nfc(dossier.authority), received_at=dossier.received_at, due_at=_due(dossier, events),
        transferred_to=nfc(data_of(transfer, Transferred).to_authority) if transfer else "",
        transferred_at=transfer.wall_time if transfer else None,
        result_at=result.wall_time if result else None,
        returned_at=_returned_at(returned),
        returned_to=nfc(data_of(returned, Returned).receiver_name) if returned else "",
        note=_note(dossier, events, words), **_fee(dossier),
    )


def _fee(dossier: Dossier) -> dict[str, Any]:
    live = ledger(list(dossier.history)).live
    if live is None:
        return {}
    exempt = live.data.method == PaymentMethod.EXEMPT
    return {"fee_paid_vnd": live.data.amount_vnd, "fee_receipt": live.label + (" (miễn)" if exempt else "")}


def fee_header(words: Mapping[str, Any]) -> list[str]:
    """The fee columns' headings, after the form's 13; none when the wording set has none (older files)."""
    return list(words.get("fee_columns", ()))


def _last(events: list[Any], kind: EventKind) -> Any:
    matching = [e for e in events if e.kind == kind]
    return matching[-1] if matching else None


def _due(dossier: Dossier, events: list[Any]) -> datetime:
    """The appointment in force: the latest delay's new date, else the original one."""
    delay = _last(events, EventKind.DELAYED)
    return data_of(delay, Delayed).new_due_at if delay else dossier.due.due_at


def _returned_at(event: Any) -> datetime | None:
    if event is None:
        return None
    return data_of(event, Returned).returned_at


def _note(dossier: Dossier, events: list[Any], words: Mapping[str, Any]) -> str:
    kinds = dict.fromkeys(e.kind for e in events if e.kind in _NOTE_KEYS)
    remarks = [words[_NOTE_KEYS[k]] for k in kinds]
    if dossier.notes:
        remarks.append(nfc(dossier.notes))
    return "; ".join(remarks)

