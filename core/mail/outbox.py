"""The outbox: without an SMTP server, e-mails are kept for the admin web to show.

Such a mail may hold a live deep link (an invitation the partner has not answered yet), so the
outbox is as secret as the links: docs/security.md says so, and a mail's link is blanked once
the link ends.
"""

from __future__ import annotations

from email.message import EmailMessage

from core.db.uow import UnitOfWorkFactory
from core.mail import LinkInMail
from core.services.outbox import keep_mail


class OutboxMailer:
    """A Mailer that writes each message to the outbox table instead of sending it."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def send(
        self, message: EmailMessage, *, fleet_id: int | None, link: LinkInMail | None = None
    ) -> None:
        """Keep the message in the outbox of its fleet, with the link it holds."""
        async with self._uow() as uow:
            await keep_mail(uow, message, fleet_id=fleet_id, link=link)
            await uow.commit()
