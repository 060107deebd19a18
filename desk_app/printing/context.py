"""What a print job needs to know besides the dossier: who prints, where, on what paper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal


class FormKind(StrEnum):
    RECEIPT = "receipt"
    SUPPLEMENT = "supplement"
    REFUSAL = "refusal"
    APOLOGY = "apology"
    STOP = "stop"
    CONTROL = "control"


@dataclass(frozen=True)
class PrintContext:
    agency_name: str  # governing agency, printed UPPERCASE, e.g. "UBND PHƯỜNG HOÀN KIẾM"
    section_name: str  # receiving section; empty means the wording set's default
    place_name: str  # "Hà Nội" in "Hà Nội, ngày 05 tháng 3 năm 2026"
    lookup_base_url: str  # the QR encodes f"{base}?ma={code}&k={lookup_key}"
    paper: Literal["A4", "A5"] = "A4"
    wording_set: str = "tt03_2025"
    reprint: bool = False
    training: bool = False  # practice database: every page marked "BẢN THỰC HÀNH"
    # Who did what, username -> full name: a form names the people of the events it reports (the receiving
    # clerk from the received event), never whoever prints it; an unknown username prints as itself.
    people: tuple[tuple[str, str], ...] = ()
    printed_at: datetime | None = None  # fixed for reprints so the output is reproducible
    wording_dirs: tuple[str, ...] = ()  # folders of city-published wording, searched before the bundled set

    def person(self, username: str) -> str:
        return dict(self.people).get(username, username)
