"""Dossiers from the terminal: receive, list, search, show, record a step, compute a due date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desk_app.cli.auth import acting_user
from desk_app.cli.common import (
    actor_option,
    command,
    dossier_full,
    dossier_summary,
    parse_datetime,
    print_json,
    print_table,
    whole_number,
)
from desk_app.cli.errors import CliError
from desk_app.core.intake import parse_dossier_json
from desk_app.core.messages import render
from desk_app.core.search import VIEWS, Query
from desk_app.domain.lifecycle import ACTION_LABELS_VI, MONEY, status_label
from desk_app.domain.model import EventKind, Status
from desk_app.domain.payloads import Channel

STEP_KINDS = [k.value for k in EventKind
              if k not in (EventKind.RECEIVED, EventKind.APPLICANT_CORRECTED, EventKind.CONSENT_CHANGED,
                           EventKind.AUTHORITY_RECEIVED, EventKind.SCAN_ATTACHED, EventKind.SCAN_REMOVED, *MONEY)]


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "receive", help="tiếp nhận hồ sơ từ tệp JSON (xem docs/dossier-json.md)")
    p.add_argument("file", help="tệp JSON, hoặc - để đọc từ stdin")
    actor_option(p, "cán bộ tiếp nhận")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_receive)

    p = command(sub, "list", help="danh sách hồ sơ theo nhóm")
    p.add_argument("--view", choices=VIEWS, default="all")
    p.add_argument("--status", choices=[s.value for s in Status])
    p.add_argument("--sort", choices=["newest", "name"], default="newest")
    p.add_argument("--limit", type=whole_number(1, 100_000), default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)

    p = command(sub, "search", help="tìm hồ sơ theo tên (không dấu cũng được), số định danh, điện thoại, mã")
    p.add_argument("text")
    p.add_argument("--limit", type=whole_number(1, 100_000), default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_search)

    p = command(sub, "show", help="xem một hồ sơ và lịch sử xử lý")
    p.add_argument("code")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_show)

    p = command(sub, "apply", help="ghi nhận một bước xử lý hồ sơ")
    p.add_argument("code")
    p.add_argument("step", choices=STEP_KINDS)
    p.add_argument("--reason", help="lý do (từ chối, hẹn lại, dừng)")
    p.add_argument("--item", action="append", default=[], help="nội dung cần bổ sung, dạng «giấy tờ: lý do»")
    p.add_argument("--guide", default="", help="người hướng dẫn bổ sung")
    p.add_argument("--guide-phone", default="")
    p.add_argument("--new-due", help="ngày hẹn mới (YYYY-MM-DDTHH:MM)")
    p.add_argument("--to", dest="to_authority", help="mã đơn vị có thẩm quyền nhận chuyển")
    p.add_argument("--receiver", help="người nhận kết quả")
    p.add_argument("--note", default="")
    p.add_argument("--document", action="append", default=[], help="giấy tờ bổ sung đã nhận")
    actor_option(p, "cán bộ ghi nhận bước")
    p.set_defaults(handler=_apply)

    p = command(sub, "consent", help="người nộp đồng ý, hoặc thôi, nhận tin nhắn về hồ sơ (SMS, Zalo)")
    p.add_argument("code")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--sms", nargs="?", const="", metavar="SỐ", help="qua SMS (không ghi số: số của người nộp)")
    how.add_argument("--zalo", nargs="?", const="", metavar="SỐ", help="qua Zalo (không ghi số: số của người nộp)")
    how.add_argument("--withdraw", action="store_true", help="không nhận tin nhắn nữa")
    actor_option(p)
    p.set_defaults(handler=_consent)

    p = command(sub, "due", help="tính ngày hẹn trả kết quả")
    p.add_argument("--procedure", required=True, help="mã thủ tục, ví dụ 1.001193")
    p.add_argument("--received", required=True, help="thời điểm tiếp nhận, ví dụ 2026-02-13T10:00")
    p.set_defaults(handler=_due)

    p = command(sub, "procedures", help="tìm thủ tục trong danh mục (không dấu cũng được)")
    p.add_argument("text", nargs="?", default="")
    p.add_argument("--json", action="store_true")
    p.add_argument("--stats", action="store_true", help="đếm thủ tục theo lĩnh vực và độ tin cậy của nguồn")
    p.set_defaults(handler=_procedures)


def _receive(args, desk) -> int:
    source = "stdin" if args.file == "-" else args.file
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"Không đọc được tệp {source}: {exc}") from exc
    request = parse_dossier_json(text, source)
    user = acting_user(desk, args.actor)  # after the file checks out: a typo costs no log-in attempt
    result = desk.dossiers.receive(request, user.username)
    if args.json:
        print_json({**dossier_full(result.dossier), "warnings": [render(w, args.lang) for w in result.warnings]})
        return 0
    d = result.dossier
    print(f"Đã tiếp nhận hồ sơ {d.code}: {d.applicant.full_name} – {d.procedure_name}")
    print(f"Hẹn trả kết quả: {d.due.due_at:%H giờ %M phút, ngày %d/%m/%Y} ({d.due.rule_text})")
    for warning in result.warnings:
        print(f"Lưu ý: {render(warning, args.lang)}")
    return 0


def _output(args, dossiers) -> int:
    if args.json:
        print_json([dossier_summary(d) for d in dossiers])
    else:
        print_table(dossiers)
    return 0


def _list(args, desk) -> int:
    status = Status(args.status) if args.status else None
    return _output(args, desk.search(Query(view=args.view, status=status, limit=args.limit, sort=args.sort)))


def _search(args, desk) -> int:
    return _output(args, desk.search(Query(text=args.text, limit=args.limit)))


def _show(args, desk) -> int:
    d = desk.dossiers.get_by_code(args.code)
    if args.json:
        print_json(dossier_full(d))
        return 0
    a = d.applicant
    print(f"Hồ sơ {d.code} – {status_label(d.status)}")
    print(f"  Thủ tục: {d.procedure_code} {d.procedure_name} (định nghĩa v{d.procedure_version})")
    print(f"  Người nộp: {a.full_name}, số định danh {a.personal_id or '—'}, ĐT {a.phone or '—'}")
    print(f"  Địa chỉ: {a.address or '—'}")
    print(f"  Tiếp nhận: {d.received_at:%H:%M %d/%m/%Y} tại {d.receiving_unit}; thẩm quyền: {d.authority}")
    print(f"  Hẹn trả: {d.due.due_at:%H:%M %d/%m/%Y} ({d.due.rule_text})")
    for doc in d.documents:
        print(f"  - {doc.name}: bản chính {doc.originals}, bản sao {doc.copies}")
    print("  Lịch sử:")
    for e in d.history:
        print(f"    {e.wall_time:%H:%M %d/%m/%Y}  {ACTION_LABELS_VI[e.kind]:<22} {e.actor}")
    return 0


def _apply(args, desk) -> int:
    kind = EventKind(args.step)
    payload = _step_payload(args, kind)
    user = acting_user(desk, args.actor)
    d = desk.dossiers.apply(args.code, kind, payload, user.username)
    print(f"Hồ sơ {d.code}: {status_label(d.status)}. Hẹn trả: {d.due.due_at:%H:%M %d/%m/%Y}")
    return 0


def _consent(args, desk) -> int:
    channel, phone = ("sms", args.sms) if args.sms is not None else ("zalo", args.zalo) if args.zalo is not None \
        else (None, "")
    user = acting_user(desk, args.actor)
    d = desk.change_consent(args.code, channel, phone or "", user.username)
    print(f"Hồ sơ {d.code}: " + (f"nhận tin nhắn qua {Channel(channel).label}." if channel
                                  else "không nhận tin nhắn nữa."))
    return 0


def _step_payload(args, kind: EventKind) -> dict:
    payload: dict = {"note": args.note} if args.note else {}
    if args.reason:
        payload["reason"] = args.reason
    if kind == EventKind.SUPPLEMENT_REQUESTED:
        payload.update(items=[_item(text) for text in args.item], guide_name=args.guide, guide_phone=args.guide_phone)
    if kind == EventKind.SUPPLEMENT_RECEIVED:
        payload["documents"] = [{"name": name, "originals": 1, "copies": 0} for name in args.document]
    if kind == EventKind.DELAYED and args.new_due:
        payload["new_due_at"] = parse_datetime(args.new_due, "Ngày hẹn mới").isoformat()
    if args.to_authority:
        payload["to_authority"] = args.to_authority
    if args.receiver:
        payload["receiver_name"] = args.receiver
    return payload


def _item(text: str) -> dict:
    item, _, reason = text.partition(":")
    return {"item": item.strip(), "reason": reason.strip()}


def _due(args, desk) -> int:
    received = parse_datetime(args.received, "Thời điểm tiếp nhận")
    due_at, _rule = desk.due(args.procedure, received)
    print(due_at.isoformat(timespec="minutes"))
    return 0


def _procedures(args, desk) -> int:
    if args.stats:
        from desk_app.core.catalogue_stats import format_stats

        print(format_stats(desk.catalogue_stats()))
        return 0
    found = desk.find_procedures(args.text, limit=10_000)
    if args.json:
        print_json([hit._asdict() for hit in found])
    else:
        for hit in found:
            print(f"{hit.code}  {hit.name}")
    return 0
