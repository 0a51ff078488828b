"""A partner's answer to a fleet invitation, given by its deep-link token from the bot."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.exc import IntegrityError

from core.actors import TeamRole, TelegramUser
from core.db.models import (
    Fleet,
    FleetConnection,
    Organization,
    ServicePartner,
    Technician,
    TelegramChat,
)
from core.db.uow import UnitOfWork
from core.errors import Conflict, ErrorCode, InvalidInput, LinkNotUsable, NotAllowed
from core.links import hash_token
from core.services.outbox import end_links_in_outbox
from core.services.transitions import move_invitation
from core.status import InvitationStatus, LinkEnd
from core.text import ensure_text
from core.views import AcceptedInvitation, InvitationPreview

PARTNER_ID_ALPHABET = string.ascii_uppercase + string.digits
PARTNER_ID_LENGTH = 5
COMPANY_NAME_MIN, COMPANY_NAME_MAX = 2, 80
AWAITING_COMPANY_NAME = "company_name"
COMPANY_NAME_WAIT = timedelta(minutes=30)  # how long the bot waits for the name after Accept


def clean_company_name(raw: str) -> str:
    """A company or team name trimmed to single spaces, 2–80 characters, or InvalidInput."""
    name = " ".join(ensure_text(raw).split())
    if not COMPANY_NAME_MIN <= len(name) <= COMPANY_NAME_MAX:
        raise InvalidInput(
            f"A company name has {COMPANY_NAME_MIN} to {COMPANY_NAME_MAX} characters.",
            code=ErrorCode.COMPANY_NAME_LENGTH,
            min=COMPANY_NAME_MIN,
            max=COMPANY_NAME_MAX,
        )
    return name


async def preview_invitation(
    uow: UnitOfWork, user: TelegramUser, *, token: str
) -> InvitationPreview:
    """What an invitation offers, for someone who may answer it; anyone else is told why not."""
    connection, fleet, provider = await _answerable(uow, user, _by_token(token))
    return _preview(connection, fleet, provider)


async def accept_invitation(
    uow: UnitOfWork, user: TelegramUser, *, token: str, company_name: str | None = None
) -> AcceptedInvitation:
    """Accept for the user's company, creating it (user as partner admin) when they have none."""
    invitation = await _answerable(uow, user, _by_token(token))
    return await _accept(uow, user, invitation, company_name)


async def await_company_name(
    uow: UnitOfWork, user: TelegramUser, *, token: str, message_id: int | None
) -> InvitationPreview:
    """Remember that the user tapped Accept and owes the bot their company's name.

    The question lives in the user's chat row, not in the bot's memory, for a limited time,
    with the invitation's message_id, to show the answer there once it is given.
    """
    connection, fleet, provider = await _answerable(uow, user, _by_token(token))
    chat = await uow.session.get(TelegramChat, user.id, with_for_update=True)
    if chat is None:
        chat = TelegramChat(
            id=user.id, name=user.name[:128], language=user.language, first_seen_at=uow.clock.now()
        )
        uow.session.add(chat)
    chat.awaiting = AWAITING_COMPANY_NAME
    chat.awaiting_connection_id = connection.id
    chat.awaiting_until = uow.clock.now() + COMPANY_NAME_WAIT
    chat.awaiting_message_id = message_id
    preview = _preview(connection, fleet, provider)
    await uow.commit()
    return preview


async def accept_invitation_with_name(
    uow: UnitOfWork, user: TelegramUser, *, company_name: str
) -> AcceptedInvitation:
    """Accept the invitation the user tapped Accept on, for a new company of the given name.

    A name out of bounds is refused and the question stands. An invitation that can no longer
    be accepted (withdrawn, declined, expired, or the user joined a team meanwhile) ends the
    question, so that their next messages are not taken for a company name.
    """
    chat = await uow.session.get(TelegramChat, user.id, with_for_update=True)
    if chat is None or chat.awaiting != AWAITING_COMPANY_NAME:
        raise _no_question()
    name = clean_company_name(company_name)
    try:
        if chat.awaiting_connection_id is None or (
            chat.awaiting_until is not None and chat.awaiting_until <= uow.clock.now()
        ):
            raise _no_question()
        invitation = await _answerable(uow, user, FleetConnection.id == chat.awaiting_connection_id)
    except (LinkNotUsable, NotAllowed, Conflict):
        _stop_awaiting(chat)
        await uow.commit()
        raise
    message_id = chat.awaiting_message_id
    _stop_awaiting(chat)
    accepted = await _accept(uow, user, invitation, name)
    return replace(accepted, invitation_message_id=message_id)


