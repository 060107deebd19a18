"""Scanned papers from the terminal (issue 12): attach a document's pages, list a dossier's scans, remove one
with a reason, write one out. Attaching and removing are steps: the acting account's password, like `apply`."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk_app.cli.auth import acting_user
from desk_app.cli.common import actor_option, command, print_json
from desk_app.cli.errors import CliError
from desk_app.core.scan_pdf import Colour
from desk_app.domain.scans import Scan

COLOURS = {"xam": Colour.GREY, "den-trang": Colour.BITONAL, "mau": Colour.COLOUR}


def register(sub: argparse._SubParsersAction) -> None:
    scan = command(sub, "scan", help="bản quét giấy tờ của hồ sơ: đính kèm, xem, gỡ")
    actions = scan.add_subparsers(dest="scan_action", metavar="ACTION", required=True)

    p = command(actions, "attach", help="đính kèm bản quét một giấy tờ (JPEG, PNG, TIFF, PDF; nhiều tệp = nhiều trang)")
    p.add_argument("code", help="mã hồ sơ")
    p.add_argument("--document", required=True, help="tên giấy tờ như trong danh sách giấy tờ đã nhận")
    p.add_argument("files", nargs="+", metavar="FILE", help="các trang, theo thứ tự")
    p.add_argument("--colour", "--mau", dest="colour", choices=sorted(COLOURS), default="xam",
                   help="xam (mặc định, khoảng 100-150 KB một trang A4), den-trang, mau")
    actor_option(p, "cán bộ đính kèm")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_attach)

    p = command(actions, "list", help="các bản quét hiện có của hồ sơ")
    p.add_argument("code")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_list)

    p = command(actions, "remove", help="gỡ một bản quét khỏi hồ sơ (ghi lý do)")
    p.add_argument("code")
    p.add_argument("sha", help="mã băm SHA-256 của bản quét (ít nhất 8 chữ số đầu)")
    p.add_argument("--reason", required=True, help="lý do gỡ")
    actor_option(p, "cán bộ gỡ")
    p.set_defaults(handler=_remove)

    p = command(actions, "export", help="ghi một bản quét ra tệp PDF (đã kiểm tra mã băm)")
    p.add_argument("sha", help="mã băm SHA-256 đầy đủ")
    p.add_argument("-o", "--output", required=True, help="tệp PDF ghi ra")
    p.set_defaults(handler=_export)


def _scan_json(scan: Scan) -> dict[str, object]:
    return {"document": scan.document, "sha256": scan.sha256, "size": scan.size, "pages": scan.pages,
            "attached_at": scan.attached_at.isoformat(), "attached_by": scan.attached_by}


def _attach(args, desk) -> int:
    desk.scans.attachable(args.code, args.document)  # a wrong code or name costs no log-in attempt
    user = acting_user(desk, args.actor)
    scan = desk.scans.attach_files(args.code, args.document, args.files, user.username, COLOURS[args.colour])
    if args.json:
        print_json(_scan_json(scan))
    else:
        print(f"Đã đính kèm «{scan.document}» vào hồ sơ {args.code}: {scan.pages} trang, "
              f"{scan.size / 1024:.0f} KB, mã {scan.sha256[:12]}…")
    return 0


def _list(args, desk) -> int:
    scans = desk.scans.current(args.code)
    if args.json:
        print_json([_scan_json(scan) for scan in scans])
        return 0
    if not scans:
        print(f"Hồ sơ {args.code} chưa có bản quét nào.")
        return 0
    for scan in scans:
        print(f"{scan.sha256[:16]}  {scan.pages:>3} trang  {scan.size / 1024:>7.0f} KB  "
              f"{scan.attached_at:%H:%M %d/%m/%Y}  {scan.document}")
    missing = [name for name in desk.scans.required_documents(desk.scans.dossier(args.code))
               if name not in {scan.document for scan in scans}]
    print(f"({len(scans)} bản quét" + (f"; chưa quét: {'; '.join(missing)})" if missing else "; đủ giấy tờ bắt buộc)"))
    return 0


def _remove(args, desk) -> int:
    desk.scans.find(desk.scans.dossier(args.code), args.sha)  # a wrong hash costs no log-in attempt
    user = acting_user(desk, args.actor)
    scan = desk.scans.remove(args.code, args.sha, args.reason, user.username)
    print(f"Đã gỡ bản quét «{scan.document}» ({scan.sha256[:12]}…) khỏi hồ sơ {args.code}.")
    return 0


def _export(args, desk) -> int:
    data = desk.scans.pdf(args.sha.strip().lower())
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        raise CliError(f"Không ghi được tệp {args.output}: {exc.strerror or exc}") from None
    print(f"Đã ghi {args.output} ({len(data) / 1024:.0f} KB).")
    return 0
