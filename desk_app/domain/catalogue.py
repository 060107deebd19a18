"""The procedure catalogue: versioned, schema-checked definitions read from forms/procedures.

Each procedure lives in ``forms/procedures/<code>/v<N>.json``. A new version sits beside the old one
with a later ``effective_from``, so a dossier received on a given day uses the version in force then.
Errors are worded in Vietnamese because the people who fix them are the city's catalogue editors.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    ValidationError,
    model_serializer,
    model_validator,
)

from desk_app.domain import limits
from desk_app.domain.errors import InvalidInput
from desk_app.domain.json_input import read_json

SCHEMA_VERSION = 2  # 2 adds fee.rule (issue 11); files written as 1 keep loading with their meaning
CODE_PATTERN = r"^\d\.\d{6}$"
_TIME_RULE = re.compile(r"^(same_day_15h|same_day|(working_days|calendar_days):([1-9]\d{0,2}))$")
_FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def _nfc(value: str) -> str:
    # Files typed on macOS or pasted from PDFs arrive decomposed; stored and compared text must be NFC.
    return unicodedata.normalize("NFC", value).strip()


def _nfc_nonempty(value: str) -> str:
    value = _nfc(value)
    if not value:
        raise ValueError("không được để trống")
    return value


# Counts and flags are strict so "1" or 1.5 typed by an editor is refused rather than guessed at.
NfcStr = Annotated[str, AfterValidator(_nfc)]
Text = Annotated[str, AfterValidator(_nfc_nonempty)]


def _check_time_rule(value: str) -> str:
    if not _TIME_RULE.match(value):
        raise ValueError(
            "quy tắc thời hạn không hợp lệ; chỉ nhận same_day_15h, same_day, working_days:N, calendar_days:N"
        )
    return value


def _check_field_key(value: str) -> str:
    if not _FIELD_KEY.match(value):
        raise ValueError("khóa phải viết thường, không dấu, dạng chu_thuong_gach_duoi")
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocumentSpec(_Spec):
    """One line of the document checklist, with the counts the citizen must hand over."""

    name: Text
    originals: StrictInt = Field(ge=0)
    copies: StrictInt = Field(ge=0)
    required: StrictBool = True
    is_form: StrictBool = False
    present_only: StrictBool = False  # shown to the clerk and handed back, so nothing is kept

    @model_validator(mode="after")
    def _presented_papers_are_not_kept(self) -> DocumentSpec:
        if self.present_only and (self.originals or self.copies):
            raise ValueError("giấy tờ chỉ xuất trình thì số bản chính và bản sao phải bằng 0")
        return self


class FieldSpec(_Spec):
    """A procedure-specific input the clerk fills in beside the applicant's details."""

    key: Annotated[str, AfterValidator(_check_field_key)]
    label: Text
    type: Literal["text", "date", "int", "choice"]
    required: StrictBool = False
    choices: list[Text] = []

    @model_validator(mode="after")
    def _check_choices(self) -> FieldSpec:
        if self.type == "choice" and not self.choices:
            raise ValueError("trường kiểu choice phải có danh sách choices")
        if self.type != "choice" and self.choices:
            raise ValueError("chỉ trường kiểu choice mới có choices")
        return self


Amount = Annotated[int, Field(strict=True, ge=0, le=limits.FEE_VND)]  # whole đồng
FeeKind = Literal["free", "per_dossier", "per_copy", "per_page", "per_signature", "per_contract", "in_text"]
_FLAT_KINDS = ("per_dossier", "per_copy", "per_signature", "per_contract")


class PageTier(_Spec):
    """From this page of an original on, each page costs amount_vnd (until the next tier)."""

    from_page: StrictInt = Field(ge=1, le=limits.FEE_PAGES)
    amount_vnd: Amount


class ExtraCopies(_Spec):
    """A separate charge for each extra copy of the result the applicant asks for (bản sao trích lục)."""

    label: Text
    amount_vnd: Amount
    legal_basis: Text


