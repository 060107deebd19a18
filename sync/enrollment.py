"""Enrolling a desk with the city server: one rule set shared by `desk-app enroll` and the settings window.

A one-time code belongs to one point. A desk that has not received anything yet takes the code's point;
a desk that already holds dossiers of another point refuses, and keeps the enrollment it had before
(the code is spent on the server, but this desk is not left registered for the wrong point). No Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlparse

from desk_app.core import replica
from sync.client import SyncClient
from sync.protocol import read_enrollment_qr
from sync.transport import PermanentError

if TYPE_CHECKING:
    from desk_app.services import Desk


class EnrollmentRefused(PermanentError):
    """The desk said no before or after asking the server; `reason` is for the clerk."""


def check_server_url(url: str) -> str:
    """The address as typed, trimmed; a clear refusal for anything that is not http(s)://host."""
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise EnrollmentRefused("Địa chỉ máy chủ phải có dạng https://ten-may-chu (ví dụ https://motcua.hanoi.gov.vn).",
                                f"bad server url {url!r}")
    return url.rstrip("/")


def enroll_desk(desk: Desk, server_url: str, code: str, actor: str = "sync") -> replica.SyncState:
    """Enroll with a one-time code, or the QR the console showed with it (its server address used when none
    is typed); returns the new sync state. Raises SyncError (reason in Vietnamese)."""
    if (scanned := read_enrollment_qr(code)) is not None:
        server_url, code = server_url.strip() or scanned[0], scanned[1]
    url = check_server_url(server_url)
    code = code.strip()
    if not code:
        raise EnrollmentRefused("Hãy nhập mã đăng ký một lần do quản trị thành phố cấp.", "empty code")
    with desk.store.read() as session:
        has_dossiers = replica.dossier_count(session) > 0
        before = replica.load_state(session)
    state = SyncClient(desk.store).enroll(url, code)
    if desk.settings.unit_code != state.unit_code:
        if has_dossiers:
            _restore(desk, before)
            raise EnrollmentRefused(
                f"Mã đăng ký dành cho đơn vị {state.unit_code}, nhưng máy này đã làm việc cho đơn vị "
                f"{desk.settings.unit_code}. Hãy xin mã đúng đơn vị.",
                f"code for unit {state.unit_code}, desk works for {desk.settings.unit_code}")
        desk.configure(actor=actor, unit_code=state.unit_code)
    desk.audit.record(actor, "sync.enrolled", state.device_id, {"server_url": url, "unit_code": state.unit_code})
    return state


def change_server(desk: Desk, server_url: str, actor: str) -> replica.SyncState:
    """Point an enrolled desk at a new address of the same server (a renamed host, http -> https)."""
    url = check_server_url(server_url)
    with desk.store.write() as session:
        old = replica.load_state(session).server_url
        replica.save_state(session, server_url=url)
        state = replica.load_state(session)
    desk.audit.record(actor, "sync.server_changed", state.device_id, {"from": old, "to": url})
    return state


def _restore(desk: Desk, before: replica.SyncState) -> None:
    with desk.store.write() as session:
        replica.save_state(session, server_url=before.server_url, token=before.token, device_id=before.device_id,
                           unit_code=before.unit_code, epoch=before.epoch, cursor=before.cursor)
