"""Bulk actions on every job matching a job table's filter, on all its pages, set-based."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from cloudboxx.demo import DEMO_VEHICLE_MODELS
from core.actors import TeamRole
from core.db.models import (
    AccessGrant,
    AuditEvent,
    BoxCommand,
    ChecklistAnswer,
    ExtraItem,
    Job,
    JobPhoto,
    OverrideDiff,
    ServicePartner,
    Technician,
    TelegramChat,
)
from core.errors import Conflict
from core.job_fields import InvalidJobData, JobType
from core.services import job_bulk, job_bulk_edit
from core.services.job_list import PAGE_SIZE, JobFilter, JobQuery, list_jobs
from core.services.job_selection import JobSelection
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job, queued_messages
from tests.services.test_jobs import force

TEAM = (810001, 810002, 810003)  # Volt Installers: the partner admin and two technicians
OTHER_TEAM = (820001,)


@pytest.fixture
async def volt(uow, manager, links, fleets) -> str:
    """Volt Installers, ACCEPTED for Berlin, with two technicians beside its partner admin."""
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    await add_technicians(uow, code, TEAM[1:])
    return code


@pytest.fixture
async def spark(uow, manager, links, fleets) -> str:
    """Spark Service, ACCEPTED for Berlin too: its partner admin only."""
    return await connect_partner(
        uow, manager, links, fleets["Berlin"], name="Spark Service", admin_telegram_id=OTHER_TEAM[0]
    )


async def add_technicians(uow, code: str, telegram_ids) -> None:
    async with uow() as work:
        partner_id = await work.session.scalar(
            select(ServicePartner.id).where(ServicePartner.partner_code == code)
        )
        work.session.add_all(
            Technician(
                telegram_user_id=telegram_id,
                partner_id=partner_id,
                role=TeamRole.TECHNICIAN,
                display_name=f"Tech {telegram_id}",
                joined_at=work.clock.now(),
            )
            for telegram_id in telegram_ids
        )
        await work.commit()


def every(*statuses: JobStatus, seen: int, job_type=JobType.INSTALLATION, **wanted):
    """Every job the table of job_type shows with these status chips and filters."""
    return JobSelection.matching(
        JobQuery(job_type, JobFilter(statuses=frozenset(statuses), **wanted)), seen=seen
    )


async def jobs_by_id(uow, job_ids) -> dict[int, Any]:
    """The jobs' rows (every column by name), by id."""
    async with uow.read_only() as work:
        rows = await work.session.execute(select(Job.__table__).where(Job.id.in_(job_ids)))
        return {row.id: row for row in rows}


async def events(uow, action: str) -> list[Any]:
    """The audit events of an action, oldest first, as rows."""
    async with uow.read_only() as work:
        table = AuditEvent.__table__
        statement = select(table).where(table.c.action == action).order_by(table.c.id)
        return list(await work.session.execute(statement))


async def shown_on_every_page(uow, manager, fleet_id: int, query: JobQuery) -> set[int]:
    """The ids the job table shows for query, page after page through its Next links."""
    shown: set[int] = set()
    cursor = None
    while True:
        async with uow.read_only() as work:
            page = await list_jobs(
                work,
                manager,
                fleet_id=fleet_id,
                query=JobQuery(query.job_type, query.filter, cursor=cursor),
            )
        shown |= {row.id for row in page.rows}
        if page.next_cursor is None:
            return shown
        cursor = page.next_cursor


async def test_assigning_all_jobs_matching_a_filter_assigns_the_pending_ones_on_every_page(
    uow, manager, fleets, volt, clock
):
    berlin = fleets["Berlin"]
    pending = [await make_job(uow, manager, berlin, license_plate=f"B-PD {n}") for n in range(55)]
    assigned = await make_job(uow, manager, berlin, partner_code=volt)
    running = await make_job(uow, manager, berlin, partner_code=volt)
    await force(uow, running, JobStatus.RUNNING)
    maintenance = await make_job(uow, manager, berlin, job_type="maintenance")
    munich = await make_job(uow, manager, fleets["Munich"])
    query = JobQuery(JobType.INSTALLATION)
    assert len(await shown_on_every_page(uow, manager, berlin, query)) == 57 > PAGE_SIZE
    told_before = await queued_messages(uow)
    clock.advance(timedelta(minutes=5))

    async with uow() as work:
        result = await job_bulk.assign_jobs(
            work, manager, fleet_id=berlin, selection=every(seen=57), partner_code=volt
        )

    assert result.summary == "55 assigned; 2 skipped: 1 already assigned, 1 running"
    jobs = await jobs_by_id(uow, [*pending, assigned, running, maintenance, munich])
    assert {jobs[job].status for job in pending} == {"ASSIGNED"}
    assert {jobs[job].partner_id for job in pending} == {jobs[assigned].partner_id}
    assert {jobs[job].updated_at for job in pending} == {clock.now()}
    assert [jobs[job].status for job in (running, maintenance, munich)] == [
        "RUNNING",
        "PENDING",
        "PENDING",
    ]
    moves = [e for e in await events(uow, "job.assigned") if e.at == clock.now()]
    assert sorted(e.subject for e in moves) == sorted(f"job:{job}" for job in pending)
    assert {e.details["partner_code"] for e in moves} == {volt}
    told = (await queued_messages(uow))[len(told_before) :]
    assert sorted((who, key, values["count"]) for who, key, values, _, _ in told) == [
        (person, "jobs.assigned_many", 55) for person in TEAM
    ]


