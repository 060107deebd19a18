"""The one error type CLI handlers raise for a clean message and a non-zero exit."""

from __future__ import annotations


class CliError(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
