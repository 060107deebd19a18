"""Counts of the catalogue by field and by confidence, for `desk-app procedures --stats` and the docs."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from desk_app.domain.catalogue import ProcedureDefinition

# Weakest first: a definition is as sure as its least sure part ("high (code); low (time)" -> low).
LEVELS = ("low", "medium", "high")
_WORDS = {"low": ("low", "thấp"), "medium": ("medium", "trung bình"), "high": ("high", "cao")}
UNRATED = "chưa đánh giá"


@dataclass(frozen=True)
class CatalogueStats:
    total: int
    by_field: list[tuple[str, int]]
    by_confidence: list[tuple[str, int]]


def confidence_level(text: str) -> str:
    """The weakest level the confidence text names, or UNRATED."""
    lowered = text.lower()
    for level in LEVELS:
        if any(re.search(rf"\b{word}\b", lowered) for word in _WORDS[level]):
            return level
    return UNRATED


def latest_versions(defs: Iterable[ProcedureDefinition]) -> list[ProcedureDefinition]:
    latest: dict[str, ProcedureDefinition] = {}
    for defn in defs:
        if defn.code not in latest or defn.version > latest[defn.code].version:
            latest[defn.code] = defn
    return list(latest.values())


def catalogue_stats(defs: Iterable[ProcedureDefinition]) -> CatalogueStats:
    current = latest_versions(defs)
    fields = Counter(d.field for d in current)
    levels = Counter(confidence_level(d.source.get("confidence", "")) for d in current)
    order = [*LEVELS, UNRATED]
    return CatalogueStats(
        total=len(current),
        by_field=sorted(fields.items(), key=lambda item: (-item[1], item[0])),
        by_confidence=[(level, levels[level]) for level in order if levels[level]],
    )


def format_stats(stats: CatalogueStats) -> str:
    width = max((len(name) for name, _ in stats.by_field), default=10)
    lines = [f"Tổng số thủ tục: {stats.total}", "", "Theo lĩnh vực:"]
    lines += [f"  {name:<{width}}  {count:>4}" for name, count in stats.by_field]
    lines += ["", "Theo độ tin cậy (mức thấp nhất ghi trong nguồn):"]
    lines += [f"  {level:<{width}}  {count:>4}" for level, count in stats.by_confidence]
    return "\n".join(lines)
