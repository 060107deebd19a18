"""The public entry point for printing: one call per form, PDF (or XLSX) bytes back.

Pure functions of their inputs: the same dossier and context give byte-identical output, so a reprint
is the same document apart from its "BẢN IN LẠI" mark. Recording the print in the audit log is the
caller's job (see desk_app.cli.print_cmd).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime

from reportlab.lib.units import mm

from desk_app.domain.fee_ledger import CollectionSheet
from desk_app.domain.model import Dossier
from desk_app.printing import (
    apology,
    collection_sheet,
    control_sheet,
    fee_receipt,
    receipt,
    refusal,
    register_csv,
    register_pdf,
    register_xlsx,
    stop_notice,
    supplement,
)
from desk_app.printing.context import FormKind, PrintContext
from desk_app.printing.layout import register_metrics
from desk_app.printing.sheet import Sheet

_RENDERERS: dict[FormKind, Callable[[Dossier, Sheet], bytes]] = {
    FormKind.RECEIPT: receipt.render,
    FormKind.SUPPLEMENT: supplement.render,
    FormKind.REFUSAL: refusal.render,
    FormKind.APOLOGY: apology.render,
    FormKind.STOP: stop_notice.render,
    FormKind.CONTROL: control_sheet.render,
}


def render_form(kind: FormKind, dossier: Dossier, ctx: PrintContext) -> bytes:
    """PDF bytes of one form. Forms other than the receipt print from the dossier's latest event of
    their kind and raise ValueError (in Vietnamese) when there is none."""
    kind = FormKind(kind)
    return _RENDERERS[kind](dossier, Sheet.create(ctx, kind.value))


def render_register_pdf(dossiers: Sequence[Dossier], start: date, end: date, ctx: PrintContext) -> bytes:
    _check_period(start, end)
    sheet = Sheet.create(ctx, "register", register_metrics(ctx.paper))
    return register_pdf.render(dossiers, start, end, sheet)


def render_register_xlsx(dossiers: Sequence[Dossier], start: date, end: date, ctx: PrintContext) -> bytes:
    _check_period(start, end)
    sheet = Sheet.create(ctx, "register")
    return register_xlsx.render(dossiers, start, end, sheet.words, ctx.agency_name, ctx.printed_at or datetime.now())


def render_register_csv(dossiers: Sequence[Dossier], start: date, end: date, ctx: PrintContext) -> bytes:
    _check_period(start, end)
    return register_csv.render(dossiers, start, end, Sheet.create(ctx, "register").words)


def render_fee_receipt(dossier: Dossier, ctx: PrintContext) -> bytes:
    """The dossier's fee receipt (its standing one, else its latest), two copies; ValueError when none."""
    return fee_receipt.render(dossier, Sheet.create(ctx, "fee_receipt"))


def render_collection_sheet(data: CollectionSheet, ctx: PrintContext) -> bytes:
    """The day's collection sheet of one desk or one clerk."""
    wide = replace(register_metrics(ctx.paper), sign_space=15 * mm)  # the register leaves no room to sign
    return collection_sheet.render(data, Sheet.create(ctx, "collection_sheet", wide))


def _check_period(start: date, end: date) -> None:
    if start > end:
        raise ValueError(f"Khoảng thời gian không hợp lệ: từ ngày {start:%d/%m/%Y} sau đến ngày {end:%d/%m/%Y}.")
