"""Fixtures for the sync tests: a real PostgreSQL for the session, the real city server as a
separate process on 127.0.0.1, enrolled desks on real SQLite files.

Server-backed tests run on both databases (`city` is parametrised over sqlite and postgresql);
the postgresql half is skipped, with the reason, only where the PostgreSQL binaries are absent.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import uvicorn

from sync.server import admin, devices, reference
from sync.server.app import create_app
from sync.server.cli import uvicorn_options
from sync.server.db import CityDB
from sync.server.settings import ServerSettings


def _postgres_bin() -> Path:
    """The installed PostgreSQL's programs (the newest version Debian put under /usr/lib/postgresql)."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/missing/bin")


PG_BIN = _postgres_bin()

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- PostgreSQL ------------------------------------------------------------------------------------


@dataclass
class Postgres:
    port: int
    datadir: Path
    template: str = ""

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"

    def create_database(self, template: str = "") -> str:
        name = f"city_{uuid.uuid4().hex[:10]}"
        extra = ["-T", template] if template else []
        subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                        *extra, name], check=True, capture_output=True)
        return self.url(name)

    def migrated_database(self) -> str:
        """A fresh database copied from a migrated template (faster than migrating each time)."""
        if not self.template:
            url = self.create_database()
            CityDB.open(url, migrate=True).close()
            self.template = url.rsplit("/", 1)[1]
        return self.create_database(self.template)

    def stop(self) -> None:
        subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"),
                       capture_output=True)
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


SBIN_FOLDERS = ("/usr/local/sbin", "/usr/sbin", "/sbin")


def system_tool(name: str) -> str:
    """A system program by absolute path: a plain PATH (env -i, a non-login shell) lacks the sbin folders."""
    search = os.pathsep.join([os.environ.get("PATH", ""), *SBIN_FOLDERS])
    found = shutil.which(name, path=search)
    if found is None:
        raise RuntimeError(f"{name} not found in PATH or {', '.join(SBIN_FOLDERS)}: the PostgreSQL tests need it "
                           "(util-linux provides runuser)")
    return found


def missing_postgres_tools() -> list[str]:
    """What the PostgreSQL fixture would run and cannot find, by the name to install or set."""
    missing = [f"{PG_BIN / name} (set PG_BIN or install postgresql)" for name in ("initdb", "pg_ctl", "createdb")
               if not (PG_BIN / name).exists()]
    if os.geteuid() == 0:
        try:
            system_tool("runuser")
        except RuntimeError as exc:
            missing.append(str(exc))
    return missing


def _as_postgres(*args: str) -> list[str]:
    return [system_tool("runuser"), "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


def start_postgres() -> Postgres:
    """initdb + pg_ctl start in a fresh folder under /tmp, on a free port of 127.0.0.1 (~1 s)."""
    root = Path(tempfile.mkdtemp(prefix="motcua-pg-"))  # not under pytest's root-only folder
    datadir = root / "data"
    datadir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(datadir, "postgres")
    subprocess.run(_as_postgres(str(PG_BIN / "initdb"), "-D", str(datadir), "-U", "postgres", "-A", "trust",
                                "--no-sync"), check=True, capture_output=True)
    port = free_port()
    options = f"-p {port} -k {datadir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300"
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(datadir), "-o", options, "-w", "-l",
                                str(datadir / "log"), "start"), check=True, capture_output=True)
    return Postgres(port, datadir)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    missing = missing_postgres_tools()
    if missing:
        pytest.skip("PostgreSQL tests need: " + "; ".join(missing))
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty city database URL on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "city.sqlite3")
    return request.getfixturevalue("postgres").migrated_database()


# --- the city server as a process ------------------------------------------------------------------


class CityServer:
    """The real server on 127.0.0.1: uvicorn in a thread (fast), or `city-server serve` as a
    separate process (`start_process`) for tests that SIGKILL it. Admin actions run in-process."""

    def __init__(self, url: str, log_path: Path, settings: ServerSettings | None = None) -> None:
        self.settings = settings or ServerSettings(db=url)
        self.db_url = url
        self.db = CityDB.open(url, migrate=True)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.thread: threading.Thread | None = None
        self.uvicorn: uvicorn.Server | None = None

    def start(self) -> CityServer:
        config = uvicorn.Config(create_app(self.db, self.settings), host="127.0.0.1", port=self.port,
                                timeout_graceful_shutdown=1, **uvicorn_options(self.settings))
        self.uvicorn = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.uvicorn.run, daemon=True)
        self.thread.start()
        self._wait_ready()
        return self

    def start_process(self) -> CityServer:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sync.server.cli", "--db", self.db_url, "serve", "--port", str(self.port)],
            stdout=log, stderr=log, cwd=Path(__file__).resolve().parents[2])
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                requests.get(self.base_url + "/v1/health", timeout=1)
                return
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        self.kill()
        if self.uvicorn is not None:
            self.uvicorn.should_exit = True
            self.thread.join(5)
            self.uvicorn = None

    def backup(self, postgres: Postgres | None) -> str:
        """A consistent copy of the database as it is now (what last night's backup holds)."""
        if self.db.is_sqlite:
            target = f"{self.db_url}.backup"
            with sqlite3.connect(self.db_url) as source, sqlite3.connect(target) as copy:
                source.backup(copy)
            return target
        self._pause()  # PostgreSQL copies a database only while nobody is connected to it
        url = postgres.create_database(template=self.db_url.rsplit("/", 1)[1])
        self._resume(self.db_url)
        return url

    def restore(self, url: str) -> None:
        """The disk died: serve the backup instead, as a new epoch (what `city-server new-epoch` does)."""
        self._pause()
        self._resume(url)
        with self.db.write() as conn:
            admin.rotate_epoch(conn)

    def _pause(self) -> None:
        self.stop()
        self.db.close()

    def _resume(self, url: str) -> None:
        self.db_url, self.db = url, CityDB.open(url, migrate=True)
        self.start()

    def new_device(self, unit: str, label: str = "") -> str:
        with self.db.write() as conn:
            return devices.create(conn, unit, label)[1]

    def publish_reference(self) -> int:
        with self.db.write() as conn:
            return reference.publish(conn, shipped_bundle())


def shipped_bundle() -> dict:
    """The reference data in this checkout's forms/ and resources/data, as `city-server publish` reads it."""
    settings = ServerSettings()
    return reference.build_bundle(settings.forms_dir, settings.data_dir)


@pytest.fixture
def city(db_url, tmp_path) -> Iterator[CityServer]:
    server = CityServer(db_url, tmp_path / "server.log").start()
    try:
        yield server
    finally:
        server.stop()
        server.db.close()


MINH_CHAU, BA_DINH, NGOC_HA = "09661", "00004", "00008"  # real points from the shipped unit list


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module of the console's browser tests (they skip without it)."""
    from tests.sync.console_helpers import chromium

    driver = chromium()
    yield driver
    driver.quit()
