"""The sneakernet's import in the console (issue 13): a city administrator uploads a desk's sealed outbox
file (`desk-app export-outbox`, brought on a USB stick) and sees what it brought, or why it was refused
whole. The same import as `city-server import-outbox` (sync/server/outbox_import.py); every import and
every refusal is written to the console's audit log."""

from __future__ import annotations

from typing import IO

from fastapi import HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from sync.outbox_file import MAX_FILE_BYTES, OutboxFileError
from sync.server.console import audit
from sync.server.console.i18n import _
from sync.server.console.web import Stop, Viewer, ViewerDep, check_csrf, console_router, forbidden, render
from sync.server.db import CityDB
from sync.server.deps import ClientDep, DbDep, SettingsDep
from sync.server.notify.steps import Notifier
from sync.server.outbox_import import ImportReport, import_outbox
from sync.server.scans.staging import Staging
from sync.server.scans.store import ScanStore
from sync.server.settings import ServerSettings

router = console_router()


def _admin(viewer: Viewer) -> None:
    if not viewer.account.is_admin:
        raise forbidden(viewer, "Chỉ quản trị thành phố được nhập tệp dữ liệu của máy tiếp nhận.")


@router.get("/outbox")
def outbox_page(viewer: ViewerDep) -> Response:
    _admin(viewer)
    return render("outbox.html", viewer=viewer, report=None, error="", name="")


@router.post("/outbox")
async def outbox_upload(request: Request, db: DbDep, settings: SettingsDep, viewer: ViewerDep,
                        client: ClientDep) -> Response:
    _admin(viewer)
    if int(request.headers.get("content-length") or 0) > MAX_FILE_BYTES + 65536:
        raise Stop(render("outbox.html", 413, viewer=viewer, report=None, name="",
                          error=_("Tệp quá lớn để là tệp dữ liệu chưa gửi của một máy tiếp nhận. Chưa nhập gì.")))
    try:  # starlette keeps an uploaded file past 1 MB in a temporary file, never whole in memory
        async with request.form(max_files=1, max_fields=5) as form:
            check_csrf({"csrf": str(form.get("csrf", ""))}, viewer.csrf, viewer, "/console/outbox")
            upload = form.get("file")
            if upload is None or isinstance(upload, str) or not upload.filename:
                return render("outbox.html", 400, viewer=viewer, report=None, name="",
                              error=_("Chọn tệp .outbox do máy tiếp nhận ghi (desk-app export-outbox)."))
            name = upload.filename[:200]
            return await run_in_threadpool(_import, db, settings, request.app.state.scan_store,
                                           request.app.state.scan_staging, viewer, name, upload.file, client)
    except HTTPException:  # a body that is not a form starlette can read
        raise Stop(render("error.html", 400, viewer=viewer, title=_("Biểu mẫu không hợp lệ"),
                          message=_("Không đọc được biểu mẫu gửi lên; không có gì được nhập."))) from None


def _import(db: CityDB, settings: ServerSettings, store: ScanStore, staging: Staging, viewer: Viewer, name: str,
            src: IO[bytes], client: str) -> Response:
    report: ImportReport | None = None
    error = ""
    try:
        src.seek(0)
        report = import_outbox(db, src, store, staging, Notifier(settings.forms_dir, settings.public_url))
    except OutboxFileError as exc:
        error = str(exc)
    with db.write() as conn:
        if report is None:
            audit.append(conn, viewer.account.username, "outbox_refused", name, {"reason": error[:300]}, client)
        else:
            audit.append(conn, viewer.account.username, "outbox_imported", name,
                         {"device": report.device_id, "unit_code": report.unit_code, "events": report.events,
                          "new": report.statuses["stored"], "scans_stored": report.scans["stored"],
                          "held": report.held_for_review}, client)
    return render("outbox.html", 400 if error else 200, viewer=viewer, report=report, error=error, name=name)

