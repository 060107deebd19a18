"""The console's reports over real HTTP, fed by a real desk whose clock walks through September–November
2026 and syncs: every figure of docs/reports.md checked on a small crafted set of dossiers whose outcome
is known (early, on time, late, late after a delay, refused, withdrawn, overdue at the month's end, in
progress, waiting for a supplement, carried over), on SQLite and PostgreSQL; the XLSX read back with
openpyxl; a supervisor held to their point."""

from __future__ import annotations

import io
import re
from datetime import datetime

import openpyxl
import pytest
from alembic import command
from sqlalchemy import select

from desk_app.domain.model import EventKind as K
from sync.server import tables
from sync.server.console import accounts
from sync.server.db import _alembic_config
from tests.conftest import request
from tests.sync.conftest import BA_DINH, MINH_CHAU
from tests.sync.console_helpers import desk_at, enrolled, hanoi_now, logged_in
from tests.sync.helpers import hello, post_exchange, raw_enroll
from tests.sync.test_console_dashboard import _sent

PROCEDURE = "1.004873"  # 3 working days (Hộ tịch)


class Walk:
    """One desk of Minh Châu; each step at a given Hanoi time."""

    def __init__(self, desk) -> None:
        self.desk = desk

    def at(self, moment: str) -> Walk:
        self.desk.now.set(datetime.fromisoformat(moment))
        return self

    def receive(self, moment: str) -> str:
        self.at(moment)
        return self.desk.dossiers.receive(request(PROCEDURE), "clerk").dossier.dossier_id

    def step(self, moment: str, dossier: str, kind: K, payload: dict | None = None) -> None:
        self.at(moment)
        self.desk.dossiers.apply(dossier, kind, payload or {}, "clerk")

    def due(self, dossier: str) -> datetime:
        return self.desk.dossiers.get(dossier).due.due_at


@pytest.fixture
def october(city, seeded_template, tmp_path):
    """Dossiers whose figures for October 2026 are known (comments: what each must count as)."""
    city.publish_reference()
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU, datetime(2026, 9, 8, 9, 0))
    client = enrolled(desk, city, MINH_CHAU)
    w = Walk(desk)
    k = w.receive("2026-09-08T09:00")  # received and resolved in September: not in October at all
    w.step("2026-09-09T10:00", k, K.RESULT_READY)
    a = w.receive("2026-09-22T09:00")  # carried over (due 25/09), then resolved late on 01/10
    b, c, d, e, f, g, j = (w.receive("2026-10-06T09:00") for _ in range(7))  # new, due 09/10 09:00
    assert w.due(b) == datetime(2026, 10, 9, 9, 0)
    w.step("2026-10-01T10:00", a, K.RESULT_READY)  # late
    w.step("2026-10-07T10:00", b, K.RESULT_READY)  # early: a day before the due day
    w.step("2026-10-07T11:00", f, K.REFUSED, {"reason": "Không thuộc thẩm quyền"})  # refused
    w.step("2026-10-07T11:30", g, K.STOPPED, {"reason": "Người nộp rút hồ sơ"})  # withdrawn
    w.step("2026-10-07T14:00", j, K.SUPPLEMENT_REQUESTED, {"items": [{"item": "Bản sao giấy khai sinh"}]})
    w.step("2026-10-08T09:00", e, K.DELAYED, {"old_due_at": "2026-10-09T09:00:00",
                                              "new_due_at": "2026-10-20T09:00:00", "reason": "Cần xác minh"})
    w.step("2026-10-09T08:30", c, K.RESULT_READY)  # on time: the due day, before the due hour
    w.step("2026-10-12T09:00", d, K.RESULT_READY)  # late
    w.step("2026-10-15T09:00", e, K.RESULT_READY)  # late: delayed, though before the new date
    w.step("2026-10-16T09:00", e, K.RETURNED, {"receiver_name": "Nguyễn Văn An"})  # still counted once
    h = w.receive("2026-10-27T09:00")  # due 30/10: overdue at the end of October ...
    i = w.receive("2026-10-28T09:00")  # due 02/11: in progress at the end of October
    w.step("2026-11-03T09:00", h, K.RESULT_READY)  # ... resolved late in November
    w.step("2026-11-03T09:30", i, K.RESULT_READY)  # early in November? due 02/11 09:00: late
    client.sync_once()
    yield desk
    desk.close()