class Exemption(_Spec):
    """A case the fee text names as exempt; the clerk picks it and the reason is recorded."""

    key: Annotated[str, AfterValidator(_check_field_key)]
    reason: Text
    legal_basis: NfcStr = ""


class FeeRule(_Spec):
    """How the amount is computed from what the clerk counts; see forms/README.md («fee.rule»)."""

    kind: FeeKind
    name: Text  # the fee's name as the receipt prints it: "Phí chứng thực", "Lệ phí đăng ký cư trú"
    legal_basis: Text  # the circular or the city's resolution that sets the amount
    set_by: Literal["national", "city_council"] = "national"
    amount_vnd: Amount | None = None
    tiers: list[PageTier] = []
    max_per_copy_vnd: Amount | None = None
    extra_copies: ExtraCopies | None = None
    exemptions: list[Exemption] = []
    why_in_text: NfcStr = ""  # in_text: why no figure is given (the city has not published it...)

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> FeeRule:
        problem = _rule_problem(self)
        if problem:
            raise ValueError(problem)
        keys = [e.key for e in self.exemptions]
        if len(keys) != len(set(keys)):
            raise ValueError("các khóa trong 'exemptions' bị trùng")
        return self


def _rule_problem(rule: FeeRule) -> str:
    kind = rule.kind
    if kind in _FLAT_KINDS and not rule.amount_vnd:
        return f"quy tắc {kind} cần 'amount_vnd' lớn hơn 0"
    if kind not in _FLAT_KINDS and rule.amount_vnd is not None:
        return f"quy tắc {kind} không dùng 'amount_vnd'"
    if kind == "per_page":
        starts = [t.from_page for t in rule.tiers]
        if not starts or starts[0] != 1:
            return "quy tắc per_page cần 'tiers', bậc đầu tiên from_page = 1"
        if any(b <= a for a, b in itertools.pairwise(starts)):
            return "các bậc 'tiers' phải có from_page tăng dần"
    elif rule.tiers or rule.max_per_copy_vnd is not None:
        return "chỉ quy tắc per_page mới có 'tiers' và 'max_per_copy_vnd'"
    if kind == "in_text" and not rule.why_in_text:
        return "quy tắc in_text cần 'why_in_text' (vì sao chưa có con số)"
    if kind == "free" and rule.exemptions:
        return "quy tắc free (miễn phí) thì không có 'exemptions'"
    if rule.set_by == "city_council" and not re.search(r"Nghị quyết|NQ-HĐND", rule.legal_basis):
        return "lệ phí do HĐND thành phố quyết định: 'legal_basis' phải nêu Nghị quyết (số, ngày hiệu lực)"
    return ""


