"""HTTP for the desk: one keep-alive session, gzip bodies both ways, stall (not total) timeouts,
and errors sorted into "try again later" and "retrying will not help"."""

from __future__ import annotations

import gzip
import http.client
import re
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from sync import wire
from sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    DeskAccounts,
    EnrollRequest,
    EnrollResponse,
    ExchangeRequest,
    ExchangeResponse,
    MessageStates,
    PasswordChange,
    PasswordChangeResult,
    ReferenceBundle,
)

CONNECT_TIMEOUT = 15.0
Model = TypeVar("Model", bound=BaseModel)

STALL_TIMEOUT = 45.0  # requests' read timeout is the longest wait between bytes, not the whole transfer


class SyncError(Exception):
    """Base: `reason` is for the clerk (Vietnamese), str() for the log."""

    transient = True

    def __init__(self, reason: str, detail: str = "", retry_after: float | None = None) -> None:
        super().__init__(detail or reason)
        self.reason, self.retry_after = reason, retry_after


class TransientError(SyncError):
    transient = True


class PermanentError(SyncError):
    """401/403/426 and other refusals: an administrator must act; retrying soon will not help."""

    transient = False

    def __init__(self, reason: str, detail: str = "", status: int = 0, code: str = "") -> None:
        super().__init__(reason, detail)
        self.status, self.code = status, code


