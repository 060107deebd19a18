"""`city-server notify`: run the sender, or check the wording's length before publishing it."""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Callable
from typing import Any

from sync.server import logs
from sync.server.db import CityDB
from sync.server.notify import outbox, sender
from sync.server.notify import templates as wording
from sync.server.settings import ServerSettings

# The longest values a message is filled with: the longest unit name of the 126, a 21-character code,
# the lookup link on a 27-character public address with its 16-character key.
WORST = {"unit": "Phường Văn Miếu - Quốc Tử Giám", "code": "09661-261231-9999-999", "date": "31/12/2026",
         "link": "https://tracuu.hanoi.gov.vn/tra-cuu?ma=09661-261231-9999-999&k=AbCdEfGhIjKlMnOp"}


def register(sub: Any, command: Callable[..., argparse.ArgumentParser]) -> None:
    notify = sub.add_parser("notify", help="messages to applicants (SMS, Zalo)").add_subparsers(dest="sub",
                                                                                            required=True)
    run = command(notify, "run", help="send queued messages (until stopped, or once with --once)")
    run.add_argument("--once", action="store_true", help="send what is due now, then exit")
    run.set_defaults(handler=_run)
    command(notify, "status", help="how many messages are queued, sent, failed").set_defaults(handler=_status)
    command(notify, "check", help="check the message wording: placeholders and SMS length").set_defaults(
        handler=_check)


def _run(args: argparse.Namespace, settings: ServerSettings) -> int:
    logs.configure(settings)
    gateways, policy = sender.from_settings(settings)
    if not gateways:
        print("Chưa cấu hình cổng gửi tin (CITY_NOTIFY_GATEWAY=file|http_sms|zalo); không gửi gì.")
        return 2
    db = CityDB.open(settings.db, migrate=False)
    job = sender.Sender(db, gateways, policy)
    if args.once:
        print(f"đã gửi {job.run_once()} tin nhắn")
        return 0
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    job.run_forever(stop)
    return 0


def _status(_args: argparse.Namespace, settings: ServerSettings) -> int:
    with CityDB.open(settings.db, migrate=False).read() as conn:
        counts = outbox.counts(conn)
    for state in (outbox.QUEUED, outbox.SENDING, outbox.SENT, outbox.FAILED):
        print(f"{state:8} {counts.get(state, 0)}")
    return 0


def _check(_args: argparse.Namespace, settings: ServerSettings) -> int:
    try:
        templates = wording.shipped(settings.forms_dir)
    except (OSError, wording.TemplateError) as exc:
        print(f"lỗi: {exc}")
        return 1
    long = wording.too_long(templates, WORST)
    for step, text in templates.sms.items():
        n = len(wording.unaccented(text.format_map(WORST)))
        print(f"{step:22} SMS {n:3} ký tự{'  <- quá 160: 2 tin' if step in long else ''}")
    return 1 if long else 0
