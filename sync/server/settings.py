"""The city server's settings, from the environment (CITY_*) or a `.env` file, checked at start.

One place for what an operator configures: where the database is, where the published reference data is
read from, which proxies may set forwarded headers, how long a slow link may keep a connection idle, and
how the server logs. Nothing else in the server reads the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

_REPO = Path(__file__).resolve().parents[2]


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CITY_", env_file=".env", extra="ignore")

    db: str = Field("city.sqlite3", description="SQLite file path or postgresql://... URL")
    forms_dir: Path = Field(_REPO / "forms", description="published procedures and wording (forms/)")
    data_dir: Path = Field(_REPO / "resources" / "data", description="units.csv and holidays.csv")
    # Addresses of reverse proxies whose X-Forwarded-For is believed; anyone else's is ignored.
    trusted_proxies: list[str] = Field(default_factory=list)
    # An island desk's next request can take longer than uvicorn's 5 s default to start on a saturated
    # link; a minute keeps the connection (and its TCP window) for the whole push.
    keep_alive_s: int = Field(60, ge=1, le=3600)
    # The city console: a session ends after this long without a request; an account is locked for
    # `console_lockout_minutes` after `console_lockout_failures` wrong passwords in a row.
    console_idle_minutes: int = Field(30, ge=1, le=24 * 60)
    console_lockout_failures: int = Field(5, ge=1, le=100)
    console_lockout_minutes: int = Field(15, ge=1, le=24 * 60)
    # Behind an HTTPS reverse proxy, mark the console's cookies Secure (a plain-HTTP trial cannot).
    console_secure_cookies: bool = False
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["json", "text"] = "json"
    log_file: Path | None = None  # None: standard error (systemd's journal)
