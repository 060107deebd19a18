"""One row of a published procedure list (CSV/XLSX) turned into a procedure definition.

The accepted columns are the ones the national database and the provincial annexes print (Vietnamese
headers, matched without accents or case) plus English aliases; forms/README.md lists them. Every problem
is reported with the spreadsheet row and the column's header so an editor can find it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from desk_app.domain.catalogue import ProcedureDefinition, _check_time_rule, _reason
from desk_app.domain.text import fold, nfc

# key -> accepted headers; the first one is the name used in messages.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("Mã thủ tục", "Mã TTHC", "Mã số TTHC", "Mã số thủ tục", "code"),
    "name": ("Tên thủ tục", "Tên TTHC", "Tên thủ tục hành chính", "name"),
    "field": ("Lĩnh vực", "Lĩnh vực thực hiện", "field"),
    "level": ("Cấp thực hiện", "Cấp giải quyết", "level", "authority_level"),
    "authority": ("Cơ quan giải quyết", "Cơ quan thực hiện", "Cơ quan có thẩm quyền", "competent_authority",
                  "authority"),
    "time_text": ("Thời hạn giải quyết", "Thời gian giải quyết", "processing_time"),
    "time_rule": ("Quy tắc thời hạn", "time_rule"),
    "fee_text": ("Phí, lệ phí", "Lệ phí", "Phí", "fee"),
    "fee_amount": ("Mức thu (đồng)", "Mức thu", "fee_vnd"),
    "fee_unit": ("Đơn vị tính", "fee_unit"),
    "documents": ("Thành phần hồ sơ", "Thành phần, số lượng hồ sơ", "documents"),
    "legal_basis": ("Căn cứ pháp lý", "legal_basis"),
    # The national database names a procedure's source by the decision that announced it.
    "evidence": ("Nguồn", "Nguồn thông tin", "source", "Số quyết định", "Quyết định công bố"),
    "confidence": ("Độ tin cậy", "confidence"),
    "notes": ("Ghi chú", "notes"),
}
REQUIRED = ("code", "name", "field", "level", "time_text", "fee_text", "documents", "legal_basis", "evidence")

_LEVELS = {
    "commune": ("cap xa", "xa", "ubnd cap xa", "ubnd xa", "commune"),
    "commune_police": ("cong an cap xa", "cong an xa", "commune police", "commune_police"),
    "city": ("cap tinh", "tinh", "cap thanh pho", "thanh pho", "city"),
}
_DEFAULT_AUTHORITY = {"commune": "UBND cấp xã", "commune_police": "Công an cấp xã"}
_SAME_DAY = ("trong ngay", "ngay sau khi", "giai quyet ngay", "ngay khi nhan")
_COUNTS = re.compile(
    r"\(\s*(?:bản chính|ban chinh)\s*:\s*([^\s)–-]+)\s*[-–,;]\s*(?:bản sao|ban sao)\s*:\s*([^\s)]+)\s*\)", re.IGNORECASE
)
_TAG = re.compile(r"\[([^\]]*)\]")
_TAGS = {"mau": "is_form", "to khai": "is_form", "neu co": "optional", "khong bat buoc": "optional",
         "xuat trinh": "present_only"}
_FIGURE = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)\s*(?:đ|đồng)\b")
_SCHEMA_TO_COLUMN = {"code": "code", "name": "name", "field": "field", "competent_authority": "authority",
                     "authority_level": "level", "time_rule": "time_rule", "processing_time_text": "time_text",
                     "fee": "fee_text", "documents": "documents", "legal_basis": "legal_basis",
                     "source": "evidence", "notes": "notes"}


def header(key: str) -> str:
    return COLUMNS[key][0]


@dataclass(frozen=True)
class RowError:
    """A problem in one row: ``line`` is the spreadsheet row, ``column`` the header to look at."""

    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f", cột «{self.column}»" if self.column else ""
        return f"Dòng {self.line}{where}: {self.reason}"


class RowProblem(ValueError):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key, self.reason = key, reason


def match_headers(cells: list[Any]) -> dict[str, int]:
    """key -> column index for the headers this module knows; unknown headers are left out."""
    aliases = {fold(alias): key for key, names in COLUMNS.items() for alias in names}
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = aliases.get(fold(str(cell or "")))
        if key and key not in found:
            found[key] = index
    return found


def _level(text: str) -> str:
    folded = fold(text)
    for level, names in _LEVELS.items():
        if folded in names:
            return level
    raise RowProblem("level", f"không hiểu cấp thực hiện «{text}»; ghi Cấp xã, Công an cấp xã hoặc Cấp tỉnh")


def time_rule_from(text: str) -> str:
    """working_days:N / calendar_days:N / same_day_15h read from the published wording."""
    folded = fold(text)
    if any(phrase in folded for phrase in _SAME_DAY):
        return "same_day_15h"
    working = [int(n) for n in re.findall(r"(\d+)\s*ngay lam viec", folded)]
    if working:
        return f"working_days:{max(working)}"
    calendar = [int(n) for n in re.findall(r"(\d+)\s*ngay", folded)]
    if calendar:
        return f"calendar_days:{max(calendar)}"
    raise RowProblem("time_text", f"không đọc được thời hạn «{text}»; ghi «N ngày làm việc» hoặc điền cột "
                                  f"«{header('time_rule')}»")


def _rule(values: dict[str, str]) -> str:
    if values.get("time_rule"):
        try:
            return _check_time_rule(values["time_rule"])
        except ValueError as exc:
            raise RowProblem("time_rule", str(exc)) from exc
    return time_rule_from(values["time_text"])


def _fee(values: dict[str, str]) -> dict[str, Any]:
    text, amount = values["fee_text"], values.get("fee_amount", "")
    if amount:
        if not re.fullmatch(r"\d+", amount.replace(".", "")):
            raise RowProblem("fee_amount", f"mức thu phải là số đồng không âm, không phải «{amount}»")
        value = int(amount.replace(".", ""))
    elif fold(text).startswith(("mien", "khong")):
        value = 0
    else:
        figures = {int(f.replace(".", "")) for f in _FIGURE.findall(text)}
        value = figures.pop() if len(figures) == 1 else 0  # several rates: the text is the truth
    return {"amount_vnd": value, "unit": values.get("fee_unit") or "hồ sơ", "text": text}


def _count(raw: str, which: str, name: str) -> int:
    if not re.fullmatch(r"\d+", raw):
        raise RowProblem("documents", f"số {which} của «{name}» phải là số nguyên không âm, không phải «{raw}»")
    return int(raw)


def _document(item: str) -> dict[str, Any]:
    flags = set()
    for tag in _TAG.findall(item):
        flag = _TAGS.get(fold(tag))
        if flag is None:
            raise RowProblem("documents", f"không hiểu ghi chú [{tag}]; dùng [mẫu], [nếu có] hoặc [xuất trình]")
        flags.add(flag)
    counts = _COUNTS.search(item)
    name = nfc(_TAG.sub("", _COUNTS.sub("", item))).strip(" ,.-")
    if not name:
        raise RowProblem("documents", f"thiếu tên giấy tờ trong «{item.strip()}»")
    if counts:
        originals, copies = (_count(counts[1], "bản chính", name), _count(counts[2], "bản sao", name))
    elif "present_only" in flags:
        originals = copies = 0
    else:
        raise RowProblem("documents", f"«{name}» thiếu số bản, ghi (Bản chính: N - Bản sao: M)")
    if originals + copies == 0 and "present_only" not in flags:
        raise RowProblem("documents", f"«{name}» có số bản chính và bản sao đều bằng 0; giấy chỉ xem thì ghi "
                                      "[xuất trình]")
    return {"name": name, "originals": originals, "copies": copies, "required": "optional" not in flags,
            "is_form": "is_form" in flags, "present_only": "present_only" in flags}


def documents_from(text: str, separators: str = r"[\n;]") -> list[dict[str, Any]]:
    """One document per line (or separated by ";"), e.g. ``Tờ khai (Bản chính: 1 - Bản sao: 0) [mẫu]``.
    The console's field splits on lines alone: a name there may hold a ";"."""
    items = [item for item in re.split(separators, text) if item.strip()]
    if not items:
        raise RowProblem("documents", "thiếu thành phần hồ sơ")
    return [_document(item) for item in items]


