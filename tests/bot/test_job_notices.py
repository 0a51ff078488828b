"""A partner's team hears of jobs given to it and taken from it: one message each per batch."""

from __future__ import annotations

from sqlalchemy import select

from core.db.models import ServicePartner
from core.services import job_bulk, partners
from core.services.job_selection import JobSelection
from tests.bot.test_teams import PETRA, TINA, TOM, demo_team
from tests.factories import make_job


async def partner_code(services) -> str:
    async with services.uow.read_only() as work:
        return (await work.session.scalars(select(ServicePartner.partner_code))).one()


async def test_assigning_forty_jobs_sends_each_team_member_one_message(
    telegram, services, manager, fleets
):
    await demo_team(telegram, services, manager, fleets)
    berlin = fleets["Berlin"]
    job_ids = [await make_job(services.uow, manager, berlin) for _ in range(40)]
    said = {user: len(telegram.sandbox.bot_messages(user)) for user in (PETRA, TOM, TINA)}

    async with services.uow() as work:
        result = await job_bulk.assign_jobs(
            work,
            manager,
            fleet_id=berlin,
            selection=JobSelection.picked(job_ids),
            partner_code=await partner_code(services),
        )
    await telegram.deliver()

    assert result.summary == "40 assigned"
    new = {user: telegram.sandbox.bot_messages(user)[said[user] :] for user in said}
    assert [m.text for m in new[PETRA]] == [
        "🆕 40 new jobs for Demo Installers in the fleet Berlin."
    ]
    assert [m.text for m in new[TOM]] == ["🆕 40 new jobs for Demo Installers in the fleet Berlin."]
    assert [m.text for m in new[TINA]] == [
        "🆕 40 neue Aufträge für Demo Installers in der Flotte Berlin."  # Tina reads German
    ]


async def test_one_job_taken_back_names_its_vehicle(telegram, services, manager, fleets):
    petra, _tom, _tina = await demo_team(telegram, services, manager, fleets)
    code = await partner_code(services)
    job_id = await make_job(
        services.uow, manager, fleets["Berlin"], partner_code=code, license_plate="B-FC 42"
    )
    await telegram.deliver()

    async with services.uow() as work:
        await job_bulk.unassign_jobs(
            work, manager, fleet_id=fleets["Berlin"], selection=JobSelection.picked([job_id])
        )
    await telegram.deliver()

    assert petra.messages[-2].text == (
        "🆕 A new job for Demo Installers in the fleet Berlin: B-FC 42."
    )
    assert petra.last.text == (
        "↩️ The fleet manager of Berlin took back the job for B-FC 42 from Demo Installers."
    )


async def test_the_partner_admin_hears_that_the_partner_was_removed_from_the_fleet(
    telegram, services, manager, fleets
):
    petra, tom, _tina = await demo_team(telegram, services, manager, fleets)
    await make_job(
        services.uow, manager, fleets["Berlin"], partner_code=await partner_code(services)
    )
    await telegram.deliver()
    tom_said = len(tom.messages)
    async with services.uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])

    async with services.uow() as work:
        await partners.remove_partner_connection(
            work, manager, fleet_id=fleets["Berlin"], connection_id=rows[0].connection_id
        )
    await telegram.deliver()

    assert petra.last.text == (
        "Demo Installers no longer works for the fleet Berlin: its fleet manager ended the "
        "connection. Jobs taken back: 1."
    )
    assert len(tom.messages) == tom_said  # technicians are not told
