"""The one error type handlers raise; the app turns it into a Problem body with the status."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, code: str, reason: str, reason_en: str = "",
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(reason_en or reason)
        self.status, self.code, self.reason, self.reason_en = status, code, reason, reason_en
        self.headers = headers
