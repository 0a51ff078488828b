"""Deep links into the bot: `<start url><kind>_<token>`, e.g. `https://t.me/<bot>?start=inv_…`.

A link's token is 32 random base64url characters (192 bits, `secrets.token_urlsafe`). The
database keeps only the token's SHA-256: a copy of the database opens no link, and nobody — not
the server either — can show a link again once it has been handed out. The manager sees a link
right after it is issued; later, a new link replaces it.

Where a link leads is the composition root's choice: Telegram's `https://t.me/<bot>?start=`
with a real bot, the local sandbox's page with the sandbox.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from core.errors import ErrorCode, LinkNotUsable

TELEGRAM_START_LIMIT = 64
TOKEN_BYTES = 24  # 32 characters of base64url
_PAYLOAD = re.compile(r"^(inv|team|mgr)_([A-Za-z0-9_-]{32})$")


class LinkKind(StrEnum):
    """What a deep link does when the bot receives it."""

    INVITATION = "inv"
    TEAM = "team"
    MANAGER = "mgr"  # a fleet manager links their own Telegram account


@dataclass(frozen=True, slots=True)
class DeepLink:
    """A freshly issued link: its kind, its token (never stored) and its URL."""

    kind: LinkKind
    token: str
    url: str

    @property
    def payload(self) -> str:
        """The `/start` parameter Telegram hands to the bot."""
        return f"{self.kind}_{self.token}"

    @property
    def token_hash(self) -> str:
        """What the database keeps of the link."""
        return hash_token(self.token)


def hash_token(token: str) -> str:
    """The SHA-256 of a token, hex; the only form in which tokens reach the database."""
    return hashlib.sha256(token.encode()).hexdigest()


def telegram_start_url(bot_username: str) -> str:
    """Where a link opens the bot in Telegram: its t.me address, the payload appended."""
    return f"https://t.me/{bot_username}?start="


class DeepLinks:
    """Issues and parses the bot's deep links; where they lead is given by start_url."""

    def __init__(
        self,
        start_url: str,
        *,
        invitation_ttl: timedelta = timedelta(days=7),
        team_ttl: timedelta = timedelta(hours=24),
        manager_ttl: timedelta = timedelta(hours=1),
    ) -> None:
        self.start_url = start_url
        self.invitation_ttl = invitation_ttl
        self.team_ttl = team_ttl
        self.manager_ttl = manager_ttl

    def issue(self, kind: LinkKind) -> DeepLink:
        """A new link with a fresh random token."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        return DeepLink(kind=kind, token=token, url=f"{self.start_url}{kind}_{token}")


def parse_start_payload(payload: str) -> tuple[LinkKind, str]:
    """Split a `/start` parameter into kind and token, or raise LinkNotUsable."""
    match = _PAYLOAD.match(payload) if len(payload) <= TELEGRAM_START_LIMIT else None
    if match is None:
        raise LinkNotUsable(
            "This link is not a FleetCrew invitation or team link.",
            code=ErrorCode.NOT_A_FLEETCREW_LINK,
        )
    return LinkKind(match.group(1)), match.group(2)
