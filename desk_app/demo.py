"""Realistic sample dossiers for trials, screenshots and benchmarks.

Names follow the real frequency of Vietnamese family names, IDs agree with the birth date and sex
(province 001 Hà Nội), phones are mobile numbers, receipts fall in office hours on working days, and
older dossiers have moved on through the usual steps, each recorded when it plausibly happened: a share
of the time allowed after receipt, in office hours, with one result in seven a day late and nothing
after the desk's "now". Seeded, so a run can be repeated exactly.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import groupby

from desk_app.core.actions import StepInput
from desk_app.core.dossiers import ReceiveRequest
from desk_app.core.due import TimeRule, compute_due
from desk_app.domain.calendar import WorkCalendar
from desk_app.domain.catalogue import ProcedureDefinition
from desk_app.domain.errors import DeskError
from desk_app.domain.fees import FeeInputs, needs
from desk_app.domain.model import Applicant, Delivery, EventKind, ReceivedDocument, Sex

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


# The day a step comes, as a share of the time allowed (receipt to due date); RETURNED follows the result.
STEP_SHARE = {
    EventKind.SUPPLEMENT_REQUESTED: (0.0, 0.03),
    EventKind.REFUSED: (0.0, 0.03),
    EventKind.TRANSFERRED: (0.01, 0.08),
    EventKind.RESULT_READY: (0.45, 0.9),
}
LATE_SHARE = 1 / 7  # results that come the day after the due date
MIN_GAP = timedelta(minutes=7)  # between two steps of a dossier: its timeline never shows the same minute twice
_ONE_DAY = timedelta(days=1)

Steps = tuple[tuple[EventKind, dict], ...]


@dataclass(frozen=True)
class DemoDossier:
    request: ReceiveRequest
    steps: Steps  # what happened afterwards, in order
    times: tuple[datetime, ...] = ()  # when each step happened: office hours, increasing, none after `end`


class OfficeMinutes:
    """A working day's office time as minutes 0 .. per_day - 1 (08:00 is 0, 13:00 is 240 with the default
    hours), so a step can fall on any minute the desk is open, never in the lunch break or at night."""

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.spans = [(s.hour * 60 + s.minute, e.hour * 60 + e.minute) for s, e in calendar.hours.sessions]
        self.per_day = sum(stop - start for start, stop in self.spans)
        # The clock time of each office minute, looked up: the million-dossier bench asks for millions.
        self.times = [time(minute // 60, minute % 60) for start, stop in self.spans for minute in range(start, stop)]

    def before(self, minute: int) -> int:
        """Office minutes of a day before its `minute` (counted from midnight)."""
        total = 0
        for start, stop in self.spans:
            if minute <= start:
                break
            total += min(minute, stop) - start
        return total

    def pick(self, rng: random.Random, day: date, earliest: datetime, latest: datetime) -> datetime | None:
        """A random office minute on `day`, or the first working day after it that still has one, within
        [earliest, latest]; None when there is none."""
        first, last = earliest.date(), latest.date()
        day = max(day, first)
        while day <= last:
            if self.calendar.is_working_day(day):
                low = self.before(earliest.hour * 60 + earliest.minute) if day == first else 0
                high = self.before(latest.hour * 60 + latest.minute + 1) - 1 if day == last else self.per_day - 1
                if low <= high:
                    return datetime.combine(day, self.times[low + int(rng.random() * (high - low + 1))])
            day += _ONE_DAY
        return None


class DemoGenerator:
    def __init__(self, definitions: list[ProcedureDefinition], calendar: WorkCalendar, unit_name: str,
                 seed: int = 2025) -> None:
        self.rng = random.Random(seed)
        self.timing = random.Random(f"{seed}:timing")  # its own stream: the dossiers stay those of `seed`
        self.counting = random.Random(f"{seed}:fees")  # pages and copies counted for the fee, likewise
        self.definitions = definitions
        self.calendar = calendar
        self.office = OfficeMinutes(calendar)
        self.unit_name = unit_name

    def dossiers(self, count: int, end: datetime, days: int = 60) -> Iterator[DemoDossier]:
        """`count` dossiers received over the `days` before `end`, oldest first."""
        moments = sorted(self._moment(end, days) for _ in range(count))
        for received_at in moments:
            yield self._dossier(received_at, end)

    def _moment(self, end: datetime, days: int) -> datetime:
        """A minute in an office session of a working day, not after `end` (`end` itself if none is found)."""
        spans = self.office.spans
        for _ in range(100):
            day = end.date() - timedelta(days=self.rng.randrange(days + 1))
            if not self.calendar.is_working_day(day):
                continue
            start, stop = spans[self.rng.randrange(len(spans))]
            minute = start + self.rng.randrange(stop - start)
            moment = datetime.combine(day, time(minute // 60, minute % 60))
            if moment <= end:
                return moment
        return end

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
            fee_inputs=self._counted(defn),
        )
        due_at = compute_due(TimeRule.parse(defn.time_rule), received_at, self.calendar)
        steps = self._steps(due_at, received_at, now, applicant.full_name)
        times = self._times(steps, received_at, due_at, now)
        return DemoDossier(request, steps[:len(times)], times)

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

    def _counted(self, defn: ProcedureDefinition) -> FeeInputs | None:
        """What a clerk counts for a fee by the page: a few originals of a few pages each, one to three
        copies. Other rules take their defaults (one copy, one paper, no exemption)."""
        rng = self.counting
        if "pages" not in needs(defn.fee):
            return None
        return FeeInputs(pages=tuple(rng.randint(1, 6) for _ in range(rng.randint(1, 3))), copies=rng.randint(1, 3))

    def _steps(self, due_at: datetime, received_at: datetime, now: datetime, name: str) -> Steps:
        """Later steps, as an office that mostly keeps its deadlines would have recorded them."""
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

    def _times(self, steps: Steps, received_at: datetime, due_at: datetime, end: datetime) -> tuple[datetime, ...]:
        """When each step happened, stopping at the first that would come after `end` (not happened yet)."""
        late = self.timing.random() < LATE_SHARE
        times: list[datetime] = []
        previous = received_at
        for kind, _ in steps:
            day, latest = self._plan(kind, previous, received_at, due_at, late)
            earliest = previous + MIN_GAP
            moment = self.office.pick(self.timing, day, earliest, min(latest, end))
            if moment is None and latest < end:  # no office minute left before the due date: it came late
                moment = self.office.pick(self.timing, day, earliest, end)
            if moment is None:
                break
            times.append(moment)
            previous = moment
        return tuple(times)

    def _plan(self, kind: EventKind, previous: datetime, received_at: datetime, due_at: datetime,
              late: bool) -> tuple[date, datetime]:
        """The day `kind` comes and the latest moment it may come (the due date, unless it is late)."""
        share = self.timing.random()
        if kind == EventKind.RETURNED:  # the applicant comes for the result a while after it is ready
            wait = timedelta(days=share) if late else share * max(due_at - previous, timedelta(0))
            return (previous + wait).date(), datetime.max
        if kind == EventKind.RESULT_READY and late:
            return due_at.date() + _ONE_DAY, datetime.max
        low, high = STEP_SHARE.get(kind, (0.0, 0.03))
        return (received_at + (low + (high - low) * share) * (due_at - received_at)).date(), due_at


def seed_demo(desk, count: int, actor: str = "demo", batch: int = 500, seed: int = 2025,
              progress=None, play_steps: bool = True) -> int:
    """Receive `count` sample dossiers into `desk` and play their later steps; returns how many.

    Receipts are recorded at their received_at and each step at its demo time (`DemoDossier.times`), so
    timelines, the overdue list and the supervisor's report read as an office's real history would.
    With several clerks ("a,b") they take turns by half-day, as at a real counter.
    """
    settings = desk.settings
    unit = desk.unit(settings.unit_code)
    defs = [desk.procedure(hit.code) for hit in desk.find_procedures("", limit=10_000)]
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
    """Receive a batch, in order of receipt so codes and register entries follow the clock."""
    clerks = actor.split(",")
    for clerk, run in groupby(items, lambda item: _clerk_on_duty(clerks, item.request.received_at or datetime.min)):
        _receive(desk, list(run), clerk, play_steps)
    count = len(items)
    items.clear()
    return count


def _clerk_on_duty(clerks: list[str], moment: datetime) -> str:
    """Clerks take turns by half-day (morning, afternoon), so each run of receipts is one transaction."""
    return clerks[(moment.toordinal() * 2 + (moment.hour >= 12)) % len(clerks)]


def _receive(desk, items: list[DemoDossier], clerk: str, play_steps: bool) -> None:
    results = desk.dossiers.receive_many([item.request for item in items], clerk, backdated=True)
    for item, result in zip(items, results, strict=True) if play_steps else ():
        for (kind, payload), at in zip(item.steps, item.times, strict=True):
            try:
                desk.dossiers.apply(result.dossier.dossier_id, kind, payload, clerk, at=at)
            except DeskError:
                break  # e.g. a step the catalogue's rules do not allow for this one: leave it there


DEMO_PASSWORD = "motcua-demo"
DEMO_ACCOUNTS = (("canbo1", "Nguyễn Thị Hoà", "clerk"), ("canbo2", "Phạm Văn Nam", "clerk"),
                 ("giamsat", "Trần Văn Đức", "supervisor"), ("quantri", "Lê Minh Quân", "admin"))


def create_demo_accounts(desk) -> list[str]:
    """The demo's clerks and supervisor (password DEMO_PASSWORD); existing ones are left alone."""
    existing = {user.username for user in desk.accounts.list()}
    made = []
    for username, full_name, role in DEMO_ACCOUNTS:
        if username not in existing:
            desk.accounts.create(username, full_name, role, DEMO_PASSWORD, actor="demo")
            made.append(username)
    return made


# A dossier with a history worth reading, for the detail screen's pictures and tests (received
# 02/03/2026 08:40 for procedure 1.004873): a supplement, a transfer, then an apology with a new date.
STORY = (
    (datetime(2026, 3, 2, 8, 55), EventKind.SUPPLEMENT_REQUESTED, StepInput(
        items_text="Giấy xác nhận tình trạng hôn nhân nơi cư trú trước: bản chụp, cần bản chính",
        guide_name="Nguyễn Thị Hoà", guide_phone="0243 3871 234", deadline=date(2026, 3, 9))),
    (datetime(2026, 3, 3, 10, 5), EventKind.SUPPLEMENT_RECEIVED, StepInput(
        documents_text="Giấy xác nhận tình trạng hôn nhân nơi cư trú trước")),
    (datetime(2026, 3, 3, 10, 20), EventKind.TRANSFERRED, StepInput(to_authority="09661")),
    (datetime(2026, 3, 5, 16, 30), EventKind.DELAYED, StepInput(
        new_due_at=datetime(2026, 3, 11, 10, 0), reason="Cần xác minh thêm tại nơi cư trú trước đây")),
)
