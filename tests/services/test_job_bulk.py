"""The same action on jobs ticked in a table, with what was done and what was left why."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cloudboxx.demo import DEMO_VEHICLE_MODELS
from core.db.models import AccessGrant, Job
from core.errors import InvalidInput, NotFound
from core.job_fields import InvalidJobData
from core.services import job_bulk, job_bulk_edit, partners
from core.services.job_selection import JobSelection
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job
from tests.services.test_jobs import force


@pytest.fixture
async def partner(uow, manager, links, fleets) -> str:
    return await connect_partner(uow, manager, links, fleets["Berlin"])


async def statuses(uow, job_ids) -> list[str]:
    async with uow.read_only() as work:
        rows = await work.session.execute(
            select(Job.id, Job.status).where(Job.id.in_(job_ids)).order_by(Job.id)
        )
        return [status for _, status in rows]


async def test_bulk_assign_gives_the_pending_jobs_and_names_those_it_skipped(
    uow, manager, fleets, partner
):
    pending = [await make_job(uow, manager, fleets["Berlin"]) for _ in range(3)]
    assigned = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    running = await make_job(uow, manager, fleets["Berlin"])
    await force(uow, running, JobStatus.ASSIGNED, JobStatus.RUNNING)
    munich = await make_job(uow, manager, fleets["Munich"])

    async with uow() as work:
        result = await job_bulk.assign_jobs(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            selection=JobSelection.picked([*pending, assigned, running, munich]),
            partner_code=partner,
        )

    assert result.done == 3
    assert result.summary == "3 assigned; 3 skipped: 1 already assigned, 1 not found, 1 running"
    assert await statuses(uow, pending) == ["ASSIGNED"] * 3
    assert await statuses(uow, [munich]) == ["PENDING"]


async def test_bulk_unassign_takes_assigned_jobs_back(uow, manager, fleets, partner):
    assigned = [await make_job(uow, manager, fleets["Berlin"], partner_code=partner) for _ in "ab"]
    pending = await make_job(uow, manager, fleets["Berlin"])

    async with uow() as work:
        result = await job_bulk.unassign_jobs(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            selection=JobSelection.picked([*assigned, pending]),
        )

    assert result.summary == "2 unassigned; 1 skipped: 1 pending"
    assert await statuses(uow, assigned) == ["PENDING", "PENDING"]


async def test_bulk_delete_keeps_running_jobs(uow, manager, fleets):
    keep = await make_job(uow, manager, fleets["Berlin"])
    await force(uow, keep, JobStatus.ASSIGNED, JobStatus.RUNNING)
    gone = [await make_job(uow, manager, fleets["Berlin"]) for _ in "ab"]

    async with uow() as work:
        result = await job_bulk.delete_jobs(
            work, manager, fleet_id=fleets["Berlin"], selection=JobSelection.picked([keep, *gone])
        )

    assert result.summary == "2 deleted; 1 skipped: 1 running"
    assert await statuses(uow, [keep, *gone]) == ["RUNNING"]


async def test_bulk_edit_sets_one_field_where_each_jobs_model_takes_it(uow, manager, fleets):
    golf = await make_job(uow, manager, fleets["Berlin"], vehicle_model_id="vw-golf-8")
    yaris = await make_job(uow, manager, fleets["Berlin"], vehicle_model_id="toyota-yaris-hybrid")

    async with uow() as work:
        result = await job_bulk_edit.change_jobs(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            selection=JobSelection.picked([golf, yaris]),
            field="installation_variant",
            value="obd",
            models=DEMO_VEHICLE_MODELS,
        )

    assert result.done == 1
    assert [(s.reason, s.count) for s in result.skipped] == [
        (
            "The Toyota Yaris Hybrid takes no installation variant OBD; "
            "it takes CUSTOM, KEY_HOLDER.",
            1,
        )
    ]
    async with uow.read_only() as work:
        job = await work.session.get_one(Job, golf)
        assert (job.installation_variant, "installation_variant" in job.planned_fields) == (
            "OBD",
            True,
        )


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("service_date", "31.12.2026", InvalidJobData),
        ("vin", "WVWZZZ1KZAW000001", InvalidInput),  # one vehicle each: not a bulk field
        ("status", "SUCCEEDED", InvalidInput),
    ],
)
async def test_bulk_edit_refuses_a_value_wrong_in_itself_for_all(
    uow, manager, fleets, field, value, error
):
    job_id = await make_job(uow, manager, fleets["Berlin"])
    before = await database_contents(uow)

    with pytest.raises(error):
        async with uow() as work:
            await job_bulk_edit.change_jobs(
                work,
                manager,
                fleet_id=fleets["Berlin"],
                selection=JobSelection.picked([job_id]),
                field=field,
                value=value,
                models=DEMO_VEHICLE_MODELS,
            )
    assert await database_contents(uow) == before


async def test_an_empty_or_foreign_selection_changes_nothing(uow, manager, passwords, fleets):
    from tests.factories import make_manager

    job_id = await make_job(uow, manager, fleets["Berlin"])
    munich_only = await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[fleets["Munich"]],
        email="munich@demo.test",
    )
    before = await database_contents(uow)

    with pytest.raises(InvalidInput, match="Select at least one job"):
        JobSelection.picked([])
    with pytest.raises(NotFound):
        async with uow() as work:
            await job_bulk.delete_jobs(
                work,
                munich_only,
                fleet_id=fleets["Berlin"],
                selection=JobSelection.picked([job_id]),
            )
    async with uow() as work:
        result = await job_bulk.delete_jobs(
            work, munich_only, fleet_id=fleets["Munich"], selection=JobSelection.picked([job_id])
        )
    assert result.summary == "0 deleted; 1 skipped: 1 not found"
    assert await database_contents(uow) == before


async def test_removing_a_partner_unassigns_its_jobs_and_fails_the_running_ones(
    uow, manager, links, fleets, partner
):
    assigned = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    running = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    await force(uow, running, JobStatus.RUNNING)
    async with uow() as work:
        job = await work.session.get_one(Job, running)
        work.session.add(AccessGrant(job_id=job.id, starts_at=work.clock.now()))
        await work.commit()
    async with uow.read_only() as work:
        rows = await partners.list_partner_connections(work, manager, fleet_id=fleets["Berlin"])

    async with uow() as work:
        await partners.remove_partner_connection(
            work, manager, fleet_id=fleets["Berlin"], connection_id=rows[0].connection_id
        )

    async with uow.read_only() as work:
        unassigned = await work.session.get_one(Job, assigned)
        failed = await work.session.get_one(Job, running)
        grant = await work.session.scalar(select(AccessGrant))
        assert (unassigned.status, unassigned.partner_id) == ("PENDING", None)
        assert (failed.status, failed.failure_reason) == ("FAILED", "partner_removed")
        assert (grant.end_reason, grant.ended_at) == ("partner_removed", work.clock.now())


@pytest.mark.parametrize(
    ("raw", "field", "value", "stored"),
    [
        ({"vehicle_model_id": "vw-golf-8"}, "configuration_preset", "rental", "rental"),
        ({"job_type": "maintenance"}, "maintenance_type", "inspection", "INSPECTION"),
    ],
)
async def test_bulk_edit_sets_fields_that_depend_on_each_jobs_other_data(
    uow, manager, fleets, raw, field, value, stored
):
    job_id = await make_job(uow, manager, fleets["Berlin"], **raw)

    async with uow() as work:
        result = await job_bulk_edit.change_jobs(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            selection=JobSelection.picked([job_id]),
            field=field,
            value=value,
            models=DEMO_VEHICLE_MODELS,
        )

    assert result.done == 1
    async with uow.read_only() as work:
        assert getattr(await work.session.get_one(Job, job_id), field) == stored
