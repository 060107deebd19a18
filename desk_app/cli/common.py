"""Parsing and printing helpers shared by the command modules."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from desk_app.cli.errors import CliError
from desk_app.core.projection import applicant_json
from desk_app.domain.calendar import local_time
from desk_app.domain.lifecycle import status_label
from desk_app.domain.model import Dossier

# Every command also takes --db after its name (`desk-app list --db X` as well as `desk-app --db X list`);
# SUPPRESS leaves the top-level value when it is not repeated.
DB_OPTION = argparse.ArgumentParser(add_help=False)
DB_OPTION.add_argument("--db", default=argparse.SUPPRESS, help="tệp cơ sở dữ liệu SQLite")


def command(sub: argparse._SubParsersAction, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    """A command's parser, with the options every command shares."""
    return sub.add_parser(name, parents=[DB_OPTION], **kwargs)


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type for a count from `low` to `high`: a huge --limit would overflow SQLite's integer."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"«{text[:20]}» không phải số nguyên") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"phải từ {low:,} đến {high:,}".replace(",", "."))
        return value

    return parse


def default_actor() -> str:
    return os.environ.get("MOTCUA_ACTOR") or getpass.getuser() or "cli"


def actor_option(parser: argparse.ArgumentParser, who: str = "tài khoản thực hiện") -> None:
    """--actor: the account that acts, checked by its password (desk_app.cli.auth)."""
    parser.add_argument("--actor", default=default_actor(),
                        help=f"{who} (mặc định: biến MOTCUA_ACTOR hoặc tên người dùng máy); mật khẩu lấy từ biến "
                             "MOTCUA_PASSWORD hoặc được hỏi")


def parse_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"{what} «{text}» không phải ngày hợp lệ (dạng YYYY-MM-DD, ví dụ 2026-02-13).") from None


def parse_datetime(text: str, what: str) -> datetime:
    try:
        return local_time(datetime.fromisoformat(text))
    except ValueError:
        raise CliError(f"{what} «{text}» không phải thời điểm hợp lệ (dạng YYYY-MM-DDTHH:MM, ví dụ "
                       "2026-02-13T10:00).") from None


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def dossier_summary(d: Dossier) -> dict[str, Any]:
    return {
        "id": d.dossier_id, "code": d.code, "status": str(d.status), "applicant": d.applicant.full_name,
        "personal_id": d.applicant.personal_id, "phone": d.applicant.phone, "procedure_code": d.procedure_code,
        "procedure": d.procedure_name, "received_at": d.received_at.isoformat(), "due_at": d.due.due_at.isoformat(),
    }


def dossier_full(d: Dossier) -> dict[str, Any]:
    return {
        **dossier_summary(d),
        "lookup_key": d.lookup_key, "receiving_unit": d.receiving_unit, "authority": d.authority,
        "procedure_version": d.procedure_version,
        "applicant": json.loads(applicant_json(d.applicant)),
        "documents": [asdict(doc) for doc in d.documents],
        "sets": d.sets, "fee_vnd": d.fee_vnd, "due_rule": d.due.rule, "due_rule_text": d.due.rule_text,
        "delivery": str(d.delivery), "delivery_address": d.delivery_address, "received_by": d.received_by,
        "register_book": d.register_book, "register_entry": d.register_entry,
        "history": [{"event_id": e.event_id, "kind": str(e.kind), "actor": e.actor, "desk_id": e.desk_id,
                     "hlc": e.hlc, "wall_time": e.wall_time.isoformat(), "payload": e.payload} for e in d.history],
    }


def print_table(dossiers: list[Dossier]) -> None:
    if not dossiers:
        print("Không có hồ sơ nào.")
        return
    for d in dossiers:
        print(f"{d.code:<20} {status_label(d.status):<18} hẹn {d.due.due_at:%H:%M %d/%m/%Y}  "
              f"{d.applicant.full_name:<28} {d.procedure_name[:50]}")
    print(f"({len(dossiers)} hồ sơ)")
