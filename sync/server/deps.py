"""What route handlers depend on: the database, the settings, the authenticated device, the client's
address (forwarded headers believed only from configured proxies)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from sync.server import devices
from sync.server.db import CityDB
from sync.server.errors import ApiError
from sync.server.logs import DEVICE
from sync.server.settings import ServerSettings

_bearer = HTTPBearer(auto_error=False)


def get_db(request: Request) -> CityDB:
    db: CityDB = request.app.state.db
    return db


def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


DbDep = Annotated[CityDB, Depends(get_db)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]


async def current_device(request: Request, db: DbDep,
                         creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> devices.Device:
    return await _device(request, db, creds, allow_revoked=False)


async def pushing_device(request: Request, db: DbDep,
                         creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> devices.Device:
    """For the exchange only: a revoked device is let through, marked, so its push is held for review."""
    return await _device(request, db, creds, allow_revoked=True)


async def _device(request: Request, db: CityDB, creds: HTTPAuthorizationCredentials | None,
                  allow_revoked: bool) -> devices.Device:
    if creds is None or creds.scheme.lower() != "bearer":
        raise ApiError(401, "unauthenticated", "Thiếu mã xác thực thiết bị.", "Missing device token.",
                       {"WWW-Authenticate": "Bearer"})
    device = await run_in_threadpool(_authenticate, db, creds.credentials, allow_revoked)
    if device is None:
        raise ApiError(401, "bad_token", "Thiết bị chưa đăng ký hoặc đã bị thu hồi.",
                       "Unknown or revoked device token.", {"WWW-Authenticate": "Bearer"})
    request.state.device_id = device.id
    DEVICE.set(device.id)  # async dependency: the handler's task sees it, so its log lines name the device
    return device


def _authenticate(db: CityDB, token: str, allow_revoked: bool = False) -> devices.Device | None:
    with db.read() as conn:
        device = devices.authenticate(conn, token)
        return device if device or not allow_revoked else devices.find_revoked(conn, token)


DeviceDep = Annotated[devices.Device, Depends(current_device)]
PushingDeviceDep = Annotated[devices.Device, Depends(pushing_device)]


def client_address(request: Request, settings: SettingsDep) -> str:
    """The client's address; X-Forwarded-For only when the connection comes from a trusted proxy
    (taken from the right: the last address a trusted proxy saw that is not itself a proxy)."""
    peer = request.client.host if request.client else "?"
    if not settings.trusts(peer):
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not settings.trusts(hop):
            return hop[:64]
    return peer


ClientDep = Annotated[str, Depends(client_address)]
