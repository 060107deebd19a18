"""The city server's HTTP face (FastAPI): middleware, error handlers and the routers. Stateless: every
request reads what it needs from the database, so several processes can serve one PostgreSQL behind a
load balancer."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.middleware.gzip import GZipMiddleware

from sync.protocol import PROTOCOL_VERSION, Problem
from sync.server import logs
from sync.server.console.routes import router as console_router
from sync.server.db import CityDB
from sync.server.errors import ApiError, invalid
from sync.server.notify.steps import Notifier
from sync.server.routes import citizen, desk_accounts, desk_sync, notify, scans
from sync.server.routes import snapshot as snapshot_routes
from sync.server.scans.staging import Staging
from sync.server.scans.store import open_store
from sync.server.settings import ServerSettings

_PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem} for code in (400, 401, 403, 404, 409, 411, 413, 415, 422, 426)
}


def create_app(db: CityDB, settings: ServerSettings | None = None) -> FastAPI:
    app = FastAPI(title="MotCua city server", version=str(PROTOCOL_VERSION), responses=_PROBLEMS)
    app.state.db = db
    app.state.settings = settings = settings or ServerSettings(db=db.url)
    app.state.notifier = Notifier(settings.forms_dir, settings.public_url)  # queues messages as steps arrive
    app.state.exchange_slots = threading.BoundedSemaphore(settings.max_exchanges)  # admission control
    app.state.scan_store = open_store(settings)  # scanned papers (issue 12): a folder or S3
    app.state.scan_staging = Staging(settings.scan_folder() / ".partial")
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.middleware("http")(logs.access_log)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.include_router(desk_sync.router)
    app.include_router(desk_accounts.router)
    app.include_router(notify.router)
    app.include_router(citizen.router)
    app.include_router(scans.router)
    app.include_router(snapshot_routes.router)  # a new desk's first sync (issue 13)
    app.include_router(console_router)
    return app


def app_from_settings() -> FastAPI:
    """For `uvicorn --factory sync.server.app:app_from_settings` (each worker process builds its own)."""
    settings = ServerSettings()
    logs.configure(settings)
    return create_app(CityDB(settings.db, settings.db_pool_size()), settings)


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)  # registered for ApiError only; Starlette types handlers by Exception
    body = Problem(code=exc.code, reason=exc.reason, reason_en=exc.reason_en)
    return JSONResponse(body.model_dump(), status_code=exc.status, headers=exc.headers)


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return JSONResponse(invalid(exc.errors()).model_dump(), status_code=422)
