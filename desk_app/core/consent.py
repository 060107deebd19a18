"""The applicant's yes to messages, as the desk takes it at the counter (issue 15)."""

from __future__ import annotations

from desk_app.core.messages import render
from desk_app.core.phone import PhoneError, normalise_phone
from desk_app.domain.errors import InvalidInput
from desk_app.domain.payloads import Channel, Consent


def consent(channel: Channel | str, phone: str) -> Consent:
    """The applicant's yes to messages, with the number checked as at intake (a clear error if none)."""
    try:
        number = normalise_phone(phone)
    except PhoneError as exc:
        raise InvalidInput(f"Số điện thoại nhận tin nhắn không hợp lệ: {render(exc.issue, 'vi')}",
                           f"The phone number for messages is not valid: {render(exc.issue, 'en')}") from None
    if not number:
        raise InvalidInput("Người nộp muốn nhận tin nhắn nhưng chưa có số điện thoại.",
                           "The applicant wants messages but no phone number was given.")
    return Consent(channel=Channel(channel), phone=number)
