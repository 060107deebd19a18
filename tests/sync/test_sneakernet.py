"""Sneakernet (issue 13): weeks without a link, a desk's unsent events go to the city on a USB stick.
`desk-app export-outbox FILE` seals them for the enrolled device; `city-server import-outbox FILE`
takes them through the same ingest (stored once by event id); a changed byte or another device's
file is refused whole. Real desks, the real server on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app import cli
from desk_app.cli import sync_cmd
from desk_app.services import Desk
from sync import outbox_file
from sync.client import SyncClient
from sync.server import cli as city_cli
from sync.server import devices, tables
from sync.sneakernet import export_outbox
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import assert_converged, enroll, open_desk, receive, server_count

PASSWORD = "mat-khau-ban-1"


@pytest.fixture
def offline_desk(city, seeded_template, tmp_path, monkeypatch) -> str:
    """An enrolled desk of Minh Châu with a clerk account and five dossiers never sent."""
    if sync_cmd not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, sync_cmd])
    desk = open_desk(seeded_template, tmp_path, "ban1", MINH_CHAU, 1)
    desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", PASSWORD)
    enroll(desk, city, MINH_CHAU)
    receive(desk, 5)
    desk.close()
    monkeypatch.setenv("MOTCUA_PASSWORD", PASSWORD)
    monkeypatch.setenv("CITY_SCANS_DIR", str(tmp_path / "city-scans"))  # on PostgreSQL: not the working folder
    return str(tmp_path / "ban1.sqlite3")


def _export(db: str, path: Path) -> None:
    assert cli.main(["--db", db, "export-outbox", str(path), "--actor", "canbo1"]) == 0


def _import(city, path: Path) -> int:
    return city_cli.main(["--db", city.db_url, "import-outbox", str(path)])


def _device_id(db: str) -> str:
    with Desk.open(db) as desk:
        return SyncClient(desk.store).state().device_id


def _server_events(city) -> list[tuple]:
    with city.db.read() as conn:
        return list(conn.execute(select(tables.events).order_by(tables.events.c.seq)).tuples())


def test_export_import_then_the_network_changes_nothing(city, offline_desk, tmp_path, capsys):
    stick = tmp_path / "usb" / "ban1.outbox"
    _export(offline_desk, stick)
    assert "Đã ghi 5 sự kiện" in capsys.readouterr().out
    assert b"Nguy" not in stick.read_bytes()  # names and ids are not readable on the stick
    assert _import(city, stick) == 0
    assert "mới 5, đã có 0" in capsys.readouterr().out
    imported = _server_events(city)
    assert len(imported) == 5
    assert _import(city, stick) == 0  # the same stick twice: nothing new
    assert "mới 0, đã có 5" in capsys.readouterr().out
    assert cli.main(["--db", offline_desk, "sync"]) == 0  # the link comes back
    assert "Đã gửi 5 sự kiện" in capsys.readouterr().out
    assert _server_events(city) == imported  # the same rows, the same sequence numbers, no more
    with Desk.open(offline_desk) as desk:
        assert_converged(city, MINH_CHAU, [desk])


def test_export_needs_the_clerks_password(city, offline_desk, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MOTCUA_PASSWORD", "sai-mat-khau")
    assert cli.main(["--db", offline_desk, "export-outbox", str(tmp_path / "x.outbox"), "--actor", "canbo1"]) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "x.outbox").exists()


@pytest.mark.parametrize("where", ["header", "middle", "last"])
def test_a_file_with_one_flipped_byte_is_refused_whole(city, offline_desk, tmp_path, capsys, where):
    stick = tmp_path / "ban1.outbox"
    _export(offline_desk, stick)
    data = bytearray(stick.read_bytes())
    at = {"header": len(outbox_file.MAGIC) + 12, "middle": len(data) // 2 + 40, "last": len(data) - 1}[where]
    data[at] ^= 0x01
    stick.write_bytes(bytes(data))
    capsys.readouterr()
    assert _import(city, stick) == 2
    err = capsys.readouterr().err
    assert "từ chối cả tệp" in err.lower() or "Từ chối cả tệp" in err, err
    assert "Traceback" not in err
    assert server_count(city, "events") == 0 and server_count(city, "quarantine") == 0


def test_a_file_from_another_device_is_refused(city, offline_desk, seeded_template, tmp_path, capsys):
    """A file sealed by desk 2 but naming desk 1 (or naming a device this server never enrolled) is refused
    whole: its key is desk 2's token's, which the city only uses for files that name desk 2."""
    other = open_desk(seeded_template, tmp_path, "ban2", MINH_CHAU, 2)
    enroll(other, city, MINH_CHAU)
    receive(other, 2)
    other.close()
    forged = tmp_path / "forged.outbox"
    with Desk.open(tmp_path / "ban2.sqlite3") as desk:  # desk 2 has no account: the call the command makes
        export_outbox(desk.store, forged)
    desk1 = _device_id(offline_desk)
    data = forged.read_bytes()
    end = data.index(b"\n", len(outbox_file.MAGIC))
    header = json.loads(data[len(outbox_file.MAGIC):end])
    for claimed in (desk1, "00000000-0000-0000-0000-000000000000"):
        header["device_id"] = claimed
        line = json.dumps(header, sort_keys=True).encode()
        forged.write_bytes(outbox_file.MAGIC + line + data[end:])
        capsys.readouterr()
        assert _import(city, forged) == 2
        assert "chưa nhập gì" in capsys.readouterr().err
    assert server_count(city, "events") == 0


def test_a_revoked_devices_file_is_held_for_review_not_accepted(city, offline_desk, tmp_path, capsys):
    stick = tmp_path / "ban1.outbox"
    _export(offline_desk, stick)
    device_id = _device_id(offline_desk)
    with city.db.write() as conn:
        devices.revoke(conn, device_id)
    assert _import(city, stick) == 0
    assert "giữ lại để quản trị" in capsys.readouterr().out
    assert server_count(city, "events") == 0 and server_count(city, "quarantine") == 5


def test_an_import_killed_inside_its_transaction_stores_nothing_and_runs_again(city, offline_desk, tmp_path):
    """One transaction: SIGKILL after the inserts, before the commit, leaves the city as it was."""
    stick = tmp_path / "ban1.outbox"
    _export(offline_desk, stick)
    run = subprocess.Popen([sys.executable, "-m", "tests.sync.import_worker", "--db", city.db_url, "import-outbox",
                            str(stick)], cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True)
    assert run.stdout.readline().strip() == "INSIDE"
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert server_count(city, "events") == 0 and server_count(city, "dossiers") == 0
    assert _import(city, stick) == 0
    assert server_count(city, "events") == 5


def test_a_desk_never_enrolled_has_no_key_to_seal_with(seeded_template, tmp_path, capsys, monkeypatch):
    if sync_cmd not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, sync_cmd])
    desk = open_desk(seeded_template, tmp_path, "moi", MINH_CHAU, 1)
    desk.accounts.create("canbo1", "Phạm Thu Hà", "clerk", PASSWORD)
    receive(desk, 1)
    desk.close()
    monkeypatch.setenv("MOTCUA_PASSWORD", PASSWORD)
    target = tmp_path / "moi.outbox"
    assert cli.main(["--db", str(tmp_path / "moi.sqlite3"), "export-outbox", str(target), "--actor", "canbo1"]) == 2
    assert "chưa đăng ký" in capsys.readouterr().err
    assert not target.exists()
