"""A technician's job in core: Start with one winner, the access and how it ends, the box."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from cloudboxx.demo import BERLIN_GOLF, BERLIN_NEW_1, GOLF, MUNICH_NEW_1
from core.actors import TeamRole, TelegramUser
from core.db.models import AccessGrant, BoxCommand, Job, ServicePartner, Technician, TelegramMessage
from core.errors import InvalidInput, NotAllowed, NotFound
from core.services import (
    access,
    box_identity,
    box_live,
    box_setup,
    checklists,
    jobs,
    teams,
    technician_jobs,
)
from core.services.box_commands import send_due_follow_ups
from core.services.chats import meet_telegram_user
from tests.factories import connect_partner, database_contents, make_job, make_partner

ADMIN = 810001
TECHNICIANS = range(820001, 820051)  # fifty of them
ACCESS_MAX = timedelta(hours=8)


@pytest.fixture
async def team(uow, manager, links, fleets) -> str:
    """Volt Installers, ACCEPTED for Berlin, with fifty technicians; returns its Partner ID."""
    code = await connect_partner(uow, manager, links, fleets["Berlin"], admin_telegram_id=ADMIN)
    async with uow() as work:
        partner = (await work.session.scalars(select(ServicePartner))).one()
        for number, user_id in enumerate(TECHNICIANS, start=1):
            work.session.add(
                Technician(
                    telegram_user_id=user_id,
                    partner_id=partner.id,
                    role=TeamRole.TECHNICIAN,
                    display_name=f"Technician {number}",
                    joined_at=work.clock.now(),
                )
            )
        await work.commit()
    for number in range(1, len(TECHNICIANS) + 1):  # each has met the bot: they have a chat
        async with uow() as work:
            await meet_telegram_user(work, tech(number))
    return code


def tech(number: int = 1) -> TelegramUser:
    return TelegramUser(id=TECHNICIANS[number - 1], name=f"Technician {number}")


async def golf_job(uow, manager, fleets, team, **raw) -> int:
    fields = {
        "license_plate": "B-FC 42",
        "vin": "WVWZZZCDZMW123456",
        "vehicle_model_id": GOLF,
        "installation_variant": "OBD",
        "central_lock_connection_type": "CAN",
        "fuel_type": "PETROL",
        "qnr": BERLIN_NEW_1,
    }
    return await make_job(uow, manager, fleets["Berlin"], partner_code=team, **{**fields, **raw})


async def start(services, job_id: int, number: int = 1):
    models = await services.catalogue.by_id()
    async with services.uow() as work:
        return await technician_jobs.start_job(
            work, tech(number), job_id=job_id, access_max=ACCESS_MAX, models=models
        )


async def job_state(uow, job_id: int) -> tuple:
    async with uow.read_only() as work:
        job = await work.session.get_one(Job, job_id)
        return job.status, job.technician_id, job.failure_reason


async def grant_rows(uow) -> list[tuple]:
    async with uow.read_only() as work:
        rows = await work.session.execute(
            select(AccessGrant.technician_id, AccessGrant.ended_at, AccessGrant.end_reason)
        )
        return [tuple(row) for row in rows]


async def follow_ups(uow) -> list[tuple]:
    async with uow.read_only() as work:
        rows = await work.session.execute(
            select(BoxCommand.command, BoxCommand.status, BoxCommand.attempts).where(
                BoxCommand.purpose == "secure"
            )
        )
        return [tuple(row) for row in rows]


async def test_fifty_technicians_pressing_start_at_once_make_one_running_job(
    services, manager, fleets, team
):
    job_id = await golf_job(services.uow, manager, fleets, team)

    results = await asyncio.gather(
        *(start(services, job_id, number) for number in range(1, 51)), return_exceptions=True
    )

    won = [r for r in results if not isinstance(r, BaseException)]
    refused = [r for r in results if isinstance(r, NotAllowed)]
    assert len(won) == 1 and len(refused) == 49, [
        r for r in results if isinstance(r, Exception) and not isinstance(r, NotAllowed)
    ]
    assert all("has started this job already" in r.message for r in refused)
    status, _, _ = await job_state(services.uow, job_id)
    assert status == "RUNNING"
    assert len(await grant_rows(services.uow)) == 1


async def test_start_again_by_the_same_technician_shows_the_checklist_and_opens_nothing_more(
    services, manager, fleets, team
):
    job_id = await golf_job(services.uow, manager, fleets, team)
    first = await start(services, job_id)
    again = await start(services, job_id)

    assert first.step.key == again.step.key == "vehicle"
    assert len(await grant_rows(services.uow)) == 1


async def test_a_technician_of_another_partner_cannot_see_or_start_the_job(
    services, manager, fleets, team
):
    job_id = await golf_job(services.uow, manager, fleets, team)
    await make_partner(services.uow, name="Other Crew", code="OTHR1", admin_telegram_id=990001)
    before = await database_contents(services.uow)
    models = await services.catalogue.by_id()

    with pytest.raises(NotFound, match="not one of your partner's"):
        async with services.uow() as work:
            await technician_jobs.start_job(
                work,
                TelegramUser(990001, "Other"),
                job_id=job_id,
                access_max=ACCESS_MAX,
                models=models,
            )
    assert await database_contents(services.uow) == before


async def test_a_job_before_its_access_window_cannot_be_started(
    services, manager, fleets, team, clock
):
    job_id = await golf_job(
        services.uow,
        manager,
        fleets,
        team,
        access_from="2026-11-28 08:00",
        access_until="2026-11-28 12:00",
    )
    before = await database_contents(services.uow)

    with pytest.raises(NotAllowed, match="begins on 28 Nov 2026, 08:00 CET"):
        await start(services, job_id)
    assert await database_contents(services.uow) == before


async def test_the_window_closing_mid_checklist_fails_the_job_and_secures_the_box(
    services, manager, fleets, team, clock
):
    job_id = await golf_job(
        services.uow,
        manager,
        fleets,
        team,
        access_from="2026-11-27 09:00",
        access_until="2026-11-27 11:00",
    )
    await start(services, job_id)
    models = await services.catalogue.by_id()
    async with services.uow() as work:
        await checklists.answer_text(work, tech(), job_id=job_id, text="123456", models=models)
    await box_identity.answer_typed(services, tech(), BERLIN_NEW_1)
    for step in ("fit_obd", "wire_can", "fit_card_reader", "fit_bluetooth"):
        async with services.uow() as work:
            await checklists.confirm_step(work, tech(), job_id=job_id, step_key=step, models=models)
    await box_setup.apply_setup(services, tech(), job_id=job_id)

    clock.advance(timedelta(minutes=46))  # 09:46 UTC is 10:46 CET: a quarter of an hour left
    async with services.uow() as work:
        assert await access.warn_ending_grants(work) == 1
        assert await access.end_overdue_grants(work, models) == 0
        await work.commit()
    clock.advance(timedelta(minutes=15))
    async with services.uow() as work:
        assert await access.end_overdue_grants(work, models) == 1
        await work.commit()

    status, _, reason = await job_state(services.uow, job_id)
    assert (status, reason) == ("FAILED", "access_window_ended")
    ((_, ended_at, why),) = await grant_rows(services.uow)
    assert why == "window_closed" and ended_at is not None
    assert await follow_ups(services.uow) == [("LOCK_AND_DISABLE_DRIVING", "PENDING", 0)]
    async with services.uow.read_only() as work:
        told = (await work.session.scalars(select(TelegramMessage.text_key))).all()
    assert "access.ending_soon" in told and "access.ended.window_closed" in told
    with pytest.raises(NotAllowed, match="FAILED now"):
        async with services.uow() as work:
            await checklists.answer_text(
                work, tech(), job_id=job_id, text=BERLIN_NEW_1, models=models
            )


async def walk_to_tests(services, job_id: int) -> None:
    """Start, then every step up to the live tests: the box is in the car and set up."""
    await start(services, job_id)
    await box_identity.answer_typed(services, tech(), "123456")
    await box_identity.answer_typed(services, tech(), BERLIN_NEW_1)
    models = await services.catalogue.by_id()
    for step in ("fit_obd", "wire_can", "fit_card_reader", "fit_bluetooth"):
        async with services.uow() as work:
            await checklists.confirm_step(work, tech(), job_id=job_id, step_key=step, models=models)
    await box_setup.apply_setup(services, tech(), job_id=job_id)


async def test_an_unreachable_box_gets_its_follow_up_again_until_it_answers(
    services, manager, fleets, team, boxes, clock
):
    job_id = await golf_job(services.uow, manager, fleets, team)
    await walk_to_tests(services, job_id)
    boxes.set_faults(BERLIN_NEW_1, offline=True)
    async with services.uow() as work:
        await access.revoke_access(
            work, manager, fleet_id=fleets["Berlin"], job_id=job_id, models={}
        )

    assert await send_due_follow_ups(services.uow, boxes) == 1
    assert await follow_ups(services.uow) == [("LOCK_AND_DISABLE_DRIVING", "PENDING", 1)]
    assert await send_due_follow_ups(services.uow, boxes) == 0  # waits for its backoff
    clock.advance(timedelta(seconds=3))
    boxes.set_faults(BERLIN_NEW_1, offline=False)
    assert await send_due_follow_ups(services.uow, boxes) == 1
    assert await follow_ups(services.uow) == [("LOCK_AND_DISABLE_DRIVING", "DONE", 2)]
    assert (await job_state(services.uow, job_id))[2] == "access_revoked"


async def test_a_box_going_offline_during_a_test_offers_retry_and_records_nothing_done(
    services, manager, fleets, team, boxes
):
    job_id = await golf_job(services.uow, manager, fleets, team)
    await walk_to_tests(services, job_id)
    boxes.set_faults(BERLIN_NEW_1, offline=True)

    view = await box_live.run_test(services, tech(), job_id=job_id, step_key="test_state")

    assert view.step.key == "test_state" and view.answer is None
    assert view.note.text_key in ("note.box_unreachable", "note.test_failed")
    boxes.set_faults(BERLIN_NEW_1, offline=False)
    view = await box_live.run_test(services, tech(), job_id=job_id, step_key="test_state")
    assert view.step.key == "test_lock"


async def test_removing_the_technician_gives_the_job_back_and_secures_the_box(
    services, manager, fleets, team
):
    job_id = await golf_job(services.uow, manager, fleets, team)
    await walk_to_tests(services, job_id)
    async with services.uow.read_only() as work:
        technician_id = (
            await work.session.scalars(
                select(Technician.id).where(Technician.telegram_user_id == TECHNICIANS[0])
            )
        ).one()
    async with services.uow() as work:
        removed = await teams.remove_technician(
            work, TelegramUser(ADMIN, "Admin"), technician_id=technician_id
        )

    assert removed.grants_ended == 1
    assert (await job_state(services.uow, job_id))[0] == "ASSIGNED"
    assert await follow_ups(services.uow) == [("LOCK_AND_DISABLE_DRIVING", "PENDING", 0)]


async def test_a_box_of_another_fleet_cannot_be_taken_for_the_job(services, manager, fleets, team):
    job_id = await golf_job(services.uow, manager, fleets, team, qnr="")
    await start(services, job_id)
    await box_identity.answer_typed(services, tech(), "123456")
    before = await database_contents(services.uow)

    with pytest.raises(InvalidInput, match="belongs to another fleet than Berlin"):
        await box_identity.answer_typed(services, tech(), MUNICH_NEW_1)
    with pytest.raises(InvalidInput, match="installed in another vehicle"):
        await box_identity.answer_typed(services, tech(), BERLIN_GOLF)
    assert await database_contents(services.uow) == before


async def test_a_reopened_job_starts_its_checklist_afresh(services, manager, fleets, team):
    job_id = await golf_job(services.uow, manager, fleets, team)
    await walk_to_tests(services, job_id)
    models = await services.catalogue.by_id()
    async with services.uow() as work:
        await checklists.ask_failure(work, tech(), job_id=job_id, models=models)
    async with services.uow() as work:
        await checklists.choose_failure_reason(
            work, tech(), job_id=job_id, reason="box_defective", models=models
        )
    await box_identity.answer_typed(services, tech(), "The box does not power up.")
    async with services.uow() as work:
        await jobs.reopen_job(
            work, manager, fleet_id=fleets["Berlin"], job_id=job_id, assign_again=True
        )

    view = await start(services, job_id, 2)

    assert (view.step.key, view.number) == ("vehicle", 1)


async def test_ten_taps_of_a_test_send_one_command_to_the_box(
    services, manager, fleets, team, boxes
):
    job_id = await golf_job(services.uow, manager, fleets, team)
    await walk_to_tests(services, job_id)
    boxes.set_faults(BERLIN_NEW_1, slow_seconds=2.0)

    results = await asyncio.gather(
        *(
            box_live.run_test(services, tech(), job_id=job_id, step_key="test_state")
            for _ in range(10)
        ),
        return_exceptions=True,
    )

    busy = [r for r in results if isinstance(r, NotAllowed) and "still busy" in r.message]
    moved = [r for r in results if isinstance(r, NotAllowed) and "behind you" in r.message]
    assert len(busy) + len(moved) == 9, results
    async with services.uow.read_only() as work:
        sent = (
            await work.session.scalars(select(BoxCommand.id).where(BoxCommand.step == "test_state"))
        ).all()
    assert len(sent) == 1
