"""The clerk's intake form as plain data: checked, turned into a receive request, kept as a draft.

The window copies its widgets into an `IntakeForm` (text exactly as typed), so one value serves the
checks run on each edit, the save, and the draft that survives a crash. Problems come back as
`Issue`s: applicant ones from core.validation (worded by core.messages), form ones with the codes in
FORM_CODES, which the window words itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete

from desk_app.core.consent import consent
from desk_app.core.dossiers import ReceiveRequest
from desk_app.core.messages import Issue, Severity
from desk_app.core.phone import check_phone
from desk_app.core.validation import normalise_applicant, validate_applicant
from desk_app.domain.catalogue import ProcedureDefinition
from desk_app.domain.errors import InvalidInput
from desk_app.domain.fees import FeeInputs, check_inputs, quote
from desk_app.domain.model import Applicant, Delivery, ReceivedDocument, Sex
from desk_app.domain.text import nfc
from desk_app.store.engine import Store
from desk_app.store.models import DraftRow

APPLICANT_KEYS = ("full_name", "personal_id", "date_of_birth", "sex", "phone", "email", "address")
FORM_CODES = (
    "procedure.required", "date_of_birth.format", "field.required", "field.date_format", "field.int_format",
    "documents.none", "document.no_copies", "document.missing_required", "delivery_address.required",
    "notify_phone.required", "fee.invalid",
)
_DAY = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})")


@dataclass
class DocumentLine:
    name: str
    ticked: bool = False
    originals: int = 0
    copies: int = 0


@dataclass
class IntakeForm:
    procedure_code: str = ""
    applicant: dict[str, str] = field(default_factory=dict)  # APPLICANT_KEYS; sex is "male"/"female"/""
    fields: dict[str, str] = field(default_factory=dict)  # procedure fields as typed
    documents: list[DocumentLine] = field(default_factory=list)
    sets: int = 1
    fee_vnd: int | None = None
    delivery: str = Delivery.COUNTER.value
    delivery_address: str = ""
    authority: str = ""  # competent unit's code when another commune decides; "" = the procedure's own
    notify: str = ""  # messages to the applicant: "" none, "sms" or "zalo"
    notify_phone: str = ""  # the number for them; blank: the applicant's phone
    fee_inputs: dict[str, Any] = field(default_factory=dict)  # what was counted for the fee (FeeInputs.to_json)

    def is_empty(self) -> bool:
        """Nothing the clerk would miss: a picked procedure alone is not worth a question."""
        typed = [*self.applicant.values(), *self.fields.values(), self.delivery_address]
        return not any(value.strip() for value in typed) and not any(d.ticked for d in self.documents)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> IntakeForm:
        """Tolerant of drafts written by an older or newer window: unknown keys are ignored."""
        raw: dict[str, Any] = json.loads(text)
        docs = [DocumentLine(str(d.get("name", "")), bool(d.get("ticked")), int(d.get("originals", 0)),
                             int(d.get("copies", 0))) for d in raw.get("documents", [])]
        fee = raw.get("fee_vnd")
        return cls(
            procedure_code=str(raw.get("procedure_code", "")),
            applicant={k: str(v) for k, v in raw.get("applicant", {}).items() if k in APPLICANT_KEYS},
            fields={str(k): str(v) for k, v in raw.get("fields", {}).items()},
            documents=docs, sets=int(raw.get("sets", 1)), fee_vnd=None if fee is None else int(fee),
            delivery=str(raw.get("delivery", Delivery.COUNTER.value)),
            delivery_address=str(raw.get("delivery_address", "")),
            authority=str(raw.get("authority", "")),
            notify=str(raw.get("notify", "")), notify_phone=str(raw.get("notify_phone", "")),
            fee_inputs=dict(raw.get("fee_inputs") or {}),
        )


def parse_day(text: str) -> date | None:
    """A date typed as dd/mm/yyyy (also with . - or space, or as ddmmyyyy); None when empty.

    Raises ValueError when the text is not a real date."""
    text = nfc(text)
    if not text:
        return None
    match = _DAY.fullmatch(text) or re.fullmatch(r"(\d{2})(\d{2})(\d{4})", text)
    if not match:
        raise ValueError(text)
    day, month, year = (int(part) for part in match.groups())
    return date(year, month, day)


def _applicant(form: IntakeForm) -> Applicant:
    """The applicant as typed (date must parse); raises ValueError on a malformed date of birth."""
    values = {key: form.applicant.get(key, "") for key in APPLICANT_KEYS}
    sex = values.pop("sex")
    born = parse_day(values.pop("date_of_birth"))
    return Applicant(**values, date_of_birth=born, sex=Sex(sex) if sex else None)


def applicant_issues(form: IntakeForm, today: date) -> list[Issue]:
    try:
        applicant = _applicant(form)
    except ValueError:
        value = form.applicant.get("date_of_birth", "")
        issue = Issue("date_of_birth", "date_of_birth.format", Severity.ERROR, {"value": value})
        applicant = _applicant(IntakeForm(applicant={**form.applicant, "date_of_birth": ""}))
        return [issue, *validate_applicant(normalise_applicant(applicant), today=today)]
    return validate_applicant(normalise_applicant(applicant), today=today)


def _field_issues(form: IntakeForm, defn: ProcedureDefinition) -> list[Issue]:
    issues = []
    for spec in defn.fields:
        value, where = nfc(form.fields.get(spec.key, "")), f"field:{spec.key}"
        if not value:
            if spec.required:
                issues.append(Issue(where, "field.required", Severity.ERROR, {"label": spec.label}))
            continue
        if spec.type == "date" and not _is_day(value):
            issues.append(Issue(where, "field.date_format", Severity.ERROR, {"label": spec.label, "value": value}))
        if spec.type == "int" and not re.fullmatch(r"[0-9]+", value):
            issues.append(Issue(where, "field.int_format", Severity.ERROR, {"label": spec.label, "value": value}))
    return issues


def _is_day(value: str) -> bool:
    try:
        return parse_day(value) is not None
    except ValueError:
        return False


def _document_issues(form: IntakeForm, defn: ProcedureDefinition) -> list[Issue]:
    lines = {line.name: line for line in form.documents}
    issues, kept = [], 0
    for spec in defn.documents:
        line = lines.get(spec.name) or DocumentLine(spec.name)
        where, params = f"document:{spec.name}", {"name": spec.name}
        if line.ticked and not spec.present_only:
            kept += 1
            if line.originals + line.copies <= 0:
                issues.append(Issue(where, "document.no_copies", Severity.ERROR, params))
        elif not line.ticked and spec.required:
            issues.append(Issue(where, "document.missing_required", Severity.WARNING, params))
    if not kept:
        issues.append(Issue("documents", "documents.none", Severity.ERROR))
    return issues


def check_form(form: IntakeForm, defn: ProcedureDefinition | None, today: date) -> list[Issue]:
    """Everything wrong with the form; errors block the save, warnings are only shown."""
    issues = applicant_issues(form, today)
    if defn is None:
        return [Issue("procedure", "procedure.required", Severity.ERROR), *issues]
    issues += _field_issues(form, defn) + _document_issues(form, defn)
    if form.delivery == Delivery.POST.value and not nfc(form.delivery_address):
        issues.append(Issue("delivery_address", "delivery_address.required", Severity.ERROR))
    return issues + _notify_issues(form) + _fee_issues(form, defn)


def fee_inputs(form: IntakeForm, defn: ProcedureDefinition) -> FeeInputs | None:
    """The counts the procedure's fee rule reads, from the form; None when it has no rule.
    Raises InvalidInput for a count out of range."""
    if defn.fee.rule is None:
        return None
    try:
        counted = FeeInputs.from_json(form.fee_inputs)
    except (TypeError, ValueError):
        raise InvalidInput("Số trang, số bản phải là số nguyên.", "Pages and copies must be whole numbers.") from None
    check_inputs(counted)
    return counted


def _fee_is_typed(defn: ProcedureDefinition) -> bool:
    """The clerk types the amount only where no rule computes it (format 1, or a rule in_text)."""
    return defn.fee.rule is None or defn.fee.rule.kind == "in_text"


def _fee_issues(form: IntakeForm, defn: ProcedureDefinition) -> list[Issue]:
    try:
        quote(defn.fee, fee_inputs(form, defn))
    except InvalidInput as exc:
        return [Issue("fee", "fee.invalid", Severity.ERROR,
                      {"detail_vi": exc.vi.rstrip("."), "detail_en": exc.en.rstrip(".")})]
    return []


def _notify_issues(form: IntakeForm) -> list[Issue]:
    """Messages need a number that takes them: the one typed for them, or else the applicant's phone."""
    if not form.notify:
        return []
    number = form.notify_phone or form.applicant.get("phone", "")
    if not number.strip():
        return [Issue("notify_phone", "notify_phone.required", Severity.ERROR)]
    return [replace(issue, field="notify_phone") for issue in check_phone(number)
            if issue.severity == Severity.ERROR]


