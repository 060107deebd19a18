"""Dev-only: write v2.json of the 28 first procedures with their fee as a rule (format 2, issue 11).

Usage: .venv/bin/python scripts/add_fee_rules.py [--root forms/procedures]

Each v2 copies the latest version, keeps its meaning, and replaces the fee's single figure by a rule
taken from the circular or the city's resolution cited in `fee.rule.legal_basis` and in `source`.
Where no public source gives Hanoi's figure the rule is `in_text` and `why_in_text` says so. The
counts the fee part of the intake page now asks (pages, copies, signed papers) leave `fields`.
Every file is checked with the app's own loader before it is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desk_app.domain.catalogue import ProcedureDefinition  # noqa: E402

# The day the desk starts computing these fees from rules; the amounts themselves were in force before
# (the circulars date from 2016-2022). Household businesses follow their resolution's own date.
EFFECTIVE_FROM = "2026-12-01"

HO_TICH_LAW = "Luật Hộ tịch 2014"
POLICY = {"key": "chinh_sach", "reason": "Người thuộc gia đình có công với cách mạng, người thuộc hộ nghèo, "
          "người khuyết tật", "legal_basis": f"{HO_TICH_LAW}, điểm a khoản 1 Điều 11"}
TT281 = "Thông tư 281/2016/TT-BTC (phí khai thác, sử dụng thông tin trong cơ sở dữ liệu hộ tịch)"
TT226 = "Thông tư 226/2016/TT-BTC, Điều 4 (mức thu phí chứng thực)"
TT75 = "Thông tư 75/2022/TT-BTC (lệ phí đăng ký cư trú), Điều 3"
NQ06 = "Nghị quyết 06/2020/NQ-HĐND của HĐND thành phố Hà Nội (lệ phí hộ tịch)"
NQ78 = "Nghị quyết 78/2026/NQ-HĐND của HĐND thành phố Hà Nội (lệ phí đăng ký hộ kinh doanh), hiệu lực 25/7/2026"
RESIDENCE_EXEMPT = [
    {"key": "tre_em", "reason": "Trẻ em"},
    {"key": "nguoi_cao_tuoi", "reason": "Người cao tuổi"},
    {"key": "khuyet_tat", "reason": "Người khuyết tật"},
    {"key": "co_cong", "reason": "Người có công với cách mạng và thân nhân"},
    {"key": "ho_ngheo", "reason": "Công dân thuộc hộ nghèo"},
    {"key": "dtts_dbkk", "reason": "Đồng bào dân tộc thiểu số ở xã có điều kiện kinh tế - xã hội đặc biệt khó khăn"},
    {"key": "khac_dieu_4", "reason": "Trường hợp miễn khác nêu tại Điều 4 Thông tư 75/2022/TT-BTC"},
]
for _e in RESIDENCE_EXEMPT:
    _e["legal_basis"] = "Thông tư 75/2022/TT-BTC, Điều 4"

# Public sources read for the figures (searched 2026-12-06); the secondary ones name the primary text.
SRC_HN = ("Hà Nội figures (NQ 06/2020/NQ-HĐND: khai sinh/khai tử quá hạn 5.000đ, xác nhận tình trạng hôn nhân "
          "3.000đ; NQ 78/2026/NQ-HĐND: hộ kinh doanh 100.000đ hồ sơ giấy) as tabulated, with the resolutions "
          "cited, by a public Hanoi kiosk project's fee table checked 08/10/2026; not yet read in the gazette")
SRC_TT281 = "TT 281/2016/TT-BTC 8.000đ/bản as printed in DVC procedure texts (trích lục, kết hôn) in public repos"
SRC_TT226 = ("TT 226/2016/TT-BTC Điều 4 as printed on DVC procedure pages and commune FAQs in public repos: "
             "2.000đ/trang, từ trang 3 1.000đ/trang, tối đa 200.000đ/bản; chữ ký 10.000đ/trường hợp; "
             "hợp đồng, giao dịch 50.000đ")
SRC_TT75 = ("TT 75/2022/TT-BTC as printed in DVC texts of Công an cấp xã (public repos): thường trú 20.000đ, "
            "tạm trú 15.000đ (trực tiếp); miễn theo Điều 4")


def rule(kind: str, name: str, basis: str, **more: Any) -> dict[str, Any]:
    return {"kind": kind, "name": name, "legal_basis": basis, **more}


def copies_of(label: str) -> dict[str, Any]:
    return {"label": label, "amount_vnd": 8000, "legal_basis": TT281}


def _birth() -> dict[str, Any]:
    return rule("per_dossier", "Lệ phí đăng ký khai sinh", NQ06, set_by="city_council", amount_vnd=5000,
                extra_copies=copies_of("Bản sao trích lục khai sinh"), exemptions=[
                    {"key": "dung_han", "reason": "Đăng ký khai sinh đúng hạn (trong 60 ngày kể từ ngày sinh)",
                     "legal_basis": f"{HO_TICH_LAW}, điểm b khoản 1 Điều 11"}, POLICY])


def _death() -> dict[str, Any]:
    return rule("per_dossier", "Lệ phí đăng ký khai tử", NQ06, set_by="city_council", amount_vnd=5000,
                extra_copies=copies_of("Bản sao trích lục khai tử"), exemptions=[
                    {"key": "dung_han", "reason": "Đăng ký khai tử đúng hạn (trong 15 ngày kể từ ngày chết)",
                     "legal_basis": f"{HO_TICH_LAW}, điểm b khoản 1 Điều 11"}, POLICY])


def _in_text(name: str, why: str) -> dict[str, Any]:
    return rule("in_text", name, NQ06, set_by="city_council", exemptions=[POLICY], why_in_text=why)


def _residence(amount: int, name: str = "Lệ phí đăng ký cư trú") -> dict[str, Any]:
    return rule("per_dossier", name, TT75, amount_vnd=amount, exemptions=RESIDENCE_EXEMPT)


def _business(extra: list[dict[str, str]]) -> dict[str, Any]:
    return rule("per_dossier", "Lệ phí đăng ký hộ kinh doanh", NQ78, set_by="city_council", amount_vnd=100000,
                exemptions=extra)


NO_HANOI_FIGURE = ("nguồn công khai tìm được không nêu mức của Hà Nội cho việc này theo {nq}; cán bộ đọc văn bản "
                   "và nhập số tiền").format(nq="NQ 06/2020/NQ-HĐND")

# code -> (rule, unit, source note, fields to drop because the fee part now counts them)
RULES: dict[str, tuple[dict[str, Any], str, str, tuple[str, ...]]] = {
    "1.001193": (_birth(), "hồ sơ", SRC_HN + "; " + SRC_TT281, ()),
    "1.003583": (_birth(), "hồ sơ", SRC_HN + "; " + SRC_TT281, ()),
    "1.000656": (_death(), "hồ sơ", SRC_HN + "; " + SRC_TT281, ()),
    "1.000419": (_death(), "hồ sơ", SRC_HN + "; " + SRC_TT281, ()),
    "1.000894": (rule("free", "Lệ phí đăng ký kết hôn (miễn)", f"{HO_TICH_LAW}, điểm b khoản 1 Điều 11",
                      extra_copies=copies_of("Bản sao trích lục kết hôn")), "hồ sơ", SRC_TT281, ()),
    "1.004837": (rule("free", "Lệ phí đăng ký giám hộ (miễn)", f"{HO_TICH_LAW}, điểm b khoản 1 Điều 11",
                      extra_copies=copies_of("Bản sao trích lục giám hộ")), "hồ sơ", SRC_TT281, ()),
    "1.004873": (rule("per_dossier", "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân", NQ06, set_by="city_council",
                      amount_vnd=3000, exemptions=[POLICY]), "hồ sơ", SRC_HN, ()),
    "2.000635": (rule("per_copy", "Phí cấp bản sao trích lục hộ tịch", TT281, amount_vnd=8000, exemptions=[POLICY]),
                 "bản", SRC_TT281 + "; exemption as printed with it on DVC", ()),
    "1.004884": (_in_text("Lệ phí đăng ký lại khai sinh", NO_HANOI_FIGURE), "hồ sơ", SRC_HN, ()),
    "1.001022": (_in_text("Lệ phí đăng ký nhận cha, mẹ, con", NO_HANOI_FIGURE), "hồ sơ", SRC_HN, ()),
    "1.004859": (_in_text("Lệ phí thay đổi, cải chính, bổ sung thông tin hộ tịch",
                          "nguồn công khai nêu hai mức theo tuổi (5.000đ dưới 14 tuổi, 25.000đ từ đủ 14 tuổi) "
                          "đặt khi việc này còn ở cấp huyện; chưa có nguồn nêu mức thu ở cấp xã từ 7/2025"),
                 "hồ sơ", SRC_HN, ()),
    "2.000986": (rule("free", "Lệ phí (miễn)", f"{HO_TICH_LAW}, khoản 1 Điều 11 (khai sinh đúng hạn); "
                      "Thông tư 75/2022/TT-BTC, Điều 4 (trẻ em)"), "hồ sơ", "DVC text «Miễn lệ phí»", ()),
    "2.002622": (rule("free", "Lệ phí (miễn)", f"{HO_TICH_LAW}, khoản 1 Điều 11 (khai tử đúng hạn); xóa đăng ký "
                      "thường trú không có trong biểu lệ phí của Thông tư 75/2022/TT-BTC"), "hồ sơ",
                 "DVC text «Miễn lệ phí»", ()),
    "2.000815": (rule("per_page", "Phí chứng thực bản sao từ bản chính", TT226,
                      tiers=[{"from_page": 1, "amount_vnd": 2000}, {"from_page": 3, "amount_vnd": 1000}],
                      max_per_copy_vnd=200000), "bản", SRC_TT226, ("pages", "copies_requested")),
    "2.000884": (rule("per_signature", "Phí chứng thực chữ ký", TT226, amount_vnd=10000), "trường hợp", SRC_TT226,
                 ("cases",)),
    "2.000908": (rule("free", "Không thu phí", "Quy trình của Hà Nội QĐ 663/QĐ-TTPVHCC như được trích dẫn; "
                      "Thông tư 226/2016/TT-BTC không có mức thu cho việc cấp bản sao từ sổ gốc"), "hồ sơ",
                 "unchanged from v1 (student report quoting QĐ 663/QĐ-TTPVHCC)", ()),
    "2.001035": (rule("per_contract", "Phí chứng thực hợp đồng, giao dịch", TT226, amount_vnd=50000), "hợp đồng",
                 SRC_TT226, ()),
    "2.001019": (rule("per_contract", "Phí chứng thực di chúc (hợp đồng, giao dịch)", TT226, amount_vnd=50000),
                 "di chúc", SRC_TT226, ()),
    "1.004222": (_residence(20000), "hồ sơ", SRC_TT75, ()),
    "1.004194": (_residence(15000), "hồ sơ", SRC_TT75, ()),
    "1.002755": (_residence(15000), "hồ sơ", SRC_TT75 + " (gia hạn tạm trú: như đăng ký tạm trú)", ()),
    "1.010038": (_residence(10000, "Lệ phí đăng ký cư trú (tách hộ)"), "hồ sơ",
                 "TT 75/2022/TT-BTC Điều 3: tách hộ 10.000đ trực tiếp (recalled from the circular's table; "
                 "verify on the DVC page)", ()),
    "1.003677": (rule("free", "Không thu lệ phí", "Khai báo tạm vắng không có trong biểu lệ phí của "
                      "Thông tư 75/2022/TT-BTC"), "hồ sơ", "DVC text «Không thu»", ()),
    "1.010028": (rule("free", "Không thu lệ phí", "Xóa đăng ký tạm trú không có trong biểu lệ phí của "
                      "Thông tư 75/2022/TT-BTC"), "hồ sơ", "DVC text «Không thu»", ()),
    "2.001159": (rule("free", "Không thu lệ phí", "Thông báo lưu trú không có trong biểu lệ phí của "
                      "Thông tư 75/2022/TT-BTC"), "hồ sơ", "DVC text «Không thu»", ()),
    "1.001612": (_business([]), "hồ sơ", SRC_HN, ()),
    "2.000720": (_business([{"key": "dia_gioi", "reason": "Chỉ điều chỉnh địa chỉ do thay đổi địa giới hành "
                             "chính, tên đường, phố hoặc số nhà", "legal_basis": NQ78}]), "hồ sơ", SRC_HN, ()),
    "1.012812": (rule("free", "Không thu phí", "Không có văn bản thu phí, lệ phí hòa giải tranh chấp đất đai "
                      "tại UBND cấp xã"), "hồ sơ", "DVC text «Không thu»", ()),
}
EFFECTIVE = {"1.001612": "2026-07-25", "2.000720": "2026-07-25"}  # NQ 78/2026/NQ-HĐND's own date


def convert(latest: dict[str, Any], code: str) -> dict[str, Any]:
    rule_, unit, note, dropped = RULES[code]
    out = dict(latest)
    out["$schema_version"] = 2
    out["version"] = latest["version"] + 1
    out["effective_from"] = EFFECTIVE.get(code, EFFECTIVE_FROM)
    out["fee"] = {"unit": unit, "text": _text(code, rule_, latest["fee"]["text"]), "rule": rule_}
    out["fields"] = [f for f in latest["fields"] if f["key"] not in dropped]
    # A note about the old single figure ("amount_vnd để 0") no longer holds under a rule.
    out["notes"] = " ".join(s for s in latest.get("notes", "").split(". ") if "amount_vnd" not in s).strip()
    source = dict(latest["source"])
    source["evidence"] = f"{source['evidence']}; fee rule (v{out['version']}): {note}"
    source["fee"] = _confidence(rule_, note)
    out["source"] = source
    return out


TEXTS = {
    "1.001193": "Miễn lệ phí khi đăng ký đúng hạn và cho người thuộc gia đình có công, hộ nghèo, người khuyết tật "
                "(Luật Hộ tịch 2014 Đ11); đăng ký quá hạn: 5.000đ (Hà Nội, NQ 06/2020/NQ-HĐND). Bản sao trích lục "
                "khai sinh nếu yêu cầu: 8.000đ/bản (TT 281/2016/TT-BTC)",
    "1.000656": "Miễn lệ phí khi đăng ký đúng hạn (15 ngày) và cho người thuộc gia đình có công, hộ nghèo, người "
                "khuyết tật (Luật Hộ tịch 2014 Đ11); quá hạn: 5.000đ (Hà Nội, NQ 06/2020/NQ-HĐND). Bản sao trích "
                "lục khai tử nếu yêu cầu: 8.000đ/bản (TT 281/2016/TT-BTC)",
    "1.000894": "Miễn lệ phí (Luật Hộ tịch 2014 Đ11). Bản sao trích lục kết hôn nếu yêu cầu: 8.000đ/bản "
                "(TT 281/2016/TT-BTC)",
    "1.004837": "Miễn lệ phí (Luật Hộ tịch 2014 Đ11). Bản sao trích lục nếu yêu cầu: 8.000đ/bản (TT 281/2016/TT-BTC)",
    "1.004873": "3.000đ/việc (Hà Nội, NQ 06/2020/NQ-HĐND); miễn cho người thuộc gia đình có công, hộ nghèo, người "
                "khuyết tật",
    "2.000635": "8.000đ/bản (TT 281/2016/TT-BTC); miễn cho người thuộc gia đình có công, hộ nghèo, người khuyết tật",
    "2.000815": "2.000đ/trang; từ trang thứ ba trở lên 1.000đ/trang; tối đa 200.000đ/bản (tính theo trang của bản "
                "chính) (TT 226/2016/TT-BTC Đ4)",
    "2.000884": "10.000đ/trường hợp (trường hợp = một hoặc nhiều chữ ký trong một giấy tờ, văn bản) "
                "(TT 226/2016/TT-BTC Đ4)",
    "2.001035": "50.000đ/hợp đồng, giao dịch (TT 226/2016/TT-BTC Đ4)",
    "2.001019": "50.000đ/di chúc (TT 226/2016/TT-BTC Đ4)",
    "1.004222": "20.000đ (trực tiếp) / 10.000đ (trực tuyến); miễn theo Điều 4 TT 75/2022/TT-BTC",
    "1.004194": "15.000đ (trực tiếp) / 7.000đ (trực tuyến); đăng ký theo danh sách 10.000đ/người; miễn theo Điều 4 "
                "TT 75/2022/TT-BTC",
    "1.002755": "Như đăng ký tạm trú: 15.000đ (trực tiếp) / 7.000đ (trực tuyến); miễn theo Điều 4 TT 75/2022/TT-BTC",
    "1.010038": "10.000đ (trực tiếp) / 5.000đ (trực tuyến); miễn theo Điều 4 TT 75/2022/TT-BTC",
    "1.001612": "100.000đ/lần khi nộp hồ sơ giấy; nộp trực tuyến 0đ (Hà Nội, NQ 78/2026/NQ-HĐND, từ 25/7/2026)",
    "2.000720": "100.000đ/lần khi nộp hồ sơ giấy; nộp trực tuyến 0đ; không thu khi chỉ điều chỉnh địa chỉ do thay "
                "đổi địa giới hành chính, tên đường, số nhà (Hà Nội, NQ 78/2026/NQ-HĐND, từ 25/7/2026)",
}
TEXTS["1.003583"] = "Như thủ tục đăng ký khai sinh: " + TEXTS["1.001193"]
TEXTS["1.000419"] = "Như thủ tục đăng ký khai tử: " + TEXTS["1.000656"]


def _text(code: str, rule_: dict[str, Any], old: str) -> str:
    if rule_["kind"] == "in_text":
        return f"{old} (Hà Nội: {rule_['legal_basis']}; chưa có con số: {rule_['why_in_text']})"
    return TEXTS.get(code, old)


def _confidence(rule_: dict[str, Any], note: str) -> str:
    if rule_["kind"] == "in_text":
        return "low (no Hanoi figure found)"
    if rule_.get("set_by") == "city_council" or "recalled" in note:
        return "medium (secondary source naming the resolution; verify in the gazette)"
    return "high (circular in force, printed on DVC pages)" if rule_["kind"] != "free" else "high"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=REPO / "forms" / "procedures")
    args = parser.parse_args()
    for code in RULES:
        folder = args.root / code
        latest = max(folder.glob("v*.json"), key=lambda p: int(p.stem[1:]))
        data = json.loads(latest.read_text(encoding="utf-8"))
        if data.get("$schema_version", 1) >= 2:
            continue  # already converted
        out = convert(data, code)
        ProcedureDefinition.model_validate(out)
        target = folder / f"v{out['version']}.json"
        target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(target.relative_to(REPO) if target.is_relative_to(REPO) else target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
