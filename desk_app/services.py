"""The desk's services in one place: what the window, the CLI, sync and the tests all call.

`Desk.open(path)` creates or upgrades the database file, seeds a new one with Hanoi's units, the
holidays and the procedure catalogue, and hands out the services over it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from desk_app.core import audit, payments, procedure_search, published_wording, reference, replica, search, unit_search
from desk_app.core.accounts import AccountService
from desk_app.core.audit import AuditService
from desk_app.core.catalogue_db import DatabaseTarget
from desk_app.core.catalogue_stats import CatalogueStats, catalogue_stats
from desk_app.core.consent import consent
from desk_app.core.dossiers import DossierService, ReceiveResult
from desk_app.core.drafts import DraftService, IntakeForm, check_form, to_request
from desk_app.core.due import TimeRule, compute_due
from desk_app.core.handbook import published as handbook
from desk_app.core.handbook.retrieval import Answer, HandbookIndex
from desk_app.core.messages import Severity, ValidationFailed
from desk_app.core.procedure_search import ProcedureHit
from desk_app.core.scans import ScanService, scan_folder_for
from desk_app.core.settings import DeskSettings, load_settings, save_settings
from desk_app.core.subject import received_fields, subject_lines
from desk_app.domain.calendar import WorkCalendar
from desk_app.domain.catalogue import ProcedureDefinition, definition_from_json
from desk_app.domain.catalogue_import import FolderTarget, ImportReport, import_catalogue
from desk_app.domain.errors import DeskError, InvalidInput, PermissionDenied
from desk_app.domain.fees import FeeInputs, FeeLine, FeeQuote, quote
from desk_app.domain.handbook import HandbookEntry
from desk_app.domain.model import Dossier, EventKind
from desk_app.store.blobs import BlobStore
from desk_app.store.engine import Store
from desk_app.store.models import ProcedureRow, UnitRow

if TYPE_CHECKING:
    from desk_app.printing.context import PrintContext
    from desk_app.printing.layout import Paper


class Desk:
    def __init__(self, store: Store, now: Callable[[], datetime] = datetime.now) -> None:
        self.store = store
        self.now = now
        self.dossiers = DossierService(store, now)
        self.accounts = AccountService(store, now)
        self.audit = AuditService(store, now)
        self.drafts = DraftService(store, now)
        # Scanned papers (issue 12): `<database's folder>/<stem>-scans/`, content-addressed (store.blobs).
        self.scan_store = BlobStore(scan_folder_for(store.path))
        self.scans = ScanService(store, self.dossiers, self.scan_store, now)
        self._settings: DeskSettings | None = None
        self._calendar: WorkCalendar | None = None
        self._units: dict[str, reference.Unit] = {}
        self._procedures: dict[tuple, object] = {}
        self._procedure_index: list[procedure_search.IndexEntry] | None = None
        self._procedure_usage: dict[str, int] = {}
        self._unit_entries: list[unit_search.UnitEntry] | None = None
        self._handbook: HandbookIndex | None = None
        self._handbook_lock = threading.Lock()

    def reload(self) -> None:
        """Forget cached settings and calendar (after sync brings new reference data)."""
        self._settings = self._calendar = None
        self._units, self._procedures = {}, {}
        self._procedure_index = self._unit_entries = None
        self._handbook = None

    @classmethod
    def open(cls, path: Path | str, now: Callable[[], datetime] = datetime.now) -> Desk:
        desk = cls(Store.open(path), now)
        desk._seed_if_new()
        desk._sweep_scans()
        return desk

    def _sweep_scans(self) -> None:
        """Start-up housekeeping of the scan store (core.scans): cut writes and old orphans go. A folder
        that cannot be swept (read-only, a network share gone) never stops the desk from opening."""
        try:
            self.scans.sweep()
        except OSError:
            logging.getLogger(__name__).exception("Không dọn được kho bản quét %s", self.scan_store.root)

    def _seed_if_new(self) -> None:
        with self.store.write() as session:
            if session.scalar(select(func.count()).select_from(UnitRow)):
                return
            counts = reference.import_all(session)
            save_settings(session, load_settings(session))
            audit.append(session, "system", "reference.imported", "", counts.__dict__, at=self.now())

    def worker_sessions(self) -> Store:
        """A second connection to the same file, for a worker thread (WAL lets both read and write)."""
        return Store(self.store.path)

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # --- settings and reference data ---------------------------------------------------------

    @property
    def settings(self) -> DeskSettings:
        if self._settings is None:
            with self.store.read() as session:
                self._settings = load_settings(session)
        return self._settings

    def configure(self, actor: str = "system", **changes: Any) -> DeskSettings:
        with self.store.write() as session:
            if "unit_code" in changes:
                reference.unit(session, changes["unit_code"])  # NotFound on an unknown code
            updated = replace(load_settings(session), **changes)
            save_settings(session, updated)
            audit.append(session, actor, "settings.changed", "", {k: str(v) for k, v in changes.items()})
        self.reload()
        return updated

    def reimport_reference(self, actor: str = "system") -> reference.ImportCounts:
        with self.store.write() as session:
            counts = reference.import_all(session)
            audit.append(session, actor, "reference.imported", "", counts.__dict__, at=self.now())
        self.reload()
        return counts

    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            with self.store.read() as session:
                self._calendar = reference.calendar(session, self.settings.hours)
        return self._calendar

    # Units and definitions are looked up per dossier when printing a register: cached until reload().
    def unit(self, code: str) -> reference.Unit:
        if code not in self._units:
            with self.store.read() as session:
                self._units[code] = reference.unit(session, code)
        return self._units[code]

    def unit_entries(self) -> list[unit_search.UnitEntry]:
        """Every unit of the city for the unit picker, cached until reload()."""
        if self._unit_entries is None:
            with self.store.read() as session:
                rows = session.execute(select(UnitRow.code, UnitRow.name, UnitRow.name_alt, UnitRow.name_en))
                self._unit_entries = unit_search.unit_entries(rows.tuples())
        return self._unit_entries

    def procedure(self, code: str, on: datetime | None = None, version: int | None = None):
        day = (on or self.now()).date()
        key = (code, version) if version is not None else (code, day)
        if key not in self._procedures:
            with self.store.read() as session:
                self._procedures[key] = reference.procedure(session, code, day, version)
        return self._procedures[key]

    def find_procedures(self, query: str, limit: int = 30, *, wait_for_handbook: bool = True) -> list[ProcedureHit]:
        """The picker's search (core.procedure_search): index and this point's usage are cached until
        reload() or the next receipt, so a keystroke touches no database. When the names match nothing, the
        handbook finds procedures by the words citizens use; the window passes `wait_for_handbook=False`
        so a keystroke never waits for that index to be built (it is built in the background)."""
        if self._procedure_index is None:
            with self.store.read() as session:
                self._procedure_index = procedure_search.load_index(session)
                self._procedure_usage = procedure_search.usage_counts(session, self.settings.unit_code)
        hits = procedure_search.search(self._procedure_index, query, self._procedure_usage, limit)
        if hits or not query.strip():
            return hits
        # The name matches nothing: the words citizens use ("làm sổ hộ khẩu"), from the handbook.
        handbook_index = self.handbook_index() if wait_for_handbook else self._handbook
        if handbook_index is None:
            return []
        by_code = {entry.code: entry for entry in self._procedure_index}
        return [ProcedureHit(code, by_code[code].name, by_code[code].field, self._procedure_usage.get(code, 0))
                for code in handbook_index.find(query, limit) if code in by_code]

    def note_receipt(self) -> None:
        """A dossier was received: most-used order is recounted on the next search."""
        self._procedure_index = None

    def import_catalogue(self, path: Path | str, effective_from: date, into: Path | str | None = None,
                         actor: str = "system") -> ImportReport:
        """A published list into a forms folder (`into`) or, by default, this desk's own catalogue."""
        if into is not None:
            return import_catalogue(path, effective_from, FolderTarget(Path(into)))
        with self.store.write() as session:
            report = import_catalogue(path, effective_from, DatabaseTarget(session))
            if report.ok and (report.added or report.updated):
                audit.append(session, actor, "catalogue.imported", str(path), {
                    "added": len(report.added), "updated": len(report.updated)}, at=self.now())
        self.reload()
        return report

    def catalogue_stats(self) -> CatalogueStats:
        with self.store.read() as session:
            rows = session.scalars(select(ProcedureRow.definition_json)).all()
        return catalogue_stats(definition_from_json(text) for text in rows)

    # --- the handbook --------------------------------------------------------------------------

    def handbook_index(self) -> HandbookIndex:
        """Every procedure's entry, ready for questions; built once (~0.1 s for 28), again after reload()."""
        with self._handbook_lock:  # the window builds it on a worker; a question may come meanwhile
            if self._handbook is None:
                self._handbook = self._build_handbook_index()
            return self._handbook

    def _build_handbook_index(self) -> HandbookIndex:
        with self.store.read() as session:
            entries, names = handbook.current_entries(session, self.now().date())
        return HandbookIndex(entries, names)

    def handbook_entry(self, code: str) -> HandbookEntry:
        """The entry shown for a procedure: published by the city, shipped, or derived (NotFound if none)."""
        index = self.handbook_index()
        if code in index.entries:
            return index.entries[code]
        with self.store.read() as session:
            return handbook.entry_of(session, code, self.now().date())

    def ask(self, question: str, limit: int = 5) -> list[Answer]:
        """The best handbook passages for a clerk's question, each naming its procedure and sources."""
        return self.handbook_index().ask(question, limit)

    def change_consent(self, ref: str, channel: str | None, phone: str, actor: str) -> Dossier:
        """The applicant agrees to messages on `channel` (to `phone`, or their own phone when blank), or,
        with no channel, withdraws; recorded as a step like any other (issue 15)."""
        payload: dict[str, Any] = {"given": False}
        if channel:
            number = phone or self.dossiers.get_by_code(ref).applicant.phone
            payload = {"given": True, "consent": consent(channel, number).model_dump(mode="json")}
        return self.dossiers.apply(ref, EventKind.CONSENT_CHANGED, payload, actor)

    def due(self, procedure_code: str, received_at: datetime) -> tuple[datetime, TimeRule]:
        rule = TimeRule.parse(self.procedure(procedure_code, received_at).time_rule)
        return compute_due(rule, received_at, self.calendar()), rule

    # --- fees ----------------------------------------------------------------------------------

    def quote_fee(self, procedure_code: str, inputs: FeeInputs | None = None, on: datetime | None = None) -> FeeQuote:
        """The fee of a procedure (the version in force `on`, default now) for what was counted; NotFound
        for an unknown procedure, InvalidInput for counts out of range (the window and `desk-app fee`)."""
        return quote(self.procedure(procedure_code, on).fee, inputs)

    def fee_quote(self, code: str) -> FeeQuote:
        """The fee of a stored dossier, recomputed from its procedure version's rule and the counts its
        received event recorded. Where nothing was counted and the rule does not give the recorded
        amount (a dossier received before fee rules, or a figure the clerk typed), the recorded amount
        is the one line, so a receipt never shows a figure other than the one kept at intake."""
        dossier = self.dossiers.get_by_code(code)
        defn = self.procedure(dossier.procedure_code, version=dossier.procedure_version)
        received = next(e for e in dossier.history if e.kind == EventKind.RECEIVED)
        counted = received.payload.get("fee_inputs")
        inputs = FeeInputs.from_json(counted) if isinstance(counted, dict) else None
        try:
            recomputed = quote(defn.fee, inputs)
        except DeskError:
            recomputed = None
        if recomputed is None or recomputed.total_vnd != dossier.fee_vnd:
            rule = defn.fee.rule
            lines = (FeeLine(rule.name if rule else "Lệ phí", dossier.fee_vnd),) if dossier.fee_vnd else ()
            recomputed = FeeQuote(lines, defn.fee.text, rule.name if rule else "", rule.legal_basis if rule else "")
        # A receipt always names its fee and basis: a rule that says neither takes the procedure's.
        named = dossier.procedure_name.removeprefix("Thủ tục ")
        return replace(recomputed, fee_name=recomputed.fee_name or f"Phí, lệ phí {named[:1].lower()}{named[1:]}",
                       legal_basis=recomputed.legal_basis or defn.fee.text)

    # --- intake --------------------------------------------------------------------------------

    def receive_form(self, form: IntakeForm, definition: ProcedureDefinition, username: str) -> ReceiveResult:
        """Save the intake form as a dossier and drop the clerk's draft; ValidationFailed lists what
        blocks it (the same checks the form shows as the clerk types)."""
        issues = check_form(form, definition, self.now().date())
        errors = [issue for issue in issues if issue.severity == Severity.ERROR]
        if errors:
            raise ValidationFailed(errors)
        result = self.dossiers.receive(to_request(form, definition), username)
        self.drafts.discard(username)
        return result

    # --- sync ----------------------------------------------------------------------------------

    def sync_overview(self, *, review: bool = True) -> replica.Overview:
        """The sync state and what waits; with `review`, also what a supervisor must look at (a scan)."""
        with self.store.read() as session:
            return replica.overview(session, review=review)

    def held_events(self) -> list[replica.Held]:
        """Events held back from the city, with the reason and the dossier's code, for a supervisor."""
        with self.store.read() as session:
            return replica.held(session)

    # --- lists ---------------------------------------------------------------------------------

    def search(self, query: search.Query) -> list[Dossier]:
        settings = self.settings
        calendar = self.calendar()
        with self.store.read() as session:
            return search.search(session, query, calendar, self.now(), settings.due_soon_days)

    def view_counts(self) -> dict[str, int]:
        settings, calendar = self.settings, self.calendar()
        with self.store.read() as session:
            return search.count_by_view(session, calendar, self.now(), settings.due_soon_days)

    # --- printing support ----------------------------------------------------------------------

    def print_context(self, *, paper: Paper | None = None, reprint: bool = False) -> PrintContext:
        from desk_app.printing.context import PrintContext

        settings = self.settings
        unit = self.unit(settings.unit_code)
        return PrintContext(
            agency_name=f"UBND {unit.name}".upper(),
            section_name="",  # the wording set's own name for the section
            place_name=settings.place_name,
            lookup_base_url=settings.lookup_base_url,
            paper=paper or settings.paper,
            wording_set=settings.wording_set,
            reprint=reprint,
            training=settings.training,
            people=tuple((user.username, user.full_name) for user in self.accounts.list()),
            wording_dirs=self._published_wording_dirs(),
        )

    def register_context(self, *, paper: Paper | None = None) -> PrintContext:
        """For the register of a period: dated the moment it is made, not the period's end (this month's
        register, made on the 10th, was dated the 31st)."""
        return replace(self.print_context(paper=paper), printed_at=self.now().replace(second=0, microsecond=0))

    def _published_wording_dirs(self) -> tuple[str, ...]:
        """The folder where sync installs city-published wording (see core.published_wording)."""
        folder = published_wording.folder_for(self.store.path)
        return (str(folder),) if folder.is_dir() else ()

    def authority_name(self, code: str, level: str = "commune", named: str = "") -> str:
        """What the forms print for a competent authority kept as a unit code.

        `named` is the definition's competent_authority: for a procedure decided at city level it names
        the department (e.g. the land registration office), which the city code alone cannot say."""
        if not (code.isdigit() and len(code) in (2, 5)):
            return code  # already a name (older data, or typed by the city)
        if code == reference.CITY_CODE and level == "city" and named:
            return named
        prefix = "Công an" if level == "commune_police" else "UBND"
        return f"{prefix} {self.unit(code).name}"

    def for_print(self, dossier: Dossier) -> Dossier:
        """The dossier with authority codes turned into the names the forms show."""
        defn = self.procedure(dossier.procedure_code, version=dossier.procedure_version)
        level, named = defn.authority_level, defn.competent_authority
        history = tuple(
            replace(e, payload={**e.payload, "to_authority": self.authority_name(e.payload["to_authority"], level)})
            if e.kind == EventKind.TRANSFERRED and e.payload.get("to_authority") else e
            for e in dossier.history
        )
        return replace(dossier, authority=self.authority_name(dossier.authority, level, named), history=history,
                       subject=subject_lines(defn, received_fields(dossier)))

    def subject(self, dossier: Dossier) -> tuple[tuple[str, str], ...]:
        """The procedure's key facts of `dossier` (the child of a birth registration, ...), label and value."""
        defn = self.procedure(dossier.procedure_code, version=dossier.procedure_version)
        return subject_lines(defn, received_fields(dossier))

    def print_form(self, kind: str, ref: str, actor: str, *, paper: Paper | None = None) -> bytes:
        """PDF of one form of a dossier, marked as a reprint when printed before; the print is audited.
        `actor` is only the one who printed (the audit log): the form names the people of its events.

        Renderer refusals (no such event, a bad wording file) raise ValueError / WordingError.
        """
        from desk_app.printing import FormKind, render_form
        from desk_app.printing.events import receipt_round

        form = FormKind(kind)
        dossier = self.dossiers.get_by_code(ref) if "-" in ref else self.dossiers.get(ref)
        # After papers came in and the time restarted, the citizen gets a new receipt: a first print again.
        round_ = receipt_round(dossier) if form == FormKind.RECEIPT else 0
        reprint = self.printed_before(dossier.code, form.value, round_)
        ctx = self.print_context(paper=paper, reprint=reprint)
        if reprint:
            ctx = replace(ctx, printed_at=self.now().replace(second=0, microsecond=0))
        data = render_form(form, self.for_print(dossier), ctx)
        details = {"form": form.value, "reprint": reprint, **({"round": round_} if round_ else {})}
        self.audit.record(actor, "print", dossier.code, details)
        return data

    def printed_before(self, code: str, form: str, round_: int = 0) -> bool:
        """Whether this form of this dossier (this round of its receipt) is already in the audit log, so the
        next print is a reprint."""
        return any(e["details"].get("form") == str(form) and e["details"].get("round", 0) == round_
                   for e in self.audit.entries(code, "print"))

    # --- fees (issue 11): payments, receipts, the daily collection sheet ------------------------

    def pay(self, code: str, method: str, actor: str, *, reference: str = "", reason: str = "",
            amount: int | None = None, correct: str = "") -> Dossier:
        """Record the fee paid for a dossier (a new receipt); with `correct` (why), cancel its receipt and issue
        this one instead. The amount is the quote's unless given (a fee set out only in its text)."""
        quote = self.fee_quote(code)
        total = quote.total_vnd if amount is None else amount
        lines = [{"label": line.label, "amount_vnd": line.amount_vnd} for line in quote.lines] \
            if amount is None or amount == quote.total_vnd else [{"label": quote.fee_name, "amount_vnd": total}]
        if amount is None and total == 0 and method != "exempt":
            raise InvalidInput("Thủ tục này không có mức thu xác định trong danh mục: hãy ghi số tiền thu "
                               "(--amount) theo văn bản quy định, hoặc chọn «Miễn».",
                               "This procedure has no set amount: give the amount, or choose 'exempt'.")
        payload: dict[str, Any] = {
            "method": method, "amount_vnd": total, "lines": lines, "fee_name": quote.fee_name,
            "legal_basis": quote.legal_basis, "payer": self.dossiers.get_by_code(code).applicant.full_name,
            **({"reference": reference.strip()} if reference.strip() and method == "transfer" else {}),
            **({"exempt_reason": reason.strip()} if reason.strip() and method == "exempt" else {}),
        }
        if correct:
            payload["reason"] = correct
            return self.dossiers.apply(code, EventKind.PAYMENT_CORRECTED, payload, actor)
        return self.dossiers.apply(code, EventKind.PAYMENT_RECORDED, payload, actor)

    def correct_payment(self, code: str, method: str, actor: str, why: str, **given: Any) -> Dossier:
        if not why.strip():
            raise InvalidInput("Điều chỉnh biên lai: cần ghi lý do điều chỉnh.", "A correction needs its reason.")
        return self.pay(code, method, actor, correct=why, **given)

    def refund(self, code: str, actor: str, reason: str = "") -> Dossier:
        """Give back the fee of the dossier's standing receipt (a refusal or a stop at reception)."""
        if not reason.strip():
            dossier = self.dossiers.get_by_code(code)
            closing = [e for e in dossier.history if e.kind in (EventKind.REFUSED, EventKind.STOPPED)]
            reason = getattr(closing[-1].data, "reason", "") if closing else ""
        return self.dossiers.apply(code, EventKind.PAYMENT_REFUNDED, {"reason": reason}, actor)

    def ledger(self, code: str) -> payments.Ledger:
        return payments.ledger(self.dossiers.history(code))

    def collection_sheet(self, day: date, clerk: str = "") -> payments.CollectionSheet:
        with self.store.read() as session:
            return payments.sheet(session, self.settings, day, clerk)

    def print_fee_receipt(self, ref: str, actor: str, *, paper: Paper | None = None) -> bytes:
        """PDF of the dossier's fee receipt in two copies; a second print of the same receipt is marked as a
        reprint, as the other forms are (a correction's new receipt is a first print again)."""
        from desk_app.printing.fee_receipt import current_receipt
        from desk_app.printing.render import render_fee_receipt

        dossier = self.dossiers.get_by_code(ref) if "-" in ref else self.dossiers.get(ref)
        label = current_receipt(dossier).label  # ValueError (in Vietnamese) when there is none
        reprint = any(e["details"].get("form") == "fee_receipt" and e["details"].get("receipt") == label
                      for e in self.audit.entries(dossier.code, "print"))
        ctx = self.print_context(paper=paper, reprint=reprint)
        if reprint:
            ctx = replace(ctx, printed_at=self.now().replace(second=0, microsecond=0))
        data = render_fee_receipt(dossier, ctx)
        self.audit.record(actor, "print", dossier.code, {"form": "fee_receipt", "receipt": label, "reprint": reprint})
        return data

    def print_collection_sheet(self, day: date, actor: str, clerk: str = "", *, paper: Paper | None = None) -> bytes:
        from desk_app.printing.render import render_collection_sheet

        data = render_collection_sheet(self.collection_sheet(day, clerk), self.register_context(paper=paper))
        self.audit.record(actor, "print", "collection_sheet", {"form": "collection_sheet", "day": day.isoformat(),
                                                               "clerk": clerk})
        return data

    def close_day(self, day: date, actor: str) -> payments.DayClosed:
        """The supervisor closes the day's collection: it takes no more money steps from then on."""
        user = next((u for u in self.accounts.list() if u.username == actor), None)
        if user is None or user.role not in ("supervisor", "admin"):
            raise PermissionDenied(f"Chỉ giám sát viên mới khoá sổ thu phí trong ngày («{actor}» không phải).",
                                   "Only a supervisor closes the day's collection.")
        with self.store.write() as session:
            closed = payments.close_day(session, self.settings, day, actor, self.now())
            audit.append(session, actor, "fees.day_closed", day.isoformat(),
                         {"total_vnd": closed.total_vnd, "receipts": closed.receipts}, at=self.now())
        return closed
