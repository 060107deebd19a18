"""The city administrator's hands on reference data: the procedure catalogue (edit one definition, import
a published list), the working calendar, the form wording and the units; every edit is a draft kept in
the database (refdata), every publish the next reference bundle the desks pull. City administrators only."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from desk_app.domain.catalogue import CODE_PATTERN, ProcedureDefinition, json_problems
from desk_app.domain.catalogue_import import import_bytes
from desk_app.domain.catalogue_rows import COLUMNS, RowProblem, document_line, documents_from
from desk_app.domain.text import fold
from desk_app.domain.wording import Wording
from sync.server import refdata
from sync.server.console import audit
from sync.server.console.i18n import _
from sync.server.console.web import (
    HEADERS,
    Stop,
    Viewer,
    ViewerDep,
    check_csrf,
    console_router,
    forbidden,
    read_form,
    render,
)
from sync.server.db import CityDB
from sync.server.deps import ClientDep, DbDep, SettingsDep
from sync.server.settings import ServerSettings

router = console_router()
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
RULE_KINDS = {"working_days": "ngày làm việc", "calendar_days": "ngày (lịch)",
              "same_day_15h": "trong ngày (nhận sau 15 giờ: ngày làm việc tiếp theo)", "same_day": "ngay trong ngày"}
AUTHORITY_LEVELS = {"commune": "Xã", "commune_police": "Công an xã", "city": "Thành phố"}
_BACK = {refdata.PROCEDURE: "/console/catalogue", refdata.HOLIDAYS: "/console/calendar",
         refdata.WORDING: "/console/wording", refdata.UNIT: "/console/units"}


def _admin(viewer: Viewer) -> None:
    if not viewer.account.is_admin:
        raise forbidden(viewer, "Chỉ quản trị thành phố được sửa và phát hành dữ liệu dùng chung.")


def _code(code: str, viewer: Viewer) -> str:
    if not re.match(CODE_PATTERN, code):
        raise Stop(render("error.html", 404, viewer=viewer, title=_("Không có thủ tục"),
                          message=_("Mã thủ tục «{code}» không đúng dạng 1.001193.", code=code[:20])))
    return code


def _page(template: str, viewer: Viewer, kind: str, pending: list[refdata.Draft], status: int = 200,
          **context: Any) -> Response:
    return render(template, status, viewer=viewer, kind=kind, pending=pending, kind_labels=refdata.KIND_LABELS,
                  field_labels=refdata.FIELD_LABELS, rule_text=_rule_text,
                  authority_levels=AUTHORITY_LEVELS, **context)


def _rule_text(rule: str) -> str:
    """A time rule as an editor reads it, in the viewer's language."""
    kind, _sep, days = rule.partition(":")
    texts = {"same_day_15h": _("trong ngày (sau 15 giờ: hôm sau)"), "same_day": _("ngay trong ngày"),
             "working_days": _("{n} ngày làm việc", n=days), "calendar_days": _("{n} ngày", n=days)}
    return texts.get(kind, rule)


# --- the catalogue ---------------------------------------------------------------------------------------