async def test_a_filter_whose_jobs_changed_since_the_manager_looked_is_refused_and_changes_nothing(
    uow, manager, fleets, volt
):
    berlin = fleets["Berlin"]
    for _ in range(3):
        await make_job(uow, manager, berlin)
    before = await database_contents(uow)

    with pytest.raises(Conflict) as refused:
        async with uow() as work:
            await job_bulk.assign_jobs(
                work, manager, fleet_id=berlin, selection=every(seen=2), partner_code=volt
            )
    assert refused.value.message == (
        "The jobs matching this filter changed since you looked (2 then, 3 now): "
        "look at the table again."
    )
    for act in (job_bulk.unassign_jobs, job_bulk.delete_jobs):
        with pytest.raises(Conflict, match=r"\(4 then, 3 now\)"):
            async with uow() as work:
                await act(work, manager, fleet_id=berlin, selection=every(seen=4))
    with pytest.raises(Conflict, match=r"\(1 then, 3 now\)"):
        async with uow() as work:
            await job_bulk_edit.change_jobs(
                work,
                manager,
                fleet_id=berlin,
                selection=every(seen=1),
                field="year",
                value="2024",
                models=DEMO_VEHICLE_MODELS,
            )
    assert await database_contents(uow) == before


async def test_a_whole_filter_means_what_the_table_shows_its_search_partner_and_dates(
    uow, manager, fleets, volt, spark
):
    berlin = fleets["Berlin"]
    plates = {}
    for n in range(8):
        partner = volt if n % 2 else spark
        plates[
            await make_job(
                uow,
                manager,
                berlin,
                partner_code=partner,
                license_plate=f"B-{'EV' if n < 6 else 'XX'} {n}",
                service_date=f"2026-12-0{n + 1}",
            )
        ] = n
    query = JobQuery(
        JobType.INSTALLATION,
        JobFilter(
            statuses=frozenset({JobStatus.ASSIGNED}),
            partner_code=volt,
            text="b-ev",
            service_from=date(2026, 12, 3),
        ),
    )
    shown = await shown_on_every_page(uow, manager, berlin, query)
    assert sorted(plates[job] for job in shown) == [3, 5]

    async with uow() as work:
        result = await job_bulk.unassign_jobs(
            work, manager, fleet_id=berlin, selection=JobSelection.matching(query, seen=2)
        )

    assert result.summary == "2 unassigned"
    jobs = await jobs_by_id(uow, list(plates))
    assert {job for job in plates if jobs[job].status == "PENDING"} == shown


async def test_unassigning_all_jobs_matching_a_filter_tells_each_person_of_each_partner_once(
    uow, manager, fleets, volt, spark
):
    berlin = fleets["Berlin"]
    for _ in range(3):
        await make_job(uow, manager, berlin, partner_code=volt)
    await make_job(uow, manager, berlin, partner_code=spark, license_plate="B-SP 1")
    await make_job(uow, manager, berlin)
    told_before = await queued_messages(uow)

    async with uow() as work:
        result = await job_bulk.unassign_jobs(
            work, manager, fleet_id=berlin, selection=every(seen=5)
        )

    assert result.summary == "4 unassigned; 1 skipped: 1 pending"
    told = (await queued_messages(uow))[len(told_before) :]
    assert sorted((who, key) for who, key, *_ in told) == [
        *((person, "jobs.taken_back_many") for person in TEAM),
        (OTHER_TEAM[0], "jobs.taken_back_one"),
    ]
    assert [values.get("vehicle") for who, _, values, *_ in told if who in OTHER_TEAM] == ["B-SP 1"]


