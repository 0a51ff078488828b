"""Edit a job: a PENDING one as it is, an ASSIGNED one by "Unassign and save" in one step.

The form is sent with what the job was when it was opened; if it was assigned, started or
finished meanwhile, the form comes back with everything typed and says what changed: an
ASSIGNED job can still be unassigned and saved, a RUNNING or finished one not at all.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from admin_web.deps import PathId, ServicesDep, SessionDep
from admin_web.flash import Flash, redirect_with_flash
from admin_web.fleet_frame import FleetFrame, fleet_frame
from admin_web.form_text import TextFormRoute
from admin_web.job_form_data import (
    clean_typed_job,
    form_text,
    problems_by_field,
    read_typed_job,
    typed_from,
)
from admin_web.job_form_page import FormState, look_up_box, render_form, seen_moment
from cloudboxx import VehicleModel
from core.catalogue import vehicle_models
from core.container import Services
from core.errors import (
    ChangedMeanwhile,
    Conflict,
    InvalidInput,
    InvalidTransition,
    ServiceUnavailable,
)
from core.job_fields import InvalidJobData
from core.job_views import JobDetail
from core.services import jobs, templates
from core.services.job_detail import show_job
from core.status import JobStatus

router = APIRouter(prefix="/fleets/{fleet_id}/jobs", route_class=TextFormRoute)
ACTIONS = frozenset({"save", "save_template", "look_up", "add_item"})


@router.get("/{job_id:int}/edit", name="edit_job")
async def edit_job(
    request: Request, fleet_id: PathId, job_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """The job's data in the form, to change; a job that cannot be edited leads to its page."""
    frame = await fleet_frame(services, session, fleet_id)
    job = await _job(services, frame, job_id)
    if not job.actions.edit:
        return redirect_with_flash(request, _page(request, job), Flash("error", _locked(job)))
    models = await vehicle_models(services.boxes)
    typed = typed_from(job.fields, job.extra_items, frame.fleet.time_zone)
    state = FormState(typed, blanks=0 if job.extra_items else 1, seen=job.updated_at.isoformat())
    return _render(request, frame, state, models, job)


@router.post("/{job_id:int}/edit", name="update_job")
async def update_job(
    request: Request, fleet_id: PathId, job_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """Save the changed data (unassigning the job first if the form says so)."""
    frame = await fleet_frame(services, session, fleet_id)
    job = await _job(services, frame, job_id)
    form = await request.form()
    typed = read_typed_job(form)
    action = form_text(form, "action") or "save"
    unassign = form_text(form, "unassign") == "true"
    state = FormState(
        typed, template_name=form_text(form, "template_name"), seen=form_text(form, "seen")
    )

    def again(state: FormState, status_code: int, models: list[VehicleModel]) -> Response:
        return _render(request, frame, state, models, job, status_code, unassign=unassign)

    if action not in ACTIONS:
        message = "The form asked for something FleetCrew does not know, so nothing was saved."
        return again(state.with_notice(message), 400, [])
    try:
        models = await vehicle_models(services.boxes)
    except ServiceUnavailable as down:
        return again(state.with_notice(f"{down.message} Nothing was saved."), 503, [])
    if action == "add_item":
        return again(state.with_another_item(), 200, models)
    if action == "look_up":
        return again(await look_up_box(services, frame, state), 200, models)
    try:
        fields, items = clean_typed_job(
            typed, models=models, time_zone=frame.fleet.time_zone, today=frame.today(services)
        )
        if action == "save_template":
            async with services.uow() as uow:
                saved_template = await templates.create_template(
                    uow,
                    frame.manager,
                    fleet_id=fleet_id,
                    name=state.template_name,
                    fields=fields,
                    items=items,
                )
            text = (
                f"Template “{saved_template.name}” saved. The job itself is not changed yet: "
                "save it to keep your changes."
            )
            return again(FormState(typed).with_notice(text, "success"), 200, models)
        async with services.uow() as uow:
            await jobs.update_job(
                uow,
                frame.manager,
                fleet_id=fleet_id,
                job_id=job_id,
                fields=fields,
                items=items,
                unassign=unassign,
                seen=seen_moment(state.seen),
            )
    except InvalidJobData as invalid:
        return again(state.with_problems(problems_by_field(invalid.problems)), 400, models)
    except (InvalidInput, Conflict) as refused:
        status_code = 409 if isinstance(refused, Conflict) else 400
        if isinstance(refused, ChangedMeanwhile):
            return again(state.with_notice(refused.message), status_code, models)
        return again(state.with_problems({"template_name": refused.message}), status_code, models)
    except InvalidTransition:
        return await _changed_meanwhile(request, services, frame, job_id, state, models)
    if unassign and job.status == JobStatus.ASSIGNED:
        text = f"Job {job_id} was unassigned from {job.partner_name} and saved; it is PENDING now."
    else:
        text = f"Job {job_id} was saved."
    return redirect_with_flash(request, _page(request, job), Flash("success", text))


async def _changed_meanwhile(
    request: Request,
    services: Services,
    frame: FleetFrame,
    job_id: int,
    state: FormState,
    models: list[VehicleModel],
) -> Response:
    """The form again, saying how the job changed since it was opened and what is possible."""
    job = await _job(services, frame, job_id)
    if job.status == JobStatus.ASSIGNED:
        text = (
            f"Meanwhile this job was assigned to {job.partner_name}, so nothing was saved. "
            "Your changes are still here: “Unassign and save” takes the job back from the "
            "partner and saves them."
        )
        return _render(request, frame, state.with_notice(text), models, job, 409, unassign=True)
    text = f"{_locked(job)} Your changes were not saved; they are still here to copy."
    return _render(request, frame, state.with_notice(text), models, job, 409, can_save=False)


def _render(
    request: Request,
    frame: FleetFrame,
    state: FormState,
    models: list[VehicleModel],
    job: JobDetail,
    status_code: int = 200,
    *,
    unassign: bool | None = None,
    can_save: bool = True,
) -> Response:
    return render_form(
        request,
        frame,
        "job_form.html",
        state=state,
        models=models,
        active=job.fields.job_type.value.lower(),
        status_code=status_code,
        mode="edit",
        job=job,
        job_type=job.fields.job_type,
        unassign=job.status == JobStatus.ASSIGNED if unassign is None else unassign,
        can_save=can_save,
    )


async def _job(services: Services, frame: FleetFrame, job_id: int) -> JobDetail:
    async with services.uow.read_only() as uow:
        return await show_job(uow, frame.manager, fleet_id=frame.fleet.id, job_id=job_id)


def _locked(job: JobDetail) -> str:
    if job.status == JobStatus.RUNNING:
        return (
            f"Job {job.id} is RUNNING now: a technician is working on it, so it cannot be edited."
        )
    return (
        f"Job {job.id} is {job.status} now and is not edited any more: duplicate it for a new "
        "job, or reopen it if it FAILED."
    )


def _page(request: Request, job: JobDetail) -> str:
    return str(request.app.url_path_for("job_page", fleet_id=str(job.fleet_id), job_id=str(job.id)))
