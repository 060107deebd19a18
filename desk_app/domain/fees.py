"""What a dossier costs the citizen: a quote (lines and total, in whole đồng) from the procedure's fee
rule and what the clerk counted at the counter (pages of each original, copies).

This first version reads the single figure of the definition's `fee` (amount_vnd per dossier, 0 when
free or set out only in its text); the fee rules of issue 11 (per copy, per page with tiers and a cap,
exemptions…) extend `quote()` behind the same signature, so payments and receipts do not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desk_app.domain.catalogue import FeeSpec


@dataclass(frozen=True)
class FeeInputs:
    """What the clerk counts: pages of each original (one number per original) and copies wanted."""

    pages: tuple[int, ...] = ()
    copies: int = 1


@dataclass(frozen=True)
class FeeLine:
    label: str  # in the clerk's words, printed on the receipt's breakdown
    amount_vnd: int


@dataclass(frozen=True)
class FeeQuote:
    lines: tuple[FeeLine, ...] = field(default_factory=tuple)
    note: str = ""  # e.g. the fee's text when no figure applies
    fee_name: str = ""  # the fee's name as the receipt prints it
    legal_basis: str = ""  # the text that sets it (circular, resolution)

    @property
    def total_vnd(self) -> int:
        return sum(line.amount_vnd for line in self.lines)


def quote(fee: FeeSpec, inputs: FeeInputs | None = None) -> FeeQuote:
    """The amount due for one dossier under `fee` given what was counted."""
    del inputs  # the single-figure rule does not depend on pages or copies
    if fee.amount_vnd == 0:
        return FeeQuote((), fee.text)
    return FeeQuote((FeeLine(fee.unit or "Lệ phí", fee.amount_vnd),), fee.text)
