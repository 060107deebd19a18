"""The console's audit log: every console action (log-ins, refusals, accounts created, ...) as an
append-only, hash-chained entry, written in the same transaction as the action.

As on the desk (desk_app/core/audit.py): each entry's hash covers its own fields and the previous
entry's hash, and the newest (seq, hash) is kept in `meta`, whose row is locked while appending so
concurrent requests (or server processes) chain one after another. Editing an entry breaks its hash,
deleting one breaks the sequence or the chain, cutting the tail disagrees with the head.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from sync.server import tables
from sync.server.clock import now_iso
from sync.server.console.i18n import _

GENESIS = "0" * 64
ACTION_LABELS = {
    "first_admin_created": "Tạo quản trị đầu tiên", "login": "Đăng nhập", "login_refused": "Đăng nhập bị từ chối",
    "logout": "Đăng xuất", "account_created": "Tạo tài khoản",
    "account_disabled": "Khóa tài khoản", "account_enabled": "Mở khóa tài khoản", "denied": "Mở trang không được phép",
    "device_created": "Tạo mã đăng ký máy", "device_revoked": "Thu hồi máy",
    # reference data (catalogue, calendar, wording, units)
    "reference_draft_saved": "Lưu bản sửa dữ liệu dùng chung", "reference_draft_discarded": "Bỏ bản sửa",
    "catalogue_imported": "Nhập danh mục từ tệp", "catalogue_import_refused": "Nhập danh mục bị từ chối",
    "reference_published": "Phát hành dữ liệu dùng chung",
}
ACTION_LABELS |= {  # accounts of the points, back office, review
    "clerk_created": "Tạo tài khoản cán bộ điểm", "clerk_reset": "Cấp lại mật khẩu tạm",
    "clerk_disable": "Khóa tài khoản cán bộ điểm", "clerk_enable": "Mở khóa tài khoản cán bộ điểm",
    "back_office_step": "Ghi bước của cơ quan giải quyết", "review_accepted": "Chấp nhận sự kiện bị giữ lại",
    "review_dismissed": "Bỏ qua sự kiện bị giữ lại", "review_conflict": "Kết luận xung đột hồ sơ",
    "scans_listed": "Xem danh sách bản quét", "scan_viewed": "Mở bản quét",
}
ACTION_LABELS |= {  # the sneakernet's import (issue 13)
    "outbox_imported": "Nhập tệp dữ liệu từ USB", "outbox_refused": "Nhập tệp dữ liệu từ USB bị từ chối",
}
_REASONS = {"bad": "sai tên hoặc mật khẩu", "locked": "tài khoản đang tạm khóa", "disabled": "tài khoản đã khóa"}
HEAD_KEY = "console_audit_head"


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(seq: int, at: str, actor: str, action: str, target: str, details: str, client: str,
               prev: str) -> str:
    return hashlib.sha256(_canonical([seq, at, actor, action, target, details, client, prev]).encode()).hexdigest()


def append(conn: Connection, actor: str, action: str, target: str = "", details: dict[str, Any] | None = None,
           client: str = "") -> int:
    """One entry in the caller's write transaction; returns its number."""
    head_seq, prev = _head(conn, lock=True)
    seq, at, text = head_seq + 1, now_iso(), _canonical(details or {})
    digest = entry_hash(seq, at, actor, action, target, text, client, prev)
    conn.execute(tables.console_audit.insert().values(seq=seq, at=at, actor=actor, action=action, target=target,
                                                      details=text, client=client, prev_hash=prev, hash=digest))
    conn.execute(update(tables.meta).where(tables.meta.c.key == HEAD_KEY).values(value=f"{seq}:{digest}"))
    return seq


def _head(conn: Connection, lock: bool = False) -> tuple[int, str]:
    query = select(tables.meta.c.value).where(tables.meta.c.key == HEAD_KEY)
    raw = conn.execute(query.with_for_update() if lock else query).scalar_one()
    seq, digest = str(raw).split(":", 1)
    return int(seq), digest


@dataclass(frozen=True)
class Problem:
    seq: int
    vi: str
    en: str


def verify(conn: Connection) -> tuple[int, list[Problem]]:
    """(entries read, every break in the chain); no problems means the log is intact."""
    problems: list[Problem] = []
    expected, prev, count = 1, GENESIS, 0
    for row in conn.execute(select(tables.console_audit).order_by(tables.console_audit.c.seq)).mappings():
        problems += _check(row, expected, prev)
        expected, prev, count = row["seq"] + 1, row["hash"], count + 1
    head_seq, head_hash = _head(conn)
    if (expected - 1, prev) != (head_seq, head_hash):
        problems.append(Problem(
            head_seq,
            f"Nhật ký kết thúc ở mục {expected - 1} nhưng mục cuối đã ghi là {head_seq}: "
            "các mục cuối đã bị xóa hoặc sửa.",
            f"The log ends at entry {expected - 1} but the recorded head is {head_seq}: "
            "the last entries were deleted or altered."))
    return count, problems


def _check(row: Any, expected: int, prev: str) -> list[Problem]:
    found: list[Problem] = []
    seq = int(row["seq"])
    if seq != expected:
        found.append(Problem(seq, f"Thiếu mục {expected}–{seq - 1} trước mục {seq}: đã bị xóa.",
                             f"Entries {expected}-{seq - 1} before entry {seq} are missing: deleted."))
    elif row["prev_hash"] != prev:
        found.append(Problem(seq, f"Mục {seq} không nối với mục trước.", f"Entry {seq} breaks the chain."))
    digest = entry_hash(seq, row["at"], row["actor"], row["action"], row["target"], row["details"], row["client"],
                        row["prev_hash"])
    if digest != row["hash"]:
        found.append(Problem(seq, f"Mục {seq} ({row['action']}, {row['at']}) đã bị sửa sau khi ghi.",
                             f"Entry {seq} ({row['action']}, {row['at']}) was altered after it was written."))
    return found


def recent(conn: Connection, limit: int = 200) -> list[dict[str, Any]]:
    a = tables.console_audit
    rows = conn.execute(select(a).order_by(a.c.seq.desc()).limit(limit)).mappings()
    return [{**row, "label": ACTION_LABELS.get(row["action"], row["action"]), "details": _readable(row["details"])}
            for row in rows]


def _readable(details: str) -> str:
    values = json.loads(details)
    if "reason" in values:
        values["reason"] = _(_REASONS[values["reason"]]) if values["reason"] in _REASONS else values["reason"]
    return ", ".join(f"{key}: {value}" for key, value in values.items() if value)
