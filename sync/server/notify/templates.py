"""The wording of each step's message, as the city publishes it.

SMS text is sent without Vietnamese marks (one 160-character GSM segment; a text with marks is UCS-2
and fits only 70). Zalo messages are template messages: the city registers each template with Zalo and
publishes its id here; the desk's data fills the template's parameters.
"""

from __future__ import annotations

import json
import string
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desk_app.domain.model import EventKind

SMS_SEGMENT = 160
STEPS = (EventKind.SUPPLEMENT_REQUESTED, EventKind.DELAYED, EventKind.RESULT_READY, EventKind.REFUSED,
         EventKind.RETURNED)
PLACEHOLDERS = frozenset({"unit", "code", "date", "link"})  # nothing personal: no name, ID or address
_StepName = Literal["supplement_requested", "delayed", "result_ready", "refused", "returned"]


class TemplateSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_version: Literal[1] = Field(1, alias="$schema_version")
    version: int = Field(ge=1)
    effective_from: date
    source: str = Field(min_length=1)
    sms: dict[_StepName, str]
    zalo: dict[_StepName, str]


class TemplateError(ValueError):
    """A template file that cannot be used; the message names the step and the problem."""


def load(text: str) -> TemplateSet:
    try:
        templates = TemplateSet.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise TemplateError(f"mẫu tin nhắn: «{where}»: {first['msg']}") from None
    for step, text_ in templates.sms.items():
        unknown = _fields(text_) - PLACEHOLDERS
        if unknown:
            raise TemplateError(f"mẫu tin nhắn «{step}»: không có trường {sorted(unknown)}; "
                                f"chỉ dùng {sorted(PLACEHOLDERS)}")
    return templates


def shipped(forms_dir: Path) -> TemplateSet:
    return load((forms_dir / "notify" / "templates.json").read_text(encoding="utf-8"))


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def unaccented(text: str) -> str:
    """Vietnamese without marks, as SMS sends it: "Hồ sơ đã có" -> "Ho so da co"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@dataclass(frozen=True)
class Rendered:
    body: str  # SMS: the text; Zalo: JSON {"template_id": ..., "template_data": {...}}
    segments: int  # SMS segments it takes (1 is the aim); 1 for Zalo


def render(templates: TemplateSet, channel: str, kind: EventKind, values: dict[str, str]) -> Rendered:
    step: Any = str(kind)
    if channel == "sms":
        text = unaccented(templates.sms[step].format_map(values))
        return Rendered(text, sms_segments(text))
    data = {"template_id": templates.zalo[step], "template_data": values}
    return Rendered(json.dumps(data, ensure_ascii=False, sort_keys=True), 1)


def sms_segments(text: str) -> int:
    """160 characters fit one segment; longer texts are split into 153-character parts."""
    return 1 if len(text) <= SMS_SEGMENT else -(-len(text) // 153)


def too_long(templates: TemplateSet, worst: dict[str, str]) -> dict[str, int]:
    """Steps whose SMS does not fit one segment with the longest values expected, with their length."""
    lengths = {step: len(unaccented(text.format_map(worst))) for step, text in templates.sms.items()}
    return {step: n for step, n in lengths.items() if n > SMS_SEGMENT}
