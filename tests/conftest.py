"""Fixtures shared by every test: a fresh desk database per test, with a clock the test controls."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from desk_app.core.dossiers import ReceiveRequest
from desk_app.domain.model import Applicant, ReceivedDocument, Sex
from desk_app.services import Desk


class Clock:
    """A wall clock the test sets; the desk reads it through `now()`."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 10, 9, 30))  # a Tuesday morning, office open


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """One migrated, seeded database file; each test gets a copy (seeding takes most of a second)."""
    path = tmp_path_factory.mktemp("template") / "desk.sqlite3"
    Desk.open(path).close()
    return path


@pytest.fixture
def desk_path(tmp_path, seeded_template) -> Path:
    path = tmp_path / "desk.sqlite3"
    shutil.copyfile(seeded_template, path)
    return path


CLI_PASSWORD = "mat-khau-cli-1"


@pytest.fixture
def cli_db(desk_path, monkeypatch) -> str:
    """A desk file with a clerk (canbo1) and an administrator (quantri), acting at the CLI as canbo1 with
    the password in MOTCUA_PASSWORD, as a script would (admin commands pass --actor quantri)."""
    with Desk.open(desk_path) as desk:
        desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", CLI_PASSWORD)
        desk.accounts.create("quantri", "Lê Minh Quân", "admin", CLI_PASSWORD)
    monkeypatch.setenv("MOTCUA_PASSWORD", CLI_PASSWORD)
    monkeypatch.setenv("MOTCUA_ACTOR", "canbo1")
    return str(desk_path)


@pytest.fixture
def desk(desk_path, clock) -> Desk:
    with Desk.open(desk_path, now=clock) as opened:
        yield opened


def applicant(name: str = "Nguyễn Văn An", **changes) -> Applicant:
    base = dict(full_name=name, personal_id="001090123456", date_of_birth=date(1990, 1, 1), sex=Sex.MALE,
                phone="0912345678", email="", address="Thôn Đoài, Xã Minh Châu, Hà Nội")
    base.update(changes)
    return Applicant(**base)


def request(procedure: str = "1.004873", name: str = "Nguyễn Văn An", **changes) -> ReceiveRequest:
    """A complete, valid receive request (3-working-day marital status certificate by default)."""
    fields = dict(procedure_code=procedure, applicant=applicant(name),
                  documents=[ReceivedDocument("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, 0)])
    fields.update(changes)
    return ReceiveRequest(**fields)
