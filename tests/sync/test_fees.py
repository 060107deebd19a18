"""Done-when of issue 11's payments: a simulated day at a point with two desks — intake with payments in cash,
by transfer and exempt, a correction, a refusal with its refund, one left unpaid — reconciles to the đồng on
each desk's collection sheet (and its PDF), on the register, and at the city after a real sync, where the
console's fees page shows the point's day."""

from __future__ import annotations

import re
import subprocess

from desk_app.core.search import Query
from desk_app.domain.model import EventKind
from desk_app.printing.render import render_register_csv
from sync.server import payments, tables
from tests.conftest import request
from tests.sync.conftest import MINH_CHAU
from tests.sync.console_helpers import desk_at, enrolled, logged_in
from tests.sync.helpers import sync_until_done

WILL, CONTRACT, RESIDENCE, SIGNATURE = "2.001019", "2.001035", "1.004222", "2.001008"  # 50k, 50k, 20k, 10k


def _desk(seeded_template, tmp_path, city, desk_no):
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU, desk_no=desk_no)
    desk.accounts.create(f"canbo{desk_no}", f"Cán bộ Bàn {desk_no}", "clerk", "motcua-demo")
    desk.accounts.create("giamsat", "Trần Văn Sát", "supervisor", "motcua-demo")
    return desk, enrolled(desk, city, MINH_CHAU, f"Bàn {desk_no}")


def _receive(desk, procedure, name, clerk):
    return desk.dossiers.receive(request(procedure, name=name), clerk).dossier.code


def _day_at_desk_one(desk):
    a = _receive(desk, WILL, "Nguyễn Văn An", "canbo1")
    b = _receive(desk, CONTRACT, "Trần Thị Bình", "canbo1")
    c = _receive(desk, RESIDENCE, "Lê Minh Châu", "canbo1")
    d = _receive(desk, SIGNATURE, "Phạm Đức Dũng", "canbo1")
    e = _receive(desk, WILL, "Hoàng Thị Én", "canbo1")  # left unpaid
    desk.pay(a, "cash", "canbo1")  # 50.000
    desk.pay(b, "transfer", "canbo1", reference="FT26340112233")  # 50.000
    desk.pay(c, "cash", "canbo1")  # 20.000, then corrected to a transfer of 15.000 (the online rate)
    desk.correct_payment(c, "transfer", "canbo1", "Nộp trực tuyến, mức 15.000 đồng", reference="FT2", amount=15_000)
    desk.pay(d, "exempt", "canbo1", reason="Người có công với cách mạng")  # 0
    return 50_000 + 50_000 + 15_000, {"cash": 50_000, "transfer": 65_000}, e


def _day_at_desk_two(desk):
    f = _receive(desk, CONTRACT, "Vũ Văn Giang", "canbo2")
    g = _receive(desk, WILL, "Đặng Thị Hà", "canbo2")
    desk.pay(f, "cash", "canbo2")  # 50.000
    desk.pay(g, "cash", "canbo2")  # 50.000, then refused at reception and refunded
    desk.dossiers.apply(g, EventKind.REFUSED, {"reason": "Di chúc không do người lập tự đến chứng thực"}, "canbo2")
    desk.refund(g, "canbo2")
    return 50_000, {str(k): v for k, v in desk.collection_sheet(desk.now().date()).by_method().items()}


def _register_total(desk) -> int:
    day = desk.now().date()
    csv = render_register_csv([desk.for_print(d) for d in desk.dossiers.in_period(day, day)], day, day,
                              desk.register_context()).decode("utf-8-sig")
    return sum(int(re.split(r",(?=[^,]*$)", line)[0].rsplit(",", 1)[1] or 0) for line in csv.splitlines()[1:])


def _sheet_pdf_total(desk, tmp_path, name) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(desk.print_collection_sheet(desk.now().date(), "giamsat"))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return re.search(r"Tổng số tiền thu trong ngày: ([\d.]+) đồng", text).group(1)


def test_a_day_of_fees_reconciles_on_the_sheets_the_register_and_at_the_city(city, seeded_template, tmp_path):
    city.publish_reference()
    one, client_one = _desk(seeded_template, tmp_path, city, 1)
    two, client_two = _desk(seeded_template, tmp_path, city, 2)
    try:
        total_one, methods_one, unpaid = _day_at_desk_one(one)
        total_two, methods_two = _day_at_desk_two(two)
        assert methods_two == {"cash": 50_000}  # a refund goes back the way the money came
        today = one.now().date()
        sheet_one, sheet_two = one.collection_sheet(today), two.collection_sheet(today)
        assert (sheet_one.total_vnd, sheet_two.total_vnd) == (total_one, total_two) == (115_000, 50_000)
        assert {str(k): v for k, v in sheet_one.by_method().items()} == {**methods_one, "exempt": 0}
        assert [line.kind for line in sheet_two.lines] == ["receipt", "receipt", "refund"]
        assert len(sheet_one.cancelled) == 1 and sheet_one.cancelled[0].amount_vnd == -20_000
        assert (_register_total(one), _register_total(two)) == (115_000, 50_000)
        assert (_sheet_pdf_total(one, tmp_path, "one"), _sheet_pdf_total(two, tmp_path, "two")) == ("115.000", "50.000")
        assert [d.code for d in one.search(Query(view="unpaid"))] == [unpaid]
        one.close_day(today, "giamsat")
        two.close_day(today, "giamsat")
        sync_until_done(client_one)
        sync_until_done(client_two)

        with city.db.read() as conn:
            (row,) = payments.collections(conn, today.isoformat(), today.isoformat(), MINH_CHAU)
            stored = conn.execute(tables.payments.select()).fetchall()
        assert row["total_vnd"] == total_one + total_two == 165_000
        assert (row["cash"], row["transfer"]) == (100_000, 65_000)
        # 6 payments and a correction's new receipt; the receipt it cancelled and the refund
        assert row["receipts"] == 7 and row["cancelled"] == 2
        assert sum(r.amount_vnd for r in stored) == 165_000

        page = logged_in(city, "quantri").get(f"/console/fees?unit={MINH_CHAU}&days=1").text
        cells = re.findall(r"<td[^>]*>(.*?)</td>", re.search(r'<tr data-unit="09661".*?</tr>', page, re.S).group(0),
                           re.S)
        assert [re.sub(r"<[^>]+>", "", c).strip() for c in cells][2:] == ["7", "2", "100.000", "65.000", "165.000"]
        point = logged_in(city, "giamsat_mc", role="supervisor", unit=MINH_CHAU).get(f"/console/points/{MINH_CHAU}")
        assert f'href="/console/fees?unit={MINH_CHAU}"' in point.text
    finally:
        one.close()
        two.close()


def test_a_supervisor_sees_only_their_points_fees(city, seeded_template, tmp_path):
    city.publish_reference()
    desk, client = _desk(seeded_template, tmp_path, city, 1)
    try:
        desk.pay(_receive(desk, WILL, "Nguyễn Văn An", "canbo1"), "cash", "canbo1")
        sync_until_done(client)
    finally:
        desk.close()
    other = logged_in(city, "giamsat_bd", role="supervisor", unit="00004").get(f"/console/fees?unit={MINH_CHAU}")
    assert other.status_code == 200 and 'data-unit="09661"' not in other.text
    assert "Chưa có khoản thu nào" in other.text
