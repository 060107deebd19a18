"""Vietnamese phone numbers, stored in one national form ("0912345678") so search and SMS work.

Mobiles are 10 digits starting 03/05/07/08/09; landlines 11 digits starting 02 (Hà Nội is 024). Old
11-digit mobiles and 04 landlines were renumbered in 2017-2018; we suggest the new number rather than
converting silently, because the clerk should confirm it with the applicant.
"""

from __future__ import annotations

import re
import unicodedata

from desk_app.core.messages import Issue, Severity, render

_SEPARATORS = re.compile(r"[\s.\-()/]+")
_MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
_LANDLINE_PREFIX = "02"

# 2018 renumbering of 11-digit mobiles: old 4-digit prefix -> new 3-digit prefix.
_OLD_MOBILE = {
    "0162": "032", "0163": "033", "0164": "034", "0165": "035", "0166": "036", "0167": "037",
    "0168": "038", "0169": "039", "0120": "070", "0121": "079", "0122": "077", "0126": "076",
    "0128": "078", "0123": "083", "0124": "084", "0125": "085", "0127": "081", "0129": "082",
    "0186": "056", "0188": "058", "0199": "059",
}


class PhoneError(ValueError):
    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        super().__init__(render(issue))


def _fail(code: str, severity: Severity = Severity.ERROR, **params: str) -> PhoneError:
    return PhoneError(Issue("phone", code, severity, params))


def _strip_country_code(compact: str) -> str:
    """Return the number in national form if it carries +84/0084/84, else unchanged."""
    for prefix in ("+84", "0084"):
        if compact.startswith(prefix):
            rest = compact[len(prefix):]
            return rest if rest.startswith("0") else "0" + rest
    if re.fullmatch(r"(\+|00)[0-9]{6,15}", compact):
        raise _fail("phone.foreign", Severity.WARNING, value=compact)
    if compact.startswith("84") and len(compact) in (11, 12):
        return "0" + compact[2:]
    return compact


def _add_missing_zero(digits: str) -> str:
    """People often drop the leading 0 (spreadsheets eat it): 912345678 -> 0912345678."""
    if len(digits) == 9 and digits[0] in "35789":
        return "0" + digits
    if len(digits) == 10 and digits[0] == "2":
        return "0" + digits
    return digits


def _check_national(number: str) -> None:
    if len(number) == 11 and number[:4] in _OLD_MOBILE:
        raise _fail("phone.old_prefix", suggestion=_OLD_MOBILE[number[:4]] + number[4:])
    if len(number) == 10 and number.startswith("04"):
        raise _fail("phone.old_prefix", suggestion="024" + number[2:])
    prefix = number[:2]
    if prefix not in (*_MOBILE_PREFIXES, _LANDLINE_PREFIX):
        raise _fail("phone.prefix", prefix=prefix)
    expected = 11 if prefix == _LANDLINE_PREFIX else 10
    if len(number) != expected:
        raise _fail("phone.length", count=str(len(number)))


def normalise_phone(value: str) -> str:
    """National digits for any common way of writing a Vietnamese number; "" for a blank value.

    Raises PhoneError carrying the Issue to show (a foreign number is a warning, everything else an error).
    """
    compact = _SEPARATORS.sub("", unicodedata.normalize("NFKC", value))
    if not compact:
        return ""
    national = _strip_country_code(compact)
    stray = re.findall(r"[^0-9]", national)
    if stray:
        raise _fail("phone.non_digit", sample="".join(dict.fromkeys(stray)))
    number = _add_missing_zero(national)
    _check_national(number)
    return number


def check_phone(value: str) -> list[Issue]:
    """Phone is optional: a blank value has no issues."""
    try:
        normalise_phone(value)
    except PhoneError as exc:
        return [exc.issue]
    return []