async def test_deleting_all_jobs_matching_a_filter_takes_their_records_and_keeps_the_audit_events(
    uow, manager, fleets, volt
):
    berlin = fleets["Berlin"]
    worked = await make_job(uow, manager, berlin, partner_code=volt, license_plate="B-WK 1")
    await force(uow, worked, JobStatus.RUNNING, JobStatus.FAILED)
    running = await make_job(uow, manager, berlin, partner_code=volt)
    await force(uow, running, JobStatus.RUNNING)
    assigned = await make_job(uow, manager, berlin, partner_code=volt, license_plate="B-AS 1")
    async with uow() as work:
        now = work.clock.now()
        grant = AccessGrant(job_id=worked, starts_at=now, ended_at=now, end_reason="completed")
        work.session.add(grant)
        await work.session.flush()
        work.session.add_all(
            [
                ExtraItem(
                    job_id=worked, position=1, label="Sticker", kind="confirm", required=True
                ),
                ChecklistAnswer(job_id=worked, step="vehicle", value={"vin": "x"}, answered_at=now),
                JobPhoto(
                    job_id=worked,
                    step="photos",
                    telegram_file_id="f",
                    telegram_file_unique_id="u",
                    taken_at=now,
                ),
                OverrideDiff(job_id=worked, field="fuel_type", used_value="DIESEL", at=now),
                BoxCommand(
                    job_id=worked,
                    grant_id=grant.id,
                    qnr="38429DA427AB7C25",
                    command="lock",
                    flow_id="flow-1",
                    status="DONE",
                    requested_at=now,
                ),
                TelegramChat(
                    id=TEAM[1], name="Tech", language="en", first_seen_at=now, job_id=worked
                ),
            ]
        )
        await work.commit()
    history = len([e for e in await events(uow, "job.started") if e.subject == f"job:{worked}"])
    told_before = await queued_messages(uow)

    async with uow() as work:
        result = await job_bulk.delete_jobs(work, manager, fleet_id=berlin, selection=every(seen=3))

    assert result.summary == "2 deleted; 1 skipped: 1 running"
    assert set(await jobs_by_id(uow, [worked, running, assigned])) == {running}
    after = await database_contents(uow)
    for table in ("extra_items", "checklist_answers", "job_photos", "override_diffs"):
        assert after[table] == [], table
    assert after["access_grants"] == []
    async with uow.read_only() as work:
        command = await work.session.scalar(select(BoxCommand))
        chat = await work.session.get_one(TelegramChat, TEAM[1])
        assert (command.job_id, command.grant_id, chat.job_id) == (None, None, None)
    started = [e for e in await events(uow, "job.started") if e.subject == f"job:{worked}"]
    assert len(started) == history == 1
    deleted = {e.subject: e.details for e in await events(uow, "job.deleted")}
    assert deleted == {
        f"job:{worked}": {"status": "FAILED", "vehicle": "B-WK 1", "bulk": True},
        f"job:{assigned}": {"status": "ASSIGNED", "vehicle": "B-AS 1", "bulk": True},
    }
    told = (await queued_messages(uow))[len(told_before) :]
    assert sorted((who, key, values.get("vehicle")) for who, key, values, *_ in told) == [
        (person, "jobs.taken_back_one", "B-AS 1") for person in TEAM
    ]


async def test_editing_all_matching_jobs_checks_each_vehicle_model_once_and_plans_the_field(
    uow, manager, fleets, clock
):
    berlin = fleets["Berlin"]
    golfs = [
        await make_job(
            uow, manager, berlin, vehicle_model_id="vw-golf-8", vin=f"WVWZZZ1KZAW00000{n}"
        )
        for n in range(3)
    ]
    yaris = await make_job(uow, manager, berlin, vehicle_model_id="toyota-yaris-hybrid")
    no_model = await make_job(uow, manager, berlin, license_plate="B-NM 1")
    before = await jobs_by_id(uow, [*golfs, yaris, no_model])
    clock.advance(timedelta(minutes=5))

    async with uow() as work:
        result = await job_bulk_edit.change_jobs(
            work,
            manager,
            fleet_id=berlin,
            selection=every(JobStatus.PENDING, seen=5),
            field="installation_variant",
            value="obd",
            models=DEMO_VEHICLE_MODELS,
        )

    assert result.summary == (
        "4 changed; 1 skipped: 1 The Toyota Yaris Hybrid takes no installation variant OBD; "
        "it takes CUSTOM, KEY_HOLDER."
    )
    after = await jobs_by_id(uow, [*golfs, yaris, no_model])
    for job in (*golfs, no_model):
        assert after[job].installation_variant == "OBD"
        assert after[job].updated_at == clock.now()
        assert after[job].search_text == before[job].search_text
    assert after[golfs[0]].planned_fields == ["vin", "vehicle_model_id", "installation_variant"]
    assert after[no_model].planned_fields == ["license_plate", "installation_variant"]
    assert (after[yaris].installation_variant, after[yaris].updated_at) == (
        None,
        before[yaris].updated_at,
    )
    edited = await events(uow, "job.edited")
    assert sorted(e.subject for e in edited) == sorted(f"job:{j}" for j in (*golfs, no_model))
    assert {str(e.details) for e in edited} == {
        str({"changed": ["installation_variant"], "bulk": True})
    }


