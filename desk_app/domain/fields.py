"""Field types for event payloads: what a value must be when it is new, and how it reads when stored.

A new value (typed at the desk, pushed to the city) is checked strictly: text is cleaned (NFC, zero-width
characters dropped) and refused when it holds control or direction-override characters or is longer than
its limit. A stored value (read back from a database that an older program wrote) is taken as it is, so
a rule added later never makes existing dossiers unreadable. Validate with `STORED` as the context to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Final

from pydantic import (
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from desk_app.domain.text import clean, unsafe_character

STORED: Final = {"stored": True}


def is_stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


@dataclass(frozen=True)
class Text:
    """Annotated metadata for a one-line text field of at most `limit` characters."""

    limit: int
    required: bool = False

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        out = handler(schema)
        out["maxLength"] = self.limit
        if self.required:
            out["minLength"] = 1
        return out

    def _check(self, value: str | None, info: ValidationInfo) -> str | None:
        if value is None or is_stored(info):
            return value
        value = clean(value)
        bad = unsafe_character(value)
        if bad:
            raise ValueError(f"có ký tự điều khiển hoặc ký tự ẩn không được phép ({bad})")
        if len(value) > self.limit:
            raise ValueError(f"dài quá {self.limit} ký tự")
        if self.required and not value:
            raise ValueError("không được để trống")
        return value


@dataclass(frozen=True)
class Count:
    """Annotated metadata for a whole number from `low` to `high` (bools and "5" are refused)."""

    low: int
    high: int

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.with_info_plain_validator_function(
            self._check, json_schema_input_schema=core_schema.int_schema(ge=self.low, le=self.high))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}

    def _check(self, value: Any, info: ValidationInfo) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("phải là số nguyên")
        if not is_stored(info) and not self.low <= value <= self.high:
            raise ValueError(f"phải từ {self.low:,} đến {self.high:,}".replace(",", "."))
        return value


def _iso_moment(value: Any) -> datetime:
    """ISO text only: a number would parse as a Unix time here and as nothing on an older replica."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return datetime.fromisoformat(value)  # ValueError names the field in the validation error
    raise ValueError("phải là thời điểm dạng YYYY-MM-DDTHH:MM:SS")


def _iso_day(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError("phải là ngày dạng YYYY-MM-DD")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def canonical_uuid(value: Any) -> str:
    """A UUID in its one canonical text form (lower-case 8-4-4-4-12); ValueError for anything else, so
    "------------------------------------" or a brace-wrapped id never becomes a dossier's id."""
    text = value.strip().lower() if isinstance(value, str) else ""
    if not _UUID.fullmatch(text):
        raise ValueError("phải là mã UUID dạng xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (chữ số hệ 16)")
    return text


Uuid = Annotated[str, BeforeValidator(canonical_uuid),
                 WithJsonSchema({"type": "string", "format": "uuid", "pattern": f"^{_UUID.pattern}$"})]


def check_loose_text(where: str, value: Any) -> Any:
    """Values a payload carries beyond its declared fields (a newer desk's additions, a note): every text
    inside, keys too, cleaned and refused on control or direction characters like any declared field.
    Iterative, as the value may come from outside."""
    if isinstance(value, str):
        return _loose_text(where, value)
    root: list[Any] = [value]
    stack: list[tuple[Any, str, Any, Any]] = [(root, where, 0, value)]
    while stack:
        parent, path, slot, item = stack.pop()
        if isinstance(item, str):
            parent[slot] = _loose_text(path, item)
        elif isinstance(item, dict):
            copy = {_loose_text(f"{path}.{k}" if path else k, k) if isinstance(k, str) else k: v
                    for k, v in item.items()}
            parent[slot] = copy
            stack.extend((copy, f"{path}.{k}" if path else str(k), k, v) for k, v in copy.items())
        elif isinstance(item, list):
            copy_list = list(item)
            parent[slot] = copy_list
            stack.extend((copy_list, f"{path}.{i}", i, v) for i, v in enumerate(copy_list))
    return root[0]


def _loose_text(where: str, value: str) -> str:
    value = clean(value)
    bad = unsafe_character(value)
    if bad:
        raise ValueError(f"«{where}» có ký tự điều khiển hoặc ký tự ẩn không được phép ({bad})")
    return value


# Serialised with isoformat() so a stored event dumps back to exactly the text it was hashed with.
Moment = Annotated[datetime, BeforeValidator(_iso_moment), PlainSerializer(datetime.isoformat, when_used="json")]
Day = Annotated[date, BeforeValidator(_iso_day), PlainSerializer(date.isoformat, when_used="json")]
