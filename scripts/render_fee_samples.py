"""Render the fee receipt and the day's collection sheet (issue 11) to PNG under docs/forms/ (needs pdftoppm).

    .venv/bin/python scripts/render_fee_samples.py [--out docs/forms] [--dpi 80]

Made from a real desk database in a temporary folder: a morning at Xã Minh Châu's desk 1 with payments in
cash, by transfer and exempt, a corrected receipt and a refund after a refusal. Only new file names are
written (fee-receipt-p*, collection-sheet-p*), so the other forms' pictures are untouched.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.core.dossiers import ReceiveRequest  # noqa: E402
from desk_app.domain.model import Applicant, EventKind, ReceivedDocument, Sex  # noqa: E402
from desk_app.services import Desk  # noqa: E402
from scripts.render_form_samples import to_png  # noqa: E402

DAY = date(2026, 3, 10)


class _Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 3, 10, 8, 5)

    def __call__(self) -> datetime:
        return self.at

    def step(self, minutes: int) -> None:
        self.at += timedelta(minutes=minutes)


def _request(procedure: str, name: str, paper: str) -> ReceiveRequest:
    person = Applicant(full_name=name, personal_id="001090123456", date_of_birth=date(1980, 4, 2), sex=Sex.FEMALE,
                       phone="0912345678", address="Thôn Đoài, xã Minh Châu, thành phố Hà Nội")
    return ReceiveRequest(procedure_code=procedure, applicant=person, documents=[ReceivedDocument(paper, 1, 0)])


def a_morning(desk: Desk, clock: _Clock) -> str:
    """The collection of a morning; returns the code whose receipt is shown."""
    desk.accounts.create("canbo1", "Nguyễn Thị Thu Hà", "clerk", "motcua-demo")
    desk.accounts.create("giamsat", "Trần Văn Sơn", "supervisor", "motcua-demo")
    steps = [("2.001019", "Đỗ Thị Lan Anh", "Di chúc", "cash", {}),
             ("2.001035", "Bùi Văn Khánh", "Hợp đồng mua bán xe máy", "transfer", {"reference": "FT26069123456"}),
             ("1.004222", "Ngô Thị Hằng", "Tờ khai thay đổi thông tin cư trú", "cash", {}),
             ("2.001008", "Lý Văn Phúc", "Bản dịch có chữ ký người dịch", "exempt",
              {"reason": "Người có công với cách mạng"}),
             ("2.001019", "Phan Văn Tú", "Di chúc", "cash", {})]
    codes = []
    for procedure, name, paper, method, given in steps:
        clock.step(7)
        code = desk.dossiers.receive(_request(procedure, name, paper), "canbo1").dossier.code
        desk.pay(code, method, "canbo1", **given)
        codes.append(code)
    clock.step(9)
    desk.correct_payment(codes[2], "transfer", "canbo1", "Nộp trực tuyến, mức 15.000 đồng", reference="FT26069777",
                         amount=15_000)
    clock.step(12)
    desk.dossiers.apply(codes[4], EventKind.REFUSED, {"reason": "Người lập di chúc không tự đến"}, "canbo1")
    desk.refund(codes[4], "canbo1")
    return codes[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "forms"))
    parser.add_argument("--dpi", type=int, default=80)
    args = parser.parse_args()
    out = Path(args.out)
    with tempfile.TemporaryDirectory() as folder:
        work, clock = Path(folder), _Clock()
        with Desk.open(work / "desk.sqlite3", now=clock) as desk:
            shown = a_morning(desk, clock)
            receipt = desk.print_fee_receipt(shown, "canbo1")
            clock.step(30)
            desk.close_day(DAY, "giamsat")
            sheet = desk.print_collection_sheet(DAY, "giamsat")
        for stem, pdf in (("fee-receipt", receipt), ("collection-sheet", sheet)):
            for path in to_png(pdf, stem, out, args.dpi, work):
                print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
