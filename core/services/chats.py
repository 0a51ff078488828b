"""The bot's private chats: meeting a Telegram user, their language, who they are in a team."""

from __future__ import annotations

import re
from contextlib import suppress
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.exc import IntegrityError

from core.actors import TeamRole, TelegramUser
from core.db.models import ServicePartner, Technician, TelegramChat
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.views import ChatView, TeamMembership

_LANGUAGE = re.compile(r"^[a-z]{2}$")


async def find_chat(uow: UnitOfWork, telegram_user_id: int) -> ChatView | None:
    """The user's chat and team membership, or None for someone the bot has not met."""
    # One query, as the gate asks this for every update.
    row = (await uow.session.execute(_CHAT, {"id": telegram_user_id})).one_or_none()
    if row is None:
        return None
    chat_id, name, language, awaiting, *member = row
    return ChatView(
        telegram_user_id=chat_id,
        name=name,
        language=language,
        awaiting=awaiting,
        membership=_membership(*member),
    )


# Built once, as the gate runs it for every update (building it cost more than running it); it
# reads the tables' columns, not rows for the session to keep track of.
_CHATS = cast(Table, TelegramChat.__table__)
_MEMBERS = cast(Table, Technician.__table__)
_PARTNERS = cast(Table, ServicePartner.__table__)
_MEMBERSHIP = (
    _MEMBERS.c.id,
    _MEMBERS.c.role,
    _PARTNERS.c.id,
    _PARTNERS.c.name,
    _PARTNERS.c.partner_code,
)
_CHAT = (
    select(_CHATS.c.id, _CHATS.c.name, _CHATS.c.language, _CHATS.c.awaiting, *_MEMBERSHIP)
    .select_from(
        _CHATS.outerjoin(_MEMBERS, _MEMBERS.c.telegram_user_id == _CHATS.c.id).outerjoin(
            _PARTNERS, _PARTNERS.c.id == _MEMBERS.c.partner_id
        )
    )
    .where(_CHATS.c.id == bindparam("id"))
)


async def find_membership(uow: UnitOfWork, telegram_user_id: int) -> TeamMembership | None:
    """The team the Telegram user belongs to, if any."""
    row = (
        await uow.session.execute(
            select(*_MEMBERSHIP)
            .join(_PARTNERS, _PARTNERS.c.id == _MEMBERS.c.partner_id)
            .where(_MEMBERS.c.telegram_user_id == telegram_user_id)
        )
    ).one_or_none()
    return None if row is None else _membership(*row)


def _membership(
    technician_id: int | None,
    role: str | None,
    partner_id: int | None,
    partner_name: str | None,
    partner_code: str | None,
) -> TeamMembership | None:
    """A membership from the columns of _MEMBERSHIP (None where the outer join found none)."""
    if technician_id is None or partner_id is None:
        return None
    assert role is not None and partner_name is not None and partner_code is not None
    return TeamMembership(
        technician_id=technician_id,
        partner_id=partner_id,
        partner_name=partner_name,
        partner_code=partner_code,
        role=TeamRole(role),
    )


async def meet_telegram_user(uow: UnitOfWork, user: TelegramUser) -> ChatView:
    """The user's chat, remembered on their first message in the language their app uses."""
    known = await find_chat(uow, user.id)
    if known is not None:
        return known
    chat = TelegramChat(
        id=user.id,
        name=user.name[:128],
        language=_checked_language(user.language),
        first_seen_at=uow.clock.now(),
    )
    membership = await find_membership(uow, user.id)
    uow.session.add(chat)
    # The same user's other update, on another replica, may have been first: same values.
    with suppress(IntegrityError):
        await uow.commit()
    return ChatView(
        telegram_user_id=user.id,
        name=chat.name,
        language=chat.language,
        awaiting=None,
        membership=membership,
    )


async def choose_language(uow: UnitOfWork, telegram_user_id: int, language: str) -> None:
    """Set the language the bot writes to this user in."""
    chat = await uow.session.get_one(TelegramChat, telegram_user_id, with_for_update=True)
    chat.language = _checked_language(language)
    await uow.commit()


async def chat_language(uow: UnitOfWork, telegram_user_id: int, default: str) -> str:
    """The language to write to a user in, when the bot writes first (a notification)."""
    language = await uow.session.scalar(
        select(TelegramChat.language).where(TelegramChat.id == telegram_user_id)
    )
    return language or default


def _checked_language(language: str) -> str:
    if not _LANGUAGE.match(language):
        raise InvalidInput("A language is a two-letter code such as en or de.")
    return language
