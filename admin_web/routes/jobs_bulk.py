"""Bulk actions on the jobs selected in a job table, or on every job matching its filter.

The table is shown again with the result as its message, counted in the product's words:
"12 assigned; 3 skipped: 2 running, 1 already assigned". Delete asks first, on a page of its
own, so that it is confirmed with or without JavaScript; on a whole filter that page names the
count and the filter.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from admin_web.bulk_form import bulk_action, matching_jobs, selected_jobs, table_return
from admin_web.deps import PathId, ServicesDep, SessionDep
from admin_web.errors import show_errors_on
from admin_web.flash import Flash, redirect_with_flash
from admin_web.form_text import TextFormRoute
from admin_web.job_form_data import form_text
from admin_web.job_table import filter_query, filter_words
from admin_web.pages import render_page
from admin_web.routes.jobs_table import table_paths
from core.actors import Manager, ensure_manages_fleet
from core.catalogue import vehicle_models
from core.container import Services
from core.errors import Conflict, InvalidInput, ServiceUnavailable
from core.job_views import BulkResult
from core.services import accounts
from core.services.job_bulk import assign_jobs, delete_jobs, unassign_jobs
from core.services.job_bulk_edit import change_jobs
from core.services.job_selection import JobSelection

router = APIRouter(route_class=TextFormRoute)


@router.post("/fleets/{fleet_id}/jobs/bulk", name="bulk_jobs")
async def act_on_selected_jobs(
    request: Request,
    fleet_id: PathId,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """Do the chosen action on every selected job that allows it, and say what was left why."""
    manager = session.manager
    ensure_manages_fleet(manager, fleet_id)
    form = await request.form()
    back = table_return(form_text(form, "back"), table_paths(request, fleet_id))
    show_errors_on(request, back, shows=(InvalidInput, Conflict, ServiceUnavailable))
    selection = _selection(form)
    action = bulk_action(form_text(form, "action"))
    if action == "delete" and form_text(form, "confirmed") != "yes":
        return await _ask_before_deleting(request, services, session, fleet_id, selection, back)
    result = await _act(services, manager, fleet_id, action, selection, form)
    flash = Flash("warning" if result.skipped else "success", f"{result.summary}.")
    return redirect_with_flash(request, back, flash)


def _selection(form: FormData) -> JobSelection:
    if form_text(form, "scope") == "filter":
        return matching_jobs(
            form_text(form, "job_type"), form_text(form, "filter"), form_text(form, "seen")
        )
    ticked = [value for value in form.getlist("job") if isinstance(value, str)]
    return JobSelection.picked(selected_jobs(ticked))


async def _ask_before_deleting(
    request: Request,
    services: Services,
    session: SessionDep,
    fleet_id: int,
    selection: JobSelection,
    back: str,
) -> Response:
    # Nothing is deleted yet: this page sends the same selection again, confirmed.
    async with services.uow.read_only() as uow:
        me = await accounts.describe_manager(uow, session.manager)
    table = (
        "maintenance_jobs" if urlsplit(back).path.endswith("/maintenance") else "installation_jobs"
    )
    query = selection.query
    return render_page(
        request,
        "jobs_delete.html",
        {
            "me": me,
            "current_fleet": next(f for f in me.fleets if f.id == fleet_id),
            "csrf_token": session.csrf_token,
            "active": table,
            "job_ids": list(selection.job_ids),
            "matching": None
            if query is None
            else {
                "job_type": query.job_type.value,
                "kind": query.job_type.lower(),
                "filter": filter_query(query.filter),
                "words": filter_words(query.filter),
                "seen": selection.seen,
            },
            "back": back,
        },
    )


async def _act(
    services: Services,
    manager: Manager,
    fleet_id: int,
    action: str,
    selection: JobSelection,
    form: FormData,
) -> BulkResult:
    if action == "assign":
        partner = form_text(form, "partner").strip()
        if not partner:
            raise InvalidInput("Choose the service partner to assign the selected jobs to.")
        async with services.uow() as uow:
            return await assign_jobs(
                uow, manager, fleet_id=fleet_id, selection=selection, partner_code=partner
            )
    if action == "unassign":
        async with services.uow() as uow:
            return await unassign_jobs(uow, manager, fleet_id=fleet_id, selection=selection)
    if action == "delete":
        async with services.uow() as uow:
            return await delete_jobs(uow, manager, fleet_id=fleet_id, selection=selection)
    # Edit: the vehicle models come first, outside the unit of work, as every box call does.
    models = await vehicle_models(services.boxes)
    async with services.uow() as uow:
        return await change_jobs(
            uow,
            manager,
            fleet_id=fleet_id,
            selection=selection,
            field=form_text(form, "field"),
            value=form_text(form, "value"),
            models=models,
        )
