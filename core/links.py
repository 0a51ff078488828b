"""Deep links into the bot: `https://t.me/<bot>?start=<kind>_<token>`.

A link's token is derived from a random nonce with the server's secret key. The database keeps
the nonce and the SHA-256 of the token, never the token: a copy of the database alone opens no
link, while the server can show a pending invitation's link again without sending a new one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from core.errors import ErrorCode, LinkNotUsable

TELEGRAM_START_LIMIT = 64
TOKEN_CHARS = 32  # 192 bits of base64url
_PAYLOAD = re.compile(r"^(inv|team)_([A-Za-z0-9_-]{32})$")


class LinkKind(StrEnum):
    """What a deep link does when the bot receives it."""

    INVITATION = "inv"
    TEAM = "team"


@dataclass(frozen=True, slots=True)
class DeepLink:
    """A freshly derived link: the start payload, its URL and what to store about it."""

    kind: LinkKind
    token: str
    url: str

    @property
    def payload(self) -> str:
        """The `/start` parameter Telegram hands to the bot."""
        return f"{self.kind}_{self.token}"


def hash_token(token: str) -> str:
    """The SHA-256 of a token, hex; the only form in which tokens reach the database."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_nonce() -> str:
    """A fresh random nonce (128 bits) for a new or resent link."""
    return secrets.token_urlsafe(16)


class DeepLinks:
    """Derives, formats and parses the bot's deep links."""

    def __init__(
        self,
        secret_key: str,
        bot_username: str,
        *,
        invitation_ttl: timedelta = timedelta(days=7),
        team_ttl: timedelta = timedelta(hours=24),
    ) -> None:
        self._key = hashlib.sha256(b"fleetcrew deep links\0" + secret_key.encode()).digest()
        self.bot_username = bot_username
        self.invitation_ttl = invitation_ttl
        self.team_ttl = team_ttl

    def derive(self, kind: LinkKind, nonce: str) -> DeepLink:
        """The link for a stored nonce; the same nonce always gives the same link."""
        mac = hmac.new(self._key, f"{kind}:{nonce}".encode(), hashlib.sha256).digest()
        token = base64.urlsafe_b64encode(mac).decode()[:TOKEN_CHARS]
        url = f"https://t.me/{self.bot_username}?start={kind}_{token}"
        return DeepLink(kind=kind, token=token, url=url)


def parse_start_payload(payload: str) -> tuple[LinkKind, str]:
    """Split a `/start` parameter into kind and token, or raise LinkNotUsable."""
    match = _PAYLOAD.match(payload) if len(payload) <= TELEGRAM_START_LIMIT else None
    if match is None:
        raise LinkNotUsable(
            "This link is not a FleetCrew invitation or team link.",
            code=ErrorCode.NOT_A_FLEETCREW_LINK,
        )
    return LinkKind(match.group(1)), match.group(2)