def _no_question() -> LinkNotUsable:
    return LinkNotUsable(
        "Open the invitation link again and tap Accept.",
        code=ErrorCode.NO_INVITATION_AWAITING_NAME,
    )


def _stop_awaiting(chat: TelegramChat) -> None:
    chat.awaiting = chat.awaiting_connection_id = chat.awaiting_until = None
    chat.awaiting_message_id = None


async def end_company_name_questions(uow: UnitOfWork, connection_id: int) -> None:
    """End the question for a company name of whoever tapped Accept on this invitation's link."""
    await uow.session.execute(
        update(TelegramChat)
        .where(TelegramChat.awaiting_connection_id == connection_id)
        .values(
            awaiting=None,
            awaiting_connection_id=None,
            awaiting_until=None,
            awaiting_message_id=None,
        )
    )


def is_awaiting_company_name(awaiting: str | None) -> bool:
    """Whether a chat's awaited reply is a company name."""
    return awaiting == AWAITING_COMPANY_NAME


async def decline_invitation(
    uow: UnitOfWork, user: TelegramUser, *, token: str
) -> InvitationPreview:
    """Turn an invitation down (only who may accept it may); the manager sees it DECLINED."""
    connection, fleet, provider = await _answerable(uow, user, _by_token(token))
    declined = _preview(connection, fleet, provider)
    move_invitation(uow, connection, InvitationStatus.DECLINED, actor=user.audit_name)
    await end_links_in_outbox(uow, [connection.token_hash or ""], LinkEnd.ANSWERED)
    await uow.commit()
    return declined


def _preview(
    connection: FleetConnection, fleet: Fleet, provider: Organization
) -> InvitationPreview:
    assert connection.expires_at is not None
    return InvitationPreview(
        provider_name=provider.name,
        fleet_name=fleet.name,
        allow_override=connection.allow_override,
        expires_at=connection.expires_at,
        time_zone=fleet.time_zone,
    )


async def _accept(
    uow: UnitOfWork,
    user: TelegramUser,
    invitation: tuple[FleetConnection, Fleet, Organization],
    company_name: str | None,
) -> AcceptedInvitation:
    connection, fleet, provider = invitation
    member = await _team_member(uow, user)
    now = uow.clock.now()
    created = member is None
    if member is None:
        if company_name is None:
            raise InvalidInput("Send your company or team name to accept the invitation.")
        partner = ServicePartner(
            partner_code=await fresh_partner_code(uow),
            name=clean_company_name(company_name),
            created_at=now,
        )
        uow.session.add(partner)
        await uow.session.flush()
        uow.session.add(
            Technician(
                telegram_user_id=user.id,
                partner_id=partner.id,
                role=TeamRole.PARTNER_ADMIN,
                display_name=user.name[:128],
                joined_at=now,
            )
        )
    else:
        partner = await uow.session.get_one(ServicePartner, member.partner_id)
    already_connected = Conflict(
        f"{partner.name} is already connected to the fleet {fleet.name}.",
        code=ErrorCode.ALREADY_CONNECTED,
        partner=partner.name,
        fleet=fleet.name,
    )
    connection.partner_id = partner.id
    move_invitation(
        uow,
        connection,
        InvitationStatus.ACCEPTED,
        actor=user.audit_name,
        details={"partner_code": partner.partner_code, "partner_created": created},
    )
    await end_links_in_outbox(uow, [connection.token_hash or ""], LinkEnd.ANSWERED)
    try:
        await uow.session.flush()
    except IntegrityError:
        raise already_connected from None
    await uow.commit()
    return AcceptedInvitation(
        partner_name=partner.name,
        partner_code=partner.partner_code,
        provider_name=provider.name,
        fleet_name=fleet.name,
        allow_override=connection.allow_override,
        partner_created=created,
    )


