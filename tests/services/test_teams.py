"""A partner admin's team: who is in it, who waits to join, and removing a technician."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.actors import TeamRole, TelegramUser
from core.db.models import AccessGrant, Job, Technician
from core.db.uow import UnitOfWorkFactory
from core.errors import ErrorCode, NotAllowed, NotFound
from core.services import teams
from tests.factories import database_contents, make_partner, queued_messages
from tests.services.test_joining import ADMIN, TINA, TOM, approve, ask, team_token


async def join(uow: UnitOfWorkFactory, links, user: TelegramUser) -> None:
    await approve(uow, (await ask(uow, user, await team_token(uow, links))).request_id)


async def technician_id(uow: UnitOfWorkFactory, user: TelegramUser) -> int:
    async with uow.read_only() as work:
        return await work.session.scalar(
            select(Technician.id).where(Technician.telegram_user_id == user.id)
        )


@pytest.fixture
async def partner(uow):
    return await make_partner(uow)


async def test_the_team_lists_members_and_who_waits(uow, links, partner):
    await join(uow, links, TOM)
    await ask(uow, TINA, await team_token(uow, links))

    async with uow.read_only() as work:
        view = await teams.show_team(work, ADMIN)

    assert [(m.name, m.role) for m in view.members] == [
        ("Demo Installers admin", TeamRole.PARTNER_ADMIN),
        ("Tom Technician", TeamRole.TECHNICIAN),
    ]
    assert [row.name for row in view.waiting] == ["Tina Technician"]
    assert view.time_zone == "UTC"  # the partner works for no fleet yet


async def test_removing_a_technician_ends_their_access_grants(uow, links, partner, clock, fleets):
    await join(uow, links, TOM)
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

    assert (removed.name, removed.grants_ended) == ("Tom Technician", 1)
    told = (TOM.id, "team.removed_you", {"partner": "Demo Installers"}, None, "PENDING")
    assert (await queued_messages(uow))[-1] == told
    async with uow.read_only() as work:
        grant = await work.session.scalar(select(AccessGrant))
        assert (grant.ended_at, grant.end_reason) == (clock.now(), "technician_removed")
        assert await work.session.get(Technician, tom) is None


async def test_technician_cannot_remove_a_colleague(uow, links, partner):
    await join(uow, links, TOM)
    await join(uow, links, TINA)
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
