"""How the IT administrator runs the server: settings, migrations, the command line, the logs."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import requests

from sync.protocol import PROTOCOL_HEADER
from sync.server import cli, logs
from sync.server.db import CityDB, SchemaNotCurrent
from sync.server.settings import ServerSettings
from tests.sync.conftest import MINH_CHAU
from tests.sync.helpers import hello, raw_enroll


def test_db_is_accepted_before_or_after_the_command(tmp_path, capsys):
    before, after = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    assert cli.main(["--db", before, "device", "create", "--unit", MINH_CHAU]) == 0
    assert cli.main(["device", "create", "--unit", MINH_CHAU, "--db", after]) == 0
    assert cli.main(["publish", "--db", after]) == 0
    assert "published reference version 1" in capsys.readouterr().out
    between = str(tmp_path / "c.sqlite3")  # issue 17.15: also between a command group and its command
    assert cli.main(["device", "--db", between, "create", "--unit", MINH_CHAU]) == 0
    assert (tmp_path / "a.sqlite3").exists() and (tmp_path / "b.sqlite3").exists()
    assert (tmp_path / "c.sqlite3").exists()


def test_a_database_that_was_never_migrated_is_refused_until_migrate_runs(postgres, capsys):
    url = postgres.create_database()
    with pytest.raises(SchemaNotCurrent, match="city-server migrate"):
        CityDB.open(url)
    assert cli.main(["--db", url, "device", "create", "--unit", MINH_CHAU]) == 2  # PostgreSQL: no silent upgrade
    assert "city-server migrate" in capsys.readouterr().err
    assert cli.main(["migrate", "--db", url]) == 0
    assert cli.main(["--db", url, "device", "create", "--unit", MINH_CHAU]) == 0


def test_settings_come_from_city_variables(monkeypatch, tmp_path):
    monkeypatch.setenv("CITY_DB", str(tmp_path / "x.sqlite3"))
    monkeypatch.setenv("CITY_TRUSTED_PROXIES", '["10.0.0.1"]')
    monkeypatch.setenv("CITY_KEEP_ALIVE_S", "90")
    settings = ServerSettings()
    assert settings.db.endswith("x.sqlite3") and settings.trusted_proxies == ["10.0.0.1"]
    assert cli.uvicorn_options(settings)["timeout_keep_alive"] == 90
    monkeypatch.setenv("CITY_KEEP_ALIVE_S", "0")
    with pytest.raises(ValueError):
        ServerSettings()


@pytest.mark.parametrize("header", ["²", "1.0", "-1", "١", "99999999999999999999"])
def test_a_protocol_header_that_is_not_a_plain_number_is_a_4xx(city, header):
    token = raw_enroll(city, MINH_CHAU)
    answer = requests.post(city.base_url + "/v1/sync/exchange", json=hello(), timeout=10,
                           headers={"Authorization": f"Bearer {token}", PROTOCOL_HEADER: header.encode()})
    assert 400 <= answer.status_code < 500, answer.text
    assert answer.json()["code"] in ("bad_protocol_header", "server_too_old")


@pytest.mark.parametrize("value", ["²", "1²", "١٢", "3.5.1"])
def test_a_retry_after_that_is_not_a_plain_number_is_ignored_by_the_desk(value):
    """The same strictness on the desk's side: a proxy's odd Retry-After used to raise a ValueError out of
    the sync round instead of a "try again later"."""
    import http.server
    import threading

    from sync.protocol import ExchangeRequest
    from sync.transport import TransientError, Transport

    class Busy(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(503)
            self.send_header("Retry-After", value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Busy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        transport = Transport(f"http://127.0.0.1:{server.server_port}", "token")
        with pytest.raises(TransientError) as caught:
            transport.exchange(ExchangeRequest(protocol=1, client_time_ms=0))
        assert caught.value.retry_after is None
    finally:
        server.shutdown()
        server.server_close()


def test_every_request_leaves_one_access_line_with_its_id_and_the_device(city, tmp_path):
    log_file = tmp_path / "server.jsonl"
    logs.configure(ServerSettings(db=city.db_url, log_file=log_file))
    try:
        token = raw_enroll(city, MINH_CHAU)
        answer = requests.post(city.base_url + "/v1/sync/exchange", json=hello(), timeout=10,
                               headers={"Authorization": f"Bearer {token}", "X-Request-ID": "abc123"})
        requests.get(city.base_url + "/tra-cuu", params={"ma": "X", "k": "secret-key"}, timeout=10)
    finally:
        server_log = logging.getLogger("city_server")
        for handler in server_log.handlers:
            handler.close()
        server_log.handlers.clear()
    assert answer.headers["X-Request-ID"] == "abc123"
    lines = [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]
    exchange = next(line for line in lines if line.get("path") == "/v1/sync/exchange")
    assert exchange["request_id"] == "abc123" and exchange["status"] == 200 and exchange["device"] != "-"
    lookup = next(line for line in lines if line.get("path") == "/tra-cuu")
    assert lookup["status"] == 404 and "secret-key" not in json.dumps(lines)


def test_the_postgres_tools_are_found_with_a_plain_path():
    """As under `env -i` or a non-login shell: no /usr/sbin on PATH, yet runuser is found."""
    import subprocess
    import sys

    code = "from tests.sync.conftest import system_tool; print(system_tool('runuser'))"
    found = subprocess.run([sys.executable, "-c", code], env={"PATH": "/usr/bin:/bin"}, capture_output=True,
                           text=True, cwd=Path(__file__).resolve().parents[2])
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).name == "runuser"


def test_a_missing_postgres_tool_is_named_with_where_it_was_looked_for(monkeypatch):
    from tests.sync import conftest

    monkeypatch.setattr(conftest, "PG_BIN", Path("/nonexistent/pg/bin"))
    missing = conftest.missing_postgres_tools()
    assert any("/nonexistent/pg/bin/initdb" in m and "PG_BIN" in m for m in missing)
    with pytest.raises(RuntimeError, match=r"no-such-tool not found in PATH or /usr/local/sbin, /usr/sbin, /sbin"):
        conftest.system_tool("no-such-tool")
