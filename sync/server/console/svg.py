"""Charts drawn on the server as inline SVG: no script, no outside asset (points may have no internet), colours
as presentation attributes (the console's Content-Security-Policy allows no inline style). Each chart has a
title and a description for screen readers; the same figures are always in a table beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Series:
    name: str
    colour: str


def _legend(series: Sequence[Series], x: float, y: float) -> list[str]:
    parts, left = [], x
    for s in series:
        parts.append(f'<rect x="{left:.0f}" y="{y - 10:.0f}" width="12" height="12" fill="{s.colour}"/>'
                     f'<text x="{left + 16:.0f}" y="{y:.0f}" {FONT} fill="#222">{escape(s.name)}</text>')
        left += 28 + 7 * len(s.name)
    return parts


def _frame(ident: str, title: str, description: str, width: int, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" id="{escape(ident)}" role="img" aria-labelledby="{escape(ident)}-t {escape(ident)}-d" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg"><title id="{escape(ident)}-t">{escape(title)}</title>'
        f'<desc id="{escape(ident)}-d">{escape(description)}</desc>{"".join(body)}</svg>')


def stacked_bars(ident: str, title: str, rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[Series],
                 description: str = "", width: int = 1200) -> Markup:
    """One horizontal bar per row, split into the series' parts, the total at its end."""
    label_w, bar_h, gap, top = 300, 18, 8, 34
    height = top + len(rows) * (bar_h + gap) + 10
    biggest = max((sum(values) for _, values in rows), default=0) or 1
    scale = (width - label_w - 70) / biggest
    body = _legend(series, label_w, 16)
    for i, (label, values) in enumerate(rows):
        y = top + i * (bar_h + gap)
        short = label if len(label) <= 44 else label[:43] + "…"
        body.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end" {FONT} fill="#222">'
                    f'<title>{escape(label)}</title>{escape(short)}</text>')
        x = float(label_w)
        for value, s in zip(values, series, strict=True):
            if value:
                w = value * scale
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" height="{bar_h}" fill="{s.colour}">'
                            f'<title>{escape(label)} · {escape(s.name)}: {value}</title></rect>')
                x += w
        body.append(f'<text x="{x + 6:.1f}" y="{y + 13}" {FONT} fill="#222">{sum(values)}</text>')
    return _frame(ident, title, description, width, height, body)


def grouped_columns(ident: str, title: str, labels: Sequence[str], values: Sequence[Sequence[int]],
                    series: Sequence[Series], description: str = "", width: int = 1200, height: int = 260) -> Markup:
    """For each label (a month), one column per series side by side, with a value axis."""
    left, bottom, top = 48, 28, 30
    plot_h = height - top - bottom
    biggest = max((v for group in values for v in group), default=0) or 1
    step = _nice_step(biggest)
    ceiling = step * -(-biggest // step)
    body = _legend(series, left, 16)
    for tick in range(0, ceiling + 1, step):
        y = top + plot_h - tick * plot_h / ceiling
        body.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" {FONT} fill="#555">{tick}</text>')
    slot = (width - left - 8) / max(len(labels), 1)
    column = min(28.0, (slot - 10) / max(len(series), 1))
    for i, (label, group) in enumerate(zip(labels, values, strict=True)):
        x0 = left + i * slot + (slot - column * len(series)) / 2
        for j, (value, s) in enumerate(zip(group, series, strict=True)):
            h = value * plot_h / ceiling
            body.append(f'<rect x="{x0 + j * column:.1f}" y="{top + plot_h - h:.1f}" width="{column - 2:.1f}" '
                        f'height="{max(h, 0):.1f}" fill="{s.colour}"><title>{escape(label)} · {escape(s.name)}: '
                        f'{value}</title></rect>')
        body.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - 8}" text-anchor="middle" {FONT} '
                    f'fill="#222">{escape(label)}</text>')
    return _frame(ident, title, description, width, height, body)


def _nice_step(biggest: int) -> int:
    """A round tick step giving at most about five lines."""
    step = 1
    while biggest / step > 5:
        for factor in (2, 5, 10):
            if biggest / (step * factor) <= 5:
                return step * factor
        step *= 10
    return step
