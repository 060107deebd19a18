"""A dossier's scanned papers in the console (issue 12). Scans are personal data: only a role that may
see the dossier sees them (the city's administrator; the supervisor of the point that received it; an
officer of the authority that decides it), and every look is written to the console's audit log, the
list and each file opened alike, in the same transaction that reads them."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import Connection, select

from sync.server import tables
from sync.server.console import audit
from sync.server.console.accounts import OFFICER, SUPERVISOR, Account
from sync.server.console.board import status_label
from sync.server.console.i18n import LANG, _
from sync.server.console.web import HEADERS, Stop, ViewerDep, console_router, forbidden, render
from sync.server.deps import ClientDep, DbDep
from sync.server.scans import refs
from sync.server.scans.store import ScanDamaged, ScanMissing, ScanStore

router = console_router()


def may_see(account: Account, unit_code: str, authority: str) -> bool:
    if account.is_admin:
        return True
    if account.role == SUPERVISOR:
        return account.unit_code == unit_code
    return account.role == OFFICER and bool(account.authority) and account.authority == authority


def _dossier(conn: Connection, code: str) -> dict[str, str] | None:
    d = tables.dossiers
    row = conn.execute(select(d.c.id, d.c.code, d.c.unit_code, d.c.authority, d.c.status)
                       .where(d.c.code == code[:80]).limit(1)).mappings().first()
    return dict(row) if row else None


def _open(conn: Connection, viewer: ViewerDep, code: str, client: str) -> tuple[dict[str, str], Stop | None]:
    """The dossier, or the page that refuses it (a refusal is audited: the caller raises it after commit)."""
    dossier = _dossier(conn, code)
    if dossier is None:
        return {}, Stop(render("error.html", 404, viewer=viewer, title=_("Không tìm thấy"),
                               message=_("Không có hồ sơ mã «{code}» trên máy chủ thành phố.", code=code[:80])))
    if not may_see(viewer.account, dossier["unit_code"], dossier["authority"]):
        audit.append(conn, viewer.account.username, "denied", f"scans {code[:80]}", client=client)
        return {}, forbidden(viewer, "Bản quét là dữ liệu cá nhân: chỉ tài khoản được xem hồ sơ này mới được xem.")
    return dossier, None


@router.get("/dossiers/{code}/scans")
def dossier_scans(code: str, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    with db.write() as conn:
        dossier, refusal = _open(conn, viewer, code, client)
        if refusal is None:
            scans = refs.of_dossier(conn, dossier["id"])
            audit.append(conn, viewer.account.username, "scans_listed", f"dossier {dossier['code']}",
                         {"scans": len(scans)}, client)
    if refusal is not None:
        raise refusal
    return render("scans.html", viewer=viewer, dossier=dossier, scans=scans,
                  status_text=status_label(dossier["status"], LANG.get()))


@router.get("/dossiers/{code}/scans/{sha256}")
def scan_file(code: str, sha256: str, request: Request, db: DbDep, viewer: ViewerDep, client: ClientDep) -> Response:
    with db.write() as conn:
        dossier, refusal = _open(conn, viewer, code, client)
        scan = None if refusal else next((s for s in refs.of_dossier(conn, dossier["id"]) if s.sha256 == sha256), None)
        if scan is not None:
            audit.append(conn, viewer.account.username, "scan_viewed", f"dossier {dossier['code']}",
                         {"document": scan.document, "sha256": sha256[:16]}, client)
    if refusal is not None:
        raise refusal
    if scan is None:
        raise Stop(render("error.html", 404, viewer=viewer, title=_("Không tìm thấy"),
                          message=_("Hồ sơ này không có bản quét đó.")))
    store: ScanStore = request.app.state.scan_store
    try:
        data = store.get(sha256)
    except ScanMissing:
        raise Stop(render("error.html", 404, viewer=viewer, title=_("Bản quét chưa về"),
                          message=_("Bản quét này chưa về thành phố; máy của điểm sẽ gửi khi có mạng."))) from None
    except ScanDamaged:
        raise Stop(render("error.html", 503, viewer=viewer, title=_("Bản quét bị hỏng"),
                          message=_("Tệp bản quét trên máy chủ không khớp mã băm; hãy báo quản trị."))) from None
    name = f"{dossier['code']}-{sha256[:8]}.pdf"
    return Response(data, media_type="application/pdf",
                    headers={**HEADERS, "Content-Disposition": f'inline; filename="{name}"',
                             "Content-Encoding": "identity"})
