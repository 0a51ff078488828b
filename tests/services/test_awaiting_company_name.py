"""After Accept, a newcomer names their company in the next message; the chat row remembers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import TeamRole, TelegramUser
from core.db.models import Technician, TelegramChat
from core.errors import ErrorCode, InvalidInput, LinkNotUsable, NotAllowed
from core.services import chats, invitations
from tests.factories import database_contents, invite, make_partner, token_of

ANNA = TelegramUser(id=4242, name="Anna Schmidt", language="de")


async def tap_accept(uow, token: str, user=ANNA) -> None:
    async with uow() as work:
        await chats.meet_telegram_user(work, user)
    async with uow() as work:
        await invitations.await_company_name(work, user, token=token, message_id=None)


async def send_name(uow, name: str, user=ANNA):
    async with uow() as work:
        return await invitations.accept_invitation_with_name(work, user, company_name=name)


@pytest.fixture
async def token(uow, manager, links, fleets):
    return token_of((await invite(uow, manager, links, fleets["Berlin"])).url)


async def test_company_name_after_accept_creates_the_partner(uow, token):
    await tap_accept(uow, token)

    accepted = await send_name(uow, "  Anna   Installations ")

    assert accepted.partner_name == "Anna Installations"
    assert accepted.partner_created
    async with uow.read_only() as work:
        chat = await chats.find_chat(work, ANNA.id)
    assert chat.awaiting is None
    assert chat.membership.role == TeamRole.PARTNER_ADMIN
    assert chat.membership.partner_code == accepted.partner_code


@pytest.mark.parametrize("name", ["A", " ", "x" * 81])
async def test_company_name_out_of_bounds_is_refused_and_still_awaited(uow, token, name):
    await tap_accept(uow, token)
    before = await database_contents(uow)

    with pytest.raises(InvalidInput) as refused:
        await send_name(uow, name)

    assert refused.value.code == ErrorCode.COMPANY_NAME_LENGTH
    assert refused.value.values == {"min": 2, "max": 80}
    assert await database_contents(uow) == before
    async with uow.read_only() as work:
        assert invitations.is_awaiting_company_name((await chats.find_chat(work, ANNA.id)).awaiting)


async def test_a_name_nobody_asked_for_accepts_nothing(uow, token):
    async with uow() as work:
        await chats.meet_telegram_user(work, ANNA)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable) as refused:
        await send_name(uow, "Anna GmbH")

    assert refused.value.code == ErrorCode.NO_INVITATION_AWAITING_NAME
    assert await database_contents(uow) == before


async def test_the_question_expires_after_half_an_hour(uow, token, clock):
    await tap_accept(uow, token)
    clock.advance(timedelta(minutes=30))

    with pytest.raises(LinkNotUsable) as refused:
        await send_name(uow, "Anna GmbH")

    assert refused.value.code == ErrorCode.NO_INVITATION_AWAITING_NAME


async def test_invitation_withdrawn_while_the_name_is_awaited_is_not_accepted(
    uow, token, manager, fleets
):
    await tap_accept(uow, token)
    async with uow() as work:
        await invitations.decline_invitation(work, ANNA, token=token)

    with pytest.raises(LinkNotUsable) as refused:
        await send_name(uow, "Anna GmbH")
    with pytest.raises(LinkNotUsable) as again:
        await send_name(uow, "Anna GmbH")

    assert refused.value.code == ErrorCode.INVITATION_DECLINED
    assert again.value.code == ErrorCode.NO_INVITATION_AWAITING_NAME  # the question has ended


async def test_technician_cannot_tap_accept_for_a_company(uow, token, clock):
    partner_id = await make_partner(uow)
    async with uow() as work:
        work.session.add(
            Technician(
                telegram_user_id=ANNA.id,
                partner_id=partner_id,
                role=TeamRole.TECHNICIAN,
                display_name=ANNA.name,
                joined_at=clock.now(),
            )
        )
        await work.commit()
    before = await database_contents(uow)

    with pytest.raises(NotAllowed) as refused:
        async with uow() as work:
            await invitations.await_company_name(work, ANNA, token=token, message_id=None)

    assert refused.value.code == ErrorCode.TECHNICIAN_CANNOT_ANSWER
    assert await database_contents(uow) == before


async def test_meeting_a_user_twice_keeps_their_first_language(uow):
    async with uow() as work:
        first = await chats.meet_telegram_user(work, ANNA)
    async with uow() as work:
        again = await chats.meet_telegram_user(
            work, TelegramUser(id=ANNA.id, name="Anna", language="en")
        )
    assert first.language == again.language == "de"
    async with uow.read_only() as work:
        assert await work.session.scalar(select(TelegramChat.name)) == "Anna Schmidt"


async def test_choosing_a_language_is_remembered(uow):
    async with uow() as work:
        await chats.meet_telegram_user(work, ANNA)
    async with uow() as work:
        await chats.choose_language(work, ANNA.id, "en")
    async with uow.read_only() as work:
        assert (await chats.find_chat(work, ANNA.id)).language == "en"


async def test_a_language_that_is_not_a_code_is_refused(uow):
    async with uow() as work:
        await chats.meet_telegram_user(work, ANNA)
    with pytest.raises(InvalidInput):
        async with uow() as work:
            await chats.choose_language(work, ANNA.id, "deutsch")
