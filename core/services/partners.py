"""Partners & Teams for managers: invite a partner to a fleet, new links, override, remove.

An invitation's link is shown to the manager only when it is issued (on Invite, Resend and New
link): the database keeps its hash, nothing that could rebuild it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from core.actors import Manager, ensure_manages_fleet
from core.db.models import Fleet, FleetConnection, Organization, ServicePartner
from core.db.uow import UnitOfWork
from core.email_address import normalize_email
from core.errors import Conflict, NotFound
from core.links import DeepLink, DeepLinks, LinkKind
from core.services.audit import record_event
from core.services.invitations import end_company_name_questions
from core.services.job_bulk import take_jobs_from_partner
from core.services.outbox import end_links_in_outbox
from core.status import InvitationStatus, LinkEnd
from core.views import InvitationLink, PartnerRow


async def invite_partner(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    email: str,
    allow_override: bool,
    links: DeepLinks,
) -> InvitationLink:
    """Invite a service partner by e-mail to one fleet; one open entry per fleet and partner."""
    ensure_manages_fleet(manager, fleet_id)
    address = normalize_email(email)
    fleet, provider = await _fleet_and_provider(uow, fleet_id)
    existing = await uow.session.scalar(
        select(FleetConnection).where(
            FleetConnection.fleet_id == fleet_id, FleetConnection.email == address
        )
    )
    if existing is not None:
        raise Conflict(_already_there(address, fleet.name, InvitationStatus(existing.status)))
    connection = FleetConnection(
        fleet_id=fleet_id,
        email=address,
        status=InvitationStatus.PENDING,
        allow_override=allow_override,
        invited_by_id=manager.id,
    )
    link = issue_invitation_link(connection, links, uow.clock.now())
    uow.session.add(connection)
    fleet_name = fleet.name  # a failed flush expires every loaded object
    try:
        await uow.session.flush()
    except IntegrityError:
        raise Conflict(_already_there(address, fleet_name, InvitationStatus.PENDING)) from None
    record_event(
        uow,
        actor=manager.audit_name,
        action="partner.invited",
        subject=f"fleet_connection:{connection.id}",
        fleet_id=fleet_id,
        details={"email": address, "allow_override": allow_override},
    )
    await uow.commit()
    return invitation_link(connection, link, fleet, provider)


async def list_partner_connections(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int
) -> list[PartnerRow]:
    """Every invitation and connection of a fleet, by partner name (or e-mail), a stable order."""
    ensure_manages_fleet(manager, fleet_id)
    name = func.lower(func.coalesce(ServicePartner.name, FleetConnection.email))
    rows = await uow.session.execute(
        select(FleetConnection, ServicePartner)
        .outerjoin(ServicePartner, ServicePartner.id == FleetConnection.partner_id)
        .where(FleetConnection.fleet_id == fleet_id)
        .order_by(name, FleetConnection.id)
    )
    now = uow.clock.now()
    return [_row(connection, partner, now) for connection, partner in rows]


async def resend_invitation(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, connection_id: int, links: DeepLinks
) -> InvitationLink:
    """A new link and expiry for a pending invitation, to mail again; the old link ends."""
    return await _renew_link(uow, manager, fleet_id, connection_id, links, "resent")


async def renew_invitation_link(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, connection_id: int, links: DeepLinks
) -> InvitationLink:
    """A new link and QR code for a pending invitation, to hand over; the old link ends."""
    return await _renew_link(uow, manager, fleet_id, connection_id, links, "link_renewed")


async def _renew_link(
    uow: UnitOfWork,
    manager: Manager,
    fleet_id: int,
    connection_id: int,
    links: DeepLinks,
    how: str,
) -> InvitationLink:
    connection = await _connection(uow, manager, fleet_id, connection_id)
    _ensure_pending(connection)
    fleet, provider = await _fleet_and_provider(uow, fleet_id)
    await end_links_in_outbox(uow, [connection.token_hash or ""], LinkEnd.REPLACED)
    # Whoever tapped Accept on the old link and owes the bot a company name: that ends too.
    await end_company_name_questions(uow, connection.id)
    link = issue_invitation_link(connection, links, uow.clock.now())
    connection.invited_by_id = manager.id
    record_event(
        uow,
        actor=manager.audit_name,
        action=f"partner.invitation_{how}",
        subject=f"fleet_connection:{connection.id}",
        fleet_id=fleet_id,
        details={"email": connection.email},
    )
    await uow.commit()
    return invitation_link(connection, link, fleet, provider)


async def set_partner_override(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, connection_id: int, allowed: bool
) -> PartnerRow:
    """Allow or forbid a partner to override the job configuration and data in this fleet."""
    connection = await _connection(uow, manager, fleet_id, connection_id)
    entry = await _entry(uow, connection)
    if connection.allow_override == allowed:
        return entry
    connection.allow_override = allowed
    record_event(
        uow,
        actor=manager.audit_name,
        action="partner.override_enabled" if allowed else "partner.override_disabled",
        subject=f"fleet_connection:{connection.id}",
        fleet_id=fleet_id,
        details={"email": connection.email},
    )
    await uow.commit()
    return await _entry(uow, connection)


async def remove_partner_connection(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, connection_id: int
) -> PartnerRow:
    """Withdraw an invitation or end a connection; a declined entry goes so it can be re-sent.

    Returns the entry as it was, for saying what was removed.
    """
    connection = await _connection(uow, manager, fleet_id, connection_id)
    removed = await _entry(uow, connection)
    if connection.status == InvitationStatus.PENDING:
        await end_links_in_outbox(uow, [connection.token_hash or ""], LinkEnd.WITHDRAWN)
    unassigned = failed = 0
    if connection.partner_id is not None:
        unassigned, failed = await take_jobs_from_partner(
            uow, fleet_id=fleet_id, partner_id=connection.partner_id, actor=manager.audit_name
        )
    record_event(
        uow,
        actor=manager.audit_name,
        action="partner.removed",
        subject=f"fleet_connection:{connection.id}",
        fleet_id=fleet_id,
        details={
            "email": connection.email,
            "status": connection.status,
            "jobs_unassigned": unassigned,
            "jobs_failed": failed,
        },
    )
    await uow.session.delete(connection)
    await uow.commit()
    return removed


def issue_invitation_link(connection: FleetConnection, links: DeepLinks, now: datetime) -> DeepLink:
    """Give an invitation a fresh link, valid from now; any earlier link stops working."""
    link = links.issue(LinkKind.INVITATION)
    connection.token_hash = link.token_hash
    connection.expires_at = now + links.invitation_ttl
    connection.invited_at = now
    return link


async def _entry(uow: UnitOfWork, connection: FleetConnection) -> PartnerRow:
    partner = (
        await uow.session.get(ServicePartner, connection.partner_id)
        if connection.partner_id is not None
        else None
    )
    return _row(connection, partner, uow.clock.now())


def _row(connection: FleetConnection, partner: ServicePartner | None, now: datetime) -> PartnerRow:
    return PartnerRow(
        connection_id=connection.id,
        fleet_id=connection.fleet_id,
        email=connection.email,
        status=InvitationStatus(connection.status),
        allow_override=connection.allow_override,
        partner_name=partner.name if partner else None,
        partner_code=partner.partner_code if partner else None,
        invited_at=connection.invited_at,
        expires_at=connection.expires_at,
        link_expired=(
            connection.status == InvitationStatus.PENDING
            and connection.expires_at is not None
            and connection.expires_at <= now
        ),
    )


async def _connection(
    uow: UnitOfWork, manager: Manager, fleet_id: int, connection_id: int
) -> FleetConnection:
    ensure_manages_fleet(manager, fleet_id)
    connection = await uow.session.scalar(
        select(FleetConnection)
        .where(FleetConnection.id == connection_id, FleetConnection.fleet_id == fleet_id)
        .with_for_update()  # an assignment to this partner in flight finishes first
    )
    if connection is None:
        raise NotFound("This partner entry does not exist (any more).")
    return connection


async def _fleet_and_provider(uow: UnitOfWork, fleet_id: int) -> tuple[Fleet, Organization]:
    row = (
        await uow.session.execute(
            select(Fleet, Organization)
            .join(Organization, Organization.id == Fleet.organization_id)
            .where(Fleet.id == fleet_id)
        )
    ).one_or_none()
    if row is None:
        raise NotFound("This fleet does not exist.")
    fleet, provider = row
    return fleet, provider


def _ensure_pending(connection: FleetConnection) -> None:
    if connection.status != InvitationStatus.PENDING:
        raise Conflict(
            f"The invitation to {connection.email} is {connection.status}; "
            "only a pending invitation has a link."
        )


def _already_there(email: str, fleet_name: str, status: InvitationStatus) -> str:
    if status == InvitationStatus.ACCEPTED:
        return f"{email} is already connected to the fleet {fleet_name}."
    if status == InvitationStatus.DECLINED:
        return (
            f"{email} declined the invitation to the fleet {fleet_name}. "
            "Remove the declined entry before inviting again."
        )
    return (
        f"An invitation to {email} for the fleet {fleet_name} is already open. "
        "Resend it if the partner needs a new link."
    )


def invitation_link(
    connection: FleetConnection, link: DeepLink, fleet: Fleet, provider: Organization
) -> InvitationLink:
    """The view of an invitation's newly issued link."""
    assert connection.expires_at is not None
    return InvitationLink(
        connection_id=connection.id,
        email=connection.email,
        url=link.url,
        link_hash=link.token_hash,
        expires_at=connection.expires_at,
        provider_name=provider.name,
        fleet_id=fleet.id,
        fleet_name=fleet.name,
        time_zone=fleet.time_zone,
        allow_override=connection.allow_override,
    )
