"""Settings from the environment (prefix FLEETCREW_) and an optional .env file."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from pathlib import Path

from pydantic import AnyHttpUrl, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "FLEETCREW_"
MIN_SECRET_KEY_LENGTH = 32
_BOT_TOKEN = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")


class SettingsError(Exception):
    """A setting has a value FleetCrew cannot use; the message names the variable."""


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
    telegram_bot_username: str = Field(
        default="FleetCrewBot", pattern=r"^[A-Za-z][A-Za-z0-9_]{3,31}$"
    )
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

    demo_password: SecretStr | None = None

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
    def sandbox_enabled(self) -> bool:
        """The local Telegram sandbox stands in for Telegram while no bot token is configured."""
        return self.telegram_token is None

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry the Secure flag when FleetCrew is served over HTTPS."""
        return self.public_url is not None and self.public_url.scheme == "https"


def load_settings(**overrides: object) -> Settings:
    """Read settings, fill the defaults that live under var_dir, or raise SettingsError."""
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        name = ENV_PREFIX + str(error["loc"][0]).upper() if error["loc"] else ENV_PREFIX
        message = str(error["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"{name}: {message}") from None
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    updates: dict[str, object] = {}
    if not settings.database_url.get_secret_value():
        default = f"sqlite+aiosqlite:///{settings.var_dir / 'fleetcrew.sqlite3'}"
        updates["database_url"] = SecretStr(default)
    if not settings.secret_key.get_secret_value():
        updates["secret_key"] = SecretStr(_stored_secret(settings.var_dir / "secret_key"))
    return settings.model_copy(update=updates)


def _stored_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n")
    path.chmod(0o600)
    return key
