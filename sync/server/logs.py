"""The server's logs: one structured line per request (the access log) and for every warning or error,
each with the request id and, once authenticated, the device. JSON lines by default, for the journal or a
log shipper; plain text for a terminal. Configured once from the settings at start."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

from sync.server.settings import ServerSettings

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")
DEVICE: ContextVar[str] = ContextVar("device", default="-")
access = logging.getLogger("city_server.access")


class _Context(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        record.device = DEVICE.get()
        return True


class JsonFormatter(logging.Formatter):
    _EXTRA = ("method", "path", "status", "ms", "client", "bytes_in")

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"), "level": record.levelname,
                "logger": record.name, "msg": record.getMessage(),
                "request_id": getattr(record, "request_id", "-"), "device": getattr(record, "device", "-")}
        line.update({key: getattr(record, key) for key in self._EXTRA if hasattr(record, key)})
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(settings: ServerSettings) -> None:
    handler: logging.Handler = (logging.FileHandler(Path(settings.log_file), encoding="utf-8")
                                if settings.log_file else logging.StreamHandler())
    handler.addFilter(_Context())
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(device)s] %(message)s"))
    root = logging.getLogger("city_server")
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level)
    root.propagate = False


async def access_log(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Middleware: a request id for every request (the client's X-Request-ID if sane) and one access line.
    The query string is left out: the lookup page's carries a dossier code and its key."""
    given = request.headers.get("x-request-id", "")
    rid = given if given.isalnum() and len(given) <= 64 else uuid.uuid4().hex[:16]
    REQUEST_ID.set(rid)
    DEVICE.set("-")
    started = time.perf_counter()
    response = await call_next(request)
    response.headers["X-Request-ID"] = rid
    DEVICE.set(getattr(request.state, "device_id", "-"))  # set by the device dependency in the handler's task
    access.info("%s %s %d", request.method, request.url.path, response.status_code, extra={
        "method": request.method, "path": request.url.path, "status": response.status_code,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "client": request.client.host if request.client else "-",
        "bytes_in": int(request.headers.get("content-length") or 0)})
    return response
