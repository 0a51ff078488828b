"""Export of the job table's filter: the import format, every page, escaped, a round trip."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from core.actors import Manager
from core.db.models import Job
from core.errors import FleetNotFound
from core.job_fields import JobType
from core.job_files import COLUMNS
from core.services.job_export import export_jobs
from core.services.job_list import JobFilter, JobQuery, JobSort
from core.services.job_records import fields_of
from core.status import JobStatus
from tests.factories import connect_partner, make_job, make_manager, make_provider
from tests.job_imports import NUMBERED_HEADER, csv_file, import_file, numbered_rows


async def exported(uow, manager: Manager, fleet_id: int, query: JobQuery) -> bytes:
    async with uow.read_only() as work:
        return await export_jobs(work, manager, fleet_id=fleet_id, query=query)


def table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def job_data(uow, fleet_id: int) -> list[tuple[object, ...]]:
    async with uow.read_only() as work:
        jobs = await work.session.scalars(
            select(Job).where(Job.fleet_id == fleet_id).order_by(Job.id)
        )
        return [(fields_of(job), job.status) for job in jobs]


async def test_an_exported_filter_imports_into_another_fleet_as_the_same_job_data(
    uow, manager, links, fleets
):
    berlin, munich = fleets["Berlin"], fleets["Munich"]
    partner = await connect_partner(uow, manager, links, berlin, admin_telegram_id=810001)
    again = await connect_partner(uow, manager, links, munich, admin_telegram_id=810001)
    assert again == partner  # the same company works for both fleets
    await make_job(
        uow,
        manager,
        berlin,
        partner_code=partner,
        vin="WVWZZZCDZPW100001",
        license_plate="B-FC 1",
        custom_name='=HYPERLINK("http://evil")',
        vehicle_model_id="vw-golf-8",
        installation_variant="OBD",
        central_lock_connection_type="CAN",
        fuel_type="PETROL",
        configuration_preset="carsharing",
        qnr="0030000000000101",
        brand="Volkswagen",
        model="Golf 8",
        year="2023",
        service_date="2026-12-01",
        access_from="2026-10-25T02:30",  # the hour the clocks go back: the first 02:30
        access_until="2026-12-01T18:00+01:00",
        instructions='Level -1, bay 14.\nKey: ask "Anna"; call +49 30 123.',
    )
    await make_job(uow, manager, berlin, license_plate="-B-FC 2", custom_name="@home")
    await make_job(uow, manager, berlin, job_type="maintenance", license_plate="B-FC 3")
    query = JobQuery(JobType.INSTALLATION, sort=JobSort("id", descending=False))

    data = await exported(uow, manager, berlin, query)
    result = await import_file(uow, manager, munich, data)

    assert (result.rows, result.assigned, result.pending) == (2, 1, 1)
    assert await job_data(uow, munich) == (await job_data(uow, berlin))[:2]


async def test_the_export_holds_every_page_of_the_filter_in_the_table_s_order(
    uow, manager, links, fleets
):
    berlin = fleets["Berlin"]
    partner = await connect_partner(uow, manager, links, berlin)
    data = csv_file(
        NUMBERED_HEADER, *numbered_rows(60, partner=partner), *numbered_rows(70, start=61)
    )
    await import_file(uow, manager, berlin, data)
    query = JobQuery(
        JobType.INSTALLATION,
        filter=JobFilter(statuses=frozenset({JobStatus.ASSIGNED})),
        sort=JobSort("license_plate", descending=True),
    )

    rows = table(await exported(uow, manager, berlin, query))

    assert len(rows) == 60
    assert list(rows[0]) == list(COLUMNS)
    assert [row["license_plate"] for row in rows[:3]] == ["B-FC 9", "B-FC 8", "B-FC 7"]
    assert {row["assigned_installer_company_id"] for row in rows} == {partner}
    assert {row["template"] for row in rows} == {""}


async def test_an_exported_formula_is_escaped_and_reads_back_as_the_text(uow, manager, fleets):
    await make_job(uow, manager, fleets["Berlin"], custom_name="=1+2", license_plate="+49")

    data = await exported(uow, manager, fleets["Berlin"], JobQuery(JobType.INSTALLATION))

    (row,) = table(data)
    assert (row["custom_name"], row["license_plate"]) == ("'=1+2", "'+49")


async def test_another_fleet_s_jobs_are_not_exported(uow, manager, fleets, passwords):
    others = await make_provider(uow, name="Other Mobility", fleets=("Hamburg",))
    stranger = await make_manager(
        uow,
        passwords,
        organization_id=others["organization"],
        fleet_ids=[others["Hamburg"]],
        email="stranger@other.test",
    )

    with pytest.raises(FleetNotFound):
        await exported(uow, stranger, fleets["Berlin"], JobQuery(JobType.INSTALLATION))
