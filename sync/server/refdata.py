"""Reference data edited in the city console (issue 10): drafts kept in the database until published,
each checked with the schema the desks themselves use, compared with what is published, and published
as the next reference bundle (reference.publish), which desks pull as before.

A draft is one row of `ref_drafts`: a procedure's next version (kind "procedure", key its code), one
year of the working calendar ("holidays", the year), a form-wording file's next version ("wording", the
set) or one unit ("unit", its code). Publishing starts from the latest published bundle (the files on
disk before anything was published), applies the drafts of the kinds asked for, checks the whole, and
stores it as the next version; the drafts it used are removed in the same transaction.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, delete, select

from desk_app.domain.calendar import DAY_OFF_KINDS, MAKEUP_KIND, WorkCalendar
from desk_app.domain.catalogue import (
    ProcedureDefinition,
    definition_from_json,
    definition_to_json,
    validation_errors,
)
from desk_app.domain.catalogue_import import by_code
from desk_app.domain.catalogue_rows import document_line
from desk_app.domain.wording import Wording, WordingError, parse_wording_text
from sync.server import reference, tables
from sync.server.clock import hanoi_now, now_iso
from sync.server.console import audit
from sync.server.settings import ServerSettings

PROCEDURE, HOLIDAYS, WORDING, UNIT = "procedure", "holidays", "wording", "unit"
KINDS = (PROCEDURE, HOLIDAYS, WORDING, UNIT)
KIND_LABELS = {PROCEDURE: "Thủ tục", HOLIDAYS: "Lịch nghỉ", WORDING: "Lời văn mẫu in", UNIT: "Đơn vị"}
DAY_KIND_LABELS = {
    "holiday": "Nghỉ lễ, Tết", "observed_compensatory_day_off": "Nghỉ bù (lễ trùng ngày nghỉ)",
    "substituted_day_off": "Nghỉ hoán đổi", MAKEUP_KIND: "Làm bù (thứ Bảy làm việc)",
}
UNIT_KINDS = {"phuong": "Phường", "xa": "Xã"}


class EditError(ValueError):
    """A refused edit or publish: `field` is the form field (or definition key) at fault, `reason` says
    why in Vietnamese; `where` names the file the edit becomes (forms/procedures/<code>/v<N>.json)."""

    def __init__(self, field: str, reason: str, where: str = "") -> None:
        self.field, self.reason, self.where = field, reason, where
        prefix = f"{where}: " if where else ""
        named = f"trường '{field}': " if field else ""
        super().__init__(f"{prefix}{named}{reason}")


@dataclass(frozen=True)
class Draft:
    kind: str
    key: str
    body: str
    updated_at: str
    updated_by: str

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]} {self.key}"


def today() -> date:
    """The city's calendar day (Hanoi), whatever the server's time zone."""
    return hanoi_now().date()


# --- what is published --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    version: int
    content: dict[str, Any]  # the bundle's lists, as reference.publish takes them; never changed in place
    procedures: dict[str, list[ProcedureDefinition]]  # code -> versions, oldest first

    def latest(self, code: str) -> ProcedureDefinition | None:
        versions = self.procedures.get(code)
        return versions[-1] if versions else None

    def wording(self) -> dict[str, list[Wording]]:
        """Set -> its versions, oldest first."""
        out: dict[str, list[Wording]] = {}
        for text in self.content.get("wording", []):
            head = json.loads(text)
            out.setdefault(head["set"], []).append(parse_wording_text(text, f"{head['set']}/v{head['version']}.json"))
        return {name: sorted(found, key=lambda w: w.version) for name, found in out.items()}

    def wording_text(self, set_name: str, version: int) -> str:
        for text in self.content.get("wording", []):
            head = json.loads(text)
            if head["set"] == set_name and head["version"] == version:
                return str(text)
        return ""


_cache: dict[tuple[str, int], Published] = {}
_cache_lock = threading.Lock()


def published(conn: Connection, settings: ServerSettings) -> Published:
    """The latest published bundle (cached per database and version: a version never changes), or the
    files on disk when nothing was published yet."""
    version = reference.current_version(conn)
    if version == 0:
        return _published(0, reference.build_bundle(settings.forms_dir, settings.data_dir))
    key = (str(conn.engine.url), version)
    with _cache_lock:
        found = _cache.get(key)
    if found is None:
        body = json.loads(reference.bundle_json(conn, version) or "{}")
        found = _published(version, {k: v for k, v in body.items() if k not in ("version", "published_at")})
        with _cache_lock:
            _cache.clear()  # one database's latest is all a server reads
            _cache[key] = found
    return found


def _published(version: int, content: dict[str, Any]) -> Published:
    return Published(version, content, by_code(definition_from_json(t) for t in content["procedures"]))


# --- drafts ------------------------------------------------------------------------------------------

def drafts(conn: Connection, kind: str | None = None) -> list[Draft]:
    t = tables.ref_drafts
    query = select(t).order_by(t.c.kind, t.c.key)
    if kind:
        query = query.where(t.c.kind == kind)
    return [Draft(**row) for row in conn.execute(query).mappings()]


def draft(conn: Connection, kind: str, key: str) -> Draft | None:
    t = tables.ref_drafts
    row = conn.execute(select(t).where(t.c.kind == kind, t.c.key == key)).mappings().first()
    return Draft(**row) if row else None


def save_draft(conn: Connection, kind: str, key: str, body: str, actor: str) -> None:
    t = tables.ref_drafts
    conn.execute(delete(t).where(t.c.kind == kind, t.c.key == key))
    conn.execute(t.insert().values(kind=kind, key=key, body=body, updated_at=now_iso(), updated_by=actor))


def discard(conn: Connection, kind: str, key: str) -> bool:
    t = tables.ref_drafts
    return conn.execute(delete(t).where(t.c.kind == kind, t.c.key == key)).rowcount > 0


# --- procedures ----------------------------------------------------------------------------------------

FRIENDLY = ("name", "field", "time_rule", "processing_time_text", "documents")  # fields of their own on the form
SET_BY_FORM = ("code", "version", "effective_from")


FIELD_LABELS = {
    "version": "phiên bản", "effective_from": "hiệu lực từ", "name": "tên thủ tục", "field": "lĩnh vực",
    "competent_authority": "cơ quan giải quyết", "authority_level": "cấp thực hiện", "time_rule": "cách tính ngày hẹn",
    "processing_time_text": "thời hạn (lời văn)", "fee": "lệ phí", "documents": "thành phần hồ sơ",
    "fields": "ô nhập riêng", "legal_basis": "căn cứ pháp lý", "source": "nguồn", "notes": "ghi chú",
}


def file_name(code: str, version: int) -> str:
    return f"forms/procedures/{code}/v{version}.json"


def definition_rest(defn: ProcedureDefinition | dict[str, Any]) -> dict[str, Any]:
    """The definition without the parts that have fields of their own: what the JSON box holds, so a
    new part of the format (fee rules, a new schema version) is edited there with no change here."""
    data = defn if isinstance(defn, dict) else json.loads(definition_to_json(defn))
    return {k: v for k, v in data.items() if k not in FRIENDLY and k not in SET_BY_FORM}


def check_procedure(data: dict[str, Any], latest: ProcedureDefinition) -> ProcedureDefinition:
    """The edited definition as the next version of `latest`; every problem raised as EditErrors."""
    where = file_name(latest.code, latest.version + 1)
    try:
        defn = ProcedureDefinition.model_validate(data)
    except ValidationError as exc:
        raise ProcedureErrors([EditError(e.field, e.reason, where) for e in validation_errors(Path(where), exc)]
                              ) from None
    problems = [p for p in (_effective_problem(defn.effective_from, latest, where),) if p]
    if not problems and _content(defn) == _content(latest):
        problems.append(EditError("", f"không có thay đổi nào so với v{latest.version} đang công bố", where))
    if problems:
        raise ProcedureErrors(problems)
    return defn


class ProcedureErrors(ValueError):
    def __init__(self, errors: Sequence[EditError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


def _effective_problem(day: date, latest: ProcedureDefinition, where: str) -> EditError | None:
    if day <= latest.effective_from:
        return EditError("effective_from", f"phải sau ngày hiệu lực của v{latest.version} "
                                           f"({latest.effective_from:%d/%m/%Y})", where)
    if day < today():
        return EditError("effective_from", f"không được trước hôm nay ({today():%d/%m/%Y}): hồ sơ đã nhận giữ "
                                           "phiên bản đã dùng", where)
    return None


def _content(defn: ProcedureDefinition) -> dict[str, Any]:
    return defn.model_dump(exclude={"version", "effective_from"})


def readable(defn: ProcedureDefinition | dict[str, Any]) -> dict[str, str]:
    """A definition flattened to 'key path -> text' for the comparison (documents one line each)."""
    data = json.loads(definition_to_json(defn)) if isinstance(defn, ProcedureDefinition) else dict(defn)
    data["documents"] = [document_line(d) for d in data.get("documents", [])]
    return flatten(data)


def flatten(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        out: dict[str, str] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out or {prefix: "{}"}
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
        return out or {prefix: "[]"}
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return {prefix: text}


def changes(old: dict[str, str], new: dict[str, str]) -> list[tuple[str, str, str]]:
    """(key, published text, edited text) for every key that differs, in the edited order."""
    keys = list(new) + [k for k in old if k not in new]
    return [(k, old.get(k, ""), new.get(k, "")) for k in keys if old.get(k) != new.get(k)]


# --- the calendar ----------------------------------------------------------------------------------------

HolidayRow = tuple[str, str, str]  # (YYYY-MM-DD, kind, name), as the bundle holds them


def year_rows(rows: Iterable[Sequence[str]], year: int) -> list[HolidayRow]:
    return sorted((str(d), str(k), str(n)) for d, k, n in rows if str(d).startswith(f"{year}-"))


def editable_years() -> list[int]:
    """This year and the coming one: earlier years are history (dossiers were counted on them)."""
    return [today().year, today().year + 1]


# The solar-calendar holidays of the Labour Code 2019 art. 112 (Tết, Hùng Kings' day and the day beside 2/9
# move every year and are decided yearly, so they are typed in).
FIXED_HOLIDAYS = ((1, 1, "Tết Dương lịch"), (4, 30, "Ngày Chiến thắng"), (5, 1, "Ngày Quốc tế Lao động"),
                  (9, 2, "Quốc khánh"))


def with_fixed_holidays(rows: Sequence[HolidayRow], year: int) -> list[HolidayRow]:
    taken = {d for d, _, _ in rows}
    added = [(date(year, m, d).isoformat(), "holiday", name) for m, d, name in FIXED_HOLIDAYS
             if date(year, m, d).isoformat() not in taken]
    return sorted([*rows, *added])


def check_day(rows: Sequence[HolidayRow], year: int, day_text: str, kind: str, name: str) -> HolidayRow:
    try:
        day = date.fromisoformat(day_text.strip())
    except ValueError:
        raise EditError("date", f"«{day_text[:20]}» không phải ngày dạng YYYY-MM-DD") from None
    if day.year != year:
        raise EditError("date", f"ngày {day:%d/%m/%Y} không thuộc năm {year} đang sửa")
    if kind not in DAY_KIND_LABELS:
        raise EditError("kind", "loại ngày phải là nghỉ lễ, nghỉ bù, nghỉ hoán đổi hoặc làm bù")
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise EditError("name", "tên ngày (ví dụ «Tết Nguyên Đán») không được trống, tối đa 200 ký tự")
    if kind == MAKEUP_KIND and day.weekday() < 5:
        raise EditError("date", f"ngày làm bù phải là thứ Bảy hoặc Chủ nhật; {day:%d/%m/%Y} vốn là ngày làm việc")
    if kind in DAY_OFF_KINDS - {"holiday"} and day.weekday() >= 5:
        raise EditError("date", f"ngày nghỉ bù, nghỉ hoán đổi phải là ngày thường; {day:%d/%m/%Y} vốn là ngày nghỉ")
    if any(d == day.isoformat() for d, _, _ in rows):
        raise EditError("date", f"ngày {day:%d/%m/%Y} đã có trong lịch; bỏ dòng cũ trước nếu muốn đổi")
    return day.isoformat(), kind, name


# --- units -----------------------------------------------------------------------------------------------

def check_unit(form: dict[str, str], existing: dict[str, str] | None = None) -> dict[str, str]:
    """The unit the form describes; an existing unit keeps what the form leaves blank (English name, the
    other spelling and the province, which the form does not show)."""
    code, name = form.get("code", "").strip(), " ".join(form.get("name", "").split())
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        raise EditError("code", "mã đơn vị phải có đúng 5 chữ số (mã đơn vị hành chính)")
    kind = form.get("kind", "")
    if kind not in UNIT_KINDS:
        raise EditError("kind", "loại đơn vị phải là phường hoặc xã")
    if not name or len(name) > 200:
        raise EditError("name", "tên đơn vị không được trống, tối đa 200 ký tự")
    if not name.startswith(UNIT_KINDS[kind] + " "):
        raise EditError("name", f"tên phải bắt đầu bằng «{UNIT_KINDS[kind]} » như danh mục đơn vị hành chính")
    name_en = " ".join(form.get("name_en", "").split())[:200]
    kept = existing or {}
    return {"code": code, "name": name, "kind": kind, "name_en": name_en or kept.get("name_en", ""),
            "name_alt_spelling": kept.get("name_alt_spelling", ""), "province_code": kept.get("province_code", "01")}


# --- wording ---------------------------------------------------------------------------------------------

def check_wording(text: str, set_name: str, versions: Sequence[Wording]) -> Wording:
    latest = versions[-1]
    where = f"forms/wording/{set_name}/v{latest.version + 1}.json"
    try:
        wording = parse_wording_text(text, where)
    except WordingError as exc:
        raise EditError("", str(exc).removeprefix(f"{where}: ")[:500], where) from None
    if wording.set_name != set_name:
        raise EditError("set", f"phải là «{set_name}» (bộ lời văn đang sửa)", where)
    if wording.version != latest.version + 1:
        raise EditError("version", f"phải là {latest.version + 1} (phiên bản tiếp theo của v{latest.version})", where)
    if wording.effective_from <= latest.effective_from or wording.effective_from < today():
        raise EditError("effective_from", f"phải sau ngày hiệu lực của v{latest.version} "
                                          f"({latest.effective_from:%d/%m/%Y}) và không trước hôm nay", where)
    return wording


# --- publishing ------------------------------------------------------------------------------------------

def merged(base: Published, pending: Sequence[Draft]) -> dict[str, Any]:
    """The next bundle's content: the published one with the drafts applied (the base is not changed)."""
    content = dict(base.content)
    procedures, holidays = list(content["procedures"]), [tuple(r) for r in content["holidays"]]
    wording, units = list(content.get("wording", [])), [dict(u) for u in content["units"]]
    for item in pending:
        if item.kind == PROCEDURE:
            procedures.append(item.body)
        elif item.kind == HOLIDAYS:
            holidays = [r for r in holidays if not str(r[0]).startswith(f"{item.key}-")]
            holidays += [tuple(r) for r in json.loads(item.body)]
        elif item.kind == WORDING:
            wording.append(item.body)
        elif item.kind == UNIT:
            row = json.loads(item.body)
            units = [u for u in units if u["code"] != row["code"]] + [row]
    content.update(procedures=procedures, holidays=sorted(holidays), wording=wording, units=units)
    return content


