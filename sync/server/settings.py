"""The city server's settings, from the environment (CITY_*) or a `.env` file, checked at start.

One place for what an operator configures: where the database is, where the published reference data is
read from, which proxies may set forwarded headers, how long a slow link may keep a connection idle, and
how the server logs. Nothing else in the server reads the environment.
"""

from __future__ import annotations

import ipaddress
import os
import tempfile
from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_REPO = Path(__file__).resolve().parents[2]


def _cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CITY_", env_file=".env", extra="ignore")

    db: str = Field("city.sqlite3", description="SQLite file path or postgresql://... URL")
    forms_dir: Path = Field(_REPO / "forms", description="published procedures and wording (forms/)")
    data_dir: Path = Field(_REPO / "resources" / "data", description="units.csv and holidays.csv")
    # Reverse proxies whose X-Forwarded-For is believed, as addresses or networks ("10.0.0.0/24"); anyone
    # else's header is ignored (uvicorn's own proxy-header handling is off, see cli.uvicorn_options).
    trusted_proxies: list[str] = Field(default_factory=list)
    # An island desk's next request can take longer than uvicorn's 5 s default to start on a saturated
    # link; a minute keeps the connection (and its TCP window) for the whole push.
    keep_alive_s: int = Field(60, ge=1, le=3600)
    # Admission control: exchanges running at once in one server process; one more is answered 503 with
    # Retry-After (the desk waits that long, with jitter) instead of queueing past its deadline. An exchange
    # is CPU work for this process and the database on the same cores, so more than about two per core only
    # lengthens each (bench/sync.py herd, docs/benchmarks.md): the default is twice the cores this process
    # may use (4 on a 2-core box).
    max_exchanges: int = Field(default_factory=lambda: 2 * _cores(), ge=1, le=10_000)
    busy_retry_s: int = Field(5, ge=1, le=3600)
    # The city console: a session ends after this long without a request; an account is locked for
    # `console_lockout_minutes` after `console_lockout_failures` wrong passwords in a row.
    console_idle_minutes: int = Field(30, ge=1, le=24 * 60)
    console_lockout_failures: int = Field(5, ge=1, le=100)
    console_lockout_minutes: int = Field(15, ge=1, le=24 * 60)
    # One client address: after this many failed log-ins (any accounts) within the window, every log-in from
    # it is refused (429) until the window ends. High enough for a centre's staff behind one NAT address.
    console_address_failures: int = Field(30, ge=1, le=100_000)
    console_address_window_minutes: int = Field(15, ge=1, le=24 * 60)
    # Behind an HTTPS reverse proxy, mark the console's cookies Secure (a plain-HTTP trial cannot).
    console_secure_cookies: bool = False
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    log_file: Path | None = None  # None: standard error (systemd's journal)
    # Where citizens reach this server: the lookup link in receipts' QR codes and in messages.
    public_url: str = "http://127.0.0.1:8765"

    # Messages to applicants (docs/admin-guide.md, "Tin nhắn cho người dân"): which gateway sends them.
    notify_gateway: Literal["none", "file", "http_sms", "zalo"] = "none"
    notify_file: Path = Path("tin-nhan.jsonl")  # the trial sink: one JSON line per message
    notify_sms_url: str = ""
    # The provider's request body, with {to}, {text} and {message_id} where its fields go.
    notify_sms_body: str = '{"to": "{to}", "text": "{text}", "client_ref": "{message_id}"}'
    notify_sms_headers: dict[str, str] = Field(default_factory=dict)  # e.g. {"Authorization": "Basic …"}
    notify_zalo_url: str = "https://business.openapi.zalo.me/message/template"
    notify_zalo_token: str = ""
    notify_quiet_start: time = time(21, 0)
    notify_quiet_end: time = time(7, 0)
    notify_per_number_per_hour: int = Field(3, ge=1)
    notify_max_attempts: int = Field(6, ge=1)
    notify_retry_base_s: float = Field(60, gt=0)
    notify_timeout_s: float = Field(15, gt=0)
    # The provider's replies ("STOP") are taken at POST /v1/notify/reply only with this token; empty: off.
    notify_inbound_token: str = ""
    # What one SMS segment and one Zalo template message cost the city (the console's estimate), in đồng.
    notify_sms_cost_vnd: int = Field(0, ge=0)
    notify_zalo_cost_vnd: int = Field(0, ge=0)
    notify_lease_s: float = Field(120, gt=0)  # a sender killed mid-send: its message is sent again after this

    # Scanned papers (issue 12; docs/admin-guide.md, "Bản quét"). Where the city keeps them: a folder
    # (content-addressed, private files) or S3-compatible object storage; uploads in progress are always
    # staged in `scans_dir`/.partial. The budget caps the scan bytes a desk sends in one round (0: none),
    # per point where `scans_point_budget_bytes` names it ({"09661": 2000000}: the island's slow link).
    scans_backend: Literal["file", "s3"] = "file"
    scans_dir: Path | None = None  # None: beside a SQLite database (<stem>-scans), else ./city-scans
    scans_chunk_bytes: int = Field(64 * 1024, ge=4096, le=1024 * 1024)
    scans_round_budget_bytes: int = Field(0, ge=0)
    scans_point_budget_bytes: dict[str, int] = Field(default_factory=dict)
    scans_s3_bucket: str = ""
    scans_s3_endpoint: str = ""  # e.g. http://minio.internal:9000; empty: AWS itself
    scans_s3_region: str = "us-east-1"
    scans_s3_prefix: str = "scans/"
    scans_s3_access_key: str = ""  # empty: boto3's usual chain (environment, instance role)
    scans_s3_secret_key: str = ""

    # A new desk's first sync (issue 13, docs/sync.md "Snapshot bootstrap"): a point whose log holds at least
    # `snapshot_min_events` events is sent as one snapshot file, built once per point and sequence number
    # and kept in `snapshot_dir` (None: beside a SQLite database, <stem>-snapshots, else the system's temp
    # folder). A snapshot is reused while at most `snapshot_reuse_events` events came after it (the desk
    # pulls those as its tail); the newest `snapshot_keep` per point stay for downloads in progress.
    snapshot_dir: Path | None = None
    snapshot_min_events: int = Field(2000, ge=1)
    snapshot_reuse_events: int = Field(20_000, ge=0)
    snapshot_keep: int = Field(2, ge=1, le=100)
    snapshot_level: int = Field(17, ge=1, le=22)  # as small as 19 on this data, a third faster to build

    def snapshot_folder(self) -> Path:
        if self.snapshot_dir is not None:
            return self.snapshot_dir
        raw = self.db.removeprefix("sqlite:///")
        if "://" not in raw:
            path = Path(raw).resolve()
            return path.with_name(path.stem + "-snapshots")
        return Path(tempfile.gettempdir()) / "motcua-city-snapshots"

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"trusted_proxies: {entry!r} is not an IP address or network") from None
        return value

    @model_validator(mode="after")
    def _scan_bucket(self) -> ServerSettings:
        if self.scans_backend == "s3" and not self.scans_s3_bucket:
            raise ValueError("scans_backend=s3 needs scans_s3_bucket (CITY_SCANS_S3_BUCKET)")
        return self

    def scan_folder(self) -> Path:
        """Where scans (or, with S3, uploads in progress) live on this server's disk."""
        if self.scans_dir is not None:
            return self.scans_dir
        raw = self.db.removeprefix("sqlite:///")
        if "://" not in raw:  # a SQLite file: its scans beside it, as the desk keeps its own
            path = Path(raw).resolve()
            return path.with_name(path.stem + "-scans")
        return Path("city-scans").resolve()

    def db_pool_size(self) -> int:
        """PostgreSQL connections one process keeps: one per admitted exchange and a few for the token checks,
        the console and citizens' look-ups (a larger pool only queues the same work inside the database)."""
        return self.max_exchanges + 4

    def scan_budget(self, unit_code: str) -> int:
        return self.scans_point_budget_bytes.get(unit_code, self.scans_round_budget_bytes)

    def trusts(self, address: str) -> bool:
        """Whether a connection from `address` is one of the configured proxies."""
        try:
            peer = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(peer in ipaddress.ip_network(entry, strict=False) for entry in self.trusted_proxies)
