"""Export: a job table's current filter as a CSV file, every page of it, in the import's format.

The filter is read from the query string as the table reads it (a bad one leads back to the
table with the message why); the table's page link (`after`) is left out: the file holds all.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from admin_web.deps import PathId, ServicesDep, SessionDep
from admin_web.downloads import csv_download, name_part
from admin_web.errors import show_errors_on
from admin_web.fleet_frame import fleet_frame
from admin_web.form_text import TextFormRoute
from admin_web.routes.jobs_table import TABLES, query_values
from core.job_fields import JobType
from core.services.job_export import export_jobs
from core.services.job_list import read_job_query

router = APIRouter(prefix="/fleets/{fleet_id}/jobs", route_class=TextFormRoute)


@router.get("/installation/export", name="export_installation_jobs")
async def export_installation_jobs(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """The installation jobs of the table's filter, as CSV."""
    return await _export(request, services, session, fleet_id, JobType.INSTALLATION)


@router.get("/maintenance/export", name="export_maintenance_jobs")
async def export_maintenance_jobs(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """The maintenance jobs of the table's filter, as CSV."""
    return await _export(request, services, session, fleet_id, JobType.MAINTENANCE)


def export_name(fleet_name: str, job_type: JobType, day: str) -> str:
    """The file's name: `berlin-installation-jobs-2026-12-01.csv` (ASCII, for every browser)."""
    return f"{name_part(fleet_name, default='fleet')}-{job_type.value.lower()}-jobs-{day}.csv"


async def _export(
    request: Request, services: ServicesDep, session: SessionDep, fleet_id: int, job_type: JobType
) -> Response:
    frame = await fleet_frame(services, session, fleet_id)
    show_errors_on(request, str(request.app.url_path_for(TABLES[job_type], fleet_id=str(fleet_id))))
    query = read_job_query(job_type, query_values(request))  # the page's cursor is not read
    async with services.uow.read_only() as uow:
        data = await export_jobs(uow, session.manager, fleet_id=fleet_id, query=query)
    name = export_name(frame.fleet.name, job_type, frame.today(services).isoformat())
    return csv_download(data, name)
