"""E-mail: composing FleetCrew's messages and the mailer port with its two implementations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Protocol


@dataclass(frozen=True, slots=True)
class LinkInMail:
    """The deep link a mail carries: the outbox blanks it once the link ends."""

    token_hash: str
    expires_at: datetime


class Mailer(Protocol):
    """Sends an e-mail on behalf of one fleet (None: on FleetCrew's own behalf)."""

    async def send(
        self, message: EmailMessage, *, fleet_id: int | None, link: LinkInMail | None = None
    ) -> None:
        """Deliver the message or raise MailNotSent."""
        ...


class MailNotSent(Exception):
    """The mail server refused or could not be reached; the message says which."""
