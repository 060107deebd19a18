"""Dev-only: turn the researched procedure CSV into forms/procedures/<code>/v1.json.

Usage: .venv/bin/python scripts/convert_procedures.py PATH/TO/procedures_commune.csv [--out DIR]

The CSV is research notes, not an official dataset, so every judgement made while converting it
lives here (rules first, then per-procedure tables) and the output can be regenerated and reviewed.
Only v1.json files are written; later versions are edited by hand by the city's editors.
Each definition is checked with the app's own loader before it is written.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desk_app.domain.catalogue import ProcedureDefinition  # noqa: E402

EFFECTIVE_FROM = "2025-07-01"  # the two-tier local government took over on this day

# --- authority ------------------------------------------------------------------------------------


def authority(text: str) -> tuple[str, str, str]:
    """(printed authority, level, note). The CSV's qualifiers go to notes so the receipt stays short."""
    if text.startswith("Công an"):
        short, level = "Công an cấp xã", "commune_police"
    else:
        short, level = "UBND cấp xã", "commune"
    note = "" if text == short else f"Cơ quan thực hiện theo nguồn: {text}."
    return short, level, note


# --- time rule ------------------------------------------------------------------------------------

_WORKING_DAYS_IN_TEXT = re.compile(r"(\d+) ngày làm việc")


def stated_working_days(text: str) -> int | None:
    """The longest 'N ngày làm việc' the published text names, if any."""
    found = [int(n) for n in _WORKING_DAYS_IN_TEXT.findall(text)]
    return max(found) if found else None


def time_rule(row: dict[str, str], field_ceiling: dict[str, int]) -> tuple[str, str]:
    """(rule, note). Empty day counts never become 0: a receipt must not promise a same-day result."""
    kind, days = row["time_rule"], row["working_days"].strip()
    if kind == "same_day_or_5wd_if_verify":
        note = (
            "Ngày hẹn máy tính theo quy tắc trong ngày (mốc 15 giờ); trường hợp cần xác minh, "
            "cán bộ sửa ngày hẹn, tối đa 05 ngày làm việc."
        )
        return "same_day_15h", note
    if kind in ("same_day_15h", "same_day"):
        return kind, ""
    if days:
        return f"{kind}:{int(days)}", ""
    stated = stated_working_days(row["processing_time_text"])
    if stated:
        return f"working_days:{stated}", (
            f"Nguồn không ghi số ngày; lấy {stated} ngày làm việc theo văn bản thời hạn. Cần đối chiếu "
            "quyết định công bố của Hà Nội."
        )
    ceiling = field_ceiling[row["field"]]
    return f"working_days:{ceiling}", (
        f"Nguồn không ghi thời hạn giải quyết; tạm dùng mặc định thận trọng {ceiling} ngày làm việc "
        "(thời hạn dài nhất của các thủ tục cùng lĩnh vực trong danh mục). Cần đối chiếu quyết định "
        "công bố của Hà Nội."
    )


def field_ceilings(rows: list[dict[str, str]]) -> dict[str, int]:
    """Longest working-day period per field, from explicit counts or the published text."""
    ceilings: dict[str, int] = {}
    for row in rows:
        days = row["working_days"].strip()
        n = int(days) if days else stated_working_days(row["processing_time_text"]) or 0
        ceilings[row["field"]] = max(ceilings.get(row["field"], 0), n)
    return ceilings


# --- fee ------------------------------------------------------------------------------------------

_FIGURE = re.compile(r"(\d{1,3}(?:\.\d{3})+)đ(?:/([^;,(]+))?")
_FREE = ("Miễn", "Không thu")
_FEE_SAME_AS = {"1.002755": "1.004194", "1.003583": "1.001193", "1.000419": "1.000656"}


def fee(text: str) -> dict[str, Any]:
    """One figure when the text gives one (or the in-person one of two); 0 otherwise."""
    figures = _FIGURE.findall(text)
    unit = (figures[0][1].strip() if figures and figures[0][1] else "hồ sơ").split(",")[0]
    amount = 0
    if text.startswith(_FREE):
        amount = 0
    elif len(figures) == 1:
        amount = int(figures[0][0].replace(".", ""))
    elif "(trực tiếp)" in text:
        # The desk receives in person, so the in-person rate is the one charged here.
        amount = int(figures[0][0].replace(".", ""))
    return {"amount_vnd": amount, "unit": unit, "text": text}


