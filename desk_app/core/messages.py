"""Validation issues and the words the clerk reads for them, in Vietnamese (default) and English.

Checks produce `Issue` values with a stable code and string parameters; only `render` turns them into
text, so the UI, the receipt and the logs can each pick a language without the checks knowing about it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn


class Severity(StrEnum):
    ERROR = "error"  # blocks saving
    WARNING = "warning"  # shown to the clerk, never blocks


class _Params(dict[str, str]):
    """Read-only, hashable str->str dict: a frozen Issue stays hashable, and json/asdict still see a dict."""

    def __init__(self, values: Mapping[str, object] | Iterable[tuple[str, object]] = (), /) -> None:
        super().__init__((str(k), str(v)) for k, v in dict(values).items())

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("Issue.params is read-only")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[_Params], tuple[dict[str, str]]]:
        return _Params, (dict(self),)


@dataclass(frozen=True)
class Issue:
    field: str  # applicant field key, or "qr" for a scanned ID-card payload
    code: str  # stable machine code, "<field>.<problem>"
    severity: Severity
    params: Mapping[str, str] = dataclasses.field(default_factory=_Params)  # `field` is an attribute here

    def __post_init__(self) -> None:
        if not isinstance(self.params, _Params):
            object.__setattr__(self, "params", _Params(self.params))


FIELD_LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "full_name": "Họ và tên",
        "personal_id": "Số định danh cá nhân",
        "date_of_birth": "Ngày sinh",
        "sex": "Giới tính",
        "phone": "Số điện thoại",
        "email": "Email",
        "address": "Địa chỉ",
        "qr": "Mã QR thẻ căn cước",
    },
    "en": {
        "full_name": "Full name",
        "personal_id": "Personal ID number",
        "date_of_birth": "Date of birth",
        "sex": "Sex",
        "phone": "Phone number",
        "email": "Email",
        "address": "Address",
        "qr": "ID card QR code",
    },
}

# Parameter values that are themselves words and must follow the language (keys ending in "_sex").
_VALUE_WORDS: dict[str, dict[str, str]] = {
    "vi": {"male": "nam", "female": "nữ"},
    "en": {"male": "male", "female": "female"},
}

# code -> language -> template (str.format with the issue's params). No field label, no final stop.
TEMPLATES: dict[str, dict[str, str]] = {
    "full_name.required": {
        "vi": "chưa nhập, bắt buộc phải có",
        "en": "is required",
    },
    "full_name.digits": {
        "vi": "có chữ số ({sample}), hãy kiểm tra lại",
        "en": "contains digits ({sample}); please check it",
    },
    "full_name.garbled": {
        "vi": "có ký tự lạ \u201c{sample}\u201d, có thể bị lỗi bảng mã; hãy gõ lại bằng Unicode",
        "en": "has an odd character \u201c{sample}\u201d, probably a wrong encoding; retype it in Unicode",
    },
    "personal_id.empty": {
        "vi": "chưa nhập; cần đúng 12 chữ số",
        "en": "is empty; it needs exactly 12 digits",
    },
    "personal_id.non_digit": {
        "vi": "chỉ được gồm chữ số, có ký tự \u201c{sample}\u201d",
        "en": "must contain digits only, found \u201c{sample}\u201d",
    },
    "personal_id.length": {
        "vi": "phải có đúng 12 chữ số (đã nhập {count})",
        "en": "must have exactly 12 digits ({count} entered)",
    },
    "personal_id.unknown_province": {
        "vi": "mã nơi đăng ký khai sinh {province_code} (3 số đầu) không có trong danh mục, hãy kiểm tra lại",
        "en": "birth-registration code {province_code} (first 3 digits) is not in the list; please check it",
    },
    "personal_id.sex_mismatch": {
        "vi": "chữ số thứ 4 ({digit}) ứng với giới tính {id_sex}, nhưng giới tính đã chọn là {entered_sex}",
        "en": "the 4th digit ({digit}) means {id_sex}, but the sex entered is {entered_sex}",
    },
    "personal_id.century_mismatch": {
        "vi": "chữ số thứ 4 ({digit}) ứng với người sinh năm {first_year}–{last_year}, "
        "nhưng năm sinh đã nhập là {birth_year}",
        "en": "the 4th digit ({digit}) means born in {first_year}–{last_year}, "
        "but the birth year entered is {birth_year}",
    },
    "personal_id.birth_year_mismatch": {
        "vi": "chữ số thứ 5–6 ({year_digits}) không khớp năm sinh đã nhập {birth_year}",
        "en": "digits 5–6 ({year_digits}) do not match the birth year entered, {birth_year}",
    },
    "personal_id.birth_year_in_future": {
        "vi": "theo cấu trúc số, năm sinh là {birth_year}, chưa tới; hãy kiểm tra chữ số thứ 4–6",
        "en": "by its structure the birth year is {birth_year}, which is in the future; check digits 4–6",
    },
    "date_of_birth.future": {
        "vi": "không được sau ngày hôm nay ({date})",
        "en": "cannot be after today ({date})",
    },
    "date_of_birth.too_early": {
        "vi": "không được trước năm {min_year} (đã nhập {date})",
        "en": "cannot be before {min_year} ({date} entered)",
    },
    "phone.non_digit": {
        "vi": "chỉ được gồm chữ số, có ký tự \u201c{sample}\u201d",
        "en": "must contain digits only, found \u201c{sample}\u201d",
    },
    "phone.length": {
        "vi": "có {count} chữ số; số di động cần 10 chữ số, số cố định cần 11 chữ số (VD 024 xxxx xxxx)",
        "en": "has {count} digits; a mobile number needs 10 digits, a landline 11 (e.g. 024 xxxx xxxx)",
    },
    "phone.prefix": {
        "vi": "đầu số {prefix} không phải đầu số di động (03, 05, 07, 08, 09) hay cố định (02)",
        "en": "prefix {prefix} is neither a mobile (03, 05, 07, 08, 09) nor a landline (02) prefix",
    },
    "phone.old_prefix": {
        "vi": "là số theo đầu số cũ, nay đã đổi; số mới có thể là {suggestion}, hãy hỏi lại người nộp",
        "en": "uses a retired prefix; the new number is probably {suggestion}; ask the applicant",
    },
    "phone.foreign": {
        "vi": "{value} là số nước ngoài; nên ghi thêm số trong nước nếu có",
        "en": "{value} is a foreign number; add a Vietnamese number if there is one",
    },
    "email.format": {
        "vi": "không đúng dạng ten@mien.vn (đã nhập \u201c{value}\u201d)",
        "en": "is not in the form name@domain.vn (\u201c{value}\u201d entered)",
    },
    "address.garbled": {
        "vi": "có ký tự lạ \u201c{sample}\u201d, có thể bị lỗi bảng mã; hãy gõ lại bằng Unicode",
        "en": "has an odd character \u201c{sample}\u201d, probably a wrong encoding; retype it in Unicode",
    },
    "qr.empty": {
        "vi": "không đọc được dữ liệu nào, hãy quét lại",
        "en": "no data was read; please scan again",
    },
    "qr.url": {
        "vi": "đây là một đường dẫn web, không phải mã QR mặt sau thẻ căn cước",
        "en": "this is a web link, not the QR code on the back of an ID card",
    },
    "qr.barcode": {
        "vi": "đây là một dãy số (mã vạch), không phải mã QR mặt sau thẻ căn cước",
        "en": "this is a plain number (a barcode), not the QR code on the back of an ID card",
    },
    "qr.not_idcard": {
        "vi": "không phải mã QR thẻ căn cước (cần các trường cách nhau bởi dấu \u201c|\u201d)",
        "en": "not an ID card QR code (expected fields separated by \u201c|\u201d)",
    },
    "qr.field_count": {
        "vi": "chỉ có {count} trường, thiếu thông tin; cần ít nhất {expected}, hãy quét lại",
        "en": "has only {count} fields; at least {expected} are needed; please scan again",
    },
    "qr.personal_id": {
        "vi": "số định danh \u201c{value}\u201d có {count} chữ số, cần đúng 12",
        "en": "personal ID \u201c{value}\u201d has {count} digits; exactly 12 are needed",
    },
    "qr.old_id": {
        "vi": "số CMND cũ \u201c{value}\u201d không hợp lệ (cần 9 hoặc 12 chữ số)",
        "en": "old ID number \u201c{value}\u201d is invalid (9 or 12 digits needed)",
    },
    "qr.name": {
        "vi": "không có họ và tên hợp lệ (đọc được \u201c{value}\u201d)",
        "en": "has no valid full name (read \u201c{value}\u201d)",
    },
    "qr.date_of_birth": {
        "vi": "ngày sinh \u201c{value}\u201d không phải ngày hợp lệ dạng ngày-tháng-năm (DDMMYYYY)",
        "en": "date of birth \u201c{value}\u201d is not a real date in DDMMYYYY form",
    },
    "qr.issue_date": {
        "vi": "ngày cấp \u201c{value}\u201d không phải ngày hợp lệ dạng ngày-tháng-năm (DDMMYYYY)",
        "en": "issue date \u201c{value}\u201d is not a real date in DDMMYYYY form",
    },
    "qr.sex": {
        "vi": "giới tính \u201c{value}\u201d không phải \u201cNam\u201d hoặc \u201cNữ\u201d",
        "en": "sex \u201c{value}\u201d is neither \u201cNam\u201d nor \u201cNữ\u201d",
    },
    "qr.garbled_text": {
        "vi": "chữ bị lỗi mã hoá (\u201c{sample}\u201d); hãy đặt máy quét ở chế độ Unicode/UTF-8 "
        "và tắt bộ gõ tiếng Việt khi quét",
        "en": "text came out garbled (\u201c{sample}\u201d); set the scanner to Unicode/UTF-8 output "
        "and switch the Vietnamese keyboard off while scanning",
    },
}

_FALLBACK = {"vi": "giá trị không hợp lệ ({code})", "en": "invalid value ({code})"}


class _Missing(dict[str, str]):
    """Leaves an unknown placeholder visible instead of crashing the form that shows the message."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _language(lang: str) -> str:
    base = lang.replace("-", "_").split("_")[0].lower()
    return base if base in FIELD_LABELS else "vi"


