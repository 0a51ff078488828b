"""The Overview's counts, chart and attention lists; the override record; the chosen columns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import TelegramUser
from core.db.models import Job, OverrideDiff
from core.errors import InvalidInput, NotAllowed, NotFound
from core.job_fields import JobType
from core.services import job_columns, overrides
from core.services.overview import show_overview
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job
from tests.services.test_jobs import force

ADMIN = TelegramUser(id=810001, name="Volt Installers admin")


async def test_the_overview_counts_charts_and_lists_what_needs_attention(
    uow, manager, links, fleets, clock
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    overdue = await make_job(
        uow, manager, fleets["Berlin"], partner_code=code, service_date="2026-11-20"
    )
    await make_job(uow, manager, fleets["Berlin"], partner_code=code, service_date="2026-12-20")
    failed = await make_job(uow, manager, fleets["Berlin"], partner_code=code)
    done = await make_job(uow, manager, fleets["Berlin"], partner_code=code)
    await make_job(uow, manager, fleets["Berlin"], job_type="maintenance")
    for job_id, end in ((failed, JobStatus.FAILED), (done, JobStatus.SUCCEEDED)):
        await force(uow, job_id, JobStatus.RUNNING, end)
        async with uow() as work:
            (await work.session.get_one(Job, job_id)).finished_at = clock.now()
            await work.commit()
    clock.advance(timedelta(days=1))

    async with uow.read_only() as work:
        overview = await show_overview(work, manager, fleet_id=fleets["Berlin"])

    assert overview.counts[JobType.INSTALLATION][JobStatus.ASSIGNED] == 2
    assert overview.counts[JobType.MAINTENANCE][JobStatus.PENDING] == 1
    assert len(overview.days) == 30
    yesterday = [day for day in overview.days if day.succeeded or day.failed]
    assert [(d.day.isoformat(), d.succeeded, d.failed) for d in yesterday] == [("2026-11-27", 1, 1)]
    assert [row.id for row in overview.failed] == [failed]
    assert [row.id for row in overview.overdue] == [overdue]


async def test_a_planned_value_is_read_only_for_technicians_without_override(
    uow, manager, links, fleets
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    job_id = await make_job(
        uow, manager, fleets["Berlin"], partner_code=code, installation_variant="STANDARD"
    )
    before = await database_contents(uow)

    with pytest.raises(NotAllowed, match="may not override"):
        async with uow() as work:
            await overrides.use_value(
                work, ADMIN, job_id=job_id, field="installation_variant", value="OBD"
            )
    assert await database_contents(uow) == before

    async with uow() as work:  # a field the manager left empty is the technician's to fill
        assert (
            await overrides.use_value(
                work, ADMIN, job_id=job_id, field="qnr", value="38429DA427AB7C25"
            )
            is None
        )


async def test_with_override_a_technicians_change_is_recorded_as_a_diff(
    uow, manager, links, fleets
):
    code = await connect_partner(uow, manager, links, fleets["Munich"], allow_override=True)
    job_id = await make_job(
        uow, manager, fleets["Munich"], partner_code=code, installation_variant="STANDARD"
    )

    async with uow() as work:
        diff = await overrides.use_value(
            work, ADMIN, job_id=job_id, field="installation_variant", value="OBD"
        )
        await work.commit()

    assert (diff.field, diff.planned_value, diff.used_value) == (
        "installation_variant",
        "STANDARD",
        "OBD",
    )
    async with uow.read_only() as work:
        stored = await work.session.scalar(select(OverrideDiff))
        job = await work.session.get_one(Job, job_id)
        assert (stored.planned_value, stored.used_value, job.installation_variant) == (
            "STANDARD",
            "OBD",
            "STANDARD",  # the job keeps the planned value; the diff says what was used
        )


async def test_another_partners_technician_cannot_touch_the_job(uow, manager, links, fleets):
    job_id = await make_job(uow, manager, fleets["Berlin"])
    await connect_partner(uow, manager, links, fleets["Berlin"])

    with pytest.raises(NotFound):
        async with uow() as work:
            await overrides.use_value(work, ADMIN, job_id=job_id, field="vin", value="X")


async def test_each_manager_keeps_their_columns_per_job_table(uow, manager, fleets):
    async with uow() as work:
        await job_columns.choose_job_columns(
            work, manager, job_type=JobType.MAINTENANCE, columns=["qnr", "id"]
        )

    async with uow.read_only() as work:
        maintenance = await job_columns.job_columns(work, manager, job_type=JobType.MAINTENANCE)
        installation = await job_columns.job_columns(work, manager, job_type=JobType.INSTALLATION)
    assert maintenance == ("id", "qnr")
    assert installation == job_columns.DEFAULT_COLUMNS


@pytest.mark.parametrize("columns", [[], ["id", "password_hash"]])
async def test_unknown_or_no_columns_are_refused(uow, manager, fleets, columns):
    before = await database_contents(uow)

    with pytest.raises(InvalidInput):
        async with uow() as work:
            await job_columns.choose_job_columns(
                work, manager, job_type=JobType.INSTALLATION, columns=columns
            )
    assert await database_contents(uow) == before
