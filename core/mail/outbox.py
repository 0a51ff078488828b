"""The outbox: without an SMTP server, e-mails are kept for the admin web to show."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select

from core.actors import Manager
from core.db.models import OutboxMail
from core.db.uow import UnitOfWork, UnitOfWorkFactory
from core.views import OutboxMailView


class OutboxMailer:
    """A Mailer that writes each message to the outbox table instead of sending it."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def send(self, message: EmailMessage, *, organization_id: int | None) -> None:
        """Keep the message in the outbox of its provider."""
        text = message.get_body(preferencelist=("plain",))
        async with self._uow() as uow:
            uow.session.add(
                OutboxMail(
                    organization_id=organization_id,
                    recipient=str(message["To"]),
                    subject=str(message["Subject"]),
                    text_body=text.get_content() if text is not None else "",
                    message=message.as_bytes(),
                    created_at=uow.clock.now(),
                )
            )
            await uow.commit()


async def list_outbox(
    uow: UnitOfWork, manager: Manager, *, limit: int = 50
) -> list[OutboxMailView]:
    """The newest e-mails kept for the manager's provider."""
    rows = await uow.session.scalars(
        select(OutboxMail)
        .where(OutboxMail.organization_id == manager.organization_id)
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
        .limit(limit)
    )
    return [
        OutboxMailView(
            id=row.id,
            recipient=row.recipient,
            subject=row.subject,
            text_body=row.text_body,
            created_at=row.created_at,
        )
        for row in rows
    ]
