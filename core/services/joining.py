"""Joining a partner's team: the team link, asking to join through it, the partner admin's answer.

A partner has one live team link at a time, reusable until it expires or a new one replaces it,
so a workshop can share one QR code. Opening it only asks to join: nobody becomes a technician
(and so nobody can start a job) without the partner admin's yes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.actors import TeamRole, TelegramUser
from core.buttons import LET_IN, TURN_AWAY, MessageButton
from core.db.models import JoinRequest, ServicePartner, TeamLink, Technician
from core.db.uow import UnitOfWork
from core.errors import Conflict, ErrorCode, LinkNotUsable, NotAllowed, NotFound
from core.links import DeepLinks, LinkKind, hash_token
from core.services.audit import record_event
from core.services.chats import find_membership
from core.services.teams import partner_admin, partner_time_zone, team_members
from core.services.telegram_outbox import queue_message
from core.status import JoinRequestStatus
from core.views import JoinAnswered, JoinRequested, TeamLinkView


async def create_team_link(
    uow: UnitOfWork, user: TelegramUser, *, links: DeepLinks
) -> TeamLinkView:
    """A new team link for the partner admin's team; the one before it stops working."""
    admin = await partner_admin(uow, user)
    # The partner's row is the lock: of two new links at once, the second replaces the first.
    partner = await uow.session.get_one(ServicePartner, admin.partner_id, with_for_update=True)
    now = uow.clock.now()
    replaced = list(
        await uow.session.scalars(
            select(TeamLink).where(
                TeamLink.partner_id == partner.id, TeamLink.replaced_at.is_(None)
            )
        )
    )
    for old in replaced:
        old.replaced_at = now
    # Before the new link's row, which the one-live-link index would refuse beside the old one.
    await uow.session.flush()
    link = links.issue(LinkKind.TEAM)
    team_link = TeamLink(
        partner_id=partner.id,
        token_hash=link.token_hash,
        created_by_id=admin.id,
        created_at=now,
        expires_at=now + links.team_ttl,
    )
    uow.session.add(team_link)
    await uow.session.flush()
    record_event(
        uow,
        actor=user.audit_name,
        action="team_link.created",
        subject=f"team_link:{team_link.id}",
        details={"partner_code": partner.partner_code, "replaced": [old.id for old in replaced]},
    )
    view = TeamLinkView(
        url=link.url,
        partner_name=partner.name,
        expires_at=team_link.expires_at,
        time_zone=await partner_time_zone(uow, partner.id),
        replaced_one=any(old.expires_at > now for old in replaced),
    )
    await uow.commit()
    return view


async def request_to_join(uow: UnitOfWork, user: TelegramUser, *, token: str) -> JoinRequested:
    """Ask to join the team a link belongs to; the partner admin answers yes or no."""
    team_link = await uow.session.scalar(
        select(TeamLink).where(TeamLink.token_hash == hash_token(token)).with_for_update()
    )
    if team_link is None:
        raise LinkNotUsable(
            "This team link is not valid. Ask your partner admin for a new one.",
            code=ErrorCode.TEAM_LINK_NOT_VALID,
        )
    partner = await uow.session.get_one(ServicePartner, team_link.partner_id)
    membership = await find_membership(uow, user.id)
    if membership is not None and membership.partner_id == partner.id:
        raise LinkNotUsable(
            f"You are already in the team of {partner.name}.",
            code=ErrorCode.ALREADY_IN_THIS_TEAM,
            partner=partner.name,
        )
    if team_link.replaced_at is not None:
        raise LinkNotUsable(
            "This team link was replaced by a newer one. Ask your partner admin for it.",
            code=ErrorCode.TEAM_LINK_REPLACED,
        )
    now = uow.clock.now()
    if team_link.expires_at <= now:
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
    await _ensure_may_ask(uow, user, partner, team_link)
    request = JoinRequest(
        partner_id=partner.id,
        team_link_id=team_link.id,
        telegram_user_id=user.id,
        name=user.name[:128],
        status=JoinRequestStatus.PENDING,
        requested_at=now,
    )
    uow.session.add(request)
    try:
        await uow.session.flush()
    except IntegrityError:  # the same person's other tap, a moment earlier
        raise _waiting(partner.name) from None
    record_event(
        uow,
        actor=user.audit_name,
        action="team.join_requested",
        subject=f"join_request:{request.id}",
        details={"partner_code": partner.partner_code, "team_link": team_link.id},
    )
    await _ask_partner_admins(uow, request, partner)
    requested = JoinRequested(
        request_id=request.id,
        requester_name=request.name,
        partner_name=partner.name,
        partner_code=partner.partner_code,
    )
    await uow.commit()
    return requested


