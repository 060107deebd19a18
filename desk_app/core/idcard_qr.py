"""The QR on the back of the chip ID card (CCCD / thẻ căn cước), read through a keyboard-wedge scanner.

The payload is UTF-8 text with "|" between fields:
    ID12|OLD_ID|FULL NAME|DDMMYYYY birth|Nam/Nữ|address|DDMMYYYY issue date
The old ID may be empty, some cards omit that field altogether (6 fields), newer cards may append
fields we do not know yet. Scanners typing as a keyboard add prefixes (AIM "]Q1", STX), suffixes
(ETX, CR/LF, tab) and may deliver decomposed Unicode, so the parser cleans first and checks every field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from desk_app.core.messages import Issue, Severity, render
from desk_app.core.validation import garbled_sample
from desk_app.domain.model import Sex
from desk_app.domain.text import fold, nfc

_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")  # symbology identifier some scanners prepend
_TRAILING_DIGITS = re.compile(r"[0-9]+$")
_URL = re.compile(r"^(https?://|www\.)|^[a-z0-9-]+(\.[a-z0-9-]+)+/", re.IGNORECASE)
_SEXES = {"nam": Sex.MALE, "nu": Sex.FEMALE}


@dataclass(frozen=True)
class IdCardData:
    personal_id: str
    old_id: str  # "" when the holder never had a 9-digit CMND or the card omits it
    full_name: str  # as printed on the card (usually capitals with diacritics), NFC
    date_of_birth: date
    sex: Sex
    address: str
    issue_date: date | None


class QrError(ValueError):
    """A scan that is not a usable ID-card QR; `.issue` says why (field "qr")."""

    def __init__(self, issue: Issue) -> None:
        self.issue = issue
        super().__init__(render(issue))


def _fail(code: str, **params: str) -> QrError:
    return QrError(Issue("qr", code, Severity.ERROR, params))


def _clean(payload: str) -> str:
    """NFC; whitespace (CR/LF, tab, no-break space) to spaces; control characters (STX, ETX, GS) dropped."""
    text = unicodedata.normalize("NFC", payload)
    text = "".join(" " if ch.isspace() else ch for ch in text if ch.isspace() or ch.isprintable())
    return _AIM_PREFIX.sub("", text.strip()).strip()


def looks_like_idcard_qr(text: str) -> bool:
    """Cheap test for a scanner burst typed into any field: nobody types four "|" and a long number."""
    return text.count("|") >= 4 and re.search(r"[0-9]{9,}", text) is not None


def _not_a_card(text: str) -> QrError:
    if not text:
        return _fail("qr.empty")
    if _URL.search(text):
        return _fail("qr.url")
    if re.fullmatch(r"[0-9 ]+", text):
        return _fail("qr.barcode")
    return _fail("qr.not_idcard")


def _personal_id(first_field: str) -> str:
    """The 12 digits ending the first field; anything before them is scanner prefix."""
    value = first_field.strip()
    match = _TRAILING_DIGITS.search(value)
    digits = match.group() if match else ""
    if len(digits) != 12:
        shown = value if len(value) <= 20 else "…" + value[-19:]
        raise _fail("qr.personal_id", value=shown, count=str(len(digits)))
    return digits


def _date(value: str, code: str) -> date:
    text = value.strip()
    if not re.fullmatch(r"[0-9]{8}", text):
        raise _fail(code, value=text)
    try:
        parsed = date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError:
        raise _fail(code, value=text) from None
    if parsed.year < 1800:  # the ID's century digit starts at 1800; earlier means a misread field
        raise _fail(code, value=text)
    return parsed


def _sex(value: str) -> Sex:
    sex = _SEXES.get(fold(value))
    if sex is None:
        raise _fail("qr.sex", value=nfc(value))
    return sex


def _text(value: str) -> str:
    text = nfc(value)
    sample = garbled_sample(text)
    if sample:
        raise _fail("qr.garbled_text", sample=sample)
    return text


def _split(fields: list[str]) -> tuple[str, list[str]]:
    """Return the old ID and the fields from the name on; the layout is told by field 2's content."""
    second = fields[1].strip() if len(fields) > 1 else ""
    has_old_id = second == "" or re.fullmatch(r"[0-9]+", second) is not None
    rest = fields[2:] if has_old_id else fields[1:]
    needed = 6 if has_old_id else 5  # ID, [old ID], name, birth, sex, address; issue date may be missing
    if len(fields) < needed:
        raise _fail("qr.field_count", count=str(len(fields)), expected=str(needed))
    old_id = second if has_old_id else ""
    if old_id and len(old_id) not in (9, 12):
        raise _fail("qr.old_id", value=old_id)
    return old_id, rest


def parse_idcard_qr(payload: str) -> IdCardData:
    """Fields of a scanned ID-card QR, or QrError naming the first thing that is wrong."""
    text = _clean(payload)
    fields = text.split("|")
    if len(fields) == 1 or _URL.search(text) or not re.search(r"[0-9]", fields[0]):
        raise _not_a_card(text)
    personal_id = _personal_id(fields[0])
    old_id, (name, birth, sex, address, *tail) = _split(fields)
    full_name = _text(name)
    if not any(ch.isalpha() for ch in full_name):
        raise _fail("qr.name", value=full_name)
    issued = tail[0].strip() if tail else ""
    return IdCardData(
        personal_id=personal_id,
        old_id=old_id,
        full_name=full_name,
        date_of_birth=_date(birth, "qr.date_of_birth"),
        sex=_sex(sex),
        address=_text(address),
        issue_date=_date(issued, "qr.issue_date") if issued else None,
    )