async def _team_member(uow: UnitOfWork, user: TelegramUser) -> Technician | None:
    member: Technician | None = await uow.session.scalar(
        select(Technician).where(Technician.telegram_user_id == user.id)
    )
    return member


async def _answerable(
    uow: UnitOfWork, user: TelegramUser, which: ColumnElement[bool]
) -> tuple[FleetConnection, Fleet, Organization]:
    """The invitation, if its link can still be used and this user may answer it."""
    member = await _team_member(uow, user)
    connection, fleet, provider = await _usable_invitation(uow, which, member)
    if member is None:
        return connection, fleet, provider
    if member.role != TeamRole.PARTNER_ADMIN:
        raise NotAllowed(
            "You are a technician in a partner's team; only a partner admin can answer "
            "an invitation for a company.",
            code=ErrorCode.TECHNICIAN_CANNOT_ANSWER,
        )
    if await _connected(uow, member.partner_id, fleet.id):
        partner = await uow.session.get_one(ServicePartner, member.partner_id)
        raise Conflict(
            f"{partner.name} is already connected to the fleet {fleet.name}.",
            code=ErrorCode.ALREADY_CONNECTED,
            partner=partner.name,
            fleet=fleet.name,
        )
    return connection, fleet, provider


def _by_token(token: str) -> ColumnElement[bool]:
    return FleetConnection.token_hash == hash_token(token)


async def _usable_invitation(
    uow: UnitOfWork, which: ColumnElement[bool], member: Technician | None
) -> tuple[FleetConnection, Fleet, Organization]:
    row = (
        await uow.session.execute(
            select(FleetConnection, Fleet, Organization)
            .join(Fleet, Fleet.id == FleetConnection.fleet_id)
            .join(Organization, Organization.id == Fleet.organization_id)
            .where(which)
            .with_for_update(of=FleetConnection)
        )
    ).one_or_none()
    if row is None:
        raise LinkNotUsable(
            "This invitation link is not valid: it may have been replaced by a newer link or "
            "withdrawn. Ask the fleet manager for a new one.",
            code=ErrorCode.INVITATION_NOT_VALID,
        )
    connection, fleet, provider = row
    if connection.status == InvitationStatus.ACCEPTED:
        if (
            member is not None
            and member.role == TeamRole.PARTNER_ADMIN
            and member.partner_id == connection.partner_id
        ):
            partner = await uow.session.get_one(ServicePartner, member.partner_id)
            raise LinkNotUsable(
                f"You accepted this invitation: {partner.name} is connected to the fleet "
                f"{fleet.name}, with the Partner ID {partner.partner_code}.",
                code=ErrorCode.INVITATION_ACCEPTED_BY_YOU,
                partner=partner.name,
                fleet=fleet.name,
                partner_code=partner.partner_code,
            )
        raise LinkNotUsable(
            "This invitation link has already been used.", code=ErrorCode.INVITATION_USED
        )
    if connection.status == InvitationStatus.DECLINED:
        raise LinkNotUsable(
            "This invitation was declined. Ask the fleet manager for a new one.",
            code=ErrorCode.INVITATION_DECLINED,
        )
    assert connection.expires_at is not None
    if connection.expires_at <= uow.clock.now():
        raise LinkNotUsable(
            "This invitation link has expired. Ask the fleet manager to resend it.",
            code=ErrorCode.INVITATION_EXPIRED,
        )
    return connection, fleet, provider


async def _connected(uow: UnitOfWork, partner_id: int, fleet_id: int) -> bool:
    query = select(
        exists().where(
            FleetConnection.partner_id == partner_id, FleetConnection.fleet_id == fleet_id
        )
    )
    return bool(await uow.session.scalar(query))


def random_partner_code() -> str:
    """Five random upper-case letters and digits."""
    return "".join(secrets.choice(PARTNER_ID_ALPHABET) for _ in range(PARTNER_ID_LENGTH))


async def fresh_partner_code(
    uow: UnitOfWork, *, draw: Callable[[], str] = random_partner_code
) -> str:
    """A Partner ID that no partner has yet, drawing again on a collision."""
    while True:
        code = draw()
        taken = await uow.session.scalar(
            select(exists().where(ServicePartner.partner_code == code))
        )
        if not taken:
            return code
