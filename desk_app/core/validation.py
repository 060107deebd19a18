"""Checks on an applicant as a whole, run by services on save; the UI only shows what they return."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date

from desk_app.core.messages import Issue, Severity
from desk_app.core.personal_id import check_personal_id, clean_personal_id
from desk_app.core.phone import PhoneError, check_phone, normalise_phone
from desk_app.domain.model import Applicant
from desk_app.domain.text import clean, nfc

MIN_BIRTH_YEAR = 1900

# Marks that, on an ASCII base letter, spell Vietnamese: the five tones plus breve, circumflex and horn.
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
_EXTRA_OK = frozenset("đĐ–—‘’“”…")
# One @, something before it, a dot in the domain, no spaces; deliverability is not our business.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


def _is_vietnamese_char(ch: str) -> bool:
    if ch.isascii() or ch in _EXTRA_OK:
        return ch.isprintable()
    base, *marks = list(unicodedata.normalize("NFD", ch))
    return base.isascii() and base.isalpha() and bool(marks) and all(m in _VIETNAMESE_MARKS for m in marks)


def garbled_sample(text: str) -> str | None:
    """The word holding the first character no Vietnamese text uses, or None.

    Catches UTF-8 read as Latin-1 ("Nguyá»…n"), legacy TCVN3 fonts ("V¨n"), the look-alike Icelandic "Ð"
    and CJK noise from a scanner guessing the charset; such text would print and search wrongly.
    """
    text = nfc(text)
    for word in text.split(" "):
        if not all(_is_vietnamese_char(ch) for ch in word):
            return word[:20]
    return None


def _name_issues(full_name: str) -> list[Issue]:
    name = nfc(full_name)
    if not name:
        return [Issue("full_name", "full_name.required", Severity.ERROR)]
    sample = garbled_sample(name)
    if sample:
        return [Issue("full_name", "full_name.garbled", Severity.WARNING, {"sample": sample})]
    digits = re.findall(r"[0-9]+", name)
    if digits:
        return [Issue("full_name", "full_name.digits", Severity.WARNING, {"sample": digits[0]})]
    return []


def _birth_issues(date_of_birth: date | None, today: date) -> list[Issue]:
    if date_of_birth is None:
        return []
    shown = date_of_birth.strftime("%d/%m/%Y")
    if date_of_birth > today:
        params = {"date": today.strftime("%d/%m/%Y")}
        return [Issue("date_of_birth", "date_of_birth.future", Severity.ERROR, params)]
    if date_of_birth.year < MIN_BIRTH_YEAR:
        params = {"min_year": str(MIN_BIRTH_YEAR), "date": shown}
        return [Issue("date_of_birth", "date_of_birth.too_early", Severity.ERROR, params)]
    return []


def _email_issues(email: str) -> list[Issue]:
    value = nfc(email)
    if not value or _EMAIL.fullmatch(value):
        return []
    return [Issue("email", "email.format", Severity.ERROR, {"value": value})]


def _address_issues(address: str) -> list[Issue]:
    sample = garbled_sample(address)
    return [Issue("address", "address.garbled", Severity.WARNING, {"sample": sample})] if sample else []


def validate_applicant(applicant: Applicant, *, today: date | None = None) -> list[Issue]:
    """Errors block the save; warnings are shown next to the field. Personal ID, phone, email, address
    and date of birth are optional here (procedures that need them check that themselves)."""
    today = today or date.today()
    issues = _name_issues(applicant.full_name)
    if clean_personal_id(applicant.personal_id):
        dob, sex = applicant.date_of_birth, applicant.sex
        issues += check_personal_id(applicant.personal_id, dob, sex, today=today)
    issues += _birth_issues(applicant.date_of_birth, today)
    issues += check_phone(applicant.phone)
    issues += _email_issues(applicant.email)
    issues += _address_issues(applicant.address)
    return issues


def _normal_phone(phone: str) -> str:
    try:
        return normalise_phone(phone)
    except PhoneError:
        return nfc(phone)  # keep what was typed so the clerk can see and fix it


def normalise_applicant(applicant: Applicant) -> Applicant:
    """The stored form: NFC with single spaces, the name kept as typed (cards print it in capitals),
    ID without separators, phone in national form when it is valid, email without spaces."""
    return replace(
        applicant,
        full_name=clean(applicant.full_name),
        personal_id=clean_personal_id(applicant.personal_id),
        phone=_normal_phone(applicant.phone),
        email=re.sub(r"\s+", "", nfc(applicant.email)),
        address=clean(applicant.address),
    )