def _check_current(base: Published, pending: Sequence[Draft]) -> None:
    """Each draft still follows what is published now (another publish may have come between)."""
    wording = base.wording() if any(d.kind == WORDING for d in pending) else {}
    for item in pending:
        if item.kind == PROCEDURE:
            defn = definition_from_json(item.body)
            latest = base.latest(defn.code)
            if latest is not None:
                if defn.version != latest.version + 1:
                    raise EditError("", f"bản sửa là v{defn.version} nhưng đang công bố v{latest.version}; mở "
                                        "thủ tục, bỏ bản sửa và sửa lại", file_name(defn.code, defn.version))
                problem = _effective_problem(defn.effective_from, latest, file_name(defn.code, defn.version))
                if problem:
                    raise problem
        elif item.kind == WORDING and item.key in wording:
            check_wording(item.body, item.key, wording[item.key])


def publish(conn: Connection, settings: ServerSettings, kinds: Iterable[str], actor: str, client: str = ""
            ) -> tuple[int, list[Draft]]:
    """Publish the drafts of `kinds` as the next reference version; returns it and the drafts used."""
    t = tables.meta
    conn.execute(select(t.c.value).where(t.c.key == "ref_version").with_for_update())  # one publish at a time
    base = published(conn, settings)
    wanted = set(kinds) & set(KINDS)
    pending = [d for d in drafts(conn) if d.kind in wanted]
    if not pending:
        raise EditError("", "không có thay đổi nào đang chờ phát hành")
    _check_current(base, pending)
    content = merged(base, pending)
    WorkCalendar.from_rows((date.fromisoformat(d), k, n) for d, k, n in content["holidays"])  # as a desk will
    version = reference.publish(conn, content)
    for item in pending:
        discard(conn, item.kind, item.key)
    audit.append(conn, actor, "reference_published", f"v{version}",
                 {"changes": ", ".join(d.label for d in pending)}, client)
    return version, pending


def lost_versions(base: Published, content: dict[str, Any]) -> list[str]:
    """Procedure and wording versions published before that `content` would drop or change: publishing it
    would let a later edit reuse a version number desks already hold with other content."""
    new_procedures = {(d.code, d.version): definition_to_json(d) for d in map(definition_from_json,
                                                                              content["procedures"])}
    lost = [f"thủ tục {code} v{d.version}" for code, versions in base.procedures.items() for d in versions
            if new_procedures.get((code, d.version)) != definition_to_json(d)]
    new_wording = {_wording_key(t): json.loads(t) for t in content.get("wording", [])}
    lost += [f"lời văn {key[0]} v{key[1]}" for t in base.content.get("wording", [])
             if new_wording.get(key := _wording_key(t)) != json.loads(t)]
    return lost


def _wording_key(text: str) -> tuple[str, int]:
    head = json.loads(text)
    return str(head["set"]), int(head["version"])
