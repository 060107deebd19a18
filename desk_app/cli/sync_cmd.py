"""`desk-app enroll` and `desk-app sync`: the same sync client the window uses, from a terminal."""

from __future__ import annotations

import argparse

from desk_app.cli.auth import acting_user, administrator
from desk_app.cli.common import actor_option, command
from desk_app.cli.errors import CliError
from desk_app.core.accounts import Role


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "enroll", help="đăng ký máy này với máy chủ thành phố bằng mã một lần")
    p.add_argument("--server", required=True, help="địa chỉ máy chủ thành phố, ví dụ https://motcua.hanoi.gov.vn")
    p.add_argument("--code", required=True, help="mã đăng ký một lần do quản trị thành phố cấp")
    actor_option(p, "tài khoản giám sát hoặc quản trị thực hiện (cần khi bàn đã có tài khoản)")
    p.set_defaults(handler=_enroll)
    p = command(sub, "sync", help="đồng bộ một lượt với máy chủ thành phố và in những gì đã chuyển")
    p.set_defaults(handler=_sync)
    p = command(sub, "export-outbox",
                help="ghi các sự kiện chưa gửi ra tệp đã mã hoá và ký (mang bằng USB về thành phố khi mất mạng lâu)")
    p.add_argument("file", help="tệp sẽ ghi, ví dụ E:/motcua-09661.outbox")
    p.add_argument("--max-mb", type=float, default=0, metavar="MB",
                   help="chia thành nhiều tệp đánh số, mỗi tệp không quá MB (USB FAT32: tối đa 4000)")
    actor_option(p)
    p.set_defaults(handler=_export_outbox)
    p = command(sub, "held", help="các sự kiện bị giữ lại, không gửi về thành phố, và lý do (cho giám sát viên)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_held)


def _enroll(args, desk) -> int:
    from sync.enrollment import enroll_desk
    from sync.transport import SyncError

    supervisor = administrator(desk, args.actor, Role.SUPERVISOR)  # as in the window's settings
    try:
        state = enroll_desk(desk, args.server, args.code, actor=supervisor.username if supervisor else "setup")
    except SyncError as exc:
        raise CliError(exc.reason) from exc
    print(f"Đã đăng ký: thiết bị {state.device_id}, đơn vị {state.unit_code}, máy chủ {state.server_url}")
    return 0


def _sync(args, desk) -> int:
    from sync.client import SyncClient
    from sync.transport import SyncError

    state = SyncClient(desk.store).state()
    if state.enrolled and state.unit_code != desk.settings.unit_code:
        raise CliError(f"Máy đăng ký cho đơn vị {state.unit_code} nhưng đang đặt đơn vị {desk.settings.unit_code}.")
    try:
        report = SyncClient(desk.store).sync_once()
    except SyncError as exc:
        raise CliError(f"Đồng bộ chưa xong: {exc.reason}") from exc
    if report.snapshot is not None:  # a new desk's first sync (issue 13): the point's snapshot, then the rest
        snap = report.snapshot
        print(f"Dữ liệu ban đầu của điểm: {snap.dossiers} hồ sơ, {snap.events} sự kiện "
              f"(tệp {snap.size / 1024:.0f} KB, đến số {snap.seq}); máy đã dùng được ngay.")
    print(f"Đã gửi {report.sent} sự kiện, nhận {report.received} sự kiện mới "
          f"({len(report.dossiers)} hồ sơ) trong {report.exchanges} lượt trao đổi.")
    scans = report.scans
    if scans.sent or scans.pending:
        print(f"Bản quét: đã gửi {scans.sent} tệp ({scans.bytes_sent / 1024:.0f} KB)"
              + (f", còn {scans.pending} tệp chờ gửi ở lượt sau." if scans.pending else "."))
    _print_notes(desk, report)
    return 0


def _export_outbox(args, desk) -> int:
    from pathlib import Path

    from sync.outbox_file import OutboxFileError
    from sync.sneakernet import export_outbox
    from sync.transport import SyncError

    user = acting_user(desk, args.actor)
    target = Path(args.file)
    if target.is_dir():
        raise CliError(f"«{args.file}» là một thư mục; hãy ghi tên tệp, ví dụ {target / 'motcua.outbox'}.")
    if args.max_mb < 0 or args.max_mb != args.max_mb:
        raise CliError(f"--max-mb phải là số MB dương (đã nhập {args.max_mb}).")
    try:
        report = export_outbox(desk.store, target, on_progress=_export_progress(),
                               max_bytes=int(args.max_mb * 1024 * 1024))
    except (SyncError, OutboxFileError) as exc:
        raise CliError(getattr(exc, "reason", None) or str(exc)) from exc
    except OSError as exc:
        raise CliError(f"Không ghi được tệp «{args.file}»: {exc.strerror or exc}. Chưa ghi gì.") from exc
    desk.audit.record(user.username, "outbox.exported", str(target),
                      {"events": report.events, "scans": report.scans, "bytes": report.file_bytes})
    where = (f"{target}: tệp {_mb(report.file_bytes)}" if len(report.files) == 1 else
             f"{len(report.files)} tệp ({', '.join(p.name for p in report.files)}) cộng {_mb(report.file_bytes)}; "
             "mỗi tệp mang mọi sự kiện và một phần bản quét, nhập tệp nào trước cũng được")
    print(f"Đã ghi {report.events} sự kiện chưa gửi và {report.scans} bản quét ({_mb(report.scan_bytes)}) vào "
          f"{where}, đã mã hoá và ký cho thiết bị này. Các sự kiện và bản quét vẫn "
          "được gửi qua mạng khi có kết nối; thành phố nhận mỗi thứ một lần.")
    if report.missing:
        print(f"Cảnh báo: {report.missing} bản quét không có hoặc bị hỏng trong kho của máy này, không ghi vào tệp.")
    return 0


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def _export_progress():
    """A line at each tenth of the scan bytes written (hundreds of MB take a while on a USB stick)."""
    shown = [0]

    def show(done: int, total: int, done_bytes: int, total_bytes: int) -> None:
        tenth = 10 * done_bytes // total_bytes if total_bytes else 10
        if tenth > shown[0] or done == total:
            shown[0] = tenth
            print(f"  đang ghi bản quét {done}/{total}: {_mb(done_bytes)} / {_mb(total_bytes)}", flush=True)

    return show


def _held(args, desk) -> int:
    from dataclasses import asdict

    from desk_app.cli.common import print_json

    events = desk.held_events()
    if args.json:
        print_json([asdict(e) for e in events])
        return 0
    if not events:
        print("Không có sự kiện nào bị giữ lại.")
        return 0
    for e in events:
        where = "máy chủ không nhận" if e.side == "parked" else "nhận từ máy chủ, không áp dụng được"
        print(f"{e.at}  {e.code or e.dossier_id:<22} {e.kind:<22} {where}: {e.reason}  (sự kiện {e.event_id})")
    print(f"({len(events)} sự kiện bị giữ lại)")
    return 0


def _print_notes(desk, report) -> None:
    seen = desk.sync_overview()
    pending, conflicts, held = seen.pending, seen.conflicts, seen.held
    if report.parked or held:
        print(f"Cần giám sát viên xem: {held} sự kiện bị giữ lại (máy chủ từ chối hoặc trùng mã; desk-app held).")
    if conflicts:
        print(f"Có {conflicts} hồ sơ có thao tác mâu thuẫn cần xem lại.")
    if report.new_epoch:
        print("Máy chủ đã được khôi phục từ bản sao lưu: máy này đã gửi lại dữ liệu của mình.")
    if report.clock_warning:
        print(f"Cảnh báo: {report.clock_warning}")
    if pending:
        print(f"Còn {pending} sự kiện chưa gửi.")
    _print_accounts(getattr(report, "accounts", None))


def _print_accounts(applied) -> None:
    """What the accounts step installed from the centre (docs/sync.md, "Accounts from the centre")."""
    if applied is None:
        return
    if applied.added or applied.disabled:
        print(f"Tài khoản từ thành phố: thêm {len(applied.added)}, khóa {len(applied.disabled)}, "
              f"cập nhật {len(applied.changed)}.")
    for name in applied.clashes:
        print(f"Cảnh báo: thành phố cấp tài khoản «{name}» trùng tên với tài khoản riêng của máy này; giữ tài khoản "
              "của máy, không cài tài khoản của thành phố. Hãy đổi tên một trong hai.")
