"""Settings from the environment (prefix FLEETCREW_) and an optional .env file."""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from datetime import timedelta
from enum import StrEnum
from pathlib import Path

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from core.job_file_format import DEFAULT_MAX_ROWS, MOST_ROWS

ENV_PREFIX = "FLEETCREW_"
MIN_SECRET_KEY_LENGTH = 32
MB = 1024 * 1024
_BOT_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")


class SettingsError(Exception):
    """A setting has a value FleetCrew cannot use; the message names the variable."""


class SandboxSwitch(StrEnum):
    """FLEETCREW_SANDBOX: whether the local Telegram sandbox may run where others can reach it."""

    AUTO = "auto"  # without a token, and only on a loopback address without a public URL
    ON = "on"  # without a token, wherever FleetCrew listens: a deliberate demo server


class Settings(BaseSettings):
    """Everything FleetCrew can be configured with; built once by the composition root."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", validate_default=True
    )

    var_dir: Path = Path("var")
    database_url: SecretStr = SecretStr("")  # secret: a PostgreSQL URL may carry a password
    secret_key: SecretStr = SecretStr("")

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    public_url: AnyHttpUrl | None = None

    telegram_token: SecretStr | None = None
    # Only an override: with a token, the username comes from Telegram (getMe) and must match.
    telegram_bot_username: str | None = Field(default=None, pattern=r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
    telegram_base_url: AnyHttpUrl | None = None
    telegram_webhook_secret: SecretStr | None = None

    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_from: str = "FleetCrew <fleetcrew@localhost>"

    cloudboxx_url: AnyHttpUrl | None = None
    cloudboxx_client_id: str | None = None
    cloudboxx_client_secret: SecretStr | None = None

    invitation_ttl_days: int = Field(default=7, ge=1, le=90)
    team_link_ttl_hours: int = Field(default=24, ge=1, le=24 * 30)
    # How long a technician's access to a vehicle lasts when the job has no access window.
    access_max_hours: int = Field(default=8, ge=1, le=72)

    # A job photo larger than this is not stored (Telegram hands bots files up to 20 MB).
    photo_max_bytes: int = Field(default=10 * MB, ge=100 * 1024, le=50 * MB)
    # Next to the database unless set: var_dir as given (or its default) decides.
    photos_dir: Path = Field(
        default_factory=lambda data: Path(data.get("var_dir", "var")) / "photos"
    )

    # The most rows one CSV file of jobs may have: checked and written in one transaction.
    csv_max_rows: int = Field(default=DEFAULT_MAX_ROWS, ge=1)

    demo_password: SecretStr | None = None

    sandbox: SandboxSwitch = SandboxSwitch.AUTO

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: SecretStr) -> SecretStr:
        url = value.get_secret_value()
        if url and not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("use sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db")
        return value

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _bot_token(cls, value: object) -> object:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None  # an empty line in .env means no token: the sandbox stands in
        if not isinstance(raw, str) or not _BOT_TOKEN.match(raw.strip()):
            raise ValueError("a bot token looks like 123456789:AAE… as @BotFather gives it")
        return raw.strip()

    @field_validator("sandbox", mode="before")
    @classmethod
    def _switch(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _sandbox_or_token(self) -> Settings:
        if self.sandbox == SandboxSwitch.ON and self.telegram_token is not None:
            raise ValueError(
                "FLEETCREW_SANDBOX: on stands in for Telegram without a bot token; "
                "unset FLEETCREW_TELEGRAM_TOKEN or FLEETCREW_SANDBOX"
            )
        return self

    @field_validator("csv_max_rows")
    @classmethod
    def _rows_in_one_go(cls, value: int) -> int:
        if value > MOST_ROWS:
            raise ValueError(
                f"at most {MOST_ROWS} rows a file: a file is checked and imported in one "
                "transaction, so split larger files"
            )
        return value

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if secret and len(secret) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(f"use at least {MIN_SECRET_KEY_LENGTH} random characters")
        return value

    @property
    def invitation_ttl(self) -> timedelta:
        """How long an invitation link stays valid."""
        return timedelta(days=self.invitation_ttl_days)

    @property
    def team_link_ttl(self) -> timedelta:
        """How long a technician join link stays valid."""
        return timedelta(hours=self.team_link_ttl_hours)

    @property
    def access_max(self) -> timedelta:
        """The longest access grant of a job without an access window."""
        return timedelta(hours=self.access_max_hours)

    @property
    def sandbox_enabled(self) -> bool:
        """The local Telegram sandbox stands in for Telegram while no bot token is configured."""
        return self.telegram_token is None

    @property
    def sandbox_exposed(self) -> bool:
        """The sandbox runs where others may reach it, because FLEETCREW_SANDBOX=on asked for it."""
        return self.sandbox_enabled and self.sandbox == SandboxSwitch.ON

    @property
    def uses_postgresql(self) -> bool:
        """Whether the database is PostgreSQL (several replicas may share it)."""
        return self.database_url.get_secret_value().startswith("postgresql")

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry the Secure flag when FleetCrew is served over HTTPS."""
        return self.public_url is not None and self.public_url.scheme == "https"


