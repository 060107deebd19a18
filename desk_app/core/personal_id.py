"""The 12-digit personal ID (số định danh cá nhân) and what its structure says.

Digits 1-3: where the birth was registered; digit 4: century and sex; digits 5-6: birth year; the rest
is random. The regulation that fixed this structure has expired and the current law promises only "12
digits", so the structure is used to catch typing mistakes with warnings, never to refuse an ID.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from desk_app.core.messages import Issue, Severity
from desk_app.domain.model import Sex
from desk_app.paths import data_dir

PROVINCE_CODES_CSV = data_dir() / "id_province_codes.csv"

# Separators people type or paste between digit groups; dropped before checking.
_SEPARATORS = re.compile(r"[\s.\-]+")
_NOT_DIGIT = re.compile(r"[^0-9]")


@dataclass(frozen=True)
class Province:
    code: str  # first 3 digits of the ID
    name: str  # the province as it was when the code list was made
    name_2025: str  # the merged province it belongs to since 2025


@dataclass(frozen=True)
class PersonalIdInfo:
    province_code: str
    province: Province | None  # None when the code is not in the list
    sex: Sex
    century: tuple[int, int]  # first and last year of the century digit 4 points to
    birth_year: int  # century from digit 4 plus digits 5-6

    @property
    def birth_year_candidates(self) -> range:
        """Every year digit 4 allows; digits 5-6 narrow it to `birth_year`."""
        return range(self.century[0], self.century[1] + 1)


def clean_personal_id(value: str) -> str:
    """Drop spaces, dots and dashes and turn full-width digits into ASCII; letters are kept to be flagged."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", value))


@cache
def provinces(path: Path = PROVINCE_CODES_CSV) -> dict[str, Province]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return {
            row["cccd_birth_registration_code"]: Province(
                row["cccd_birth_registration_code"], row["old_province_name"], row["province_name_2025"]
            )
            for row in rows
        }


def century_and_sex(digit: str) -> tuple[int, Sex]:
    """Digit 4: 0/1 for 1900s, 2/3 for 2000s, 4/5 for 2100s, 6/7 for 2200s, 8/9 for 1800s; even is male."""
    n = int(digit)
    start = 1800 if n >= 8 else 1900 + 100 * (n // 2)
    return start, Sex.MALE if n % 2 == 0 else Sex.FEMALE


def describe_personal_id(value: str) -> PersonalIdInfo | None:
    digits = clean_personal_id(value)
    if not re.fullmatch(r"[0-9]{12}", digits):
        return None
    start, sex = century_and_sex(digits[3])
    return PersonalIdInfo(
        province_code=digits[:3],
        province=provinces().get(digits[:3]),
        sex=sex,
        century=(start, start + 99),
        birth_year=start + int(digits[4:6]),
    )


def _structure_errors(digits: str) -> list[Issue]:
    if not digits:
        return [Issue("personal_id", "personal_id.empty", Severity.ERROR)]
    stray = _NOT_DIGIT.findall(digits)
    if stray:
        sample = "".join(dict.fromkeys(stray))
        return [Issue("personal_id", "personal_id.non_digit", Severity.ERROR, {"sample": sample})]
    if len(digits) != 12:
        return [Issue("personal_id", "personal_id.length", Severity.ERROR, {"count": str(len(digits))})]
    return []


def _birth_warnings(
    info: PersonalIdInfo, digits: str, date_of_birth: date | None, today: date
) -> list[Issue]:
    if date_of_birth is None:
        if info.birth_year > today.year:
            params = {"birth_year": str(info.birth_year)}
            return [Issue("personal_id", "personal_id.birth_year_in_future", Severity.WARNING, params)]
        return []
    issues: list[Issue] = []
    year = date_of_birth.year
    first, last = info.century
    if not first <= year <= last:
        params = {"digit": digits[3], "first_year": str(first), "last_year": str(last)}
        params["birth_year"] = str(year)
        issues.append(Issue("personal_id", "personal_id.century_mismatch", Severity.WARNING, params))
    if digits[4:6] != f"{year % 100:02d}":
        params = {"year_digits": digits[4:6], "birth_year": str(year)}
        issues.append(Issue("personal_id", "personal_id.birth_year_mismatch", Severity.WARNING, params))
    return issues


def check_personal_id(
    value: str, date_of_birth: date | None, sex: Sex | None, *, today: date | None = None
) -> list[Issue]:
    """Errors when it is not 12 digits; warnings when its structure disagrees with the form."""
    digits = clean_personal_id(value)
    errors = _structure_errors(digits)
    info = describe_personal_id(digits)
    if errors or info is None:
        return errors
    issues: list[Issue] = []
    if info.province is None:
        params = {"province_code": info.province_code}
        issues.append(Issue("personal_id", "personal_id.unknown_province", Severity.WARNING, params))
    if sex is not None and sex != info.sex:
        params = {"digit": digits[3], "id_sex": info.sex.value, "entered_sex": sex.value}
        issues.append(Issue("personal_id", "personal_id.sex_mismatch", Severity.WARNING, params))
    issues += _birth_warnings(info, digits, date_of_birth, today or date.today())
    return issues
