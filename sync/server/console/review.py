"""Review: events held in quarantine (refused at push, or pushed by a revoked device) and dossiers whose
history holds contradictory steps, each shown beside the dossier's accepted events. A decision never edits
a stored row: accepting stores the held content as a new event (city_steps.accept_held), dismissing or
concluding a conflict is an audit entry with its reason, and the audit log is what marks an item decided.
The city administrator sees every point; a point's supervisor their own."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, select
from starlette.concurrency import run_in_threadpool

from desk_app.domain.lifecycle import ACTION_LABELS_VI, fold
from sync.server import city_steps, projection, tables
from sync.server.console import accounts, audit, board
from sync.server.console.i18n import LANG, _
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
from sync.server.deps import ClientDep, DbDep

router = console_router()
LIMIT = 200
DECISIONS = ("review_accepted", "review_dismissed", "review_conflict")
REASONS = {
    "revoked_device": "máy đã bị thu hồi gửi lên", "id_conflict": "trùng mã sự kiện, khác nội dung",
    "code_taken": "mã hồ sơ đã có hồ sơ khác dùng", "code_of_other_point": "mã hồ sơ của điểm khác",
    "unknown_dossier": "hồ sơ chưa có ở thành phố", "bad_payload": "dữ liệu bước không hợp lệ",
    "hash_mismatch": "mã băm không khớp nội dung", "unknown_kind": "loại bước không biết",
}


def _status_label(status: str) -> str:
    return board.status_label(status, LANG.get())


def _scope(viewer: Viewer) -> str | None:
    if viewer.account.is_admin:
        return None
    if viewer.account.role == accounts.SUPERVISOR:
        return viewer.account.unit_code
    raise forbidden(viewer, "Trang xem xét dành cho quản trị thành phố và lãnh đạo bộ phận một cửa.")


def decisions(conn: Connection) -> dict[str, dict[str, Any]]:
    """The decision recorded for each reviewed item ("quarantine:ID" or "dossier:ID"), newest wins."""
    a = tables.console_audit
    rows = conn.execute(select(a.c.target, a.c.action, a.c.actor, a.c.at, a.c.details)
                        .where(a.c.action.in_(DECISIONS)).order_by(a.c.seq)).mappings()
    return {r["target"]: {**r, "details": json.loads(r["details"])} for r in rows}


def _held(conn: Connection, unit: str | None, held_id: int | None = None) -> list[dict[str, Any]]:
    q, dev = tables.quarantine, tables.devices
    query = (select(q, dev.c.unit_code, dev.c.label).select_from(q.join(dev, dev.c.id == q.c.device_id))
             .order_by(q.c.id.desc()).limit(LIMIT))
    if unit is not None:
        query = query.where(dev.c.unit_code == unit)
    if held_id is not None:
        query = query.where(q.c.id == held_id)
    found = []
    for r in conn.execute(query).mappings():
        try:
            body = json.loads(r["body"])
        except ValueError:
            body = {}
        found.append({**r, "event": body if isinstance(body, dict) else {}})
    return found


@router.get("/review")
def review_page(db: DbDep, viewer: ViewerDep) -> Response:
    unit = _scope(viewer)
    d = tables.dossiers
    with db.read() as conn:
        held = _held(conn, unit)
        query = select(d).where(d.c.conflicts > 0).order_by(d.c.updated_at.desc()).limit(LIMIT)
        conflicted = conn.execute(query if unit is None else query.where(d.c.unit_code == unit)).mappings().all()
        decided = decisions(conn)
    return render("review.html", viewer=viewer, held=held, conflicted=conflicted, decided=decided, reasons=REASONS,
                  actions=ACTION_LABELS_VI, status_label=_status_label)


def _accepted(conn: Connection, dossier_id: str) -> tuple[list[dict[str, Any]], set[str]]:
    """The dossier's accepted events in fold order, and the ids the fold reports as conflicts."""
    events = city_steps.event_rows(conn, dossier_id)
    history = projection.histories(conn, [dossier_id]).get(dossier_id)
    conflicts = {c.event_id for c in fold(history).conflicts} if history else set()
    return events, conflicts


@router.get("/review/held/{held_id}")
def held_page(held_id: int, db: DbDep, viewer: ViewerDep) -> Response:
    return _held_view(db, viewer, held_id, {}, "", "")