def admin_web_url(settings: Settings) -> str:
    """Where a browser reaches the admin web: the public URL, else this machine's address."""
    if settings.public_url is not None:
        return str(settings.public_url)
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{host}:{settings.port}/"


def load_settings(**overrides: object) -> Settings:
    """Read settings, fill the defaults that live under var_dir, or raise SettingsError."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        message = str(error["msg"]).removeprefix("Value error, ")
        if not error["loc"]:  # a rule across settings: its message names the variables
            raise SettingsError(message) from None
        raise SettingsError(f"{ENV_PREFIX}{str(error['loc'][0]).upper()}: {message}") from None
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    updates: dict[str, object] = {}
    if not settings.database_url.get_secret_value():
        default = f"sqlite+aiosqlite:///{settings.var_dir / 'fleetcrew.sqlite3'}"
        updates["database_url"] = SecretStr(default)
    if not settings.secret_key.get_secret_value():
        if settings.uses_postgresql:
            # Replicas share the database, so they must share the key too: a cookie signed or
            # a webhook secret derived by one replica is checked by another.
            raise SettingsError(
                f"{ENV_PREFIX}SECRET_KEY: required with PostgreSQL, the same on every replica; "
                f"set at least {MIN_SECRET_KEY_LENGTH} random characters"
            )
        updates["secret_key"] = SecretStr(_stored_secret(settings.var_dir / "secret_key"))
    return settings.model_copy(update=updates)


def ensure_sandbox_is_safe(settings: Settings) -> None:
    """Refuse to serve the sandbox where others could reach it, unless FLEETCREW_SANDBOX=on.

    A deliberate demo server on another machine's address also needs its public URL: every
    link and QR code it hands out must lead to where the demo's visitors can open it.
    """
    if not settings.sandbox_enabled:
        return
    if settings.sandbox == SandboxSwitch.ON:
        if settings.public_url is None and not _is_loopback(settings.host):
            raise SettingsError(
                f"{ENV_PREFIX}PUBLIC_URL: the sandbox serves others on "
                f"{settings.host or 'every address'}, but its links would lead to this "
                f"machine's 127.0.0.1; set {ENV_PREFIX}PUBLIC_URL to the address they open"
            )
        return
    if settings.public_url is not None:
        where = f"{ENV_PREFIX}PUBLIC_URL: others reach FleetCrew there"
    elif not _is_loopback(settings.host):
        shown = settings.host or "every address"
        where = f"{ENV_PREFIX}HOST: {shown} is reachable from other machines"
    else:
        return
    raise SettingsError(
        f"{where}, and without a bot token the Telegram sandbox would let anyone act as any "
        f"Telegram user; set {ENV_PREFIX}TELEGRAM_TOKEN for a real bot, or "
        f"{ENV_PREFIX}SANDBOX=on for a deliberate demo server"
    )


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve to anything


def _stored_secret(path: Path) -> str:
    key = secrets.token_urlsafe(48)
    try:
        # Created with its final mode in one step (never written, then chmod-ed), and never
        # through a link someone planted where the file should be.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_secret(path)
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key


def _read_secret(path: Path) -> str:
    if path.is_symlink() or not path.is_file():
        raise SettingsError(
            f"{ENV_PREFIX}VAR_DIR: {path} is not a plain file; remove it, or set "
            f"{ENV_PREFIX}SECRET_KEY"
        )
    key = path.read_text().strip()
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise SettingsError(
            f"{ENV_PREFIX}VAR_DIR: {path} holds no usable key; remove it to have a new one made"
        )
    return key
