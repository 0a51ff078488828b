"""Installation Jobs and Maintenance Jobs: a fleet's job tables, and the gear menu's columns.

A bad filter or sort leads back to the table without it, a page link that no longer works to
the first page of the same filters; each with the message why.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from admin_web.bulk_form import edit_fields, table_return
from admin_web.deps import ManagerDep, PathId, ServicesDep, SessionDep
from admin_web.errors import show_errors_on
from admin_web.flash import Flash, redirect_with_flash
from admin_web.form_text import TextFormRoute
from admin_web.job_table import COLUMN_LABELS, job_table, table_url
from admin_web.pages import render_page
from cloudboxx import VehicleModel
from core.actors import ensure_manages_fleet
from core.catalogue import vehicle_models
from core.container import Services
from core.errors import ServiceUnavailable
from core.job_fields import JobType
from core.services import accounts
from core.services.job_columns import JOB_COLUMNS, choose_job_columns, job_columns
from core.services.job_list import list_jobs, read_job_query
from core.services.jobs import assignable_partners

router = APIRouter(prefix="/fleets/{fleet_id}/jobs", route_class=TextFormRoute)
TABLES = {JobType.INSTALLATION: "installation_jobs", JobType.MAINTENANCE: "maintenance_jobs"}
TITLES = {JobType.INSTALLATION: "Installation Jobs", JobType.MAINTENANCE: "Maintenance Jobs"}


@router.get("/installation", name="installation_jobs")
async def show_installation_jobs(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """The fleet's installation jobs, filtered, sorted and a page at a time."""
    return await _show_table(request, services, session, fleet_id, JobType.INSTALLATION)


@router.get("/maintenance", name="maintenance_jobs")
async def show_maintenance_jobs(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """The fleet's maintenance jobs, filtered, sorted and a page at a time."""
    return await _show_table(request, services, session, fleet_id, JobType.MAINTENANCE)


@router.post("/installation/columns", name="choose_installation_columns")
async def choose_installation_columns(
    request: Request, fleet_id: PathId, services: ServicesDep, manager: ManagerDep
) -> Response:
    """Keep the columns the manager chose for Installation Jobs (in every fleet)."""
    return await _choose_columns(request, services, manager, fleet_id, JobType.INSTALLATION)


@router.post("/maintenance/columns", name="choose_maintenance_columns")
async def choose_maintenance_columns(
    request: Request, fleet_id: PathId, services: ServicesDep, manager: ManagerDep
) -> Response:
    """Keep the columns the manager chose for Maintenance Jobs (in every fleet)."""
    return await _choose_columns(request, services, manager, fleet_id, JobType.MAINTENANCE)


def table_paths(request: Request, fleet_id: int) -> tuple[str, ...]:
    """The addresses of the fleet's two job tables, installation first."""
    return tuple(
        str(request.app.url_path_for(name, fleet_id=str(fleet_id))) for name in TABLES.values()
    )


def query_values(request: Request) -> dict[str, list[str]]:
    """The request's query string, each name with its values (a job table's filter and sort)."""
    raw: dict[str, list[str]] = {}
    for name, value in request.query_params.multi_items():
        raw.setdefault(name, []).append(value)
    return raw


async def _show_table(
    request: Request, services: Services, session: SessionDep, fleet_id: int, job_type: JobType
) -> Response:
    path = str(request.app.url_path_for(TABLES[job_type], fleet_id=str(fleet_id)))
    show_errors_on(request, path)
    query = read_job_query(job_type, query_values(request))
    async with services.uow.read_only() as uow:
        show_errors_on(request, table_url(path, query))
        page = await list_jobs(uow, session.manager, fleet_id=fleet_id, query=query)
        columns = await job_columns(uow, session.manager, job_type=job_type)
        partners = await assignable_partners(uow, session.manager, fleet_id=fleet_id)
        me = await accounts.describe_manager(uow, session.manager)
    fleet = next(f for f in me.fleets if f.id == fleet_id)
    models = await _models_if_reachable(services)
    table = job_table(
        path,
        query,
        page,
        columns,
        models={model.id: model for model in models},
        time_zone=fleet.time_zone,
    )
    return render_page(
        request,
        "jobs_table.html",
        {
            "me": me,
            "current_fleet": fleet,
            "csrf_token": session.csrf_token,
            "active": TABLES[job_type],
            "title": TITLES[job_type],
            "job_type": job_type,
            "path": path,
            "query": query,
            "table": table,
            "columns": columns,
            "column_labels": {key: COLUMN_LABELS[key] for key in JOB_COLUMNS},
            "partners": partners,
            "edit_fields": edit_fields(job_type, models),
            "columns_form": request.app.url_path_for(
                f"choose_{job_type.lower()}_columns", fleet_id=str(fleet_id)
            ),
        },
    )


async def _models_if_reachable(services: Services) -> list[VehicleModel]:
    # The table only names the models ("Volkswagen Golf 8"); while CloudBoxx cannot be reached
    # it shows their ids instead of refusing the whole page.
    try:
        return await vehicle_models(services.boxes)
    except ServiceUnavailable:
        return []


async def _choose_columns(
    request: Request, services: Services, manager: ManagerDep, fleet_id: int, job_type: JobType
) -> Response:
    ensure_manages_fleet(manager, fleet_id)
    form = await request.form()
    back = form.get("back")
    here = str(request.app.url_path_for(TABLES[job_type], fleet_id=str(fleet_id)))
    url = table_return(back if isinstance(back, str) else "", (here,))
    show_errors_on(request, url)
    chosen = [value for value in form.getlist("column") if isinstance(value, str)]
    async with services.uow() as uow:
        kept = await choose_job_columns(uow, manager, job_type=job_type, columns=chosen)
    shown = ", ".join(COLUMN_LABELS[key] for key in kept)
    text = f"{TITLES[job_type]} now shows these columns: {shown}."
    return redirect_with_flash(request, url, Flash("success", text))
