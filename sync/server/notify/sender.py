"""Sends what the outbox holds: one message at a time, never at night, never too often to one number.

Each message is claimed in its own transaction (state "sending" with a lease) before the gateway is
called, and marked sent or failed in another. A sender killed between the two leaves the row
"sending"; when the lease ends, the next sender sends it again with the same message id (the step's
event id), which the provider can recognise. Failures retry with exponential backoff until the last
attempt, then the message is "failed" for good, with the provider's answer kept for support.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import Connection

from sync.server.clock import hanoi_now
from sync.server.db import CityDB
from sync.server.notify import outbox
from sync.server.notify.gateways import FileSink, Gateway, GatewayError, HttpSmsGateway, ZaloGateway
from sync.server.settings import ServerSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    quiet_start: time = time(21, 0)  # no message from 21:00 ...
    quiet_end: time = time(7, 0)  # ... to 07:00: queued to the morning
    per_number_per_hour: int = 3
    max_attempts: int = 6
    retry_base: timedelta = timedelta(minutes=1)
    retry_cap: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(minutes=2)

    def quiet_until(self, now: datetime) -> datetime | None:
        """The end of the quiet hours `now` falls in, or None in the daytime."""
        t = now.time()
        night = t >= self.quiet_start or t < self.quiet_end if self.quiet_start > self.quiet_end \
            else self.quiet_start <= t < self.quiet_end
        if not night:
            return None
        morning = datetime.combine(now.date(), self.quiet_end)
        return morning if morning > now else morning + timedelta(days=1)

    def retry_at(self, attempts: int, now: datetime) -> datetime | None:
        if attempts >= self.max_attempts:
            return None
        return now + min(self.retry_cap, self.retry_base * (1 << max(attempts - 1, 0)))


class Sender:
    def __init__(self, db: CityDB, gateways: dict[str, Gateway], policy: Policy,
                 now: Callable[[], datetime] = hanoi_now) -> None:
        self.db, self.gateways, self.policy, self.now = db, gateways, policy, now

    def run_once(self) -> int:
        """Send every message due now; returns how many were sent."""
        sent = 0
        while (outcome := self.send_next()) is not None:
            sent += outcome
        return sent

    def send_next(self) -> int | None:
        """One message: 1 sent, 0 deferred or failed, None when nothing is due."""
        now = self.now()
        with self.db.write() as conn:
            message = outbox.claim(conn, now, self.policy.lease)
            if message is None:
                return None
            hold = self._hold_until(conn, message, now)
            if hold is not None:
                outbox.defer(conn, message.event_id, hold)
                return 0
        return self._deliver(message)

    def _hold_until(self, conn: Connection, message: outbox.Message, now: datetime) -> datetime | None:
        quiet = self.policy.quiet_until(now)
        if quiet is not None:
            return quiet
        recent = outbox.sent_since(conn, message.phone, now - timedelta(hours=1))
        if len(recent) >= self.policy.per_number_per_hour:
            return datetime.fromisoformat(recent[0]) + timedelta(hours=1, seconds=1)
        return None

    def _deliver(self, message: outbox.Message) -> int:
        gateway = self.gateways.get(message.channel)
        try:
            if gateway is None:
                raise GatewayError(f"no gateway is configured for {message.channel}", retry=False)
            sent = gateway.send(message)
        except GatewayError as exc:
            retry = self.policy.retry_at(message.attempts, self.now()) if exc.retry else None
            log.warning("message %s not sent (attempt %d): %s", message.event_id, message.attempts, exc)
            with self.db.write() as conn:
                outbox.mark_failed(conn, message.event_id, str(exc), retry)
            return 0
        with self.db.write() as conn:
            outbox.mark_sent(conn, message.event_id, self.now(), sent.ref)
        return 1

    def run_forever(self, stop: threading.Event, idle_s: float = 5.0) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # the database or a gateway misbehaving: log, wait, try again
                log.exception("notify round failed")
            stop.wait(idle_s)


def from_settings(settings: ServerSettings) -> tuple[dict[str, Gateway], Policy]:
    """The gateways and the policy the city configured (ServerSettings' notify_* fields)."""
    gateways: dict[str, Gateway] = {}
    kind = settings.notify_gateway
    if kind == "file":
        sink = FileSink(settings.notify_file)
        gateways = {"sms": sink, "zalo": sink}
    elif kind == "http_sms":
        gateways = {"sms": HttpSmsGateway(settings.notify_sms_url, settings.notify_sms_body,
                                          settings.notify_sms_headers, settings.notify_timeout_s)}
    elif kind == "zalo":
        gateways = {"zalo": ZaloGateway(settings.notify_zalo_url, settings.notify_zalo_token,
                                        settings.notify_timeout_s)}
    policy = Policy(quiet_start=settings.notify_quiet_start, quiet_end=settings.notify_quiet_end,
                    per_number_per_hour=settings.notify_per_number_per_hour,
                    max_attempts=settings.notify_max_attempts,
                    retry_base=timedelta(seconds=settings.notify_retry_base_s),
                    lease=timedelta(seconds=settings.notify_lease_s))
    return gateways, policy
