"""The outbox: what a manager may read of it, and blanking the links of its mails once they end."""

from __future__ import annotations

from collections.abc import Iterable
from email.message import EmailMessage

from sqlalchemy import select

from core.actors import Manager, ensure_manages_fleet
from core.db.models import FleetConnection, OutboxMail
from core.db.uow import UnitOfWork
from core.mail import LinkInMail
from core.mail.blanking import blank_link
from core.status import InvitationStatus, LinkEnd
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
            recipient=row.recipient,
            subject=row.subject,
            text_body=row.text_body,
            created_at=row.created_at,
            holds_link=row.link_hash is not None,
            link_end=LinkEnd(row.link_end_reason) if row.link_end_reason else None,
        )
        for row in rows
    ]


async def keep_mail(
    uow: UnitOfWork, message: EmailMessage, *, fleet_id: int | None, link: LinkInMail | None
) -> None:
    """Keep a message in the outbox (part of the caller's work).

    The mail is written after the change that issued its link has committed, so the link may
    have ended meanwhile (a second Resend from another tab): then it is kept blanked at once.
    """
    text = message.get_body(preferencelist=("plain",))
    mail = OutboxMail(
        fleet_id=fleet_id,
        recipient=str(message["To"]),
        subject=str(message["Subject"]),
        text_body=text.get_content() if text is not None else "",
        message=message.as_bytes(),
        created_at=uow.clock.now(),
        link_hash=link.token_hash if link else None,
        link_expires_at=link.expires_at if link else None,
    )
    uow.session.add(mail)
    ended = await _why_ended(uow, link.token_hash) if link else None
    if ended is not None:
        _blank(uow, [mail], ended)


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


async def _why_ended(uow: UnitOfWork, link_hash: str) -> LinkEnd | None:
    status = await uow.session.scalar(
        select(FleetConnection.status).where(FleetConnection.token_hash == link_hash)
    )
    if status is None:
        return LinkEnd.REPLACED  # a newer link took its place, or the entry was removed
    return None if status == InvitationStatus.PENDING else LinkEnd.ANSWERED


def _blank(uow: UnitOfWork, mails: Iterable[OutboxMail], reason: LinkEnd) -> int:
    now = uow.clock.now()
    blanked = 0
    for mail in mails:
        mail.message, mail.text_body = blank_link(mail.message, mail.text_body, reason)
        mail.link_ended_at = now
        mail.link_end_reason = reason
        blanked += 1
    return blanked
