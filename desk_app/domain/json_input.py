"""Reading JSON that came from outside (a dossier file, a definition, a wording file) without a traceback.

`json.loads` raises RecursionError on deeply nested input, ValueError on a number of thousands of digits
and accepts NaN/Infinity, none of which any of our formats has. Every reader goes through `read_json`,
which turns each of these into an `InvalidInput` with a message for the person who supplied the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Final

from desk_app.domain.errors import InvalidInput

MAX_DEPTH: Final = 32  # our deepest format (a definition's fields) nests 5 levels
MAX_DIGITS: Final = 100  # far above any count (fields name their own limits); int("1" * 4301) raises


def read_json(text: str, source: str = "JSON",
              object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None) -> Any:
    """The value of `text`; raises InvalidInput naming `source` and what is wrong."""
    try:
        value = json.loads(text, object_pairs_hook=object_pairs_hook, parse_int=_bounded_int(source),
                           parse_constant=_no_constant(source))
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{source}: không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}: {exc.msg}).",
            f"{source}: invalid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).",
        ) from None
    except RecursionError:
        raise _too_deep(source) from None
    if depth(value) > MAX_DEPTH:
        raise _too_deep(source)
    return value


def depth(value: Any) -> int:
    """Nesting depth of lists and objects, without recursion (a scalar is 0)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def _too_deep(source: str) -> InvalidInput:
    return InvalidInput(f"{source}: dữ liệu JSON lồng nhau quá sâu (quá {MAX_DEPTH} cấp).",
                        f"{source}: JSON nested deeper than {MAX_DEPTH} levels.")


def _bounded_int(source: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        if len(text.lstrip("-")) > MAX_DIGITS:
            raise InvalidInput(f"{source}: có số dài quá {MAX_DIGITS} chữ số ({text[:12]}…).",
                               f"{source}: a number longer than {MAX_DIGITS} digits ({text[:12]}…).")
        return int(text)

    return parse


def _no_constant(source: str) -> Callable[[str], Any]:
    def parse(name: str) -> Any:
        raise InvalidInput(f"{source}: JSON không cho phép giá trị {name}.", f"{source}: {name} is not valid JSON.")

    return parse
