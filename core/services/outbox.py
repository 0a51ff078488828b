"""What a manager may read of the outbox: the e-mails sent for the fleets they manage."""

from __future__ import annotations

from sqlalchemy import select

from core.actors import Manager
from core.db.models import OutboxMail
from core.db.uow import UnitOfWork
from core.views import OutboxMailView


async def list_outbox(
    uow: UnitOfWork, manager: Manager, *, limit: int = 50
) -> list[OutboxMailView]:
    """The newest e-mails kept for the manager's fleets."""
    rows = await uow.session.scalars(
        select(OutboxMail)
        .where(OutboxMail.fleet_id.in_(manager.fleet_ids))
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