def _field_value(spec_type: str, value: str) -> str:
    if spec_type == "date":
        day = parse_day(value)
        return day.isoformat() if day else ""
    return nfc(value)


def to_request(form: IntakeForm, defn: ProcedureDefinition) -> ReceiveRequest:
    """The receive request for a form that passed `check_form` (present-only papers are not kept)."""
    keep = {spec.name for spec in defn.documents if not spec.present_only}
    documents = [ReceivedDocument(line.name, line.originals, line.copies)
                 for line in form.documents if line.ticked and line.name in keep]
    fields = {spec.key: _field_value(spec.type, form.fields.get(spec.key, "")) for spec in defn.fields}
    return ReceiveRequest(
        procedure_code=defn.code, applicant=_applicant(form), documents=documents, sets=form.sets,
        fee_vnd=form.fee_vnd if _fee_is_typed(defn) else None, fee_inputs=fee_inputs(form, defn),
        delivery=Delivery(form.delivery), delivery_address=form.delivery_address,
        fields={key: value for key, value in fields.items() if value}, authority=form.authority or None,
        notify=consent(form.notify, form.notify_phone or form.applicant.get("phone", "")) if form.notify else None,
    )


class DraftService:
    """One draft per desk user, replaced on every autosave and deleted when the dossier is saved."""

    def __init__(self, store: Store, now: Callable[[], datetime] = datetime.now) -> None:
        self.store, self.now = store, now

    def save(self, username: str, form: IntakeForm) -> None:
        with self.store.write() as session:
            session.merge(DraftRow(username=username, body=form.to_json(),
                                   updated_at=self.now().isoformat(timespec="seconds")))

    def load(self, username: str) -> IntakeForm | None:
        """The user's draft, or None; a draft that no longer parses is dropped rather than crashing."""
        with self.store.read() as session:
            row = session.get(DraftRow, username)
            body = row.body if row else None
        if body is None:
            return None
        try:
            return IntakeForm.from_json(body)
        except (ValueError, TypeError, AttributeError):
            self.discard(username)
            return None

    def discard(self, username: str) -> None:
        with self.store.write() as session:
            session.execute(delete(DraftRow).where(DraftRow.username == username))
