"""Technicians ask to join through the partner's one reusable team link; the admin answers."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import TeamRole, TelegramUser
from core.clock import ManualClock
from core.db.models import JoinRequest, TeamLink, Technician
from core.db.uow import UnitOfWorkFactory
from core.errors import Conflict, ErrorCode, LinkNotUsable, NotAllowed, NotFound
from core.links import DeepLinks
from core.services import joining, teams
from core.status import JoinRequestStatus, TelegramMessageStatus
from tests.factories import database_contents, make_partner, queued_messages, token_of

ADMIN = TelegramUser(id=500001, name="Demo Installers admin")
OTHER_ADMIN = TelegramUser(id=500002, name="Other Garage admin")
TOM = TelegramUser(id=600001, name="Tom Technician")
TINA = TelegramUser(id=600002, name="Tina Technician")


async def team_token(uow: UnitOfWorkFactory, links: DeepLinks, admin=ADMIN) -> str:
    async with uow() as work:
        link = await joining.create_team_link(work, admin, links=links)
    return token_of(link.url)


async def ask(uow: UnitOfWorkFactory, user: TelegramUser, token: str):
    async with uow() as work:
        return await joining.request_to_join(work, user, token=token)


async def approve(uow: UnitOfWorkFactory, request_id: int, admin=ADMIN):
    async with uow() as work:
        return await joining.approve_join_request(work, admin, request_id=request_id)


async def reject(uow: UnitOfWorkFactory, request_id: int, admin=ADMIN):
    async with uow() as work:
        return await joining.reject_join_request(work, admin, request_id=request_id)


async def members(uow: UnitOfWorkFactory) -> list[tuple[int, str]]:
    async with uow.read_only() as work:
        rows = await work.session.execute(
            select(Technician.telegram_user_id, Technician.role).order_by(Technician.id)
        )
        return [tuple(row) for row in rows]


@pytest.fixture
async def partner(uow):
    return await make_partner(uow)


async def test_asking_to_join_makes_nobody_a_technician_until_the_admin_says_yes(
    uow, links, partner
):
    requested = await ask(uow, TOM, await team_token(uow, links))

    assert (requested.partner_name, requested.partner_code, requested.requester_name) == (
        "Demo Installers",
        "DEMO1",
        "Tom Technician",
    )
    assert await members(uow) == [(ADMIN.id, TeamRole.PARTNER_ADMIN)]

    answered = await approve(uow, requested.request_id)

    assert answered.approved
    assert await members(uow) == [
        (ADMIN.id, TeamRole.PARTNER_ADMIN),
        (TOM.id, TeamRole.TECHNICIAN),
    ]


async def test_the_partner_admin_is_asked_and_the_requester_told_through_the_outbox(
    uow, links, partner
):
    requested = await ask(uow, TOM, await team_token(uow, links))
    await approve(uow, requested.request_id)
    await reject(uow, (await ask(uow, TINA, await team_token(uow, links))).request_id)

    name = {"name": "Tom Technician"}
    answers = [
        [
            {"text_key": "button.let_in", "values": name, "action": "team:let-in", "argument": 1},
            {
                "text_key": "button.turn_away",
                "values": name,
                "action": "team:turn-away",
                "argument": 1,
            },
        ]
    ]
    asked = {"name": "Tom Technician", "partner": "Demo Installers"}
    assert (await queued_messages(uow))[:2] == [
        (ADMIN.id, "team.join_request", asked, answers, TelegramMessageStatus.PENDING),
        (
            TOM.id,
            "team.joined",
            {"partner": "Demo Installers", "code": "DEMO1"},
            None,
            TelegramMessageStatus.PENDING,
        ),
    ]
    assert [(to, key) for to, key, *_ in await queued_messages(uow)][2:] == [
        (ADMIN.id, "team.join_request"),
        (TINA.id, "team.turned_away_you"),
    ]


async def test_one_team_link_serves_several_technicians(uow, links, partner):
    token = await team_token(uow, links)

    for user in (TOM, TINA):
        await approve(uow, (await ask(uow, user, token)).request_id)

    assert [user for user, _ in await members(uow)] == [ADMIN.id, TOM.id, TINA.id]


async def test_a_turned_away_person_is_no_technician_and_cannot_ask_again_with_that_link(
    uow, links, partner
):
    token = await team_token(uow, links)
    answered = await reject(uow, (await ask(uow, TOM, token)).request_id)
    assert (answered.approved, answered.requester_name) == (False, "Tom Technician")
    before = await database_contents(uow)

    with pytest.raises(NotAllowed) as refused:
        await ask(uow, TOM, token)

    assert refused.value.code == ErrorCode.JOIN_REQUEST_REJECTED
    assert await database_contents(uow) == before
    assert await members(uow) == [(ADMIN.id, TeamRole.PARTNER_ADMIN)]
    await approve(uow, (await ask(uow, TOM, await team_token(uow, links))).request_id)
    assert (TOM.id, TeamRole.TECHNICIAN) in await members(uow)


async def test_asking_again_while_waiting_changes_nothing(uow, links, partner):
    token = await team_token(uow, links)
    await ask(uow, TOM, token)
    before = await database_contents(uow)

    with pytest.raises(Conflict) as refused:
        await ask(uow, TOM, token)

    assert refused.value.code == ErrorCode.JOIN_REQUEST_WAITING
    assert await database_contents(uow) == before


async def test_a_request_is_answered_once(uow, links, partner):
    request_id = (await ask(uow, TOM, await team_token(uow, links))).request_id
    await approve(uow, request_id)
    before = await database_contents(uow)

    for answer in (approve, reject):
        with pytest.raises(Conflict) as refused:
            await answer(uow, request_id)
        assert refused.value.code == ErrorCode.JOIN_REQUEST_ANSWERED
    assert await database_contents(uow) == before


async def test_a_request_of_someone_who_joined_another_team_meanwhile_is_closed(
    uow, links, partner
):
    request_id = (await ask(uow, TOM, await team_token(uow, links))).request_id
    await make_partner(uow, name="Other Garage", code="OTHR1", admin_telegram_id=OTHER_ADMIN.id)
    other_request = (await ask(uow, TOM, await team_token(uow, links, OTHER_ADMIN))).request_id
    await approve(uow, other_request, OTHER_ADMIN)

    with pytest.raises(Conflict) as refused:
        await approve(uow, request_id)

    assert (
        refused.value.message == "Tom Technician is in another team by now; the request is closed."
    )
    async with uow.read_only() as work:
        status = await work.session.scalar(
            select(JoinRequest.status).where(JoinRequest.id == request_id)
        )
    assert status == JoinRequestStatus.REJECTED
    assert [(user, role) for user, role in await members(uow) if user == TOM.id] == [
        (TOM.id, TeamRole.TECHNICIAN)
    ]


async def test_only_the_own_partner_admin_answers_a_request(uow, links, partner):
    request_id = (await ask(uow, TOM, await team_token(uow, links))).request_id
    await make_partner(uow, name="Other Garage", code="OTHR1", admin_telegram_id=OTHER_ADMIN.id)
    before = await database_contents(uow)

    for user, error, code in (
        (OTHER_ADMIN, NotFound, ErrorCode.JOIN_REQUEST_GONE),
        (TINA, NotAllowed, ErrorCode.NOT_IN_A_TEAM),
        (TOM, NotAllowed, ErrorCode.NOT_IN_A_TEAM),
    ):
        for answer in (approve, reject):
            with pytest.raises(error) as refused:
                await answer(uow, request_id, user)
            assert refused.value.code == code
    with pytest.raises(NotFound):
        await approve(uow, 2**31 - 1)
    assert await database_contents(uow) == before


async def test_a_new_team_link_replaces_the_old_one(uow, links, partner, clock: ManualClock):
    old = await team_token(uow, links)
    clock.advance(timedelta(minutes=5))
    new = await team_token(uow, links)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable) as refused:
        await ask(uow, TOM, old)

    assert refused.value.code == ErrorCode.TEAM_LINK_REPLACED
    assert await database_contents(uow) == before
    await ask(uow, TOM, new)
    async with uow.read_only() as work:
        live = await work.session.scalars(select(TeamLink.id).where(TeamLink.replaced_at.is_(None)))
        assert len(live.all()) == 1


async def test_two_new_team_links_at_once_leave_one_live(uow, links, partner):
    await asyncio.gather(team_token(uow, links), team_token(uow, links))

    async with uow.read_only() as work:
        live = await work.session.scalars(select(TeamLink.id).where(TeamLink.replaced_at.is_(None)))
        assert len(live.all()) == 1


async def test_team_link_expires_after_a_day(uow, links, partner, clock: ManualClock):
    token = await team_token(uow, links)
    clock.advance(timedelta(hours=24))
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable) as refused:
        await ask(uow, TOM, token)

    assert refused.value.code == ErrorCode.TEAM_LINK_EXPIRED
    assert await database_contents(uow) == before


async def test_forged_team_token_asks_nobody(uow, links, partner):
    before = await database_contents(uow)
    with pytest.raises(LinkNotUsable) as refused:
        await ask(uow, TOM, "A" * 32)
    assert refused.value.code == ErrorCode.TEAM_LINK_NOT_VALID
    assert await database_contents(uow) == before


async def test_members_cannot_ask_to_join_a_team_again_or_a_second_one(uow, links, partner):
    await make_partner(uow, name="Other Garage", code="OTHR1", admin_telegram_id=TOM.id)
    token = await team_token(uow, links)
    before = await database_contents(uow)

    with pytest.raises(NotAllowed) as elsewhere:
        await ask(uow, TOM, token)
    with pytest.raises(LinkNotUsable) as here:
        await ask(uow, ADMIN, token)

    assert elsewhere.value.code == ErrorCode.ALREADY_IN_ANOTHER_TEAM
    assert elsewhere.value.values == {"partner": "Other Garage"}
    assert here.value.code == ErrorCode.ALREADY_IN_THIS_TEAM
    assert await database_contents(uow) == before


async def test_only_the_partner_admin_can_make_team_links(uow, links, partner):
    await approve(uow, (await ask(uow, TOM, await team_token(uow, links))).request_id)
    before = await database_contents(uow)

    for user, code in ((TOM, ErrorCode.PARTNER_ADMIN_ONLY), (TINA, ErrorCode.NOT_IN_A_TEAM)):
        with pytest.raises(NotAllowed) as refused:
            await team_token(uow, links, admin=user)
        assert refused.value.code == code
    assert await database_contents(uow) == before


async def test_a_team_link_is_stored_only_as_its_hash(uow, links, partner):
    token = await team_token(uow, links)

    contents = repr(await database_contents(uow))

    assert token not in contents
    async with uow.read_only() as work:
        view = await teams.show_team(work, ADMIN)
    assert view.link_expires_at is not None
