"""Setting a desk up: database, reference data, settings, accounts, audit, demo data."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from desk_app.cli.auth import acting_user, administrator, current_password
from desk_app.cli.common import actor_option, command, whole_number
from desk_app.cli.errors import CliError
from desk_app.core.accounts import Role
from desk_app.domain.catalogue import validate_catalogue
from desk_app.paths import procedures_dir
from desk_app.store import migrations

ADMIN_HELP = "tài khoản quản trị thực hiện (cần khi bàn đã có tài khoản)"


def register(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "init", help="tạo/nâng cấp cơ sở dữ liệu và đặt đơn vị, số bàn")
    p.add_argument("--unit", help="mã đơn vị 5 chữ số của điểm tiếp nhận (ví dụ 09661 Xã Minh Châu)")
    p.add_argument("--desk-no", type=int, help="số bàn tại điểm tiếp nhận (1-9)")
    p.add_argument("--place", help="địa danh ghi trên giấy tờ (mặc định Hà Nội)")
    p.add_argument("--lookup-url", help="địa chỉ tra cứu hồ sơ của thành phố (in trong mã QR)")
    actor_option(p, ADMIN_HELP)
    p.set_defaults(handler=_init)

    p = command(sub, "upgrade", help="nâng cấp lược đồ cơ sở dữ liệu (sao lưu trước khi nâng cấp)")
    p.set_defaults(handler=_upgrade, no_db=True)

    p = command(sub, "import", help="nạp lại dữ liệu danh mục (đơn vị, ngày nghỉ, thủ tục) từ tệp đi kèm")
    actor_option(p, ADMIN_HELP)
    p.set_defaults(handler=_import)

    p = command(sub, "check-forms", help="kiểm tra các định nghĩa thủ tục và sổ tay nghiệp vụ trong forms/")
    p.add_argument("--root", type=Path, help="thư mục forms/procedures cần kiểm tra")
    p.set_defaults(handler=_check_forms, no_db=True)

    p = sub.add_parser("user", help="tài khoản cán bộ")
    users = p.add_subparsers(dest="user_command", required=True)
    add = command(users, "add", help="tạo tài khoản")
    add.add_argument("username")
    add.add_argument("--name", required=True, help="họ và tên")
    add.add_argument("--role", choices=["clerk", "supervisor", "admin"], default="clerk")
    add.add_argument("--password-stdin", action="store_true",
                     help="đọc mật khẩu của tài khoản mới từ stdin (cho kịch bản)")
    actor_option(add, ADMIN_HELP)
    add.set_defaults(handler=_user_add)
    command(users, "list", help="liệt kê tài khoản").set_defaults(handler=_user_list)
    password = command(users, "password", help="đổi mật khẩu của chính mình (bắt buộc với mật khẩu tạm của thành phố)")
    password.add_argument("username")
    password.add_argument("--new-password-stdin", action="store_true",
                          help="đọc mật khẩu mới từ stdin (cho kịch bản); mật khẩu hiện tại lấy từ MOTCUA_PASSWORD "
                               "hoặc được hỏi")
    password.set_defaults(handler=_user_password)
    unlock = command(users, "unlock", help="mở khóa tài khoản")
    unlock.add_argument("username")
    actor_option(unlock, ADMIN_HELP)
    unlock.set_defaults(handler=_user_unlock)

    p = sub.add_parser("audit", help="nhật ký kiểm toán")
    audit_sub = p.add_subparsers(dest="audit_command", required=True)
    command(audit_sub, "verify", help="kiểm tra nhật ký không bị sửa/xóa").set_defaults(handler=_audit_verify)

    p = command(sub, "self-test", help="kiểm tra bản cài: cơ sở dữ liệu, FTS5, bản dịch, in thử, Qt")
    p.set_defaults(handler=_self_test, no_db=True)

    p = command(sub, "demo", help="tạo hồ sơ mẫu như thật để dùng thử")
    p.add_argument("--dossiers", type=whole_number(0, 1_000_000), default=200, help="số hồ sơ mẫu (mặc định 200)")
    p.add_argument("--seed", type=whole_number(0, 2**63 - 1), default=2025)
    p.add_argument("--accounts", action="store_true",
                   help="tạo thêm tài khoản mẫu canbo1, canbo2 (cán bộ), giamsat (giám sát) và quantri (quản trị), "
                        "mật khẩu motcua-demo")
    actor_option(p, ADMIN_HELP)
    p.set_defaults(handler=_demo)


def _init(args, desk) -> int:
    changes = {key: value for key, value in {
        "unit_code": args.unit, "desk_no": args.desk_no, "place_name": args.place,
        "lookup_base_url": args.lookup_url}.items() if value is not None}
    settings = desk.configure(_admin_name(desk, args), **changes) if changes else desk.settings
    unit = desk.unit(settings.unit_code)
    print(f"Cơ sở dữ liệu: {desk.store.path}")
    print(f"Điểm tiếp nhận: {unit.name} ({unit.code}), bàn số {settings.desk_no}")
    return 0


def _admin_name(desk, args) -> str:
    """Who changes the set-up: the administrator who proved it, or "setup" before the desk has accounts."""
    admin = administrator(desk, args.actor)
    return admin.username if admin else "setup"


def _upgrade(args, _desk) -> int:
    path = Path(args.db)
    if not path.exists():
        raise CliError(f"Không có tệp cơ sở dữ liệu {path}. Dùng «desk-app init» để tạo mới.")
    applied = migrations.upgrade(path)
    print(f"Đã nâng cấp lên phiên bản {applied[-1]}." if applied else
          f"Cơ sở dữ liệu đã ở phiên bản mới nhất ({migrations.LATEST}).")
    return 0


def _import(args, desk) -> int:
    counts = desk.reimport_reference(_admin_name(desk, args))
    print(f"Đã nạp {counts.units} đơn vị, {counts.holidays} ngày nghỉ/làm bù, {counts.procedures} định nghĩa thủ tục.")
    return 0


def _check_forms(args, _desk) -> int:
    from desk_app.core.handbook.checks import check_forms_handbook

    root = args.root or procedures_dir()
    problems = validate_catalogue(root)
    problems += check_forms_handbook(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    print("Các định nghĩa thủ tục và sổ tay hợp lệ." if not problems else f"{len(problems)} lỗi.")
    if not problems:
        print(_fee_summary(root))
    return 1 if problems else 0


def _fee_summary(root) -> str:
    """The fees of the versions each procedure ends with (what a desk uses from now on)."""
    from desk_app.domain.catalogue import load_catalogue
    from desk_app.domain.fees import rule_summary

    latest = {defn.code: defn for defn in load_catalogue(root)}  # sorted by code then version
    return rule_summary([defn.fee for defn in latest.values()])


def _user_add(args, desk) -> int:
    admin = administrator(desk, args.actor)
    if admin is None and args.role != "admin":
        raise CliError("Bàn chưa có tài khoản nào: tài khoản đầu tiên phải là quản trị (--role admin), "
                       "như khi mở cửa sổ lần đầu.")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mật khẩu: ")
        if password != getpass.getpass("Nhập lại mật khẩu: "):
            raise CliError("Hai lần nhập mật khẩu không khớp.")
    user = desk.accounts.create(args.username, args.name, args.role, password, admin.username if admin else "setup")
    print(f"Đã tạo tài khoản {user.username} ({user.role}).")
    return 0


def _user_list(args, desk) -> int:
    for user in desk.accounts.list():
        print(f"{user.username:<20} {user.role:<11} {user.full_name}")
    return 0


def _user_password(args, desk) -> int:
    current = current_password(args.username)
    if args.new_password_stdin:
        new = sys.stdin.readline().rstrip("\n")
    else:
        new = getpass.getpass("Mật khẩu mới: ")
        if new != getpass.getpass("Nhập lại mật khẩu mới: "):
            raise CliError("Hai lần nhập mật khẩu mới không khớp. Chưa đổi gì.")
    user = desk.accounts.change_password(args.username, current, new)
    print(f"Đã đổi mật khẩu của {user.username}. Với tài khoản do thành phố cấp, mật khẩu mới được gửi về thành "
          "phố ở lần đồng bộ tới để các bàn khác của điểm cũng dùng được.")
    return 0


def _user_unlock(args, desk) -> int:
    desk.accounts.unlock(args.username, acting_user(desk, args.actor, Role.ADMIN).username)
    print(f"Đã mở khóa {args.username}.")
    return 0


def _audit_verify(args, desk) -> int:
    problems = desk.audit.verify()
    if not problems:
        print(f"Nhật ký kiểm toán nguyên vẹn ({len(desk.audit.entries())} mục).")
        return 0
    for problem in problems:
        print(problem.en if args.lang == "en" else problem.vi)
    return 1


def _demo(args, desk) -> int:
    from desk_app.demo import DEMO_PASSWORD, create_demo_accounts, seed_demo

    administrator(desk, args.actor)  # sample accounts and dossiers in a desk already in use: an admin's call

    def progress(done: int, total: int) -> None:
        print(f"\r  {done}/{total} hồ sơ", end="", file=sys.stderr, flush=True)

    actor = "demo"
    if args.accounts:
        made = create_demo_accounts(desk)
        actor = "canbo1,canbo2"
        if made:
            print(f"Tài khoản mẫu: {', '.join(made)} (mật khẩu {DEMO_PASSWORD})")
    count = seed_demo(desk, args.dossiers, actor=actor, seed=args.seed, progress=progress)
    print(file=sys.stderr)
    print(f"Đã tạo {count} hồ sơ mẫu trong {desk.store.path}.")
    print(desk.view_counts())
    return 0


def _self_test(args, _desk) -> int:
    from desk_app.ui.selftest import run_self_test

    return run_self_test(args.db)
