"""The one error type handlers raise; the app turns it into a Problem body with the status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sync.protocol import Problem


class ApiError(Exception):
    def __init__(self, status: int, code: str, reason: str, reason_en: str = "",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(reason_en or reason)
        self.status, self.code, self.reason, self.reason_en = status, code, reason, reason_en
        self.headers = headers


def invalid(errors: Sequence[Any]) -> Problem:
    """A validation failure as a Problem naming the first field at fault."""
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()))
    return Problem(code="invalid", reason=f"Dữ liệu không hợp lệ ở «{where}».",
                   reason_en=f"Invalid request at {where}: {first.get('msg', '')}")
