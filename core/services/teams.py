"""A partner's team in Telegram: the member list and removing a technician.

Joining a team (team links, requests to join and their answers) is core.services.joining.
Every function takes the acting Telegram user and checks on the server what they may do: the
bot's buttons are user input.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from cloudboxx import VehicleModel
from core.actors import TeamRole, TelegramUser
from core.db.models import (
    Fleet,
    FleetConnection,
    JoinRequest,
    ServicePartner,
    TeamLink,
    Technician,
)
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, NotAllowed, NotFound
from core.job_outcomes import GrantEnd
from core.services.access import end_technicians_access
from core.services.audit import record_event
from core.services.telegram_outbox import queue_message
from core.status import InvitationStatus, JoinRequestStatus
from core.views import JoinRequestRow, RemovedMember, TeamMemberRow, TeamView

NO_FLEET_TIME_ZONE = "UTC"


async def show_team(uow: UnitOfWork, user: TelegramUser) -> TeamView:
    """The partner admin's team: members, who waits to join, and until when the team link works."""
    admin = await partner_admin(uow, user)
    partner = await uow.session.get_one(ServicePartner, admin.partner_id)
    now = uow.clock.now()
    link_expires_at = await uow.session.scalar(
        select(TeamLink.expires_at).where(
            TeamLink.partner_id == partner.id,
            TeamLink.replaced_at.is_(None),
            TeamLink.expires_at > now,
        )
    )
    waiting = await uow.session.scalars(
        select(JoinRequest)
        .where(
            JoinRequest.partner_id == partner.id,
            JoinRequest.status == JoinRequestStatus.PENDING,
        )
        .order_by(JoinRequest.requested_at, JoinRequest.id)
    )
    return TeamView(
        partner_name=partner.name,
        partner_code=partner.partner_code,
        members=await team_members(uow, partner.id),
        waiting=tuple(
            JoinRequestRow(
                request_id=row.id,
                telegram_user_id=row.telegram_user_id,
                name=row.name,
                requested_at=row.requested_at,
            )
            for row in waiting
        ),
        link_expires_at=link_expires_at,
        time_zone=await partner_time_zone(uow, partner.id),
    )


async def find_technician(
    uow: UnitOfWork, user: TelegramUser, *, technician_id: int
) -> TeamMemberRow:
    """A technician of the partner admin's team, or NotFound."""
    admin = await partner_admin(uow, user)
    for member in await team_members(uow, admin.partner_id, role=TeamRole.TECHNICIAN):
        if member.technician_id == technician_id:
            return member
    raise NotFound("This person is not in your team (any more).", code=ErrorCode.NOT_IN_YOUR_TEAM)


async def remove_technician(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    technician_id: int,
    models: Mapping[str, VehicleModel] | None = None,
) -> RemovedMember:
    """Take a technician out of the admin's team; every access grant they hold ends now, their
    running jobs go back to ASSIGNED for someone else, and their vehicles are secured."""
    admin = await partner_admin(uow, user)
    technician = await uow.session.get(Technician, technician_id, with_for_update=True)
    if technician is None or technician.partner_id != admin.partner_id:
        raise NotFound(
            "This person is not in your team (any more).", code=ErrorCode.NOT_IN_YOUR_TEAM
        )
    if technician.role == TeamRole.PARTNER_ADMIN:
        raise NotAllowed(
            "The partner admin cannot be removed from the team.",
            code=ErrorCode.CANNOT_REMOVE_PARTNER_ADMIN,
        )
    partner = await uow.session.get_one(ServicePartner, admin.partner_id)
    grants_ended = await end_technicians_access(
        uow, technician.id, GrantEnd.TECHNICIAN_REMOVED, actor=user.audit_name, models=models
    )
    record_event(
        uow,
        actor=user.audit_name,
        action="team.technician_removed",
        subject=f"technician:{technician.id}",
        details={
            "partner_code": partner.partner_code,
            "telegram_user_id": technician.telegram_user_id,
            "grants_ended": grants_ended,
        },
    )
    queue_message(
        uow,
        telegram_user_id=technician.telegram_user_id,
        text_key="team.removed_you",
        values={"partner": partner.name},
    )
    removed = RemovedMember(
        name=technician.display_name,
        partner_name=partner.name,
        grants_ended=grants_ended,
    )
    await uow.session.delete(technician)
    await uow.commit()
    return removed


async def partner_admin(uow: UnitOfWork, user: TelegramUser) -> Technician:
    """The user's own team row, if they lead a partner's team; NotAllowed otherwise."""
    member = await uow.session.scalar(
        select(Technician).where(Technician.telegram_user_id == user.id)
    )
    if member is None:
        raise NotAllowed("You are not in a partner's team yet.", code=ErrorCode.NOT_IN_A_TEAM)
    if member.role != TeamRole.PARTNER_ADMIN:
        raise NotAllowed("Only the partner admin can do that.", code=ErrorCode.PARTNER_ADMIN_ONLY)
    return member


async def team_members(
    uow: UnitOfWork, partner_id: int, *, role: TeamRole | None = None
) -> tuple[TeamMemberRow, ...]:
    """A partner's team, partner admin first, then in the order they joined."""
    query = select(Technician).where(Technician.partner_id == partner_id)
    if role is not None:
        query = query.where(Technician.role == role)
    rows = await uow.session.scalars(query.order_by(Technician.joined_at, Technician.id))
    members = [
        TeamMemberRow(
            technician_id=row.id,
            telegram_user_id=row.telegram_user_id,
            name=row.display_name,
            role=TeamRole(row.role),
            joined_at=row.joined_at,
        )
        for row in rows
    ]
    members.sort(key=lambda member: member.role != TeamRole.PARTNER_ADMIN)
    return tuple(members)


async def partner_time_zone(uow: UnitOfWork, partner_id: int) -> str:
    """The time zone a partner's team reads times in: that of the first fleet it works for."""
    time_zone = await uow.session.scalar(
        select(Fleet.time_zone)
        .join(FleetConnection, FleetConnection.fleet_id == Fleet.id)
        .where(
            FleetConnection.partner_id == partner_id,
            FleetConnection.status == InvitationStatus.ACCEPTED,
        )
        .order_by(FleetConnection.answered_at, FleetConnection.id)
        .limit(1)
    )
    return time_zone or NO_FLEET_TIME_ZONE
