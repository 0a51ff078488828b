"""A partner admin brings technicians into the team with single-use links and can remove them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import TeamRole, TelegramUser
from core.clock import ManualClock
from core.db.models import AccessGrant, Job, TeamInvitation, Technician
from core.db.uow import UnitOfWorkFactory
from core.errors import ErrorCode, LinkNotUsable, NotAllowed, NotFound
from core.links import DeepLinks, parse_start_payload
from core.services import teams
from tests.factories import database_contents, make_partner

ADMIN = TelegramUser(id=500001, name="Demo Installers admin")
TOM = TelegramUser(id=600001, name="Tom Technician")
TINA = TelegramUser(id=600002, name="Tina Technician")


async def team_token(uow: UnitOfWorkFactory, links: DeepLinks, admin=ADMIN) -> str:
    async with uow() as work:
        link = await teams.create_team_link(work, admin, links=links)
    _kind, token = parse_start_payload(link.payload)
    assert link.url.endswith(f"?start={link.payload}")
    return token


async def join(uow: UnitOfWorkFactory, user: TelegramUser, token: str):
    async with uow() as work:
        return await teams.join_team(work, user, token=token)


async def technician_id(uow: UnitOfWorkFactory, user: TelegramUser) -> int:
    async with uow.read_only() as work:
        return await work.session.scalar(
            select(Technician.id).where(Technician.telegram_user_id == user.id)
        )


@pytest.fixture
async def partner(uow):
    return await make_partner(uow)


async def test_technician_joins_the_team_with_a_team_link(uow, links, partner):
    joined = await join(uow, TOM, await team_token(uow, links))

    assert (joined.partner_name, joined.partner_code, joined.technician_name) == (
        "Demo Installers",
        "DEMO1",
        "Tom Technician",
    )
    assert [admin.telegram_user_id for admin in joined.partner_admins] == [ADMIN.id]
    async with uow.read_only() as work:
        view = await teams.show_team(work, ADMIN)
    assert [(m.name, m.role) for m in view.members] == [
        ("Demo Installers admin", TeamRole.PARTNER_ADMIN),
        ("Tom Technician", TeamRole.TECHNICIAN),
    ]


async def test_team_link_cannot_be_used_twice(uow, links, partner):
    token = await team_token(uow, links)
    await join(uow, TOM, token)
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable) as refused:
        await join(uow, TINA, token)

    assert refused.value.code == ErrorCode.TEAM_LINK_USED
    assert await database_contents(uow) == before


async def test_team_link_expires_after_a_day(uow, links, partner, clock: ManualClock):
    token = await team_token(uow, links)
    clock.advance(timedelta(hours=24))
    before = await database_contents(uow)

    with pytest.raises(LinkNotUsable) as refused:
        await join(uow, TOM, token)

    assert refused.value.code == ErrorCode.TEAM_LINK_EXPIRED
    assert await database_contents(uow) == before


async def test_forged_team_token_joins_nobody(uow, links, partner):
    before = await database_contents(uow)
    with pytest.raises(LinkNotUsable) as refused:
        await join(uow, TOM, "A" * 32)
    assert refused.value.code == ErrorCode.TEAM_LINK_NOT_VALID
    assert await database_contents(uow) == before


async def test_member_of_another_team_cannot_join_a_second_one(uow, links, partner):
    await make_partner(uow, name="Other Garage", code="OTHR1", admin_telegram_id=TOM.id)
    token = await team_token(uow, links)
    before = await database_contents(uow)

    with pytest.raises(NotAllowed) as refused:
        await join(uow, TOM, token)

    assert refused.value.code == ErrorCode.ALREADY_IN_ANOTHER_TEAM
    assert refused.value.values == {"partner": "Other Garage"}
    assert await database_contents(uow) == before


async def test_only_the_partner_admin_can_make_team_links(uow, links, partner):
    await join(uow, TOM, await team_token(uow, links))
    before = await database_contents(uow)

    for user, code in ((TOM, ErrorCode.PARTNER_ADMIN_ONLY), (TINA, ErrorCode.NOT_IN_A_TEAM)):
        with pytest.raises(NotAllowed) as refused:
            await team_token(uow, links, admin=user)
        assert refused.value.code == code
    assert await database_contents(uow) == before


async def test_removing_a_technician_ends_their_access_grants(uow, links, partner, clock, fleets):
    await join(uow, TOM, await team_token(uow, links))
    tom = await technician_id(uow, TOM)
    async with uow() as work:
        job = Job(
            fleet_id=fleets["Berlin"],
            status="RUNNING",
            created_at=clock.now(),
            updated_at=clock.now(),
        )
        work.session.add(job)
        await work.session.flush()
        work.session.add(AccessGrant(job_id=job.id, technician_id=tom, starts_at=clock.now()))
        await work.commit()

    async with uow() as work:
        removed = await teams.remove_technician(work, ADMIN, technician_id=tom)

    assert (removed.name, removed.telegram_user_id, removed.grants_ended) == (
        "Tom Technician",
        TOM.id,
        1,
    )
    async with uow.read_only() as work:
        grant = await work.session.scalar(select(AccessGrant))
        assert (grant.ended_at, grant.end_reason) == (clock.now(), "technician_removed")
        assert await work.session.get(Technician, tom) is None


async def test_technician_cannot_remove_a_colleague(uow, links, partner):
    await join(uow, TOM, await team_token(uow, links))
    await join(uow, TINA, await team_token(uow, links))
    before = await database_contents(uow)

    with pytest.raises(NotAllowed) as refused:
        async with uow() as work:
            await teams.remove_technician(work, TINA, technician_id=await technician_id(uow, TOM))

    assert refused.value.code == ErrorCode.PARTNER_ADMIN_ONLY
    assert await database_contents(uow) == before


async def test_admin_cannot_remove_someone_of_another_team_or_themselves(uow, links, partner):
    await make_partner(uow, name="Other Garage", code="OTHR1", admin_telegram_id=TOM.id)
    before = await database_contents(uow)

    for target, error, code in (
        (TOM, NotFound, ErrorCode.NOT_IN_YOUR_TEAM),
        (ADMIN, NotAllowed, ErrorCode.CANNOT_REMOVE_PARTNER_ADMIN),
    ):
        with pytest.raises(error) as refused:
            async with uow() as work:
                await teams.remove_technician(
                    work, ADMIN, technician_id=await technician_id(uow, target)
                )
        assert refused.value.code == code
    assert await database_contents(uow) == before


async def test_team_link_is_stored_only_as_a_hash(uow, links, partner):
    token = await team_token(uow, links)
    async with uow.read_only() as work:
        stored = (
            await work.session.execute(select(TeamInvitation.token_hash, TeamInvitation.link_nonce))
        ).one()
    assert token not in stored
