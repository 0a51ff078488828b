"""The outbox: what a manager may read of it, and blanking the links of its mails once they end."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from core.actors import Manager, ensure_manages_fleet
from core.db.models import OutboxMail
from core.db.uow import UnitOfWork
from core.mail.blanking import blank_link
from core.status import LinkEnd
from core.views import OutboxMailView


async def list_outbox(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, limit: int = 50
) -> list[OutboxMailView]:
    """The newest e-mails kept for one of the manager's fleets."""
    ensure_manages_fleet(manager, fleet_id)
    rows = await uow.session.scalars(
        select(OutboxMail)
        .where(OutboxMail.fleet_id == fleet_id)
        .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
        .limit(limit)
    )
    return [
        OutboxMailView(
            id=row.id,
            fleet_id=row.fleet_id,
            recipient=row.recipient,
            subject=row.subject,
            text_body=row.text_body,
            created_at=row.created_at,
            holds_link=row.link_hash is not None,
            link_end=LinkEnd(row.link_end_reason) if row.link_end_reason else None,
        )
        for row in rows
    ]


async def end_links_in_outbox(uow: UnitOfWork, link_hashes: Iterable[str], reason: LinkEnd) -> int:
    """Blank these links in every kept mail that still holds them; part of the caller's work."""
    hashes = [link_hash for link_hash in link_hashes if link_hash]
    if not hashes:
        return 0
    mails = await uow.session.scalars(
        select(OutboxMail).where(
            OutboxMail.link_hash.in_(hashes), OutboxMail.link_ended_at.is_(None)
        )
    )
    return _blank(uow, mails, reason)


async def blank_expired_links(uow: UnitOfWork) -> int:
    """Blank the links whose time is up in every kept mail; the scheduler calls this."""
    mails = await uow.session.scalars(
        select(OutboxMail).where(
            OutboxMail.link_ended_at.is_(None), OutboxMail.link_expires_at <= uow.clock.now()
        )
    )
    blanked = _blank(uow, mails, LinkEnd.EXPIRED)
    await uow.commit()
    return blanked


def _blank(uow: UnitOfWork, mails: Iterable[OutboxMail], reason: LinkEnd) -> int:
    now = uow.clock.now()
    blanked = 0
    for mail in mails:
        mail.message, mail.text_body = blank_link(mail.message, mail.text_body, reason)
        mail.link_ended_at = now
        mail.link_end_reason = reason
        blanked += 1
    return blanked