def _numbers(html: str, table: str, key: str) -> list[str]:
    body = re.search(rf'<table class="report" id="{table}".*?</table>', html, re.S).group(0)
    row = re.search(rf'<tr data-key="{key}">(.*?)</tr>', body, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'<td class="num[^"]*">(.*?)</td>', row)]


# carried, new, received, early, on_time, late, refused, withdrawn, in_progress, overdue, rate
OCTOBER = ["1", "9", "10", "1", "1", "3", "1", "1", "2", "1", "40,0 %"]
NOVEMBER = ["3", "0", "3", "0", "0", "2", "0", "0", "1", "0", "0,0 %"]


def test_each_figure_of_a_month_follows_its_definition(city, october):
    admin = logged_in(city, "quantri")
    page = admin.get("/console/reports?period=2026-10").text
    assert _numbers(page, "by-point", MINH_CHAU) == OCTOBER
    by_point = re.search(r'<table class="report" id="by-point".*?</table>', page, re.S).group(0)
    assert len(re.findall(r'<tr data-key="\d{5}"', by_point)) == 126  # every point, zeros included
    assert _numbers(page, "by-point", BA_DINH) == ["0"] * 10 + ["–"]
    assert _numbers(page, "by-field", "Hộ tịch") == OCTOBER
    assert _numbers(page, "by-procedure", PROCEDURE) == OCTOBER
    november = admin.get("/console/reports?period=2026-11").text
    assert _numbers(november, "by-point", MINH_CHAU) == NOVEMBER  # j still waits for its supplement
    quarter = admin.get("/console/reports?period=2026-Q4").text  # a carries over from Q3; h, i resolved late
    assert _numbers(quarter, "by-point", MINH_CHAU) == ["1", "9", "10", "1", "1", "5", "1", "1", "1", "0", "28,6 %"]
    year = admin.get("/console/reports?period=2026").text  # k counted (early), nothing carried into 2026
    assert _numbers(year, "by-point", MINH_CHAU)[:6] == ["0", "11", "11", "2", "1", "5"]


def test_the_report_exports_to_xlsx_with_the_same_figures(city, october):
    admin = logged_in(city, "quantri")
    answer = admin.get(f"/console/reports.xlsx?period=2026-10&point={MINH_CHAU}")
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["Theo điểm", "Theo lĩnh vực", "Theo thủ tục"]
    sheet = book["Theo thủ tục"]
    assert "Tháng 10/2026" in sheet["A1"].value and "00:00 01/11/2026" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["Mã", "Thủ tục", "Kỳ trước chuyển qua", "Mới tiếp nhận"]
    row = [c.value for c in sheet[4]]
    assert row[0] == PROCEDURE and row[2:12] == [1, 9, 10, 1, 1, 3, 1, 1, 2, 1]
    assert row[12] == pytest.approx(0.4) and sheet.cell(4, 13).number_format == "0.0%"
    assert [c.value for c in sheet[sheet.max_row]][2:5] == [1, 9, 10]  # the total row


def test_a_supervisor_sees_only_their_points_report(city, october):
    supervisor = logged_in(city, "giamsat", role=accounts.SUPERVISOR, unit=MINH_CHAU)
    own = supervisor.get("/console/reports?period=2026-10")
    assert own.status_code == 200 and _numbers(own.text, "by-field", "Hộ tịch") == OCTOBER
    assert 'id="by-point"' not in own.text and 'id="point"' not in own.text  # no picker of other points
    for path in (f"/console/reports?period=2026-10&point={BA_DINH}", f"/console/reports.xlsx?point={BA_DINH}"):
        other = supervisor.get(path)
        assert other.status_code == 403 and "chỉ được xem điểm tiếp nhận của mình" in other.text
    officer = logged_in(city, "canbo", role=accounts.OFFICER, authority="01")
    assert officer.get("/console/reports").status_code == 403


