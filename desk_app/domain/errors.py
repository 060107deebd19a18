"""Errors the services raise: each carries a message for the clerk, in Vietnamese and English."""

from __future__ import annotations


class DeskError(Exception):
    """Base for errors a person should read; str() is the Vietnamese message."""

    def __init__(self, vi: str, en: str | None = None) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en or vi

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


class NotFound(DeskError):
    pass


class IllegalTransition(DeskError):
    pass


class InvalidInput(DeskError):
    pass


class AuthenticationFailed(DeskError):
    pass


class AccountLocked(AuthenticationFailed):
    pass


class PasswordChangeRequired(DeskError):
    """The password was right but temporary (set at the centre): a new one must be chosen first."""


class PermissionDenied(DeskError):
    pass


class SchemaTooNew(DeskError):
    pass
