"""The job table's current filter as a CSV file in the import format (docs/csv.md).

Every job the filter matches (all pages), in the table's order, so that the file imports again
into another fleet unchanged: a job's partner as its Partner ID, `template` left empty (a job's
data already hold what its template gave), moments in the fleet's time with their offset.
"""

from __future__ import annotations

from sqlalchemy import select

from core.actors import Manager
from core.db.models import Job, ServicePartner
from core.db.uow import UnitOfWork
from core.job_files import job_cells, write_job_file
from core.services.job_list import JobQuery, job_conditions, job_order
from core.services.job_records import fields_of, fleet_of


async def export_jobs(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, query: JobQuery
) -> bytes:
    """Every job of the fleet the query's filter matches, in its order, as a CSV file."""
    fleet = await fleet_of(uow, manager, fleet_id)
    rows = await uow.session.execute(
        select(Job, ServicePartner.partner_code)
        .outerjoin(ServicePartner, ServicePartner.id == Job.partner_id)
        .where(*job_conditions(fleet_id, query))
        .order_by(*job_order(query.sort))
    )
    return write_job_file(
        job_cells(fields_of(job), partner_code=code, time_zone=fleet.time_zone)
        for job, code in rows
    )