class Transport:
    def __init__(self, base_url: str, token: str = "", session: requests.Session | None = None,
                 timeouts: tuple[float, float] = (CONNECT_TIMEOUT, STALL_TIMEOUT)) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeouts = timeouts
        self.http = session or requests.Session()
        self.bytes_sent = 0
        self.requests = 0
        self.retried = 0  # requests sent again after the server closed a kept-alive connection
        self._kept_alive = False  # the last answer left its connection in the pool for the next request
        self.compact = wire.current_dictionary() is not None  # off for good once a server cannot read it
        self.fallbacks = 0  # exchanges sent again as plain JSON (an older server, another dictionary)

    def close(self) -> None:
        self.http.close()

    def enroll(self, code: str, desk_id: str) -> EnrollResponse:
        body = EnrollRequest(code=code, desk_id=desk_id, protocol=PROTOCOL_VERSION)
        return self._post("/v1/enroll", body, EnrollResponse, auth=False)

    def exchange(self, request: ExchangeRequest, received: dict[str, str] | None = None) -> ExchangeResponse:
        """The compact body (sync/wire.py) when this server reads it, else plain JSON. A server that does
        not know the format or the dictionary (415) is sent JSON from then on; a batch whose rebuilt events
        hash otherwise at the server (409 resend_plain) goes again as JSON, where each event is checked
        on its own. `received`: dossier id -> its "received" stamp, for steps whose dossier is elsewhere."""
        if self.compact:
            try:
                return self._exchange_compact(request, received)
            except PermanentError as exc:
                if exc.status == 415:
                    self.compact = False
                elif not (exc.status == 409 and exc.code == "resend_plain"):
                    raise
            self.fallbacks += 1
        return self._post("/v1/sync/exchange", request, ExchangeResponse)

    def _exchange_compact(self, request: ExchangeRequest, received: dict[str, str] | None) -> ExchangeResponse:
        body = wire.compress(wire.encode_request(request, received))
        headers = {"Content-Type": wire.MEDIA_TYPE, "Content-Encoding": "zstd", "Accept": wire.ANSWER_TYPE,
                   "Accept-Encoding": "identity"}  # the answer is zstd already
        response = self._send("POST", "/v1/sync/exchange", body, headers=headers)
        if response.headers.get("Content-Type", "").split(";")[0].strip() != wire.ANSWER_TYPE:
            return _parse(response, ExchangeResponse)  # a server that answers in JSON all the same
        try:
            fields = wire.decode_response(wire.decompress(response.content, wire.MAX_ANSWER_BYTES))
            return ExchangeResponse.model_validate(fields)
        except (ValueError, OverflowError) as exc:  # WireError and ValidationError are ValueErrors
            raise TransientError("Câu trả lời của máy chủ bị hỏng; sẽ thử lại.", str(exc)[:300]) from exc

    def messages(self, dossier_id: str) -> MessageStates:
        return _parse(self._send("GET", f"/v1/notify/dossiers/{dossier_id}", None), MessageStates)

    def reference(self, version: int) -> ReferenceBundle:
        response = self._send("GET", f"/v1/reference/{version}", None)
        return _parse(response, ReferenceBundle)

    def accounts(self) -> DeskAccounts:
        """The point's accounts from the centre (docs/sync.md, "Accounts from the centre")."""
        return _parse(self._send("GET", "/v1/accounts", None), DeskAccounts)

    def password_change(self, change: PasswordChange) -> PasswordChangeResult:
        return self._post("/v1/accounts/password", change, PasswordChangeResult)

    def _post(self, path: str, body: BaseModel, model: type[Model], auth: bool = True) -> Model:
        # Level 9: bytes, not CPU, are what the island link is short of.
        raw = gzip.compress(body.model_dump_json().encode("utf-8"), compresslevel=9)
        response = self._send("POST", path, raw, auth)
        return _parse(response, model)

    def auth_headers(self) -> dict[str, str]:
        """The protocol version and this device's token, for requests made outside these methods (the scan
        chunks, the snapshot's download)."""
        return {PROTOCOL_HEADER: str(PROTOCOL_VERSION), "Authorization": f"Bearer {self.token}"}

    def _send(self, method: str, path: str, data: bytes | None, auth: bool = True,
              headers: dict[str, str] | None = None) -> requests.Response:
        given = headers or {}
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), "Accept-Encoding": "gzip"}
        if data is not None:
            headers |= {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        headers |= given
        if auth:
            headers |= self.auth_headers()
        self.requests += 1
        self.bytes_sent += len(data or b"")
        try:
            response = self._request_once(method, path, data, headers)
        except requests.RequestException as exc:
            raise TransientError("Mất kết nối tới máy chủ thành phố.", f"{type(exc).__name__}: {exc}") from exc
        raise_for_status(response)
        return response

    def _request_once(self, method: str, path: str, data: bytes | None, headers: dict[str, str]) -> requests.Response:
        """One request, sent a second time at once if it went out on a kept-alive connection that the
        server had closed meanwhile (its idle timeout crossed our request on the wire). The pool drops
        the dead connection, so the second try opens a fresh one; the server keeps each event once
        (by its id), so a request that did arrive after all is harmless to repeat."""
        reused = self._kept_alive
        self._kept_alive = False
        try:
            response = self._request(method, path, data, headers)
        except requests.ConnectionError as exc:
            if not (reused and _closed_by_peer(exc)):
                raise
            self.retried += 1
            self.bytes_sent += len(data or b"")
            response = self._request(method, path, data, headers)
        self._kept_alive = response.headers.get("Connection", "").lower() != "close"
        return response

    def _request(self, method: str, path: str, data: bytes | None, headers: dict[str, str]) -> requests.Response:
        response = self.http.request(method, self.base_url + path, data=data, headers=headers,
                                     timeout=self.timeouts)
        response.content  # noqa: B018 - read it all here, inside the error handling
        return response


_PEER_CLOSED = (http.client.RemoteDisconnected, ConnectionResetError, ConnectionAbortedError, BrokenPipeError)


def _closed_by_peer(exc: BaseException) -> bool:
    """requests wraps urllib3's ProtocolError('Connection aborted.', RemoteDisconnected(...)): walk the chain."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, _PEER_CLOSED):
            return True
        pending += [current.__cause__, current.__context__, *(a for a in current.args if isinstance(a, BaseException))]
    return False


def raise_for_status(response: requests.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    problem = _problem(response)
    if status >= 500 or status in (408, 429):
        raise TransientError("Máy chủ thành phố đang bận hoặc gặp sự cố; sẽ thử lại.",
                             f"HTTP {status}: {problem.get('reason_en', '')}", _retry_after(response))
    reason = problem.get("reason") or f"Máy chủ từ chối yêu cầu (HTTP {status})."
    raise PermanentError(reason, f"HTTP {status} {problem.get('code', '')}: {problem.get('reason_en', '')}",
                         status, str(problem.get("code", "")))


def _problem(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_after(response: requests.Response) -> float | None:
    """Seconds, in ASCII digits only: str.isdigit() also takes '²', which float() then refuses."""
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if re.fullmatch(r"[0-9]{1,9}(\.[0-9]{1,3})?", value) else None


def _parse(response: requests.Response, model: type[Model]) -> Model:
    try:
        return model.model_validate_json(response.content)
    except ValidationError as exc:  # a cut or garbled answer: nothing was applied, ask again
        raise TransientError("Câu trả lời của máy chủ bị hỏng; sẽ thử lại.", str(exc)[:300]) from exc