@router.get("/catalogue")
def catalogue_page(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    query = request.query_params.get("q", "").strip()[:100]
    published_no = request.query_params.get("published", "")
    with db.read() as conn:
        base = refdata.published(conn, settings)
        pending = refdata.drafts(conn, refdata.PROCEDURE)
    drafted = {d.key for d in pending}
    rows = [versions[-1] for versions in base.procedures.values()]
    if query:
        words = fold(query).split()
        rows = [d for d in rows if all(w in fold(f"{d.code} {d.name} {d.field}") for w in words)]
    counts = {code: len(v) for code, v in base.procedures.items()}
    return _page("catalogue.html", viewer, refdata.PROCEDURE, pending, rows=rows, query=query, counts=counts,
                 drafted=drafted, version=base.version, published_no=published_no, total=len(base.procedures))


def _form_values(defn: ProcedureDefinition | dict[str, Any], effective: str) -> dict[str, str]:
    data = defn.model_dump(mode="json", by_alias=True) if isinstance(defn, ProcedureDefinition) else defn
    rule = str(data.get("time_rule", ""))
    kind, _sep, days = rule.partition(":")
    documents = list(data.get("documents", []))
    rest = refdata.definition_rest(data)
    lines = [document_line(d) for d in documents]
    if _documents_or_none("\n".join(lines)) != documents:
        # A document the one-line form cannot hold (a part of the format added later): edited in the JSON.
        rest, lines = {**rest, "documents": documents}, []
    return {"name": data.get("name", ""), "field": data.get("field", ""), "rule_kind": kind, "rule_days": days,
            "processing_time_text": data.get("processing_time_text", ""), "effective_from": effective,
            "documents": "\n".join(lines), "rest": json.dumps(rest, ensure_ascii=False, indent=2)}


def _documents_or_none(text: str) -> list[dict[str, Any]] | None:
    try:
        return documents_from(text, r"\n")
    except RowProblem:
        return None


@router.get("/catalogue/import")
def import_page(db: DbDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    with db.read() as conn:
        pending = refdata.drafts(conn, refdata.PROCEDURE)
    return _import_view(viewer, pending, None, refdata.today().isoformat())


def _import_view(viewer: Viewer, pending: list[refdata.Draft], report: Any, effective: str, status: int = 200,
                 error: str = "") -> Response:
    columns = [(names[0], names[1:]) for names in COLUMNS.values()]
    return _page("import.html", viewer, refdata.PROCEDURE, pending, status, report=report, effective=effective,
                 columns=columns, error=error, importing=True)


@router.post("/catalogue/import")
async def import_upload(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep,
                        client: ClientDep) -> Response:
    _admin(viewer)
    if int(request.headers.get("content-length") or 0) > MAX_UPLOAD_BYTES + 65536:
        raise Stop(render("error.html", 413, viewer=viewer, title=_("Tệp quá lớn"),
                          message=_("Tệp lớn quá 5 MB; không có gì được nhập.")))
    try:
        async with request.form(max_files=1, max_fields=10) as form:
            check_csrf({"csrf": str(form.get("csrf", ""))}, viewer.csrf, viewer, "/console/catalogue/import")
            upload, effective = form.get("file"), str(form.get("effective_from", ""))
            data = b"" if upload is None or isinstance(upload, str) else await upload.read(MAX_UPLOAD_BYTES + 1)
            name = "" if upload is None or isinstance(upload, str) else (upload.filename or "")
    except HTTPException:  # a body that is not a form starlette can read
        raise Stop(render("error.html", 400, viewer=viewer, title=_("Biểu mẫu không hợp lệ"),
                          message=_("Không đọc được biểu mẫu gửi lên; không có gì được nhập."))) from None
    return await run_in_threadpool(_import, db, settings, viewer, name, data, effective, client)


def _import(db: CityDB, settings: ServerSettings, viewer: Viewer, name: str, data: bytes, effective: str,
            client: str) -> Response:
    error = ""
    if not name or not data:
        error = _("Chọn tệp CSV hoặc XLSX để nhập.")
    elif len(data) > MAX_UPLOAD_BYTES:
        error = _("Tệp lớn quá 5 MB.")
    elif not name.lower().endswith((".csv", ".xlsx", ".xlsm")):
        error = _("Tệp «{name}» không phải CSV hoặc XLSX.", name=name[:80])
    try:
        day = date.fromisoformat(effective)
    except ValueError:
        error = error or _("Ngày hiệu lực «{day}» không phải ngày dạng YYYY-MM-DD.", day=effective[:20])
    else:
        if day < refdata.today():
            error = error or _("Ngày hiệu lực không được trước hôm nay ({today}).", today=f"{refdata.today():%d/%m/%Y}")
    with db.write() as conn:
        report = None
        if not error:
            base = refdata.published(conn, settings)
            report = import_bytes(data, name, day, DraftTarget(conn, base, viewer.account.username))
            action = "catalogue_imported" if report.ok else "catalogue_import_refused"
            audit.append(conn, viewer.account.username, action, name[:200],
                         {"rows": report.rows, "added": len(report.added), "updated": len(report.updated),
                          "errors": len(report.errors)}, client)
        pending = refdata.drafts(conn, refdata.PROCEDURE)
    status = 400 if error or (report is not None and not report.ok) else 200
    return _import_view(viewer, pending, report, effective, status, error)


@router.get("/catalogue/{code}")
def procedure_page(code: str, db: DbDep, settings: SettingsDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    code = _code(code, viewer)
    with db.read() as conn:
        base = refdata.published(conn, settings)
        pending = refdata.drafts(conn, refdata.PROCEDURE)
    latest = base.latest(code)
    if latest is None:
        raise Stop(render("error.html", 404, viewer=viewer, title=_("Không có thủ tục"),
                          message=_("Chưa công bố thủ tục mã {code}. Thủ tục mới được thêm bằng «Nhập từ tệp».",
                                    code=code)))
    mine = next((d for d in pending if d.key == code), None)
    if mine is not None:
        edited = json.loads(mine.body)
        values = _form_values(edited, edited["effective_from"])
    else:
        values = _form_values(latest, max(refdata.today(), latest.effective_from + timedelta(days=1)).isoformat())
    return _procedure_view(viewer, base, pending, latest, values, mine, [])


def _procedure_view(viewer: Viewer, base: refdata.Published, pending: list[refdata.Draft],
                    latest: ProcedureDefinition, values: dict[str, str], mine: refdata.Draft | None,
                    errors: list[refdata.EditError], status: int = 200, done: str = "") -> Response:
    diff = refdata.changes(refdata.readable(latest), refdata.readable(json.loads(mine.body))) if mine else []
    by_field: dict[str, list[str]] = {}
    for error in errors:
        by_field.setdefault(_form_field(error.field), []).append(error.reason)
    return _page("procedure.html", viewer, refdata.PROCEDURE, pending, status, latest=latest,
                 versions=base.procedures.get(latest.code, []), values=values, mine=mine, diff=diff, errors=errors,
                 by_field=by_field, rule_kinds=RULE_KINDS, file_name=refdata.file_name(latest.code, latest.version + 1),
                 done=done)


def _form_field(field: str) -> str:
    """The form field showing a definition key: its own field, else the JSON box."""
    head = field.split("[", 1)[0].split(".", 1)[0]
    if head in ("name", "field", "processing_time_text", "documents", "effective_from"):
        return head
    if head == "time_rule":
        return "rule_days"
    return "rest"


def definition_from_form(form: dict[str, str], latest: ProcedureDefinition) -> dict[str, Any]:
    """The definition the form describes (checked later by the schema); raises ProcedureErrors for what
    cannot even be assembled (the JSON box, the documents' lines)."""
    where = refdata.file_name(latest.code, latest.version + 1)
    problems = [refdata.EditError("rest", p.reason, where) for p in json_problems(Path(where), form.get("rest", ""))]
    rest: Any = {} if problems else json.loads(form.get("rest", "") or "{}")
    if not problems and not isinstance(rest, dict):
        problems.append(refdata.EditError("rest", _("phần JSON phải là một đối tượng { ... }"), where))
    elif not problems:
        own = sorted(k for k in rest if k in refdata.FRIENDLY or k in refdata.SET_BY_FORM)
        if rest.get("documents") is not None and not form.get("documents", "").strip():
            own.remove("documents")  # documents kept in the JSON (see _form_values)
        if own:
            reason = _("khóa {keys} sửa ở ô riêng phía trên, không ghi trong phần JSON", keys=", ".join(own))
            problems.append(refdata.EditError("rest", reason, where))
    documents: Any = rest.get("documents") if isinstance(rest, dict) else None
    if documents is None:
        try:
            documents = documents_from(form.get("documents", ""), r"\n")
        except RowProblem as exc:
            problems.append(refdata.EditError("documents", exc.reason, where))
    if problems:
        raise refdata.ProcedureErrors(problems)
    kind, days = form.get("rule_kind", ""), form.get("rule_days", "").strip()
    rule = f"{kind}:{days}" if kind in ("working_days", "calendar_days") else kind
    return {**rest, "code": latest.code, "version": latest.version + 1,
            "effective_from": form.get("effective_from", ""), "name": form.get("name", ""),
            "field": form.get("field", ""), "time_rule": rule,
            "processing_time_text": form.get("processing_time_text", ""), "documents": documents}


@router.post("/catalogue/{code}")
async def procedure_save(code: str, request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep,
                         client: ClientDep) -> Response:
    _admin(viewer)
    code = _code(code, viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/catalogue")
    return await run_in_threadpool(_save_procedure, db, settings, viewer, code, form, client)


def _save_procedure(db: CityDB, settings: ServerSettings, viewer: Viewer, code: str, form: dict[str, str],
                    client: str) -> Response:
    with db.write() as conn:
        base = refdata.published(conn, settings)
        latest = base.latest(code)
        if latest is None:
            raise Stop(render("error.html", 404, viewer=viewer, title=_("Không có thủ tục"),
                              message=_("Chưa công bố thủ tục mã {code}.", code=code)))
        try:
            defn = refdata.check_procedure(definition_from_form(form, latest), latest)
        except refdata.ProcedureErrors as exc:
            errors = exc.errors
        else:
            errors = []
            body = defn.model_dump_json(by_alias=True)
            refdata.save_draft(conn, refdata.PROCEDURE, code, body, viewer.account.username)
            changed = [k for k, _old, _new in refdata.changes(refdata.readable(latest), refdata.readable(defn))]
            audit.append(conn, viewer.account.username, "reference_draft_saved", f"{refdata.PROCEDURE}:{code}",
                         {"version": defn.version, "effective_from": defn.effective_from.isoformat(),
                          "changed": ", ".join(changed)[:500]}, client)
        pending = refdata.drafts(conn, refdata.PROCEDURE)
    mine = next((d for d in pending if d.key == code), None)
    if errors:
        values = {k: form.get(k, "") for k in ("name", "field", "rule_kind", "rule_days", "processing_time_text",
                                                "effective_from", "documents", "rest")}
        return _procedure_view(viewer, base, pending, latest, values, mine, errors, 400)
    assert mine is not None
    return _procedure_view(viewer, base, pending, latest, _form_values(json.loads(mine.body), form["effective_from"]),
                           mine, [], done=_("Đã lưu bản sửa v{n} của thủ tục {code}: chưa phát hành.",
                                            n=latest.version + 1, code=code))


@router.post("/catalogue/{code}/discard")
async def procedure_discard(code: str, request: Request, db: DbDep, viewer: ViewerDep,
                            client: ClientDep) -> Response:
    return await _discard(request, db, viewer, client, refdata.PROCEDURE, _code(code, viewer),
                          f"/console/catalogue/{code}")


async def _discard(request: Request, db: CityDB, viewer: Viewer, client: str, kind: str, key: str,
                   back: str) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, back)

    def run() -> None:
        with db.write() as conn:
            if refdata.discard(conn, kind, key):
                audit.append(conn, viewer.account.username, "reference_draft_discarded", f"{kind}:{key}",
                             client=client)
    await run_in_threadpool(run)
    return RedirectResponse(back, 303, headers=HEADERS)


# --- import from the national database's list ------------------------------------------------------------

class DraftTarget:
    """The published catalogue as what exists, the console's drafts as where the import writes: all rows
    or none, in the caller's transaction (the importer writes only when every row passed)."""

    def __init__(self, conn: Any, base: refdata.Published, actor: str) -> None:
        self.conn, self.base, self.actor = conn, base, actor

    def existing(self) -> dict[str, list[ProcedureDefinition]]:
        return self.base.procedures

    def write(self, definitions: Sequence[ProcedureDefinition]) -> None:
        for defn in definitions:
            refdata.save_draft(self.conn, refdata.PROCEDURE, defn.code, defn.model_dump_json(by_alias=True), self.actor)


# --- publishing ------------------------------------------------------------------------------------------

@router.post("/reference/publish")
async def publish(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep,
                  client: ClientDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    kind = form.get("kind", "")
    back = _BACK.get(kind, "/console/catalogue")
    check_csrf(form, viewer.csrf, viewer, back)
    return await run_in_threadpool(_publish, db, settings, viewer, kind, back, client)


def _publish(db: CityDB, settings: ServerSettings, viewer: Viewer, kind: str, back: str, client: str) -> Response:
    try:
        with db.write() as conn:
            version, _used = refdata.publish(conn, settings, [kind], viewer.account.username, client)
    except refdata.EditError as exc:
        return render("error.html", 409, viewer=viewer, title=_("Chưa phát hành"),
                      message=_("Không phát hành được: {error}. Không có gì thay đổi.", error=exc))
    return RedirectResponse(f"{back}?published={version}", 303, headers=HEADERS)


# --- the calendar ----------------------------------------------------------------------------------------

def _year(raw: str) -> int:
    years = refdata.editable_years()
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) in years else years[-1]


@router.get("/calendar")
def calendar_page(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    year = _year(request.query_params.get("year", ""))
    return _calendar_view(db, settings, viewer, year, {}, None, request.query_params.get("published", ""))


def _calendar_view(db: CityDB, settings: ServerSettings, viewer: Viewer, year: int, form: dict[str, str],
                   error: refdata.EditError | None, published_no: str = "", status: int = 200) -> Response:
    with db.read() as conn:
        base = refdata.published(conn, settings)
        pending = refdata.drafts(conn, refdata.HOLIDAYS)
    shown_rows = refdata.year_rows(base.content["holidays"], year)
    mine = next((d for d in pending if d.key == str(year)), None)
    rows = [tuple(r) for r in json.loads(mine.body)] if mine else shown_rows
    removed = [r for r in shown_rows if r not in rows]
    listing = sorted([(r, r not in shown_rows) for r in rows] + [(r, None) for r in removed])
    weekdays = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật")]
    return _page("calendar.html", viewer, refdata.HOLIDAYS, pending, status, year=year,
                 years=refdata.editable_years(), listing=listing, day_kinds=refdata.DAY_KIND_LABELS, form=form,
                 error=error, mine=mine, published_no=published_no,
                 weekday=lambda d: weekdays[date.fromisoformat(d).weekday()])


@router.post("/calendar/{year}/{action}")
async def calendar_change(year: str, action: str, request: Request, db: DbDep, settings: SettingsDep,
                          viewer: ViewerDep, client: ClientDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/calendar")
    known = action in ("add", "remove", "discard", "fixed")
    if not known or not year.isdigit() or int(year) not in refdata.editable_years():
        years = refdata.editable_years()
        raise forbidden(viewer, _("Chỉ sửa được lịch năm {first} và {second}.", first=years[0], second=years[-1]))
    return await run_in_threadpool(_calendar_change, db, settings, viewer, int(year), action, form, client)


def _calendar_change(db: CityDB, settings: ServerSettings, viewer: Viewer, year: int, action: str,
                     form: dict[str, str], client: str) -> Response:
    who = viewer.account.username
    with db.write() as conn:
        base = refdata.published(conn, settings)
        mine = refdata.draft(conn, refdata.HOLIDAYS, str(year))
        rows = [tuple(r) for r in json.loads(mine.body)] if mine else refdata.year_rows(base.content["holidays"], year)
        try:
            if action == "discard":
                refdata.discard(conn, refdata.HOLIDAYS, str(year))
                audit.append(conn, who, "reference_draft_discarded", f"{refdata.HOLIDAYS}:{year}", client=client)
                return RedirectResponse(f"/console/calendar?year={year}", 303, headers=HEADERS)
            if action == "fixed":
                rows, details = refdata.with_fixed_holidays(rows, year), {"added": "ngày lễ dương lịch cố định"}
            elif action == "add":
                row = refdata.check_day(rows, year, form.get("date", ""), form.get("kind", ""), form.get("name", ""))
                rows = sorted([*rows, row])
                details = {"added": " ".join(row)}
            else:
                day = form.get("date", "")
                if not any(r[0] == day for r in rows):
                    missing = _("ngày «{day}» không có trong lịch năm {year}", day=day[:20], year=year)
                    raise refdata.EditError("date", missing)
                rows = [r for r in rows if r[0] != day]
                details = {"removed": day}
        except refdata.EditError as exc:
            error: refdata.EditError | None = exc
        else:
            error = None
            refdata.save_draft(conn, refdata.HOLIDAYS, str(year), json.dumps(rows, ensure_ascii=False), who)
            audit.append(conn, who, "reference_draft_saved", f"{refdata.HOLIDAYS}:{year}", details, client)
    if error is not None:
        return _calendar_view(db, settings, viewer, year, form, error, status=400)
    return RedirectResponse(f"/console/calendar?year={year}", 303, headers=HEADERS)


# --- form wording ----------------------------------------------------------------------------------------

@router.get("/wording")
def wording_page(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    with db.read() as conn:
        base = refdata.published(conn, settings)
        pending = refdata.drafts(conn, refdata.WORDING)
    return _page("wording.html", viewer, refdata.WORDING, pending, sets=base.wording(),
                 published_no=request.query_params.get("published", ""))


def _next_wording_text(base: refdata.Published, latest: Wording) -> str:
    data = json.loads(base.wording_text(latest.set_name, latest.version))
    day = max(refdata.today(), latest.effective_from + timedelta(days=1))
    data.update(version=latest.version + 1, effective_from=day.isoformat())
    return json.dumps(data, ensure_ascii=False, indent=2)


@router.get("/wording/{set_name}")
def wording_edit_page(set_name: str, db: DbDep, settings: SettingsDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    with db.read() as conn:
        base = refdata.published(conn, settings)
        pending = refdata.drafts(conn, refdata.WORDING)
    versions = _wording_versions(base, set_name, viewer)
    mine = next((d for d in pending if d.key == set_name), None)
    text = mine.body if mine else _next_wording_text(base, versions[-1])
    return _wording_view(viewer, base, pending, versions, text, mine, None)


def _wording_versions(base: refdata.Published, set_name: str, viewer: Viewer) -> list[Wording]:
    versions = base.wording().get(set_name)
    if not versions:
        raise Stop(render("error.html", 404, viewer=viewer, title=_("Không có bộ lời văn"),
                          message=_("Chưa công bố bộ lời văn «{name}».", name=set_name[:40])))
    return versions


def _wording_view(viewer: Viewer, base: refdata.Published, pending: list[refdata.Draft], versions: list[Wording],
                  text: str, mine: refdata.Draft | None, error: refdata.EditError | None, status: int = 200,
                  done: str = "") -> Response:
    latest = versions[-1]
    diff: list[tuple[str, str, str]] = []
    if mine is not None:
        old = json.loads(base.wording_text(latest.set_name, latest.version))
        diff = refdata.changes(refdata.flatten(old), refdata.flatten(json.loads(mine.body)))
    return _page("wording_edit.html", viewer, refdata.WORDING, pending, status, latest=latest, versions=versions,
                 text=text, mine=mine, error=error, diff=diff, done=done)


@router.post("/wording/{set_name}")
async def wording_save(set_name: str, request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep,
                       client: ClientDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/wording")
    return await run_in_threadpool(_save_wording, db, settings, viewer, set_name, form.get("text", ""), client)


def _save_wording(db: CityDB, settings: ServerSettings, viewer: Viewer, set_name: str, text: str,
                  client: str) -> Response:
    with db.write() as conn:
        base = refdata.published(conn, settings)
        versions = _wording_versions(base, set_name, viewer)
        try:
            wording = refdata.check_wording(text, set_name, versions)
        except refdata.EditError as exc:
            error: refdata.EditError | None = exc
        else:
            error = None
            refdata.save_draft(conn, refdata.WORDING, set_name, text, viewer.account.username)
            audit.append(conn, viewer.account.username, "reference_draft_saved", f"{refdata.WORDING}:{set_name}",
                         {"version": wording.version, "effective_from": wording.effective_from.isoformat()}, client)
        pending = refdata.drafts(conn, refdata.WORDING)
    mine = next((d for d in pending if d.key == set_name), None)
    if error is not None:
        return _wording_view(viewer, base, pending, versions, text, mine, error, 400)
    return _wording_view(viewer, base, pending, versions, text, mine, None,
                         done=_("Đã lưu bản sửa lời văn «{name}»: chưa phát hành.", name=set_name))


@router.post("/wording/{set_name}/discard")
async def wording_discard(set_name: str, request: Request, db: DbDep, viewer: ViewerDep,
                          client: ClientDep) -> Response:
    return await _discard(request, db, viewer, client, refdata.WORDING, set_name[:80], "/console/wording")


# --- units -----------------------------------------------------------------------------------------------

@router.get("/units")
def units_page(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep) -> Response:
    _admin(viewer)
    return _units_view(db, settings, viewer, {}, None, request.query_params.get("published", ""))


def _units_view(db: CityDB, settings: ServerSettings, viewer: Viewer, form: dict[str, str],
                error: refdata.EditError | None, published_no: str = "", status: int = 200) -> Response:
    with db.read() as conn:
        base = refdata.published(conn, settings)
        pending = refdata.drafts(conn, refdata.UNIT)
    drafted = {d.key: json.loads(d.body) for d in pending}
    units = {u["code"]: u for u in base.content["units"]}
    edited_first = sorted(units.values(), key=lambda u: (u["code"] not in drafted, u["code"]))
    return _page("units.html", viewer, refdata.UNIT, pending, status, units=edited_first, drafted=drafted, form=form,
                 error=error, published_no=published_no, unit_kinds=refdata.UNIT_KINDS)


@router.post("/units")
async def units_save(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep,
                     client: ClientDep) -> Response:
    _admin(viewer)
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/units")
    return await run_in_threadpool(_save_unit, db, settings, viewer, form, client)


def _save_unit(db: CityDB, settings: ServerSettings, viewer: Viewer, form: dict[str, str], client: str) -> Response:
    with db.read() as conn:
        units = {u["code"]: u for u in refdata.published(conn, settings).content["units"]}
    try:
        row = refdata.check_unit(form, units.get(form.get("code", "").strip()))
    except refdata.EditError as exc:
        return _units_view(db, settings, viewer, form, exc, status=400)
    with db.write() as conn:
        refdata.save_draft(conn, refdata.UNIT, row["code"], json.dumps(row, ensure_ascii=False),
                           viewer.account.username)
        audit.append(conn, viewer.account.username, "reference_draft_saved", f"{refdata.UNIT}:{row['code']}",
                     {"name": row["name"], "kind": row["kind"]}, client)
    return RedirectResponse("/console/units", 303, headers=HEADERS)


@router.post("/units/{code}/discard")
async def unit_discard(code: str, request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    return await _discard(request, db, viewer, client, refdata.UNIT, code[:5], "/console/units")
