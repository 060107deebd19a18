"""Where messages go: one small interface, three gateways the city chooses between in its settings.

- `HttpSmsGateway`: a generic HTTP SMS gateway (most Vietnamese brandname-SMS providers take a POST
  with the number, the text and the sender's credentials); the body is a JSON template with
  {to}, {text} and {message_id} in it, so the city fits its provider's shape without code.
- `ZaloGateway`: Zalo's template message API (ZNS): POST with an access_token header and
  {"phone": "84…", "template_id", "template_data", "tracking_id"}; Zalo answers HTTP 200 with
  {"error": 0, …} on success and a non-zero error otherwise.
- `FileSink`: one JSON line per message in a file, for trials without a provider.

Every gateway gets the step's event id as the message id (Zalo's tracking_id), so a resend after a
crash between the provider's answer and our commit can be recognised on the provider's side.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import requests

from sync.server.notify.outbox import Message


@dataclass(frozen=True)
class Sent:
    ref: str  # the provider's message id, for support


class GatewayError(Exception):
    """The provider did not take the message; `retry` says whether trying again may help."""

    def __init__(self, detail: str, retry: bool = True) -> None:
        super().__init__(detail)
        self.retry = retry


class Gateway(Protocol):
    channels: frozenset[str]

    def send(self, message: Message) -> Sent: ...


def international(phone: str) -> str:
    """0912345678 -> 84912345678, as Zalo and most SMS providers want it."""
    return "84" + phone[1:] if phone.startswith("0") else phone.lstrip("+")


class HttpSmsGateway:
    channels = frozenset({"sms"})

    def __init__(self, url: str, body_template: str, headers: dict[str, str], timeout_s: float = 15.0) -> None:
        self.url, self.body_template, self.headers, self.timeout = url, body_template, headers, timeout_s
        self.http = requests.Session()

    def send(self, message: Message) -> Sent:
        values = {"to": international(message.phone), "text": message.body, "message_id": message.event_id}
        body = _fill(json.loads(self.body_template), values)
        answer = _post(self.http, self.url, body, self.headers, self.timeout)
        return Sent(str(answer.get("message_id") or answer.get("id") or ""))


class ZaloGateway:
    channels = frozenset({"zalo"})

    def __init__(self, url: str, access_token: str, timeout_s: float = 15.0) -> None:
        self.url, self.timeout = url, timeout_s
        self.headers = {"access_token": access_token}
        self.http = requests.Session()

    def send(self, message: Message) -> Sent:
        data = json.loads(message.body)
        body = {"phone": international(message.phone), "template_id": data["template_id"],
                "template_data": data["template_data"], "tracking_id": message.event_id}
        answer = _post(self.http, self.url, body, self.headers, self.timeout)
        if answer.get("error", 0) != 0:  # Zalo reports refusals inside a 200
            code = answer.get("error")
            raise GatewayError(f"Zalo error {code}: {answer.get('message', '')}", retry=code in _ZALO_RETRY)
        return Sent(str((answer.get("data") or {}).get("msg_id", "")))


_ZALO_RETRY = {-32, -124}  # rate limit exceeded, access token expired (refreshed by the city): try later


class FileSink:
    channels = frozenset({"sms", "zalo"})

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def send(self, message: Message) -> Sent:
        line = json.dumps({"message_id": message.event_id, "channel": message.channel,
                           "to": international(message.phone), "body": message.body}, ensure_ascii=False)
        with self._lock, self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return Sent(f"file:{message.event_id}")


def _post(http: requests.Session, url: str, body: Any, headers: dict[str, str], timeout: float) -> dict[str, Any]:
    try:
        response = http.post(url, json=body, headers=headers, timeout=timeout)
    except requests.RequestException as exc:  # time-out, refused, dropped: the provider may come back
        raise GatewayError(f"{type(exc).__name__}: {exc}") from exc
    if response.status_code >= 500 or response.status_code == 429:
        raise GatewayError(f"HTTP {response.status_code}: {response.text[:300]}")
    if response.status_code >= 400:  # our request is wrong (credentials, number): retrying will not help
        raise GatewayError(f"HTTP {response.status_code}: {response.text[:300]}", retry=False)
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _fill(template: Any, values: dict[str, str]) -> Any:
    """The body template with {to}, {text}, {message_id} replaced in every string, keeping its shape."""
    if isinstance(template, dict):
        return {key: _fill(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [_fill(value, values) for value in template]
    if isinstance(template, str):
        for key, value in values.items():
            template = template.replace("{" + key + "}", value)
    return template