def resolve_fee(code: str, rows: dict[str, dict[str, str]]) -> dict[str, Any]:
    """'Như đăng ký X' means nothing on a receipt: spell out the referenced procedure's fee."""
    if code not in _FEE_SAME_AS:
        return fee(rows[code]["fee_text"])
    base = rows[_FEE_SAME_AS[code]]
    name = base["name_vi"].removeprefix("Thủ tục ")
    return {**fee(base["fee_text"]), "text": f"Như thủ tục {name[0].lower()}{name[1:]}: {base['fee_text']}"}


# --- documents ------------------------------------------------------------------------------------

_FORM_PREFIXES = ("tờ khai", "đơn ", "giấy đề nghị", "đề nghị", "thông báo thay đổi")
_COPY_PREFIXES = ("giấy tờ chứng minh", "chứng cứ", "giấy tờ làm căn cứ", "tài liệu", "giấy tờ kèm theo")
_DROP = re.compile(r"\s*\((bản chính(?: 1)?|xuất trình|mẫu)\)")
_CONDITION = re.compile(r"\s+((?:nếu|trừ khi) .+)$")

# Per-document judgements the wording alone cannot carry, keyed by (code, position in the CSV list).
# The chứng thực and hộ kinh doanh decrees ask for copies of identity and ownership papers.
_DOC_OVERRIDES: dict[tuple[str, int], dict[str, Any]] = {
    ("1.004194", 1): {
        "name": "Giấy tờ chứng minh chỗ ở hợp pháp (k3 Đ5 NĐ 154/2024/NĐ-CP; trừ khi khai thác được từ CSDL)"
    },
    ("1.004873", 2): {"name": "Giấy xác nhận tình trạng hôn nhân đã cấp (nếu xin cấp lại)"},
    ("2.000815", 0): {"originals": 0, "copies": 0, "present_only": True},  # NĐ 23/2015 Đ20: xuất trình
    ("2.001035", 1): {"originals": 0, "copies": 1, "present_only": False},
    ("2.001019", 1): {"originals": 0, "copies": 1, "present_only": False},
    ("2.001019", 2): {"originals": 0, "copies": 1},
    ("1.001612", 1): {"originals": 0, "copies": 1},
    ("2.000720", 1): {"name": "Giấy tờ kèm theo (tùy nội dung thay đổi)", "required": False},
    ("1.012812", 1): {"required": False},
}


def clean_name(raw: str) -> str:
    name = _DROP.sub("", raw.strip())
    name = _CONDITION.sub(r" (\1)", name)
    return name[0].upper() + name[1:]


def document(raw: str) -> dict[str, Any]:
    """Counts from the wording: forms and plain papers 1 original, 'bản sao' 1 copy, IDs shown only."""
    low = raw.lower()
    name = clean_name(raw)
    doc: dict[str, Any] = {"name": name, "originals": 1, "copies": 0, "required": True}
    doc["is_form"] = low.startswith(_FORM_PREFIXES) or "(mẫu" in low
    doc["present_only"] = False
    if "(xuất trình)" in low or "tùy thân" in low:
        doc.update(originals=0, copies=0, present_only=True)
    elif low.startswith("bản sao") or low.startswith(_COPY_PREFIXES) or "giấy tờ pháp lý" in low:
        doc.update(originals=0, copies=1)
    if re.search(r"\bnếu\b|\btrừ khi\b|\(trường hợp", low):
        doc["required"] = False
    return doc


def documents(code: str, text: str) -> tuple[list[dict[str, Any]], str]:
    """The checklist, and any item that is a condition rather than a paper (kept as a note)."""
    docs, notes = [], []
    for i, raw in enumerate(part.strip() for part in text.split(";")):
        if "phải có mặt" in raw:
            notes.append(clean_name(raw) + " khi nộp hồ sơ.")
            continue
        docs.append({**document(raw), **_DOC_OVERRIDES.get((code, i), {})})
    return docs, " ".join(notes)


# --- clerk's extra fields -----------------------------------------------------------------------


def _f(key: str, label: str, kind: str = "text", required: bool = True, choices: list[str] | None = None):
    spec: dict[str, Any] = {"key": key, "label": label, "type": kind, "required": required}
    if choices:
        spec["choices"] = choices
    return spec