def _authority(values: dict[str, str], level: str) -> str:
    if values.get("authority"):
        return values["authority"]
    if level == "city":
        raise RowProblem("authority", "thủ tục cấp thành phố phải ghi cơ quan giải quyết (Sở, ngành...)")
    return _DEFAULT_AUTHORITY[level]


def row_to_dict(values: dict[str, str]) -> dict[str, Any]:
    """The definition (without version and date) a row describes; raises RowProblem on the first bad cell."""
    for key in REQUIRED:
        if not values.get(key):
            raise RowProblem(key, "ô bắt buộc đang để trống")
    level = _level(values["level"])
    return {
        "code": values["code"], "name": values["name"], "field": values["field"],
        "competent_authority": _authority(values, level), "authority_level": level,
        "time_rule": _rule(values), "processing_time_text": values["time_text"], "fee": _fee(values),
        "documents": documents_from(values["documents"]), "fields": [], "legal_basis": values["legal_basis"],
        "source": {"evidence": values["evidence"], "confidence": values.get("confidence") or "chưa đánh giá"},
        "notes": values.get("notes", ""),
    }


def schema_errors(line: int, exc: ValidationError) -> list[RowError]:
    """pydantic's findings, pointed at the column the editor filled."""
    out = []
    for error in exc.errors():
        key = _SCHEMA_TO_COLUMN.get(str(error["loc"][0]) if error["loc"] else "", "")
        detail = ".".join(str(p) for p in error["loc"][1:])
        reason = _reason(dict(error)) + (f" ({detail})" if detail else "")
        out.append(RowError(line, header(key) if key else "", reason))
    return out


def parse_row(line: int, values: dict[str, str], version: int, effective_from: str
              ) -> tuple[ProcedureDefinition | None, list[RowError]]:
    try:
        data = row_to_dict(values)
    except RowProblem as exc:
        return None, [RowError(line, header(exc.key), exc.reason)]
    try:
        return ProcedureDefinition.model_validate({**data, "version": version, "effective_from": effective_from}), []
    except ValidationError as exc:
        return None, schema_errors(line, exc)


def document_line(doc: dict[str, Any]) -> str:
    """One document in the cell format documents_from reads back (the console's friendly field)."""
    tags = [tag for flag, tag in (("is_form", " [mẫu]"), ("present_only", " [xuất trình]")) if doc.get(flag)]
    if not doc.get("required", True):
        tags.append(" [nếu có]")
    counts = "" if doc.get("present_only") else f" (Bản chính: {doc['originals']} - Bản sao: {doc['copies']})"
    return f"{doc['name']}{counts}{''.join(tags)}"