async def approve_join_request(
    uow: UnitOfWork, user: TelegramUser, *, request_id: int
) -> JoinAnswered:
    """Let the person into the partner admin's team, as a technician."""
    admin, request, partner = await _open_request(uow, user, request_id)
    now = uow.clock.now()
    technician = Technician(
        telegram_user_id=request.telegram_user_id,
        partner_id=partner.id,
        role=TeamRole.TECHNICIAN,
        display_name=request.name,
        joined_at=now,
    )
    try:
        # A savepoint: the person may have joined another team (or founded a partner) meanwhile,
        # even a moment ago on another replica; then only this insert is undone.
        async with uow.session.begin_nested():
            uow.session.add(technician)
    except IntegrityError:
        _answer(request, JoinRequestStatus.REJECTED, admin, now)
        await uow.commit()
        raise Conflict(
            f"{request.name} is in another team by now; the request is closed.",
            code=ErrorCode.JOIN_REQUEST_ANSWERED,
            name=request.name,
        ) from None
    _answer(request, JoinRequestStatus.APPROVED, admin, now)
    request.technician_id = technician.id
    record_event(
        uow,
        actor=user.audit_name,
        action="team.joined",
        subject=f"technician:{technician.id}",
        details={"partner_code": partner.partner_code, "join_request": request.id},
    )
    queue_message(
        uow,
        telegram_user_id=request.telegram_user_id,
        text_key="team.joined",
        values={"partner": partner.name, "code": partner.partner_code},
    )
    await uow.commit()
    return _answered(request, partner, approved=True)


async def reject_join_request(
    uow: UnitOfWork, user: TelegramUser, *, request_id: int
) -> JoinAnswered:
    """Turn the person away; they are told, and may not ask again through the same link."""
    admin, request, partner = await _open_request(uow, user, request_id)
    _answer(request, JoinRequestStatus.REJECTED, admin, uow.clock.now())
    record_event(
        uow,
        actor=user.audit_name,
        action="team.join_rejected",
        subject=f"join_request:{request.id}",
        details={"partner_code": partner.partner_code},
    )
    queue_message(
        uow,
        telegram_user_id=request.telegram_user_id,
        text_key="team.turned_away_you",
        values={"partner": partner.name},
    )
    await uow.commit()
    return _answered(request, partner, approved=False)


async def _ask_partner_admins(
    uow: UnitOfWork, request: JoinRequest, partner: ServicePartner
) -> None:
    """Each partner admin gets the request, with Let in and Turn away under it."""
    name = {"name": request.name}
    answers = [
        MessageButton(text_key="button.let_in", action=LET_IN, argument=request.id, values=name),
        MessageButton(
            text_key="button.turn_away", action=TURN_AWAY, argument=request.id, values=name
        ),
    ]
    for admin in await team_members(uow, partner.id, role=TeamRole.PARTNER_ADMIN):
        queue_message(
            uow,
            telegram_user_id=admin.telegram_user_id,
            text_key="team.join_request",
            values={"name": request.name, "partner": partner.name},
            buttons=[answers],
        )


async def _ensure_may_ask(
    uow: UnitOfWork, user: TelegramUser, partner: ServicePartner, team_link: TeamLink
) -> None:
    earlier = await uow.session.scalars(
        select(JoinRequest.status).where(
            JoinRequest.partner_id == partner.id,
            JoinRequest.telegram_user_id == user.id,
            (JoinRequest.status == JoinRequestStatus.PENDING)
            | (JoinRequest.team_link_id == team_link.id),
        )
    )
    statuses = set(earlier)
    if JoinRequestStatus.PENDING in statuses:
        raise _waiting(partner.name)
    if JoinRequestStatus.REJECTED in statuses:
        raise NotAllowed(
            f"The partner admin of {partner.name} turned down your request to join.",
            code=ErrorCode.JOIN_REQUEST_REJECTED,
            partner=partner.name,
        )


async def _open_request(
    uow: UnitOfWork, user: TelegramUser, request_id: int
) -> tuple[Technician, JoinRequest, ServicePartner]:
    admin = await partner_admin(uow, user)
    request = await uow.session.get(JoinRequest, request_id, with_for_update=True)
    if request is None or request.partner_id != admin.partner_id:
        raise NotFound(
            "This request to join is not for your team.", code=ErrorCode.JOIN_REQUEST_GONE
        )
    if request.status != JoinRequestStatus.PENDING:
        verdict = "let in" if request.status == JoinRequestStatus.APPROVED else "turned away"
        raise Conflict(
            f"{request.name}'s request was answered already: {verdict}.",
            code=ErrorCode.JOIN_REQUEST_ANSWERED,
            name=request.name,
        )
    partner = await uow.session.get_one(ServicePartner, admin.partner_id)
    return admin, request, partner


def _answer(
    request: JoinRequest, status: JoinRequestStatus, admin: Technician, now: datetime
) -> None:
    request.status = status
    request.answered_at = now
    request.answered_by_id = admin.id


def _answered(request: JoinRequest, partner: ServicePartner, *, approved: bool) -> JoinAnswered:
    return JoinAnswered(
        request_id=request.id,
        approved=approved,
        requester_name=request.name,
        partner_name=partner.name,
        partner_code=partner.partner_code,
    )


def _waiting(partner_name: str) -> Conflict:
    return Conflict(
        f"Your request to join the team of {partner_name} is waiting for the partner admin.",
        code=ErrorCode.JOIN_REQUEST_WAITING,
        partner=partner_name,
    )
