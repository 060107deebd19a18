"""`desk-app` checks who acts (issue 17 #11): account and set-up commands need an administrator's password,
recording a step needs the acting account's; a wrong or missing password writes nothing and counts toward
the same lock-out as the window's log-in; reading stays open."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CLI_PASSWORD
from tests.test_cli import DOSSIER, run


@pytest.fixture
def db(cli_db) -> str:
    return cli_db


def _cli(db: str, *args: str, password: str | None = None, actor: str = "canbo1",
         stdin: str = "") -> subprocess.CompletedProcess:
    """The installed program in its own session: no terminal to ask a password from, as under cron."""
    env = {k: v for k, v in os.environ.items() if k not in ("MOTCUA_PASSWORD", "MOTCUA_ACTOR")}
    env.update(MOTCUA_DB=db, MOTCUA_ACTOR=actor, **({"MOTCUA_PASSWORD": password} if password is not None else {}))
    return subprocess.run([str(Path(sys.executable).with_name("desk-app")), *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=120, start_new_session=True)


def _accounts(db: str) -> list[str]:
    return [name for (name,) in sqlite3.connect(db).execute("SELECT username FROM users ORDER BY username")]


def _audit(db: str, action: str) -> list[tuple[str, str]]:
    rows = sqlite3.connect(db).execute("SELECT actor, target FROM audit_log WHERE action = ? ORDER BY seq", (action,))
    return list(rows)


def _file(tmp_path: Path) -> str:
    path = tmp_path / "hoso.json"
    path.write_text(json.dumps(DOSSIER, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_without_a_password_no_account_is_made_and_reading_stays_open(db, tmp_path):
    done = _cli(db, "user", "add", "boss", "--name", "Kẻ Lạ", "--role", "admin", "--password-stdin",
                stdin="mat-khau-cua-boss\n", actor="quantri")
    assert done.returncode == 2 and "Cần mật khẩu của tài khoản «quantri»" in done.stderr
    assert "MOTCUA_PASSWORD" in done.stderr and "Traceback" not in done.stderr
    assert _accounts(db) == ["canbo1", "quantri"]
    assert _cli(db, "receive", _file(tmp_path)).returncode == 2  # a step too
    for reading in (["list"], ["search", "dang"], ["user", "list"], ["audit", "verify"], ["procedures", "khai sinh"]):
        assert _cli(db, *reading).returncode == 0, reading


def test_a_clerk_cannot_make_an_administrator_nor_unlock(capsys, db):
    code, _out, err = run(capsys, "--db", db, "user", "add", "boss", "--name", "Kẻ Lạ", "--role", "admin",
                          "--password-stdin", "--actor", "canbo1")
    assert code == 2 and "không có quyền này; cần quyền Quản trị" in err
    code, _out, err = run(capsys, "--db", db, "user", "unlock", "quantri", "--actor", "canbo1")
    assert code == 2 and "cần quyền Quản trị" in err
    assert _accounts(db) == ["canbo1", "quantri"] and _audit(db, "account.unlocked") == []


def test_the_administrators_password_adds_an_account_recorded_as_theirs(db):
    done = _cli(db, "user", "add", "canbo2", "--name", "Phạm Văn Nam", "--password-stdin",
                stdin="mat-khau-moi-2\n", actor="quantri", password=CLI_PASSWORD)
    assert done.returncode == 0, done.stderr
    assert _accounts(db) == ["canbo1", "canbo2", "quantri"] and _audit(db, "account.created")[-1] == (
        "quantri", "canbo2")


def test_a_step_is_recorded_as_the_account_whose_password_was_given(capsys, db, tmp_path, monkeypatch):
    code, out, err = run(capsys, "--db", db, "receive", _file(tmp_path), "--json", "--actor", "CanBo1")
    assert code == 0, err
    dossier = json.loads(out)
    assert dossier["received_by"] == "canbo1"
    monkeypatch.setenv("MOTCUA_PASSWORD", "doan-bua-thoi")  # claiming to be the administrator
    code, _out, err = run(capsys, "--db", db, "apply", dossier["code"], "refused", "--reason", "Giả mạo",
                          "--actor", "quantri")
    assert code == 2 and "Sai tên đăng nhập hoặc mật khẩu. Còn 4 lần thử" in err
    history = json.loads(run(capsys, "--db", db, "show", dossier["code"], "--json")[1])["history"]
    assert [(e["kind"], e["actor"]) for e in history] == [("received", "canbo1")]  # nothing written


def test_wrong_passwords_lock_the_account_as_the_log_in_does(capsys, db, tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_PASSWORD", "sai-mat-khau")
    for _ in range(5):
        code, _out, err = run(capsys, "--db", db, "receive", _file(tmp_path))
        assert code == 2
    assert "bị khóa đến" in err
    monkeypatch.setenv("MOTCUA_PASSWORD", CLI_PASSWORD)
    code, _out, err = run(capsys, "--db", db, "receive", _file(tmp_path))
    assert code == 2 and "bị khóa đến" in err  # even the right password, until it is unlocked
    assert sqlite3.connect(db).execute("SELECT count(*) FROM dossiers").fetchone() == (0,)
    assert run(capsys, "--db", db, "user", "unlock", "canbo1", "--actor", "quantri")[0] == 0
    assert run(capsys, "--db", db, "receive", _file(tmp_path))[0] == 0
    assert _audit(db, "account.unlocked") == [("quantri", "canbo1")]


def test_a_new_desk_takes_its_first_account_without_a_password_and_it_must_be_an_administrator(capsys, desk_path):
    db = str(desk_path)
    done = _cli(db, "user", "add", "canbo1", "--name", "Phạm Thu Hà", "--password-stdin", stdin="mat-khau-dai\n")
    assert done.returncode == 2 and "tài khoản đầu tiên phải là quản trị" in done.stderr
    done = _cli(db, "user", "add", "quantri", "--name", "Lê Minh Quân", "--role", "admin", "--password-stdin",
                stdin="mat-khau-dai\n")
    assert done.returncode == 0, done.stderr
    assert _audit(db, "account.created") == [("setup", "quantri")]
    done = _cli(db, "init", "--desk-no", "2", actor="quantri")  # from now on set-up needs the password
    assert done.returncode == 2 and "Cần mật khẩu" in done.stderr
