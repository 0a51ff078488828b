"""A partner's team in Telegram: join links, joining, the member list and removing a technician.

Every function takes the acting Telegram user and checks on the server what they may do: the
bot's buttons are user input.
"""

from __future__ import annotations

from sqlalchemy import select, update

from core.actors import TeamRole, TelegramUser
from core.db.models import AccessGrant, ServicePartner, TeamInvitation, Technician
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, LinkNotUsable, NotAllowed, NotFound
from core.links import DeepLinks, LinkKind, hash_token, new_nonce
from core.services.audit import record_event
from core.services.chats import find_membership
from core.views import JoinedTeam, RemovedMember, TeamLinkView, TeamMemberRow, TeamView

GRANT_END_TECHNICIAN_REMOVED = "technician_removed"


async def create_team_link(
    uow: UnitOfWork, user: TelegramUser, *, links: DeepLinks
) -> TeamLinkView:
    """A new single-use technician join link for the partner admin's team."""
    admin = await _partner_admin(uow, user)
    partner = await uow.session.get_one(ServicePartner, admin.partner_id)
    nonce = new_nonce()
    link = links.derive(LinkKind.TEAM, nonce)
    now = uow.clock.now()
    invitation = TeamInvitation(
        partner_id=partner.id,
        link_nonce=nonce,
        token_hash=hash_token(link.token),
        created_by_id=admin.id,
        created_at=now,
        expires_at=now + links.team_ttl,
    )
    uow.session.add(invitation)
    await uow.session.flush()
    record_event(
        uow,
        actor=user.audit_name,
        action="team_link.created",
        subject=f"team_invitation:{invitation.id}",
        details={"partner_code": partner.partner_code},
    )
    await uow.commit()
    return TeamLinkView(
        url=link.url,
        payload=link.payload,
        partner_name=partner.name,
        expires_at=invitation.expires_at,
    )


async def join_team(uow: UnitOfWork, user: TelegramUser, *, token: str) -> JoinedTeam:
    """Join the team a link belongs to, as a technician; the link is used up."""
    invitation = await uow.session.scalar(
        select(TeamInvitation)
        .where(TeamInvitation.token_hash == hash_token(token))
        .with_for_update()
    )
    if invitation is None:
        raise LinkNotUsable(
            "This team link is not valid. Ask your partner admin for a new one.",
            code=ErrorCode.TEAM_LINK_NOT_VALID,
        )
    partner = await uow.session.get_one(ServicePartner, invitation.partner_id)
    membership = await find_membership(uow, user.id)
    if membership is not None and membership.partner_id == partner.id:
        raise LinkNotUsable(
            f"You are already in the team of {partner.name}.",
            code=ErrorCode.ALREADY_IN_THIS_TEAM,
            partner=partner.name,
        )
    if invitation.used_at is not None:
        raise LinkNotUsable(
            "This team link has already been used. Ask your partner admin for a new one.",
            code=ErrorCode.TEAM_LINK_USED,
        )
    now = uow.clock.now()
    if invitation.expires_at <= now:
        raise LinkNotUsable(
            "This team link has expired. Ask your partner admin for a new one.",
            code=ErrorCode.TEAM_LINK_EXPIRED,
        )
    if membership is not None:
        raise NotAllowed(
            f"You are already in the team of {membership.partner_name}; "
            "a Telegram account belongs to one team.",
            code=ErrorCode.ALREADY_IN_ANOTHER_TEAM,
            partner=membership.partner_name,
        )
    technician = Technician(
        telegram_user_id=user.id,
        partner_id=partner.id,
        role=TeamRole.TECHNICIAN,
        display_name=user.name[:128],
        joined_at=now,
    )
    uow.session.add(technician)
    await uow.session.flush()
    invitation.used_at = now
    invitation.used_by_id = technician.id
    record_event(
        uow,
        actor=user.audit_name,
        action="team.joined",
        subject=f"technician:{technician.id}",
        details={"partner_code": partner.partner_code, "team_invitation": invitation.id},
    )
    admins = await _members(uow, partner.id, role=TeamRole.PARTNER_ADMIN)
    await uow.commit()
    return JoinedTeam(
        partner_name=partner.name,
        partner_code=partner.partner_code,
        technician_name=technician.display_name,
        partner_admins=admins,
    )


async def show_team(uow: UnitOfWork, user: TelegramUser) -> TeamView:
    """The partner admin's team: partner admin first, then technicians in the order they joined."""
    admin = await _partner_admin(uow, user)
    partner = await uow.session.get_one(ServicePartner, admin.partner_id)
    return TeamView(
        partner_name=partner.name,
        partner_code=partner.partner_code,
        members=await _members(uow, partner.id),
    )


async def find_technician(
    uow: UnitOfWork, user: TelegramUser, *, technician_id: int
) -> TeamMemberRow:
    """A technician of the partner admin's team, or NotFound."""
    admin = await _partner_admin(uow, user)
    for member in await _members(uow, admin.partner_id, role=TeamRole.TECHNICIAN):
        if member.technician_id == technician_id:
            return member
    raise NotFound("This person is not in your team (any more).", code=ErrorCode.NOT_IN_YOUR_TEAM)


async def remove_technician(
    uow: UnitOfWork, user: TelegramUser, *, technician_id: int
) -> RemovedMember:
    """Take a technician out of the admin's team; every access grant they hold ends now."""
    admin = await _partner_admin(uow, user)
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
    now = uow.clock.now()
    ended = await uow.session.execute(
        update(AccessGrant)
        .where(AccessGrant.technician_id == technician.id, AccessGrant.ended_at.is_(None))
        .values(ended_at=now, end_reason=GRANT_END_TECHNICIAN_REMOVED)
    )
    grants_ended = int(getattr(ended, "rowcount", 0) or 0)
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
    removed = RemovedMember(
        telegram_user_id=technician.telegram_user_id,
        name=technician.display_name,
        partner_name=partner.name,
        grants_ended=grants_ended,
    )
    await uow.session.delete(technician)
    await uow.commit()
    return removed


async def _partner_admin(uow: UnitOfWork, user: TelegramUser) -> Technician:
    member = await uow.session.scalar(
        select(Technician).where(Technician.telegram_user_id == user.id)
    )
    if member is None:
        raise NotAllowed("You are not in a partner's team yet.", code=ErrorCode.NOT_IN_A_TEAM)
    if member.role != TeamRole.PARTNER_ADMIN:
        raise NotAllowed("Only the partner admin can do that.", code=ErrorCode.PARTNER_ADMIN_ONLY)
    return member


async def _members(
    uow: UnitOfWork, partner_id: int, *, role: TeamRole | None = None
) -> tuple[TeamMemberRow, ...]:
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
