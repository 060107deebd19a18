"""Everything a form renderer needs besides the dossier: context, wording, sizes and styles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable

from desk_app.domain.text import nfc
from desk_app.domain.wording import Wording
from desk_app.printing import vn_dates
from desk_app.printing.context import PrintContext
from desk_app.printing.document import Copy, Decor, build_pdf
from desk_app.printing.layout import METRICS, Metrics, Styles, make_styles
from desk_app.printing.wording import load_wording


@dataclass(frozen=True)
class Sheet:
    ctx: PrintContext
    wording: Wording
    metrics: Metrics
    styles: Styles
    form: str

    @classmethod
    def create(cls, ctx: PrintContext, form: str, metrics: Metrics | None = None) -> Sheet:
        wording = load_wording(ctx.wording_set, ctx.printed_at.date() if ctx.printed_at else None, ctx.wording_dirs)
        wording.form(form)  # fail early, in Vietnamese, if this set has no such form
        if ctx.paper not in METRICS:
            raise ValueError(f"Khổ giấy '{ctx.paper}' không được hỗ trợ (chỉ A4 hoặc A5).")
        chosen = metrics or METRICS[ctx.paper]
        return cls(ctx, wording, chosen, make_styles(chosen), form)

    @property
    def words(self) -> Mapping[str, Any]:
        return self.wording.form(self.form)

    @property
    def common(self) -> Mapping[str, Any]:
        return self.wording.common

    @property
    def section_name(self) -> str:
        return nfc(self.ctx.section_name or self.common["section_name"])

    @property
    def unit_text(self) -> str:
        """The receiving unit in running text: "TRUNG TÂM ..., UBND PHƯỜNG ..."."""
        return f"{self.section_name}, {nfc(self.ctx.agency_name).upper()}"

    def when(self, value: datetime) -> str:
        return vn_dates.time_and_date(value, self.wording.pad_all_months)

    def day(self, value: date) -> str:
        return vn_dates.day_month_year(value, self.wording.pad_all_months)

    def place_date(self, value: date) -> str:
        return vn_dates.place_and_date(nfc(self.ctx.place_name), value, self.wording.pad_all_months)

    def decor(self, code: str, subtitle: str = "", copies: tuple[Copy, ...] = ()) -> Decor:
        title = f"{self.words['title']} {subtitle}".strip()
        return Decor(
            running_code=self.common["code_line"].format(code=code) if code else "",
            running_title=title,
            continued=self.common["continued"],
            page_format=self.common["page"],
            reprint_lines=self._reprint_lines(),
            training_mark=self.common["training_mark"] if self.ctx.training else "",
            title=f"{title} {code}".strip(),
            author=nfc(self.ctx.agency_name),
            copies=copies,
        )

    def _reprint_lines(self) -> tuple[str, ...]:
        if not self.ctx.reprint:
            return ()
        mark = self.common["reprint_mark"]
        if self.ctx.printed_at is None:
            return (mark,)
        return (mark, self.common["reprint_time"].format(time=vn_dates.short_datetime(self.ctx.printed_at)))

    def build(self, story: list[Flowable], code: str, subtitle: str = "", copies: tuple[Copy, ...] = ()) -> bytes:
        return build_pdf(story, self.metrics, self.decor(code, subtitle, copies))
