"""The outbox: without an SMTP server, e-mails are kept for the admin web to show."""

from __future__ import annotations

from email.message import EmailMessage

from core.db.models import OutboxMail
from core.db.uow import UnitOfWorkFactory


class OutboxMailer:
    """A Mailer that writes each message to the outbox table instead of sending it."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def send(self, message: EmailMessage, *, fleet_id: int | None) -> None:
        """Keep the message in the outbox of its fleet."""
        text = message.get_body(preferencelist=("plain",))
        async with self._uow() as uow:
            uow.session.add(
                OutboxMail(
                    fleet_id=fleet_id,
                    recipient=str(message["To"]),
                    subject=str(message["Subject"]),
                    text_body=text.get_content() if text is not None else "",
                    message=message.as_bytes(),
                    created_at=uow.clock.now(),
                )
            )
            await uow.commit()