class FeeSpec(_Spec):
    """Without ``rule`` (format 1): amount_vnd is 0 when free or when no single figure applies, then
    ``text`` is the truth. With ``rule`` (format 2) the amount is computed from it (domain.fees.quote)."""

    amount_vnd: StrictInt = Field(0, ge=0)
    unit: Text
    text: Text
    rule: FeeRule | None = None

    @model_validator(mode="after")
    def _one_source_of_the_amount(self) -> FeeSpec:
        if self.rule is not None and "amount_vnd" in self.model_fields_set:
            raise ValueError("khi có 'rule' thì bỏ 'amount_vnd' (số tiền tính theo quy tắc)")
        if self.rule is None and "amount_vnd" not in self.model_fields_set:
            raise ValueError("thiếu 'amount_vnd' (hoặc 'rule')")
        return self

    @model_serializer(mode="wrap")
    def _as_written(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Written back as a file would be: a format-1 fee stays byte-for-byte what older desks read.
        data: dict[str, Any] = handler(self)
        if self.rule is None:
            data.pop("rule", None)
        else:
            data.pop("amount_vnd", None)
        return data


class ProcedureDefinition(_Spec):
    """One version of one procedure, as the city publishes it; see forms/README.md."""

    schema_version: Literal[1, 2] = Field(1, alias="$schema_version")  # up to SCHEMA_VERSION
    code: str = Field(pattern=CODE_PATTERN)
    version: StrictInt = Field(ge=1)
    effective_from: date
    name: Text
    field: Text
    competent_authority: Text
    authority_level: Literal["commune", "commune_police", "city"]
    time_rule: Annotated[str, AfterValidator(_check_time_rule)]
    processing_time_text: Text
    fee: FeeSpec
    documents: list[DocumentSpec] = Field(min_length=1)
    fields: list[FieldSpec]
    legal_basis: Text
    source: dict[NfcStr, NfcStr]
    notes: NfcStr = ""

    model_config = ConfigDict(populate_by_name=True)

    @model_validator(mode="after")
    def _field_keys_unique(self) -> ProcedureDefinition:
        keys = [f.key for f in self.fields]
        if len(keys) != len(set(keys)):
            raise ValueError("các khóa trong 'fields' bị trùng")
        if self.fee.rule is not None and self.schema_version < 2:
            raise ValueError("'fee.rule' cần \"$schema_version\": 2")
        return self


class CatalogueError(ValueError):
    """A problem in one definition file, named so an editor can find and fix it."""

    def __init__(self, path: Path | str, field: str, reason: str) -> None:
        self.path = Path(path)
        self.field = field
        self.reason = reason
        where = f"trường '{field}': " if field else ""
        super().__init__(f"{_display(self.path)}: {where}{reason}")


class DefinitionNotFound(LookupError):
    """No version of the procedure is in force on the requested day."""


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- pydantic errors into Vietnamese -----------------------------------------------------------

_REASONS = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không có trong định dạng (viết sai tên?)",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "string_type": "phải là chuỗi văn bản",
    "bool_type": "phải là true hoặc false",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày dạng YYYY-MM-DD",
    "list_type": "phải là danh sách",
    "dict_type": "phải là đối tượng JSON",
    "model_type": "phải là đối tượng JSON",
    "model_attributes_type": "phải là đối tượng JSON",
}


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _reason(error: dict[str, Any]) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if error["loc"] == ("$schema_version",):
        # A desk that has not been updated meets a newer format through sync: say what to do.
        return f"định dạng phiên bản {error['input']} chưa được hỗ trợ; cần cập nhật ứng dụng"
    if kind == "greater_than_equal":
        return "phải là số nguyên không âm" if ctx.get("ge") == 0 else f"phải lớn hơn hoặc bằng {ctx['ge']}"
    if kind == "less_than_equal":
        return f"không được lớn hơn {ctx['le']:_}".replace("_", ".")
    if kind == "string_pattern_mismatch":
        return "mã thủ tục phải có dạng 1.001193 (một chữ số, dấu chấm, sáu chữ số)"
    if kind == "literal_error":
        return f"phải là một trong: {ctx.get('expected', '')}"
    if kind == "too_short":
        return "phải có ít nhất 1 mục"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return _REASONS.get(kind, str(error["msg"]))


def validation_errors(path: Path, exc: ValidationError) -> list[CatalogueError]:
    return [CatalogueError(path, _field_path(e["loc"]), _reason(dict(e))) for e in exc.errors()]


# --- reading files --------------------------------------------------------------------------------


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    duplicated = sorted({k for k in keys if keys.count(k) > 1})
    if duplicated:
        # json.loads would silently keep the last one; an editor's typo must not pass unseen.
        raise ValueError(f"khóa bị lặp trong cùng một đối tượng: {', '.join(duplicated)}")
    return dict(pairs)


def json_problems(path: Path, text: str) -> list[CatalogueError]:
    try:
        read_json(text, "JSON", object_pairs_hook=_no_duplicate_keys)
    except InvalidInput as exc:
        return [CatalogueError(path, "", exc.vi.removeprefix("JSON: "))]
    except ValueError as exc:
        return [CatalogueError(path, "", str(exc))]
    return []


