"""The city server's HTTP face (FastAPI). Stateless: every request reads what it needs from the
database, so several processes can serve one PostgreSQL behind a load balancer."""

from __future__ import annotations

import logging
import os
from typing import Annotated

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware

from sync.protocol import (
    MIN_PROTOCOL_VERSION,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    EnrollRequest,
    EnrollResponse,
    ExchangeRequest,
    ExchangeResponse,
    Problem,
    ReferenceBundle,
)
from sync.server import devices, lookup, reference, service
from sync.server.body import read_body
from sync.server.db import CityDB
from sync.server.errors import ApiError
from sync.server.ingest import Forbidden

log = logging.getLogger("city_server")
_bearer = HTTPBearer(auto_error=False)
_PROBLEMS = {code: {"model": Problem} for code in (400, 401, 403, 404, 413, 415, 422, 426)}


def create_app(db: CityDB) -> FastAPI:
    app = FastAPI(title="MotCua city server", version=str(PROTOCOL_VERSION), responses=_PROBLEMS)
    app.state.db = db
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    _routes(app)
    return app


def app_from_env() -> FastAPI:
    """For `uvicorn --factory sync.server.app:app_from_env` with CITY_DB set."""
    return create_app(CityDB.open(os.environ.get("CITY_DB", "city.sqlite3")))


async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
    body = Problem(code=exc.code, reason=exc.reason, reason_en=exc.reason_en)
    return JSONResponse(body.model_dump(), status_code=exc.status, headers=exc.headers)


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(_invalid(exc.errors()).model_dump(), status_code=422)


def _invalid(errors) -> Problem:
    first = errors[0] if errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()))
    return Problem(code="invalid", reason=f"Dữ liệu không hợp lệ ở «{where}».",
                   reason_en=f"Invalid request at {where}: {first.get('msg', '')}")


def _db(request: Request) -> CityDB:
    return request.app.state.db


def current_device(request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
                   ) -> devices.Device:
    if creds is None or creds.scheme.lower() != "bearer":
        raise ApiError(401, "unauthenticated", "Thiếu mã xác thực thiết bị.", "Missing device token.",
                       {"WWW-Authenticate": "Bearer"})
    with _db(request).read() as conn:
        device = devices.authenticate(conn, creds.credentials)
    if device is None:
        raise ApiError(401, "bad_token", "Thiết bị chưa đăng ký hoặc đã bị thu hồi.",
                       "Unknown or revoked device token.", {"WWW-Authenticate": "Bearer"})
    return device


def check_protocol(version: int) -> None:
    if version < MIN_PROTOCOL_VERSION:
        raise ApiError(426, "upgrade_required",
                       "Phiên bản MotCua Desk quá cũ để đồng bộ. Hãy cập nhật chương trình; "
                       "dữ liệu trên máy vẫn an toàn.",
                       f"Desk protocol {version} is older than {MIN_PROTOCOL_VERSION}: update MotCua Desk.")
    if version > PROTOCOL_VERSION:
        raise ApiError(426, "server_too_old",
                       "Máy chủ thành phố cũ hơn chương trình trên máy; hãy báo quản trị thành phố.",
                       f"Desk protocol {version} is newer than the server's {PROTOCOL_VERSION}.")


DeviceDep = Annotated[devices.Device, Depends(current_device)]
_IMMUTABLE = "public, max-age=31536000, immutable"


def _body_schema(model: type[BaseModel]) -> dict:
    """Bodies are read by hand (gzip, size caps); this still publishes their schema in OpenAPI."""
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _routes(app: FastAPI) -> None:
    @app.get("/v1/health")
    def health() -> dict:
        return {"status": "ok", "protocol": PROTOCOL_VERSION, "min_protocol": MIN_PROTOCOL_VERSION}

    @app.post("/v1/enroll", response_model=EnrollResponse, openapi_extra=_body_schema(EnrollRequest))
    async def enroll(request: Request) -> EnrollResponse:
        body = _parse(EnrollRequest, await read_body(request))
        check_protocol(body.protocol)
        return await run_in_threadpool(_enroll, _db(request), body)

    @app.post("/v1/sync/exchange", response_model=ExchangeResponse, openapi_extra=_body_schema(ExchangeRequest))
    async def exchange(request: Request, device: DeviceDep) -> ExchangeResponse:
        header = request.headers.get(PROTOCOL_HEADER, "")
        if header:
            check_protocol(int(header) if header.isdigit() else 0)
        body = _parse(ExchangeRequest, await read_body(request))
        check_protocol(body.protocol)
        try:
            return await run_in_threadpool(service.exchange, _db(request), device, body)
        except Forbidden as exc:
            await run_in_threadpool(_log_denied, _db(request), device, request.url.path, str(exc))
            raise ApiError(403, "other_point", "Thiết bị chỉ được ghi hồ sơ của điểm tiếp nhận mình.",
                           str(exc)) from None

    @app.get("/v1/reference/{version}", response_model=ReferenceBundle)
    def reference_version(version: Annotated[int, Path(ge=1, le=2**31 - 1)], request: Request,
                          _d: DeviceDep) -> Response:
        with _db(request).read() as conn:
            body = reference.bundle_json(conn, version)
        if body is None:
            raise ApiError(404, "no_such_version", "Không có phiên bản danh mục này.",
                           f"No reference version {version}.")
        # Published versions never change: proxies and desks may cache them for good.
        return Response(body, media_type="application/json", headers={"Cache-Control": _IMMUTABLE})

    @app.get("/tra-cuu", response_class=HTMLResponse)
    def lookup_page(request: Request, ma: str = Query("", max_length=80), k: str = Query("", max_length=80)):
        return _lookup(_db(request), request.client.host if request.client else "?", ma, k)


def _parse(model: type[BaseModel], raw: bytes):
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        problem = _invalid(exc.errors())
        raise ApiError(422, "invalid", problem.reason, problem.reason_en) from None


def _enroll(db: CityDB, body: EnrollRequest) -> EnrollResponse:
    try:
        with db.write() as conn:
            device, token = devices.enroll(conn, body.code, body.desk_id)
            epoch = db.meta(conn, "epoch")
    except devices.EnrollmentError:
        raise ApiError(403, "bad_code", "Mã đăng ký không đúng, đã dùng hoặc đã hết hạn.",
                       "The enrollment code is wrong, used or expired.") from None
    return EnrollResponse(device_id=device.id, token=token, unit_code=device.unit_code, epoch=epoch)


def _log_denied(db: CityDB, device: devices.Device, path: str, reason: str) -> None:
    log.warning("denied device %s on %s: %s", device.id, path, reason)
    with db.write() as conn:
        devices.log_denied(conn, device.id, path, reason)


def _lookup(db: CityDB, client: str, code: str, key: str) -> HTMLResponse:
    with db.write() as conn:
        if lookup.blocked(conn, client):
            return HTMLResponse(lookup.page(code, None), status_code=429, headers={"Retry-After": "600"})
        found = lookup.find(conn, code, key) if code and key else None
        if found is None:
            lookup.record_failure(conn, client)
    return HTMLResponse(lookup.page(code, found), status_code=200 if found else 404)