_SEX = ["Nam", "Nữ"]
_CHILD = [
    _f("child_full_name", "Họ, chữ đệm và tên của trẻ"),
    _f("child_date_of_birth", "Ngày, tháng, năm sinh của trẻ", "date"),
    _f("child_sex", "Giới tính của trẻ", "choice", choices=_SEX),
]
_DECEASED = [
    _f("deceased_full_name", "Họ, chữ đệm và tên người chết"),
    _f("date_of_death", "Ngày chết", "date"),
]
FIELDS: dict[str, list[dict[str, Any]]] = {
    "1.001193": [*_CHILD, _f("place_of_birth", "Nơi sinh")],
    "1.000894": [
        _f("partner_full_name", "Họ, chữ đệm và tên bên kia"),
        _f("partner_date_of_birth", "Ngày sinh bên kia", "date"),
        _f("partner_personal_id", "Số định danh cá nhân bên kia"),
    ],
    "1.000656": [
        *_DECEASED,
        _f("place_of_death", "Nơi chết"),
        _f("deceased_personal_id", "Số định danh người chết", required=False),
    ],
    "1.004884": [
        _f("registrant_full_name", "Họ, chữ đệm và tên người được đăng ký lại khai sinh"),
        _f("registrant_date_of_birth", "Ngày, tháng, năm sinh", "date"),
        _f("previous_registration_place", "Nơi đã đăng ký khai sinh trước đây", required=False),
    ],
    "1.004873": [
        _f("purpose", "Mục đích sử dụng giấy xác nhận"),
        _f(
            "marital_status",
            "Tình trạng hôn nhân khai",
            "choice",
            choices=["Chưa đăng ký kết hôn", "Đã ly hôn", "Vợ/chồng đã chết", "Đang có vợ/chồng"],
        ),
        _f("copies_requested", "Số bản yêu cầu", "int"),
    ],
    "2.000635": [
        _f(
            "record_kind",
            "Loại trích lục",
            "choice",
            choices=["Khai sinh", "Kết hôn", "Khai tử", "Nhận cha, mẹ, con", "Giám hộ", "Khác"],
        ),
        _f("subject_full_name", "Họ, chữ đệm và tên người được cấp trích lục"),
        _f("copies_requested", "Số bản sao yêu cầu", "int"),
    ],
    "1.004859": [
        _f("subject_full_name", "Họ, chữ đệm và tên người có thông tin hộ tịch"),
        _f(
            "change_kind",
            "Loại yêu cầu",
            "choice",
            choices=["Thay đổi", "Cải chính", "Bổ sung thông tin", "Xác định lại dân tộc"],
        ),
        _f("change_content", "Nội dung đề nghị"),
    ],
    "1.001022": [
        _f("recognition_kind", "Loại yêu cầu", "choice", choices=["Nhận cha", "Nhận mẹ", "Nhận con"]),
        _f("other_full_name", "Họ, chữ đệm và tên người được nhận"),
        _f("other_date_of_birth", "Ngày sinh người được nhận", "date"),
    ],
    "1.004837": [
        _f("ward_full_name", "Họ, chữ đệm và tên người được giám hộ"),
        _f("ward_date_of_birth", "Ngày sinh người được giám hộ", "date"),
        _f("guardianship_kind", "Loại giám hộ", "choice", choices=["Giám hộ cử", "Giám hộ đương nhiên"]),
    ],
    "1.003583": [*_CHILD, _f("mobile_place", "Địa điểm đăng ký lưu động")],
    "1.000419": [*_DECEASED, _f("mobile_place", "Địa điểm đăng ký lưu động")],
    "2.000986": [*_CHILD, _f("permanent_address", "Nơi đăng ký thường trú của trẻ")],
    "2.002622": [*_DECEASED, _f("funeral_allowance_recipient", "Người nhận mai táng phí", required=False)],
    "2.000815": [
        _f("document_name", "Tên giấy tờ, văn bản"),
        _f("pages", "Số trang của bản chính", "int"),
        _f("copies_requested", "Số bản sao cần chứng thực", "int"),
    ],
    "2.000884": [
        _f("document_name", "Tên giấy tờ, văn bản cần chứng thực chữ ký"),
        _f("cases", "Số trường hợp chứng thực", "int"),
    ],
    "2.000908": [
        _f("document_name", "Giấy tờ cần cấp bản sao"),
        _f("copies_requested", "Số bản sao yêu cầu", "int"),
    ],
    "2.001035": [
        _f("asset_kind", "Loại tài sản", "choice", choices=["Động sản", "Quyền sử dụng đất", "Nhà ở"]),
        _f("contract_name", "Tên hợp đồng, giao dịch"),
        _f("parties", "Số bên tham gia", "int", required=False),
    ],
    "2.001019": [
        _f("testator_full_name", "Họ, chữ đệm và tên người lập di chúc"),
        _f("pages", "Số trang di chúc", "int", required=False),
    ],
    "1.004222": [
        _f("residence_address", "Địa chỉ đăng ký thường trú"),
        _f("household_head_full_name", "Họ, chữ đệm và tên chủ hộ", required=False),
        _f("relation_to_head", "Quan hệ với chủ hộ", required=False),
    ],
    "1.004194": [
        _f("residence_address", "Địa chỉ đăng ký tạm trú"),
        _f("stay_until", "Tạm trú đến ngày", "date"),
    ],
    "1.002755": [
        _f("residence_address", "Địa chỉ tạm trú"),
        _f("stay_until", "Gia hạn tạm trú đến ngày", "date"),
    ],
    "1.003677": [
        _f("absent_from", "Tạm vắng từ ngày", "date"),
        _f("absent_until", "Tạm vắng đến ngày", "date"),
        _f("destination", "Nơi đến"),
    ],
    "1.010028": [
        _f("residence_address", "Địa chỉ tạm trú cần xóa"),
        _f("reason", "Lý do xóa đăng ký tạm trú"),
    ],
    "1.010038": [
        _f("new_head_full_name", "Họ, chữ đệm và tên chủ hộ mới"),
        _f("residence_address", "Địa chỉ chỗ ở của hộ mới"),
        _f("members", "Số thành viên hộ mới", "int", required=False),
    ],
    "2.001159": [
        _f("guest_full_name", "Họ, chữ đệm và tên người lưu trú"),
        _f("stay_address", "Địa chỉ lưu trú"),
        _f("stay_from", "Lưu trú từ ngày", "date"),
        _f("stay_until", "Lưu trú đến ngày", "date", required=False),
    ],
    "1.001612": [
        _f("business_name", "Tên hộ kinh doanh"),
        _f("business_address", "Địa chỉ trụ sở hộ kinh doanh"),
        _f("business_lines", "Ngành, nghề kinh doanh"),
        _f("capital_vnd", "Vốn kinh doanh (đồng)", "int", required=False),
    ],
    "2.000720": [
        _f("registration_number", "Mã số hộ kinh doanh"),
        _f("business_name", "Tên hộ kinh doanh"),
        _f("change_content", "Nội dung thay đổi"),
    ],
    "1.012812": [
        _f("other_party", "Bên tranh chấp còn lại"),
        _f("land_parcel", "Thửa đất (số thửa, tờ bản đồ, địa chỉ)"),
        _f("dispute_summary", "Tóm tắt nội dung tranh chấp", required=False),
    ],
}