async def test_clearing_a_field_on_all_matching_jobs_takes_it_out_of_their_planned_fields(
    uow, manager, fleets
):
    berlin = fleets["Berlin"]
    dated = await make_job(uow, manager, berlin, license_plate="B-D 1", service_date="2026-12-01")
    undated = await make_job(uow, manager, berlin, license_plate="B-D 2")

    async with uow() as work:
        result = await job_bulk_edit.change_jobs(
            work,
            manager,
            fleet_id=berlin,
            selection=every(seen=2, text="b-d"),
            field="service_date",
            value="",
            models=DEMO_VEHICLE_MODELS,
        )

    assert result.summary == "2 changed"
    jobs = await jobs_by_id(uow, [dated, undated])
    assert [(jobs[j].service_date, jobs[j].planned_fields) for j in (dated, undated)] == [
        (None, ["license_plate"]),
        (None, ["license_plate"]),
    ]


async def test_an_access_window_is_checked_against_each_jobs_other_end(uow, manager, fleets):
    berlin = fleets["Berlin"]
    early = await make_job(uow, manager, berlin, access_until="2026-12-01T10:00")
    late = await make_job(uow, manager, berlin, access_until="2026-12-03T10:00")
    open_ended = await make_job(uow, manager, berlin)

    async with uow() as work:
        result = await job_bulk_edit.change_jobs(
            work,
            manager,
            fleet_id=berlin,
            selection=every(seen=3),
            field="access_from",
            value="2026-12-02T08:00",
            models=DEMO_VEHICLE_MODELS,
        )

    assert result.summary == "2 changed; 1 skipped: 1 The access window ends before it starts."
    jobs = await jobs_by_id(uow, [early, late, open_ended])
    assert [jobs[job].access_from is not None for job in (early, late, open_ended)] == [
        False,
        True,
        True,
    ]


@pytest.mark.parametrize(
    ("models", "field", "value", "message"),
    [
        (
            ["toyota-yaris-hybrid"],
            "installation_variant",
            "OBD",
            "takes no installation variant OBD",
        ),
        (["", ""], "maintenance_type", "repair", "belongs to maintenance jobs only"),
        (["", ""], "service_date", "soon", "“soon” is not a date"),
        (["", ""], "vehicle_model_id", "tesla-cybertruck", "knows no vehicle model"),
        (["", ""], "configuration_preset", "rental", "choose the model first"),
    ],
    ids=["variant no model takes", "maintenance type", "bad date", "unknown model", "no model"],
)
async def test_a_value_that_fits_no_matching_job_is_refused_and_changes_nothing(
    uow, manager, fleets, models, field, value, message
):
    for model in models:
        await make_job(uow, manager, fleets["Berlin"], vehicle_model_id=model)
    before = await database_contents(uow)

    with pytest.raises(InvalidJobData, match=message):
        async with uow() as work:
            await job_bulk_edit.change_jobs(
                work,
                manager,
                fleet_id=fleets["Berlin"],
                selection=every(seen=len(models)),
                field=field,
                value=value,
                models=DEMO_VEHICLE_MODELS,
            )
    assert await database_contents(uow) == before


async def test_a_value_wrong_in_itself_is_refused_even_where_no_job_is_pending(
    uow, manager, fleets, volt
):
    await make_job(uow, manager, fleets["Berlin"], partner_code=volt)
    before = await database_contents(uow)

    with pytest.raises(InvalidJobData, match="is not a date"):
        async with uow() as work:
            await job_bulk_edit.change_jobs(
                work,
                manager,
                fleet_id=fleets["Berlin"],
                selection=every(seen=1),
                field="service_date",
                value="31.12.2026",
                models=DEMO_VEHICLE_MODELS,
            )
    assert await database_contents(uow) == before


def test_no_field_set_in_bulk_is_searched_so_search_text_stays_right():
    from core.services.job_records import SEARCHED

    assert not set(job_bulk_edit.BULK_FIELDS) & set(SEARCHED)


async def test_two_managers_assigning_the_same_filter_at_once_assign_each_job_once(
    uow, manager, fleets, volt
):
    berlin = fleets["Berlin"]
    for _ in range(20):
        await make_job(uow, manager, berlin)
    told_before = len(await queued_messages(uow))

    async def assign() -> str:
        async with uow() as work:
            result = await job_bulk.assign_jobs(
                work, manager, fleet_id=berlin, selection=every(seen=20), partner_code=volt
            )
        return result.summary

    summaries = await asyncio.gather(assign(), assign())

    assert sorted(summaries) == ["0 assigned; 20 skipped: 20 already assigned", "20 assigned"]
    assert len(await events(uow, "job.assigned")) == 20
    told = (await queued_messages(uow))[told_before:]
    assert sorted(who for who, *_ in told) == sorted(TEAM)
