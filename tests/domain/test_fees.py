"""Fee rules (issue 11): each rule on a table of cases, the tier and cap properties, the rule's shape
checked with a message naming file and field, and format-1 definitions keeping their meaning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.domain import limits
from desk_app.domain.catalogue import CatalogueError, FeeSpec, load_definition
from desk_app.domain.errors import InvalidInput
from desk_app.domain.fees import FeeInputs, page_charge, quote
from desk_app.domain.model import EventKind
from desk_app.domain.payloads import Received, read_payload
from desk_app.paths import procedures_dir

CERTIFY = {"kind": "per_page", "name": "Phí chứng thực", "legal_basis": "TT 226/2016/TT-BTC",
           "tiers": [{"from_page": 1, "amount_vnd": 2000}, {"from_page": 3, "amount_vnd": 1000}],
           "max_per_copy_vnd": 200000}
BIRTH = {"kind": "per_dossier", "name": "Lệ phí hộ tịch", "legal_basis": "NQ 06/2020/NQ-HĐND", "amount_vnd": 5000,
         "set_by": "city_council", "extra_copies": {"label": "Bản sao trích lục", "amount_vnd": 8000,
                                                    "legal_basis": "TT 281/2016/TT-BTC"},
         "exemptions": [{"key": "dung_han", "reason": "Đăng ký đúng hạn"}]}


def spec(rule: dict[str, Any] | None = None, **fee: Any) -> FeeSpec:
    data: dict[str, Any] = {"unit": "bản", "text": "theo quy định", **fee}
    if rule is not None:
        data["rule"] = rule
    return FeeSpec.model_validate(data)


def flat(kind: str, amount: int) -> dict[str, Any]:
    return {"kind": kind, "name": "Phí", "legal_basis": "TT", "amount_vnd": amount}


# --- each rule on a table of cases ----------------------------------------------------------------

CASES = [
    # (rule, counts, total) — chứng thực bản sao: 2.000đ for pages 1-2, 1.000đ from page 3, at most 200.000đ/copy
    (CERTIFY, FeeInputs(pages=(1,)), 2_000),
    (CERTIFY, FeeInputs(pages=(2,)), 4_000),
    (CERTIFY, FeeInputs(pages=(3,)), 5_000),
    (CERTIFY, FeeInputs(pages=(10,)), 12_000),
    (CERTIFY, FeeInputs(pages=(10,), copies=3), 36_000),
    (CERTIFY, FeeInputs(pages=(1, 3, 2), copies=2), 22_000),
    (CERTIFY, FeeInputs(pages=(198,)), 200_000),  # 4.000 + 196 × 1.000: exactly the cap
    (CERTIFY, FeeInputs(pages=(199,)), 200_000),  # one page more: the cap holds
    (CERTIFY, FeeInputs(pages=(5_000,), copies=2), 400_000),
    ({**CERTIFY, "max_per_copy_vnd": None}, FeeInputs(pages=(300,)), 302_000),  # no cap
    # fixed per dossier, with extra copies of the result and an exemption
    (BIRTH, FeeInputs(), 5_000),
    (BIRTH, FeeInputs(extra_copies=2), 21_000),
    (BIRTH, FeeInputs(exemption="dung_han"), 0),
    (BIRTH, FeeInputs(exemption="dung_han", extra_copies=3), 24_000),  # the exemption is of the fee, not the copies
    (BIRTH, FeeInputs(pages=(9,), copies=7), 5_000),  # counts the rule does not read change nothing
    # per copy, per signed paper, per contract
    (flat("per_copy", 8_000), FeeInputs(), 8_000),
    (flat("per_copy", 8_000), FeeInputs(copies=4), 32_000),
    (flat("per_signature", 10_000), FeeInputs(signatures=3), 30_000),
    (flat("per_contract", 50_000), FeeInputs(contracts=2), 100_000),
    # free, and a figure the city has not published
    ({"kind": "free", "name": "Miễn", "legal_basis": "Luật Hộ tịch Đ11"}, FeeInputs(), 0),
    ({"kind": "free", "name": "Miễn", "legal_basis": "Luật Hộ tịch Đ11", "extra_copies": BIRTH["extra_copies"]},
     FeeInputs(extra_copies=1), 8_000),
    ({"kind": "in_text", "name": "Lệ phí", "legal_basis": "NQ", "why_in_text": "chưa công bố"}, FeeInputs(), 0),
]


@pytest.mark.parametrize(("rule", "counts", "total"), CASES)
def test_each_rule_on_a_table_of_cases(rule: dict[str, Any], counts: FeeInputs, total: int) -> None:
    due = quote(spec(rule), counts)
    assert due.total_vnd == total
    assert due.fee_name == rule["name"] and due.legal_basis == rule["legal_basis"]
    assert due.in_text == (rule["kind"] == "in_text")


def test_the_breakdown_names_each_original_and_the_cap() -> None:
    due = quote(spec(CERTIFY), FeeInputs(pages=(3, 250), copies=2))
    assert [line.label for line in due.lines] == [
        "Bản chính 1: 3 trang × 2 bản, 5.000 đ/bản",
        "Bản chính 2: 250 trang × 2 bản, 200.000 đ/bản (mức tối đa)",
    ]
    assert [line.amount_vnd for line in due.lines] == [10_000, 400_000]


def test_an_exemption_is_recorded_with_its_reason() -> None:
    due = quote(spec(BIRTH), FeeInputs(exemption="dung_han"))
    assert due.exempt_reason == "Đăng ký đúng hạn" and due.total_vnd == 0
    assert due.exempt_reasons == ("dung_han: Đăng ký đúng hạn",)
    with pytest.raises(InvalidInput, match="không có trường hợp miễn «ngheo»"):
        quote(spec(BIRTH), FeeInputs(exemption="ngheo"))


@pytest.mark.parametrize(("counts", "words"), [
    (FeeInputs(pages=(-3,)), "Số trang của bản chính thứ 1 phải là số nguyên từ 1 đến 10.000 (đã nhập -3)"),
    (FeeInputs(pages=(0,)), "Số trang của bản chính thứ 1"),
    (FeeInputs(pages=(2,), copies=10**9), "Số bản sao phải là số nguyên từ 1 đến 1.000 (đã nhập 1000000000)"),
    (FeeInputs(pages=(2,), copies=0), "Số bản sao"),
    (FeeInputs(pages=(1,) * (limits.FEE_ORIGINALS + 1)), "Tối đa 100 bản chính"),
    (FeeInputs(pages=()), "Cần nhập số trang của từng bản chính"),
    (FeeInputs(pages=(2,), extra_copies=-1), "Số bản sao kết quả"),
])
def test_counts_out_of_range_are_refused_in_vietnamese(counts: FeeInputs, words: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        quote(spec(CERTIFY), counts)
    assert words in caught.value.vi


# --- properties of tiers and caps -------------------------------------------------------------------

tier_lists = st.lists(st.tuples(st.integers(1, 50), st.integers(0, 5_000)), min_size=1, max_size=4).map(
    lambda raw: [(1, raw[0][1]), *sorted({(start + 1, amount) for start, amount in raw[1:]})])


def _by_page(tiers: list[tuple[int, int]], pages: int) -> int:
    """The price of each page one by one: the last tier that starts at or before it."""
    return sum(max((t for t in tiers if t[0] <= page), key=lambda t: t[0])[1] for page in range(1, pages + 1))


@given(tier_lists, st.integers(1, 400), st.one_of(st.none(), st.integers(1, 300_000)))
def test_a_copy_costs_its_pages_at_their_tiers_up_to_the_cap(tiers, pages, cap) -> None:
    tiers = [t for i, t in enumerate(tiers) if i == 0 or t[0] > tiers[i - 1][0]]
    charge = page_charge(tiers, pages, cap)
    uncapped = _by_page(tiers, pages)
    assert charge == (uncapped if cap is None else min(uncapped, cap))
    assert page_charge(tiers, pages + 1, cap) >= charge  # one more page never costs less
    if cap is not None:
        assert charge <= cap


@given(st.lists(st.integers(1, limits.FEE_PAGES), min_size=1, max_size=20), st.integers(1, limits.FEE_COPIES))
def test_the_total_is_each_original_times_its_copies_and_never_above_the_caps(pages, copies) -> None:
    due = quote(spec(CERTIFY), FeeInputs(pages=tuple(pages), copies=copies))
    assert due.total_vnd == sum(page_charge([(1, 2000), (3, 1000)], p, 200_000) for p in pages) * copies
    assert due.total_vnd <= 200_000 * copies * len(pages)


# --- the rule's shape, checked with a findable message ------------------------------------------------


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / data["code"] / f"v{data['version']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _shipped(code: str, version: int) -> dict[str, Any]:
    return json.loads((procedures_dir() / code / f"v{version}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "field", "words"), [
    (lambda f: f["rule"].update(tiers=[]), "fee.rule", "cần 'tiers', bậc đầu tiên from_page = 1"),
    (lambda f: f["rule"]["tiers"][0].update(from_page=2), "fee.rule", "bậc đầu tiên from_page = 1"),
    (lambda f: f["rule"]["tiers"][1].update(from_page=1), "fee.rule", "from_page tăng dần"),
    (lambda f: f["rule"]["tiers"][1].update(amount_vnd=-1000), "fee.rule.tiers[1].amount_vnd", "không âm"),
    (lambda f: f["rule"].update(amount_vnd=2000), "fee.rule", "không dùng 'amount_vnd'"),
    (lambda f: f["rule"].update(kind="per_copy"), "fee.rule", "cần 'amount_vnd' lớn hơn 0"),
    (lambda f: f["rule"].update(kind="theo_trang"), "fee.rule.kind", "phải là một trong"),
    (lambda f: f["rule"].update(max_per_copy_vnd=10**13), "fee.rule.max_per_copy_vnd", "không được lớn hơn"),
    (lambda f: f.update(amount_vnd=0), "fee", "khi có 'rule' thì bỏ 'amount_vnd'"),
    (lambda f: f["rule"].pop("legal_basis"), "fee.rule.legal_basis", "thiếu"),
    (lambda f: f["rule"].update(kind="in_text", tiers=[], max_per_copy_vnd=None), "fee.rule", "why_in_text"),
    (lambda f: f["rule"].update(set_by="city_council"), "fee.rule", "phải nêu Nghị quyết"),
])
def test_a_broken_rule_names_file_and_field(tmp_path: Path, change, field: str, words: str) -> None:
    data = _shipped("2.000815", 2)
    change(data["fee"])
    path = _write(tmp_path, data)
    with pytest.raises(CatalogueError) as caught:
        load_definition(path)
    assert caught.value.field == field and words in caught.value.reason
    assert "2.000815/v2.json" in str(caught.value)


def test_a_rule_needs_format_2(tmp_path: Path) -> None:
    data = _shipped("2.000815", 2)
    data["$schema_version"] = 1
    with pytest.raises(CatalogueError, match=r"'fee.rule' cần \"\$schema_version\": 2"):
        load_definition(_write(tmp_path, data))


def test_a_duplicated_exemption_key_is_refused(tmp_path: Path) -> None:
    data = _shipped("1.001193", 2)
    data["fee"]["rule"]["exemptions"].append(dict(data["fee"]["rule"]["exemptions"][0]))
    with pytest.raises(CatalogueError, match="'exemptions' bị trùng"):
        load_definition(_write(tmp_path, data))


# --- format 1 keeps its meaning ----------------------------------------------------------------------


def test_a_format_1_definition_loads_and_quotes_as_before(tmp_path: Path) -> None:
    old = _shipped("2.000635", 1)
    assert old["$schema_version"] == 1 and "rule" not in old["fee"]
    defn = load_definition(_write(tmp_path, old))
    assert defn.fee.rule is None and defn.fee.amount_vnd == 8000
    due = quote(defn.fee, FeeInputs(copies=5))  # one figure per dossier: counts do not change it
    assert due.total_vnd == 8000 and due.note == old["fee"]["text"] and not due.in_text
    free = quote(load_definition(procedures_dir() / "2.000815" / "v1.json").fee)
    assert free.total_vnd == 0 and "1.000đ/trang" in free.note  # "0, read the text", as before


def test_a_format_1_fee_without_its_figure_is_still_refused(tmp_path: Path) -> None:
    old = _shipped("2.000635", 1)
    del old["fee"]["amount_vnd"]
    with pytest.raises(CatalogueError, match="thiếu 'amount_vnd'"):
        load_definition(_write(tmp_path, old))


# --- the shipped conversion ----------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "counts", "total"), [
    ("2.000815", FeeInputs(pages=(3, 1), copies=2), 14_000),
    ("2.000884", FeeInputs(signatures=2), 20_000),
    ("2.001035", FeeInputs(), 50_000),
    ("2.001019", FeeInputs(), 50_000),
    ("2.000635", FeeInputs(copies=3), 24_000),
    ("1.001193", FeeInputs(exemption="dung_han", extra_copies=1), 8_000),
    ("1.001193", FeeInputs(), 5_000),
    ("1.000656", FeeInputs(exemption="dung_han"), 0),
    ("1.000894", FeeInputs(extra_copies=2), 16_000),
    ("1.004873", FeeInputs(), 3_000),
    ("1.004873", FeeInputs(exemption="chinh_sach"), 0),
    ("1.004222", FeeInputs(), 20_000),
    ("1.004194", FeeInputs(), 15_000),
    ("1.004222", FeeInputs(exemption="tre_em"), 0),
    ("1.001612", FeeInputs(), 100_000),
    ("1.003677", FeeInputs(), 0),
])
def test_the_shipped_rules_give_the_cited_amounts(code: str, counts: FeeInputs, total: int) -> None:
    defn = load_definition(procedures_dir() / code / "v2.json")
    due = quote(defn.fee, counts)
    assert defn.fee.rule is not None
    assert due.total_vnd == total and due.legal_basis == defn.fee.rule.legal_basis


def test_city_set_fees_say_where_their_figure_comes_from() -> None:
    for path in sorted(procedures_dir().glob("*/v2.json")):
        defn = load_definition(path)
        rule = defn.fee.rule
        assert rule is not None
        if rule.set_by == "city_council":
            assert "NQ-HĐND" in rule.legal_basis and "NQ" in defn.source["evidence"], path
            assert defn.source.get("fee"), path  # the fee's own confidence
        if rule.kind == "in_text":
            assert rule.why_in_text and "chưa có con số" in defn.fee.text, path


# --- what was counted travels with the received event -------------------------------------------------


def _received(**more: Any) -> dict[str, Any]:
    return {"code": "09661-261208-1001", "lookup_key": "k" * 16, "receiving_unit": "09661", "authority": "09661",
            "procedure_code": "2.000815", "procedure_version": 2, "procedure_name": "Chứng thực bản sao",
            "applicant": {"full_name": "Nguyễn Văn An"}, "documents": [{"name": "Bản sao", "originals": 0,
                                                                       "copies": 1}],
            "sets": 1, "fee_vnd": 5000, "received_at": "2026-12-08T09:00:00", "due_at": "2026-12-08T17:00:00",
            "due_rule": "same_day_15h", "due_rule_text": "trong ngày", "delivery": "counter", **more}


def test_old_received_events_without_counts_stay_valid() -> None:
    data = read_payload(EventKind.RECEIVED, _received())
    assert isinstance(data, Received) and data.fee_inputs is None


def test_counts_out_of_range_are_refused_in_a_new_payload() -> None:
    Received.model_validate(_received(fee_inputs={"pages": [3], "copies": 2}))
    with pytest.raises(ValueError, match=r"phải từ 1 đến 10\.000"):
        Received.model_validate(_received(fee_inputs={"pages": [-3]}))
    with pytest.raises(ValueError, match=r"phải từ 1 đến 1\.000"):
        Received.model_validate(_received(fee_inputs={"pages": [3], "copies": 10**9}))


def test_counts_round_trip_through_their_recorded_form() -> None:
    counted = FeeInputs(pages=(3, 1), copies=2, extra_copies=1, exemption="dung_han")
    assert counted.to_json() == {"pages": [3, 1], "copies": 2, "extra_copies": 1, "exemption": "dung_han"}
    assert FeeInputs.from_json(counted.to_json()) == counted
    assert FeeInputs().to_json() == {} and FeeInputs.from_json(None) == FeeInputs()