# Facts that matter at the desk and fit no other key.
EXTRA_NOTES = {
    "1.003583": "Thời hạn khác nhau giữa các tỉnh (03 hoặc 05 ngày); cần đối chiếu quyết định của Hà Nội.",
    "1.004194": "Nguồn ghi một số nơi thu 10.000đ/5.000đ; cần đối chiếu mức lệ phí áp dụng tại Hà Nội.",
    "1.010028": "07 ngày trong nguồn là thời hạn người dân phải nộp hồ sơ, không phải thời hạn giải quyết.",
    "2.000815": "Lệ phí tính theo số trang nên amount_vnd để 0; số tiền tính theo fee.text.",
    "2.001159": "Có thể khai báo trực tiếp, qua điện thoại hoặc trực tuyến.",
}

# --- assembling -----------------------------------------------------------------------------------


def nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    if isinstance(value, list):
        return [nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc(v) for k, v in value.items()}
    return value


def definition(row: dict[str, str], rows: dict[str, dict[str, str]], ceilings: dict[str, int]) -> dict:
    code = row["code"]
    short, level, authority_note = authority(row["competent_authority"])
    rule, rule_note = time_rule(row, ceilings)
    docs, doc_note = documents(code, row["key_documents"])
    notes = [authority_note, rule_note, doc_note, EXTRA_NOTES.get(code, "")]
    return nfc(
        {
            "$schema_version": 1,
            "code": code,
            "version": 1,
            "effective_from": EFFECTIVE_FROM,
            "name": row["name_vi"],
            "field": row["field"],
            "competent_authority": short,
            "authority_level": level,
            "time_rule": rule,
            "processing_time_text": row["processing_time_text"],
            "fee": resolve_fee(code, rows),
            "documents": docs,
            "fields": FIELDS[code],
            "legal_basis": row["legal_basis"],
            "source": {"evidence": row["evidence"], "confidence": row["confidence"]},
            "notes": " ".join(n for n in notes if n),
        }
    )


def write(defn: dict, out: Path) -> Path:
    text = json.dumps(defn, ensure_ascii=False, indent=2) + "\n"
    ProcedureDefinition.model_validate_json(text)  # never write a file the app would refuse
    path = out / defn["code"] / "v1.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--out", type=Path, default=REPO / "forms" / "procedures")
    args = parser.parse_args(argv)
    with args.csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    by_code = {row["code"]: row for row in rows}
    ceilings = field_ceilings(rows)
    for row in rows:
        print(write(definition(row, by_code, ceilings), args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
