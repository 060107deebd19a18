"""Realistic sample dossiers for trials, screenshots and benchmarks.

Names follow the real frequency of Vietnamese family names, IDs agree with the birth date and sex
(province 001 Hà Nội), phones are mobile numbers, receipts fall in office hours on working days, and
older dossiers have moved on through the usual steps. Seeded, so a run can be repeated exactly.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desk_app.core.calendar import WorkCalendar
from desk_app.core.catalogue import ProcedureDefinition
from desk_app.core.dossiers import ReceiveRequest
from desk_app.core.due import TimeRule, compute_due
from desk_app.core.errors import DeskError
from desk_app.core.model import Applicant, Delivery, EventKind, ReceivedDocument, Sex

SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Phan", 4), ("Vũ", 4),
            ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1)]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thành", "Công", "Đình", "Tuấn"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Minh", "Phương", "Hồng", "Kim", "Mai", "Bích"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Mạnh", "Nam",
              "Phúc", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Ánh"]
GIVEN_FEMALE = ["Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Loan",
                "Mai", "Nga", "Ngọc", "Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Vân", "Yến", "Ý"]
VILLAGES = ["Thôn Đoài", "Thôn Đông", "Thôn Trung", "Thôn Bãi", "Xóm Chùa", "Tổ dân phố số 3",
            "Số 12 ngõ 45 phố Hàng Bạc", "Số 7 ngách 2 ngõ Văn Chương", "Thôn Cẩm Đình", "Xóm Bến"]
MOBILE_PREFIXES = ["090", "091", "093", "094", "096", "097", "098", "032", "033", "035", "039", "070", "077",
                   "081", "083", "085", "086", "088"]


Steps = tuple[tuple[EventKind, dict], ...]


@dataclass(frozen=True)
class DemoDossier:
    request: ReceiveRequest
    steps: Steps  # what happened afterwards, in order


class DemoGenerator:
    def __init__(self, definitions: list[ProcedureDefinition], calendar: WorkCalendar, unit_name: str,
                 seed: int = 2025) -> None:
        self.rng = random.Random(seed)
        self.definitions = definitions
        self.calendar = calendar
        self.unit_name = unit_name

    def dossiers(self, count: int, end: datetime, days: int = 60) -> Iterator[DemoDossier]:
        """`count` dossiers received over the `days` before `end`, oldest first."""
        moments = sorted(self._moment(end, days) for _ in range(count))
        for received_at in moments:
            yield self._dossier(received_at, end)

    def _moment(self, end: datetime, days: int) -> datetime:
        for _ in range(100):
            day = end.date() - timedelta(days=self.rng.randrange(days + 1))
            if self.calendar.is_working_day(day):
                break
        start, stop = self.calendar.hours.sessions[self.rng.randrange(len(self.calendar.hours.sessions))]
        minutes = self.rng.randrange((stop.hour - start.hour) * 60)
        moment = datetime.combine(day, start) + timedelta(minutes=minutes)
        return min(moment, end)

    def _dossier(self, received_at: datetime, now: datetime) -> DemoDossier:
        defn = self.rng.choice(self.definitions)
        by_post = self.rng.random() < 0.1
        applicant = self.applicant()
        request = ReceiveRequest(
            procedure_code=defn.code,
            applicant=applicant,
            documents=[ReceivedDocument(d.name, d.originals, d.copies) for d in defn.documents if not d.present_only]
            or [ReceivedDocument("Tờ khai", 1, 0)],
            sets=1,
            delivery=Delivery.POST if by_post else Delivery.COUNTER,
            delivery_address=applicant.address if by_post else "",
            received_at=received_at,
        )
        return DemoDossier(request, self._steps(defn, received_at, now, applicant.full_name))

    def applicant(self) -> Applicant:
        sex = Sex.FEMALE if self.rng.random() < 0.52 else Sex.MALE
        female = sex == Sex.FEMALE
        surname = self.rng.choices([s for s, _ in SURNAMES], [w for _, w in SURNAMES])[0]
        middle = self.rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = self.rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        born = date(1945, 1, 1) + timedelta(days=self.rng.randrange(365 * 62))
        century_digit = (0 if born.year < 2000 else 2) + (1 if female else 0)
        personal_id = f"001{century_digit}{born.year % 100:02d}{self.rng.randrange(10**6):06d}"
        phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"
        address = f"{self.rng.choice(VILLAGES)}, {self.unit_name}, Thành phố Hà Nội"
        return Applicant(f"{surname} {middle} {given}", personal_id, born, sex, phone, "", address)

    def _steps(self, defn: ProcedureDefinition, received_at: datetime, now: datetime, name: str) -> Steps:
        """Later steps, as an office that mostly keeps its deadlines would have recorded them."""
        due_at = compute_due(TimeRule.parse(defn.time_rule), received_at, self.calendar)
        roll = self.rng.random()
        if received_at.date() == now.date() and roll < 0.8:
            return ()
        if roll < 0.04:
            return ((EventKind.SUPPLEMENT_REQUESTED, {"items": [{"item": "Giấy chứng sinh", "reason": "Bản chụp mờ"}],
                                                        "guide_name": "Cán bộ tiếp nhận", "guide_phone": ""}),)
        if roll < 0.07:
            return ((EventKind.REFUSED, {"reason": "Hồ sơ không thuộc thẩm quyền giải quyết"}),)
        transferred = ((EventKind.TRANSFERRED, {"note": ""}),)
        if due_at > now or roll < 0.10:  # not due yet, or (rarely) late
            return transferred if roll < 0.6 else ()
        ready = (*transferred, (EventKind.RESULT_READY, {"note": ""}))
        return ready if roll < 0.3 else (*ready, (EventKind.RETURNED, {"receiver_name": name}))


def seed_demo(desk, count: int, actor: str = "demo", batch: int = 500, seed: int = 2025,
              progress=None, play_steps: bool = True) -> int:
    """Receive `count` sample dossiers into `desk` and play their later steps; returns how many."""
    settings = desk.settings
    unit = desk.unit(settings.unit_code)
    defs = [desk.procedure(code) for code, _ in desk.find_procedures("", limit=10_000)]
    generator = DemoGenerator(defs, desk.calendar(), unit.name, seed)
    done = 0
    pending: list[DemoDossier] = []
    for item in generator.dossiers(count, desk.now().replace(second=0, microsecond=0)):
        pending.append(item)
        if len(pending) >= batch:
            done += _flush(desk, pending, actor, play_steps)
            if progress:
                progress(done, count)
    done += _flush(desk, pending, actor, play_steps)
    return done


def _flush(desk, items: list[DemoDossier], actor: str, play_steps: bool) -> int:
    """Receive a batch; with several clerks ("a,b"), each takes a share of it, as at a real counter."""
    clerks = actor.split(",")
    if len(clerks) > 1:
        shares = [items[i::len(clerks)] for i in range(len(clerks))]
        count = sum(_flush(desk, share, clerk, play_steps) for clerk, share in zip(clerks, shares, strict=True))
        items.clear()
        return count
    results = desk.dossiers.receive_many([item.request for item in items], actor)
    for item, result in zip(items, results, strict=True) if play_steps else ():
        for kind, payload in item.steps:
            try:
                desk.dossiers.apply(result.dossier.dossier_id, kind, payload, actor)
            except DeskError:
                break  # e.g. a step the catalogue's rules do not allow for this one: leave it there
    count = len(items)
    items.clear()
    return count


DEMO_PASSWORD = "motcua-demo"
DEMO_ACCOUNTS = (("canbo1", "Nguyễn Thị Hoà", "clerk"), ("canbo2", "Phạm Văn Nam", "clerk"),
                 ("giamsat", "Trần Văn Đức", "supervisor"))


def create_demo_accounts(desk) -> list[str]:
    """The demo's clerks and supervisor (password DEMO_PASSWORD); existing ones are left alone."""
    existing = {user.username for user in desk.accounts.list()}
    made = []
    for username, full_name, role in DEMO_ACCOUNTS:
        if username not in existing:
            desk.accounts.create(username, full_name, role, DEMO_PASSWORD, actor="demo")
            made.append(username)
    return made