def _localised_params(issue: Issue, lang: str) -> dict[str, str]:
    words = _VALUE_WORDS[lang]
    return {k: words.get(v, v) if k.endswith("_sex") else v for k, v in issue.params.items()}


def render(issue: Issue, lang: str = "vi") -> str:
    """One sentence naming the field in the clerk's words: "Số điện thoại: có 9 chữ số; ..."."""
    lang = _language(lang)
    label = FIELD_LABELS[lang].get(issue.field, issue.field)
    template = TEMPLATES.get(issue.code, {}).get(lang, _FALLBACK[lang])
    params = _Missing({"code": issue.code, **_localised_params(issue, lang)})
    return f"{label}: {template.format_map(params)}."


def errors(issues: Iterable[Issue]) -> list[Issue]:
    return [issue for issue in issues if issue.severity is Severity.ERROR]


class ValidationFailed(ValueError):
    """Raised by services when a save is refused; the UI shows `messages()` next to each field."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__("; ".join(self.messages("vi")))

    def messages(self, lang: str = "vi") -> list[str]:
        return [render(issue, lang) for issue in self.issues]


def raise_if_errors(issues: Sequence[Issue]) -> None:
    """Services call this after validating: warnings pass, any error stops the save."""
    if errors(issues):
        raise ValidationFailed(issues)
