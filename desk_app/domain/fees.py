"""What a dossier costs the citizen: a quote (lines and total, in whole đồng) from the procedure's fee
rule and what the clerk counted at the counter (pages of each original, copies, signed papers…).

A definition of format 1 has no rule: its single figure (`fee.amount_vnd` per dossier, 0 when free or
set out only in its text) is the quote, as before. Format 2's `fee.rule` (catalogue.FeeRule) computes
it: free, per dossier, per copy, per page with tiers and a cap per copy, per signed paper, per contract,
plus extra copies of the result, minus a named exemption. Payments and receipts read only the quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desk_app.domain import limits
from desk_app.domain.catalogue import FeeRule, FeeSpec
from desk_app.domain.errors import InvalidInput


@dataclass(frozen=True)
class FeeInputs:
    """What the clerk counts: pages of each original (one number per original) and copies wanted of
    each; signed papers or contracts; extra copies of the result; the exemption that applies (its key)."""

    pages: tuple[int, ...] = ()
    copies: int = 1
    signatures: int = 1
    contracts: int = 1
    extra_copies: int = 0
    exemption: str = ""

    def to_json(self) -> dict[str, Any]:
        """The recorded form (the received event's `fee_inputs`): defaults left out."""
        out: dict[str, Any] = {}
        for name, default in _DEFAULTS.items():
            value = getattr(self, name)
            if value != default:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> FeeInputs:
        """The inverse of to_json; raises ValueError or TypeError for a value that is not a number."""
        data = data or {}
        pages = data.get("pages") or ()
        return cls(
            pages=tuple(int(p) for p in pages) if isinstance(pages, (list, tuple)) else (),
            copies=int(data.get("copies", 1)), signatures=int(data.get("signatures", 1)),
            contracts=int(data.get("contracts", 1)), extra_copies=int(data.get("extra_copies", 0)),
            exemption=str(data.get("exemption", "")),
        )


_DEFAULTS: dict[str, object] = {name: getattr(FeeInputs(), name) for name in FeeInputs.__dataclass_fields__}


@dataclass(frozen=True)
class FeeLine:
    label: str  # in the clerk's words, printed on the receipt's breakdown
    amount_vnd: int


@dataclass(frozen=True)
class FeeQuote:
    lines: tuple[FeeLine, ...] = field(default_factory=tuple)
    note: str = ""  # e.g. the fee's text when no figure applies
    fee_name: str = ""  # "Phí chứng thực", "Lệ phí đăng ký cư trú" (the receipt's fee line)
    legal_basis: str = ""  # the circular or resolution the amount comes from
    exempt_reasons: tuple[str, ...] = ()  # the exemptions the rule names, as "key: reason"
    exempt_reason: str = ""  # the one applied, if any
    in_text: bool = False  # no figure: the amount is only in the fee's text (the clerk reads it)

    @property
    def total_vnd(self) -> int:
        return sum(line.amount_vnd for line in self.lines)


def quote(fee: FeeSpec, inputs: FeeInputs | None = None) -> FeeQuote:
    """The amount due for one dossier under `fee` given what was counted; InvalidInput (Vietnamese
    and English) when the counts are out of range or name an exemption the rule does not have."""
    inputs = inputs or FeeInputs()
    check_inputs(inputs)
    rule = fee.rule
    if rule is None:
        if fee.amount_vnd == 0:
            return FeeQuote((), fee.text)
        return FeeQuote((FeeLine(fee.unit or "Lệ phí", fee.amount_vnd),), fee.text)
    exemption = _exemption(rule, inputs.exemption)
    main = () if exemption else _main_lines(rule, fee.unit, inputs)
    lines = (*main, *_extra_lines(rule, inputs))
    total = sum(line.amount_vnd for line in lines)
    if total > limits.FEE_VND:
        raise InvalidInput(f"Số tiền {vnd(total)} vượt mức tối đa {vnd(limits.FEE_VND)}: kiểm tra lại số trang, "
                           "số bản.", f"The amount {total} is above {limits.FEE_VND}: check pages and copies.")
    return FeeQuote(
        lines, fee.text, rule.name, rule.legal_basis,
        tuple(f"{e.key}: {e.reason}" for e in rule.exemptions),
        exemption, rule.kind == "in_text",
    )


KIND_WORDS = {"free": "miễn phí", "per_dossier": "theo hồ sơ", "per_copy": "theo bản", "per_page": "theo trang",
              "per_signature": "theo chữ ký", "per_contract": "theo hợp đồng", "in_text": "chưa có con số"}


def rule_summary(fees: Sequence[FeeSpec]) -> str:
    """One line for `desk-app check-forms`: how many fees are rules, by kind, and how many one figure."""
    kinds = [fee.rule.kind for fee in fees if fee.rule is not None]
    by_kind = ", ".join(f"{words} {kinds.count(kind)}" for kind, words in KIND_WORDS.items() if kind in kinds)
    city = sum(1 for fee in fees if fee.rule is not None and fee.rule.set_by == "city_council")
    return (f"Lệ phí: {len(kinds)} thủ tục tính theo quy tắc ({by_kind}; {city} theo Nghị quyết HĐND thành phố), "
            f"{len(fees) - len(kinds)} thủ tục một con số hoặc lời văn.")


def needs(fee: FeeSpec) -> frozenset[str]:
    """Which counts the rule reads (the intake page asks only these): pages, copies, signatures,
    contracts, extra_copies, exemption."""
    rule = fee.rule
    if rule is None:
        return frozenset()
    wanted = {"per_copy": {"copies"}, "per_page": {"pages", "copies"}, "per_signature": {"signatures"},
              "per_contract": {"contracts"}}.get(rule.kind, set())
    if rule.extra_copies is not None:
        wanted.add("extra_copies")
    if rule.exemptions:
        wanted.add("exemption")
    return frozenset(wanted)


def page_charge(tiers: Sequence[tuple[int, int]], pages: int, cap: int | None) -> int:
    """One copy of an original of `pages` pages: each page at the price of the tier it falls in
    (tiers are (from_page, amount) ascending from page 1), then the cap per copy, if any."""
    total = 0
    for index, (start, amount) in enumerate(tiers):
        end = tiers[index + 1][0] - 1 if index + 1 < len(tiers) else pages
        if pages >= start:
            total += (min(end, pages) - start + 1) * amount
    return total if cap is None else min(total, cap)


def vnd(amount: int) -> str:
    """12.000 đ: the Vietnamese grouping the receipts use."""
    return f"{amount:,}".replace(",", ".") + " đ"


def check_inputs(inputs: FeeInputs) -> None:
    """Counts a clerk can have in hand; anything else is a typo, refused before it is quoted or kept."""
    if len(inputs.pages) > limits.FEE_ORIGINALS:
        _refuse(f"Tối đa {limits.FEE_ORIGINALS} bản chính trên một hồ sơ (đã nhập {len(inputs.pages)}).",
                f"At most {limits.FEE_ORIGINALS} originals on one dossier.")
    for number, pages in enumerate(inputs.pages, 1):
        _in_range(pages, 1, limits.FEE_PAGES, f"Số trang của bản chính thứ {number}", f"Pages of original {number}")
    _in_range(inputs.copies, 1, limits.FEE_COPIES, "Số bản sao", "Copies")
    _in_range(inputs.signatures, 1, limits.FEE_SIGNATURES, "Số giấy tờ chứng thực chữ ký", "Signed papers")
    _in_range(inputs.contracts, 1, limits.FEE_CONTRACTS, "Số hợp đồng, giao dịch", "Contracts")
    _in_range(inputs.extra_copies, 0, limits.FEE_COPIES, "Số bản sao kết quả", "Extra copies of the result")


def _in_range(value: int, low: int, high: int, vi: str, en: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        _refuse(f"{vi} phải là số nguyên từ {low} đến {high:,} (đã nhập {value}).".replace(",", "."),
                f"{en} must be a whole number from {low} to {high} (got {value}).")


def _refuse(vi: str, en: str) -> None:
    raise InvalidInput(vi, en)


def _exemption(rule: FeeRule, key: str) -> str:
    if not key:
        return ""
    for exemption in rule.exemptions:
        if exemption.key == key:
            return exemption.reason
    known = ", ".join(e.key for e in rule.exemptions) or "không có trường hợp miễn nào"
    raise InvalidInput(f"Thủ tục này không có trường hợp miễn «{key}» (có: {known}).",
                       f"This procedure has no exemption {key!r} (it has: {known}).")


def _main_lines(rule: FeeRule, unit: str, inputs: FeeInputs) -> tuple[FeeLine, ...]:
    amount = rule.amount_vnd or 0
    if rule.kind in ("free", "in_text"):
        return ()
    if rule.kind == "per_dossier":
        return (FeeLine(rule.name, amount),)
    if rule.kind == "per_page":
        return _page_lines(rule, inputs)
    count = {"per_copy": inputs.copies, "per_signature": inputs.signatures,
             "per_contract": inputs.contracts}[rule.kind]
    return (FeeLine(f"{rule.name}: {count} {unit} × {vnd(amount)}", count * amount),)


def _page_lines(rule: FeeRule, inputs: FeeInputs) -> tuple[FeeLine, ...]:
    """One line per original: its pages, its copies, and the cap when it bites."""
    if not inputs.pages:
        raise InvalidInput("Cần nhập số trang của từng bản chính để tính phí.",
                           "Enter the pages of each original to compute the fee.")
    tiers = [(t.from_page, t.amount_vnd) for t in rule.tiers]
    lines = []
    for number, pages in enumerate(inputs.pages, 1):
        each = page_charge(tiers, pages, rule.max_per_copy_vnd)
        capped = " (mức tối đa)" if rule.max_per_copy_vnd is not None and each == rule.max_per_copy_vnd else ""
        label = f"Bản chính {number}: {pages} trang × {inputs.copies} bản, {vnd(each)}/bản{capped}"
        lines.append(FeeLine(label, each * inputs.copies))
    return tuple(lines)


def _extra_lines(rule: FeeRule, inputs: FeeInputs) -> tuple[FeeLine, ...]:
    extra = rule.extra_copies
    if extra is None or inputs.extra_copies == 0:
        return ()
    count = inputs.extra_copies
    return (FeeLine(f"{extra.label}: {count} bản × {vnd(extra.amount_vnd)}", count * extra.amount_vnd),)