def _held_view(db: CityDB, viewer: Viewer, held_id: int, form: dict[str, str], error: str, done: str,
               status: int = 200) -> Response:
    with db.read() as conn:
        found = _held(conn, _scope(viewer), held_id)
        if not found:
            raise Stop(render("error.html", 404, viewer=viewer, title=_("Không tìm thấy"),
                              message=_("Không có sự kiện bị giữ lại số {n} của điểm bạn quản lý.", n=held_id)))
        item = found[0]
        events, conflicts = _accepted(conn, str(item["event"].get("dossier_id", "")))
        decision = decisions(conn).get(f"quarantine:{held_id}")
    return render("review_held.html", status, viewer=viewer, item=item, events=events, conflicts=conflicts,
                  decision=decision, form=form, error=error, done=done, reasons=REASONS, actions=ACTION_LABELS_VI,
                  pretty=lambda v: json.dumps(v, ensure_ascii=False, indent=1, sort_keys=True))


@router.post("/review/held/{held_id}")
async def held_decide(held_id: int, request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/review/held")
    return await run_in_threadpool(_decide_held, db, viewer, held_id, form, client, request.app.state.notifier)


def _decide_held(db: CityDB, viewer: Viewer, held_id: int, form: dict[str, str], client: str,
                 notifier: Any) -> Response:
    reason, decision = form.get("reason", "").strip()[:1000], form.get("decision", "")
    if decision not in ("accept", "dismiss"):
        return _held_view(db, viewer, held_id, form, _("Chọn chấp nhận hoặc bỏ qua."), "", 400)
    if not reason:
        return _held_view(db, viewer, held_id, form, _("Hãy ghi lý do của quyết định (lưu vào nhật ký)."), "",
                              400)
    target = f"quarantine:{held_id}"
    try:
        with db.write() as conn:
            found = _held(conn, _scope(viewer), held_id)
            if not found:
                raise forbidden(viewer, "Không có sự kiện bị giữ lại này trong phạm vi của bạn.")
            if target in decisions(conn):
                return _held_view(db, viewer, held_id, {}, _("Sự kiện này đã được quyết định trước đó."), "", 409)
            item = found[0]
            details: dict[str, Any] = {"reason": reason, "event_id": item["event_id"], "why_held": item["reason"]}
            if decision == "accept":
                event = city_steps.accept_held(conn, item["body"], item["unit_code"], notifier)
                details["new_event_id"] = event.event_id
            action = "review_accepted" if decision == "accept" else "review_dismissed"
            audit.append(conn, viewer.account.username, action, target, details, client)
    except city_steps.StepRefused as exc:
        return _held_view(db, viewer, held_id, form, str(exc), "", 400)
    return RedirectResponse(f"/console/review/held/{held_id}", 303, headers=HEADERS)


@router.get("/review/dossier/{dossier_id}")
def conflict_page(dossier_id: str, db: DbDep, viewer: ViewerDep) -> Response:
    return _conflict_view(db, viewer, dossier_id[:64], {}, "")


def _dossier(conn: Connection, viewer: Viewer, dossier_id: str) -> dict[str, Any]:
    d, unit = tables.dossiers, _scope(viewer)
    row = conn.execute(select(d).where(d.c.id == dossier_id)).mappings().first()
    if row is None or (unit is not None and row["unit_code"] != unit):
        raise Stop(render("error.html", 404, viewer=viewer, title=_("Không tìm thấy"),
                          message=_("Không có hồ sơ này trong phạm vi của bạn.")))
    return dict(row)


def _conflict_view(db: CityDB, viewer: Viewer, dossier_id: str, form: dict[str, str], error: str,
                   status: int = 200) -> Response:
    with db.read() as conn:
        row = _dossier(conn, viewer, dossier_id)
        events, conflicts = _accepted(conn, dossier_id)
        decision = decisions(conn).get(f"dossier:{dossier_id}")
    return render("review_dossier.html", status, viewer=viewer, d=row, events=events, conflicts=conflicts,
                  decision=decision, form=form, error=error, actions=ACTION_LABELS_VI,
                  status_label=_status_label)


@router.post("/review/dossier/{dossier_id}")
async def conflict_decide(dossier_id: str, request: Request, db: DbDep, viewer: ViewerDep,
                          client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/review/dossier")
    return await run_in_threadpool(_decide_conflict, db, viewer, dossier_id[:64], form, client)


def _decide_conflict(db: CityDB, viewer: Viewer, dossier_id: str, form: dict[str, str], client: str) -> Response:
    reason = form.get("reason", "").strip()[:1000]
    if not reason:
        return _conflict_view(db, viewer, dossier_id, form, _("Hãy ghi kết luận (lưu vào nhật ký)."), 400)
    with db.write() as conn:
        row = _dossier(conn, viewer, dossier_id)
        _events, conflicts = _accepted(conn, dossier_id)
        audit.append(conn, viewer.account.username, "review_conflict", f"dossier:{dossier_id}",
                     {"reason": reason, "code": row["code"], "conflicts": sorted(conflicts)}, client)
    return RedirectResponse(f"/console/review/dossier/{dossier_id}", 303, headers=HEADERS)
