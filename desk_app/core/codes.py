"""Official dossier codes, allocated offline without collisions.

The printed code follows `<unit code>-YYMMDD-<daily sequence>` (Circular 01/2018 Art. 19). Several
desks of one point work offline at once, so the 4-digit daily sequence is split: its first digit is the
desk's number at the point (1-9, given when the desk is set up or enrolled) and the other three count
that desk's dossiers of the day. Codes from different desks can therefore never meet, and each one is
still the short, phone-readable official shape. The pattern is configuration because Circular
03/2025 may change it; any pattern must start with the unit (the city checks that a code is its point's)
and contain the day, the desk and the sequence.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date

from desk_app.domain.errors import InvalidInput

DEFAULT_PATTERN = "{unit}-{yymmdd}-{desk}{seq:03d}"
_REQUIRED_FIELDS = {"unit", "desk", "seq"}
_DAY_FIELDS = {"yymmdd", "yyyymmdd"}
_ALLOWED_FIELDS = _REQUIRED_FIELDS | _DAY_FIELDS


@dataclass(frozen=True)
class CodePattern:
    template: str = DEFAULT_PATTERN

    def __post_init__(self) -> None:
        names = {name for _, name, _, _ in string.Formatter().parse(self.template) if name}
        unknown, missing = names - _ALLOWED_FIELDS, _REQUIRED_FIELDS - names
        if not names & _DAY_FIELDS:
            missing.add("yymmdd")
        if not self.template.startswith("{unit}"):  # the city quarantines codes not led by the point's unit
            raise InvalidInput(
                f"Mẫu mã hồ sơ «{self.template}» không hợp lệ: mã phải bắt đầu bằng mã đơn vị {{unit}} "
                "(thành phố không nhận mã của điểm khác).",
                f"Dossier code pattern {self.template!r} is invalid: it must start with {{unit}}.",
            )
        if unknown or missing:
            raise InvalidInput(
                f"Mẫu mã hồ sơ «{self.template}» không hợp lệ: cần có {{unit}}, {{yymmdd}} "
                f"(hoặc {{yyyymmdd}}), {{desk}} và {{seq}}; thiếu {sorted(missing)}, không biết {sorted(unknown)}.",
                f"Dossier code pattern {self.template!r} is invalid: missing {sorted(missing)}, "
                f"unknown {sorted(unknown)}.",
            )

    @property
    def capacity(self) -> int:
        """Dossiers one desk can number in a day under this pattern."""
        match = re.search(r"\{seq:0?(\d+)d\}", self.template)
        return 10 ** int(match.group(1)) - 1 if match else 999_999

    def format(self, unit: str, day: date, desk_no: int, seq: int) -> str:
        check_desk_no(desk_no)
        if not 1 <= seq <= self.capacity:
            raise InvalidInput(
                f"Bàn {desk_no} đã dùng hết {self.capacity} số hồ sơ của ngày {day:%d/%m/%Y}. "
                "Hãy tiếp nhận ở bàn khác hoặc báo quản trị viên.",
                f"Desk {desk_no} has used all {self.capacity} dossier numbers for {day:%Y-%m-%d}.",
            )
        return self.template.format(
            unit=unit, yymmdd=day.strftime("%y%m%d"), yyyymmdd=day.strftime("%Y%m%d"), desk=desk_no, seq=seq
        )


def check_desk_no(desk_no: int) -> None:
    if not 1 <= desk_no <= 9:
        raise InvalidInput(
            f"Số bàn phải từ 1 đến 9 (đang là {desk_no}).", f"Desk number must be 1-9 (got {desk_no})."
        )


def counter_name(day: date, desk_no: int) -> str:
    """Key of the per-desk daily counter; kept per date so a clock set back reuses no number."""
    return f"code:{day.isoformat()}:{desk_no}"