def test_events_pushed_again_change_no_figure(city, october):
    admin = logged_in(city, "quantri")
    before = admin.get("/console/reports?period=2026-10").text
    assert post_exchange(city, raw_enroll(city, MINH_CHAU), hello(push=_sent(city))).status_code == 200
    assert admin.get("/console/reports?period=2026-10").text == before


def test_a_bad_period_is_named_and_the_previous_month_shown(city, october):
    admin = logged_in(city, "quantri")
    for bad in ("2026-13", "abc", "1999", "2026-Q5"):
        page = admin.get(f"/console/reports?period={bad}")
        assert page.status_code == 200 and "không" in page.text.lower() and 'role="alert"' in page.text, bad
    current = admin.get("/console/reports").text
    assert "<svg" in current and "http://" not in current.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_the_dashboard_reads_this_months_figures_from_the_same_tallies(city, seeded_template, tmp_path):
    city.publish_reference()
    desk = desk_at(seeded_template, tmp_path, MINH_CHAU)
    client = enrolled(desk, city, MINH_CHAU)
    first, _second = (desk.dossiers.receive(request(PROCEDURE), "clerk").dossier.dossier_id for _ in range(2))
    desk.dossiers.apply(first, K.RESULT_READY, {}, "clerk")
    client.sync_once()
    admin = logged_in(city, "quantri")
    row = re.search(rf'<tr data-code="{MINH_CHAU}".*?</tr>', admin.get("/console/dashboard").text, re.S).group(0)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r'<td class="num[^"]*"[^>]*>(.*?)</td>', row)]
    assert cells[2:5] == ["2", "2", "100 %"]  # received today, this month, on time this month
    month = hanoi_now().strftime("%Y-%m")
    report = admin.get(f"/console/reports?period={month}").text
    figures = _numbers(report, "by-point", MINH_CHAU)
    assert figures[1] == "2" and int(figures[3]) + int(figures[4]) == 1 and figures[-1] == "100,0 %"
    desk.close()


def test_a_points_page_charts_received_resolved_and_overdue_month_by_month(city, october):
    page = logged_in(city, "quantri").get(f"/console/points/{MINH_CHAU}").text
    assert '<svg class="chart" id="chart-point"' in page and "<title id=\"chart-point-t\">" in page

    def month(value: str) -> list[str]:
        row = re.search(rf'<tr data-month="{value}">(.*?)</tr>', page, re.S).group(1)
        return re.findall(r'<td class="num">(\d+)</td>', row)

    assert month("2026-09") == ["2", "1", "1"]  # k and a received; k resolved; a overdue at the month's end
    assert month("2026-10") == ["9", "5", "1"]  # h overdue at the end of October
    assert month("2026-11") == ["0", "2", "0"]
    assert "Quá hạn cuối tháng: 1" in page  # the bar's own tooltip


def test_the_migration_fills_the_tallies_ingest_would_have_kept(city, october):
    """Dossiers held before 0005: downgraded and upgraded again, the tallies come back the same, from events."""
    def tallies_now() -> tuple[list, list, list]:
        with city.db.read() as conn:
            return (sorted(conn.execute(select(tables.report_months)).all()),
                    sorted(conn.execute(select(tables.report_totals)).all()),
                    sorted(conn.execute(select(tables.dossiers.c.id, tables.dossiers.c.report)).all()))

    kept = tallies_now()
    assert len(kept[0]) > 10 and all(report for _id, report in kept[2])
    config = _alembic_config()
    with city.db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")
    city.db.migrate()
    assert tallies_now() == kept
