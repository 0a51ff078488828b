"""Frozen views of a manager's own Telegram account, for the admin web and the bot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ManagerTelegramLink:
    """A manager's fresh `mgr_` link: shown once, with its QR code, until it expires."""

    url: str
    expires_at: datetime
    time_zone: str


@dataclass(frozen=True, slots=True)
class ManagerTelegram:
    """Whether a manager's Telegram account is linked, and whether they get the daily summary."""

    linked: bool
    telegram_name: str | None  # the account's name, once the bot has met it
    daily_summary: bool
    link_expires_at: datetime | None  # a link handed out and not used yet
    time_zone: str


@dataclass(frozen=True, slots=True)
class LinkedManager:
    """The manager a Telegram account is linked to, as the bot tells them."""

    email: str
    organization_name: str
    fleet_names: tuple[str, ...]
    daily_summary: bool
    newly_linked: bool  # False: this account was linked already, nothing changed
