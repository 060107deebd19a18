"""Printed-form wording files: the schema every desk and the city check before using one.

A file is `<set>/v<N>.json` with the keys and {placeholders} that `wording_schema` allows; a file that
fails is refused with a message naming the file and the key, before anything is printed or published.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from desk_app.domain import wording_schema as schema
from desk_app.domain.errors import InvalidInput
from desk_app.domain.json_input import read_json
from desk_app.domain.text import nfc


class WordingError(ValueError):
    """A wording file is unusable; the message names the file and the key."""


@dataclass(frozen=True)
class Wording:
    set_name: str
    version: int
    effective_from: date
    legal_basis: str
    pad_all_months: bool
    common: Mapping[str, Any]
    forms: Mapping[str, Mapping[str, Any]]
    source: Path

    def has_form(self, form: str) -> bool:
        return form in self.forms

    def form(self, form: str) -> Mapping[str, Any]:
        if form not in self.forms:
            raise ValueError(f"Bộ mẫu {self.legal_basis} không có mẫu in '{form}'.")
        return self.forms[form]


def load_wording_file(path: Path) -> Wording:
    """Parse and validate one file; cached on its modification time so a replaced file is re-read."""
    return _load_cached(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _load_cached(path_text: str, _mtime_ns: int) -> Wording:
    path = Path(path_text)
    try:
        data = read_json(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise WordingError(f"{path}: không đọc được tệp lời văn ({exc}).") from exc
    except InvalidInput as exc:
        raise WordingError(f"Không đọc được tệp lời văn: {exc.vi}") from None
    return _build(path, _check_root(path, data))


def _check_root(path: Path, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise WordingError(f"{path}: tệp lời văn phải là một đối tượng JSON.")
    for key, kind in (("set", str), ("version", int), ("effective_from", str), ("legal_basis", str),
                      ("pad_all_months", bool), ("common", dict), ("forms", dict)):
        if not isinstance(data.get(key), kind):
            raise WordingError(f"{path}: khóa '{key}' thiếu hoặc sai kiểu.")
    return data


def _build(path: Path, data: dict[str, Any]) -> Wording:
    common = _check_section(path, "common", data["common"], schema.COMMON)
    forms = {name: _check_form(path, name, body) for name, body in data["forms"].items()}
    for name in schema.REQUIRED_FORMS:
        if name not in forms:
            raise WordingError(f"{path}: thiếu khóa 'forms.{name}'.")
    return Wording(
        set_name=data["set"], version=data["version"], effective_from=_parse_date(path, data),
        legal_basis=nfc(data["legal_basis"]), pad_all_months=data["pad_all_months"],
        common=common, forms=forms, source=path,
    )


def _parse_date(path: Path, data: dict[str, Any]) -> date:
    try:
        return date.fromisoformat(data["effective_from"])
    except ValueError as exc:
        raise WordingError(f"{path}: khóa 'effective_from' không phải ngày YYYY-MM-DD.") from exc


def _check_form(path: Path, name: str, body: Any) -> dict[str, Any]:
    spec = schema.FORMS.get(name)
    if spec is None:
        raise WordingError(f"{path}: khóa 'forms.{name}' không phải mẫu in đã biết.")
    if not isinstance(body, dict):
        raise WordingError(f"{path}: khóa 'forms.{name}' phải là một đối tượng.")
    return _check_section(path, f"forms.{name}", body, spec)


def _check_section(path: Path, where: str, body: dict[str, Any], spec: schema.Spec) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for raw_key, allowed in spec.items():
        key = raw_key.removesuffix("?").removesuffix("[]")
        if key not in body:
            if raw_key.endswith("?"):
                continue
            raise WordingError(f"{path}: thiếu khóa '{where}.{key}'.")
        value = _check_value(path, f"{where}.{key}", body[key], raw_key.removesuffix("?").endswith("[]"), allowed)
        _check_columns(path, where, raw_key, value)
        checked[key] = value
    return checked


def _check_value(path: Path, where: str, value: Any, is_list: bool, allowed: tuple[str, ...]) -> Any:
    if is_list:
        if not isinstance(value, list) or not value:
            raise WordingError(f"{path}: khóa '{where}' phải là danh sách dòng chữ, không rỗng.")
        return tuple(_check_text(path, f"{where}[{i}]", item, allowed) for i, item in enumerate(value))
    return _check_text(path, where, value, allowed)


def _check_text(path: Path, where: str, value: Any, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise WordingError(f"{path}: khóa '{where}' phải là chuỗi chữ không rỗng.")
    try:
        names = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
    except ValueError as exc:
        raise WordingError(f"{path}: khóa '{where}' có dấu ngoặc {{}} sai ({exc}).") from exc
    unknown = sorted(names - set(allowed))
    if unknown:
        raise WordingError(f"{path}: khóa '{where}' dùng chỗ điền không hợp lệ: {', '.join(unknown)}.")
    return nfc(value)


def _check_columns(path: Path, where: str, raw_key: str, value: Any) -> None:
    form = where.removeprefix("forms.")
    expected = schema.COLUMN_COUNTS.get((form, raw_key))
    if expected is not None and len(value) != expected:
        key = raw_key.removesuffix("[]")
        raise WordingError(f"{path}: khóa '{where}.{key}' phải có đúng {expected} cột.")


def parse_wording_text(text: str, where: str) -> Wording:
    """Check a wording file's text (an edit in the city console) as load_wording_file checks a file;
    `where` names it in messages, as `<set>/v<N>.json`."""
    try:
        data = read_json(text, where)
    except InvalidInput as exc:
        raise WordingError(f"Không đọc được tệp lời văn: {exc.vi}") from None
    return _build(Path(where), _check_root(Path(where), data))
