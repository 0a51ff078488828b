"""The outbox: without an SMTP server, e-mails are kept for the admin web to show.

Such a mail may hold a live deep link (an invitation the partner has not answered yet), so the
outbox is as secret as the links: docs/security.md says so, and a mail's link is blanked once
the link ends.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from core.db.models import OutboxMail
from core.db.uow import UnitOfWorkFactory
from core.mail import LinkInMail


def kept_mail(
    message: EmailMessage, *, fleet_id: int | None, link: LinkInMail | None, now: datetime
) -> OutboxMail:
    """The outbox row that keeps a message, and the link it holds."""
    text = message.get_body(preferencelist=("plain",))
    return OutboxMail(
        fleet_id=fleet_id,
        recipient=str(message["To"]),
        subject=str(message["Subject"]),
        text_body=text.get_content() if text is not None else "",
        message=message.as_bytes(),
        created_at=now,
        link_hash=link.token_hash if link else None,
        link_expires_at=link.expires_at if link else None,
    )


class OutboxMailer:
    """A Mailer that writes each message to the outbox table instead of sending it."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def send(
        self, message: EmailMessage, *, fleet_id: int | None, link: LinkInMail | None = None
    ) -> None:
        """Keep the message in the outbox of its fleet, with the link it holds."""
        async with self._uow() as uow:
            uow.session.add(kept_mail(message, fleet_id=fleet_id, link=link, now=uow.clock.now()))
            await uow.commit()
