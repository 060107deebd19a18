"""The IT administrator's path as docs/examples ships it: the systemd unit's command is `city-server serve`,
which on an empty PostgreSQL database migrates and serves in one go (the console answers); the settings file
is what ServerSettings reads; nginx forwards to the port the unit serves and names the client as the server
believes it."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import requests

from sync.server import cli
from sync.server.db import CityDB
from sync.server.settings import ServerSettings
from tests.sync.conftest import free_port

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def _exec_start() -> list[str]:
    unit = (EXAMPLES / "motcua-city.service").read_text(encoding="utf-8")
    return shlex.split(re.search(r"^ExecStart=(.*)$", unit, re.M).group(1))


def test_the_unit_runs_serve_and_the_settings_file_is_what_the_server_reads(monkeypatch):
    command = _exec_start()
    assert Path(command[0]).name == "city-server"
    args = cli.build_parser().parse_args(command[1:])
    assert args.handler is cli._serve and args.host == "127.0.0.1"
    for line in (EXAMPLES / "city-server.env").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            assert key.startswith("CITY_") and key[5:].lower() in ServerSettings.model_fields, key
            monkeypatch.setenv(key, value)
    settings = ServerSettings(_env_file=None)
    assert settings.trusts("127.0.0.1") and settings.console_secure_cookies and settings.db.startswith("postgresql")
    nginx = (EXAMPLES / "nginx-motcua.conf").read_text(encoding="utf-8")
    assert f"server 127.0.0.1:{args.port};" in nginx and "proxy_set_header X-Forwarded-For $remote_addr;" in nginx


def test_serve_migrates_an_empty_postgresql_database_and_serves_the_console(postgres, tmp_path):
    url = postgres.create_database()  # nothing in it, not even the schema
    port = free_port()
    command = _exec_start()
    args = [a.replace("8765", str(port)) for a in command[1:]]
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "sync.server.cli", "--db", url, *args], stdout=log,
                               stderr=log, cwd=Path(__file__).resolve().parents[2])
    try:
        answer = None
        for _ in range(300):
            try:
                answer = requests.get(f"http://127.0.0.1:{port}/console/login", timeout=2)
                break
            except requests.RequestException:
                assert process.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.1)
        assert answer is not None and answer.status_code == 200 and "Tên đăng nhập" in answer.text
        CityDB.open(url).close()  # refuses an out-of-date schema: serve brought it to the head
    finally:
        process.terminate()
        process.wait(10)
