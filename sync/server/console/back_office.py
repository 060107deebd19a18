"""The back office of a competent authority (a city department, or another commune): its officer sees
the dossiers the points transferred to that authority and records the authority's steps on them
(received from the point, result ready, refused with its reason). Each step is an event of the city
(sync/server/city_steps.py) that reaches the receiving point's desks at their next sync, where the
clerk prints its form as for any step."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import Connection, exists, select
from starlette.concurrency import run_in_threadpool

from desk_app.domain.lifecycle import ACTION_LABELS_VI
from desk_app.domain.model import EventKind
from sync.server import city_steps, tables
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
LIMIT = 300
STEP_LABELS = {
    EventKind.AUTHORITY_RECEIVED: "Đã nhận hồ sơ từ điểm tiếp nhận",
    EventKind.RESULT_READY: "Đã có kết quả",
    EventKind.REFUSED: "Từ chối giải quyết (nêu lý do)",
}


def _status_label(status: str) -> str:
    return board.status_label(status, LANG.get())


def _officer(viewer: Viewer) -> str:
    if viewer.account.role != accounts.OFFICER or not viewer.account.authority:
        raise forbidden(viewer, "Trang này dành cho cán bộ cơ quan giải quyết.")
    return viewer.account.authority


def _transferred(authority: str) -> Any:
    """Dossiers the competent authority decides that their point transferred to it."""
    d, e = tables.dossiers, tables.events
    moved = exists().where(e.c.dossier_id == d.c.id, e.c.kind == str(EventKind.TRANSFERRED))
    return (d.c.authority == authority) & moved


@router.get("/back-office")
def inbox(db: DbDep, viewer: ViewerDep) -> Response:
    authority = _officer(viewer)
    d = tables.dossiers
    with db.read() as conn:
        rows = conn.execute(select(d).where(_transferred(authority)).order_by(d.c.updated_at.desc()).limit(LIMIT)
                            ).mappings().all()
        names = {u.code: u.name for u in board.units(conn)}
    return render("back_office.html", viewer=viewer, rows=rows, names=names, authority=authority,
                  status_label=_status_label, limit=LIMIT)


def _dossier(conn: Connection, viewer: Viewer, dossier_id: str) -> dict[str, Any]:
    d = tables.dossiers
    row = conn.execute(select(d).where(d.c.id == dossier_id, _transferred(_officer(viewer)))).mappings().first()
    if row is None:  # another authority's dossier is as absent as a missing one
        raise Stop(render("error.html", 404, viewer=viewer, title=_("Không tìm thấy"),
                          message=_("Không có hồ sơ này trong các hồ sơ đã chuyển tới cơ quan của bạn.")))
    return dict(row)


@router.get("/back-office/{dossier_id}")
def dossier_page(dossier_id: str, request: Request, db: DbDep, viewer: ViewerDep) -> Response:
    done = STEP_LABELS.get(request.query_params.get("done", ""), "")  # type: ignore[call-overload]
    return _page(db, viewer, dossier_id[:64], {}, "", _("Đã ghi: {step}. Các máy của điểm nhận ở lần đồng bộ tới.",
                                                        step=_(done)) if done else "")


def _page(db: CityDB, viewer: Viewer, dossier_id: str, form: dict[str, str], error: str, done: str,
          status: int = 200) -> Response:
    with db.read() as conn:
        row = _dossier(conn, viewer, dossier_id)
        events = city_steps.event_rows(conn, dossier_id)
        names = {u.code: u.name for u in board.units(conn, row["unit_code"])}
    return render("back_office_dossier.html", status, viewer=viewer, d=row, events=events, names=names, form=form,
                  error=error, done=done, steps=STEP_LABELS, actions=ACTION_LABELS_VI,
                  status_label=_status_label)


@router.post("/back-office/{dossier_id}")
async def record_step(dossier_id: str, request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    form = await read_form(request)
    check_csrf(form, viewer.csrf, viewer, "/console/back-office")
    return await run_in_threadpool(_record, db, viewer, dossier_id[:64], form, client, request.app.state.notifier)


def _payload(kind: EventKind, form: dict[str, str], viewer: Viewer) -> dict[str, Any]:
    note = form.get("note", "").strip()
    if kind == EventKind.REFUSED:
        reason = form.get("reason", "").strip()
        if not reason:
            raise city_steps.StepRefused(_("Từ chối giải quyết cần ghi rõ lý do (in trên phiếu gửi người nộp)."))
        return {"reason": reason}
    if kind == EventKind.AUTHORITY_RECEIVED:
        return {"received_by": viewer.account.full_name, "authority": viewer.account.authority,
                **({"note": note} if note else {})}
    return {"note": note} if note else {}


def _record(db: CityDB, viewer: Viewer, dossier_id: str, form: dict[str, str], client: str, notifier: Any) -> Response:
    try:
        kind = EventKind(form.get("kind", ""))
        if kind not in STEP_LABELS:
            raise ValueError(kind)
    except ValueError:
        return _page(db, viewer, dossier_id, form, _("Chọn một bước của cơ quan giải quyết."), "", 400)
    try:
        with db.write() as conn:
            row = _dossier(conn, viewer, dossier_id)
            event = city_steps.record(conn, dossier_id, kind, _payload(kind, form, viewer), viewer.account.full_name,
                                      notifier)
            audit.append(conn, viewer.account.username, "back_office_step", row["code"],
                         {"kind": str(kind), "event_id": event.event_id}, client)
    except city_steps.StepRefused as exc:
        return _page(db, viewer, dossier_id, form, str(exc), "", 400)
    return RedirectResponse(f"/console/back-office/{dossier_id}?done={kind}", 303, headers=HEADERS)