def _check_location(path: Path, defn: ProcedureDefinition) -> list[CatalogueError]:
    problems = []
    if path.parent.name != defn.code:
        reason = f"mã {defn.code} không khớp tên thư mục '{path.parent.name}'"
        problems.append(CatalogueError(path, "code", reason))
    if path.name != f"v{defn.version}.json":
        reason = f"phiên bản {defn.version} không khớp tên tệp '{path.name}' (phải là v{defn.version}.json)"
        problems.append(CatalogueError(path, "version", reason))
    return problems


def _check_file(path: Path) -> tuple[ProcedureDefinition | None, list[CatalogueError]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [CatalogueError(path, "", f"không đọc được tệp (cần UTF-8): {exc}")]
    problems = json_problems(path, text)
    if problems:
        return None, problems
    try:
        defn = ProcedureDefinition.model_validate_json(text)
    except ValidationError as exc:
        return None, validation_errors(path, exc)
    problems = _check_location(path, defn)
    return (None if problems else defn), problems


def load_definition(path: Path) -> ProcedureDefinition:
    """Read and check one definition file; raises CatalogueError naming the file and field."""
    defn, problems = _check_file(Path(path))
    if problems:
        raise problems[0]
    assert defn is not None
    return defn


def _definition_files(root: Path) -> list[Path]:
    if not root.is_dir():
        raise CatalogueError(root, "", "không tìm thấy thư mục danh mục thủ tục")
    return sorted(root.glob("*/*.json"))


def _check_version_order(defs: list[ProcedureDefinition], root: Path) -> list[CatalogueError]:
    problems = []
    ordered = sorted(defs, key=lambda d: (d.code, d.version))
    for older, newer in itertools.pairwise(ordered):
        if older.code == newer.code and newer.effective_from <= older.effective_from:
            path = root / newer.code / f"v{newer.version}.json"
            reason = f"phải sau ngày hiệu lực của v{older.version} ({older.effective_from.isoformat()})"
            problems.append(CatalogueError(path, "effective_from", reason))
    return problems


def validate_catalogue(root: Path) -> list[CatalogueError]:
    """Every problem in the catalogue under `root`, for the "check" command; empty means all is well."""
    try:
        files = _definition_files(root)
    except CatalogueError as exc:
        return [exc]
    defs, problems = [], []
    for path in files:
        defn, found = _check_file(path)
        problems.extend(found)
        if defn is not None:
            defs.append(defn)
    return problems + _check_version_order(defs, root)


def load_catalogue(root: Path) -> list[ProcedureDefinition]:
    """All versions of all procedures under `root`, by code then version; raises on the first bad file."""
    defs = [load_definition(path) for path in _definition_files(root)]
    problems = _check_version_order(defs, root)
    if problems:
        raise problems[0]
    return sorted(defs, key=lambda d: (d.code, d.version))


def definition_for(defs: Iterable[ProcedureDefinition], code: str, on: date) -> ProcedureDefinition:
    """The version of ``code`` in force on ``on``: the latest effective_from not after that day."""
    versions = [d for d in defs if d.code == code]
    if not versions:
        raise DefinitionNotFound(f"Không có thủ tục mã {code} trong danh mục")
    in_force = [d for d in versions if d.effective_from <= on]
    if not in_force:
        first = min(d.effective_from for d in versions)
        raise DefinitionNotFound(
            f"Thủ tục mã {code} chưa có phiên bản nào có hiệu lực vào ngày {on:%d/%m/%Y} "
            f"(sớm nhất từ ngày {first:%d/%m/%Y})"
        )
    return max(in_force, key=lambda d: (d.effective_from, d.version))


def definition_to_json(defn: ProcedureDefinition) -> str:
    """Compact JSON with the file's key names, for the DB and the sync wire."""
    return defn.model_dump_json(by_alias=True)


def definition_from_json(text: str) -> ProcedureDefinition:
    """Inverse of definition_to_json; raises pydantic's ValidationError on bad input."""
    return ProcedureDefinition.model_validate_json(text)
