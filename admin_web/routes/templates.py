"""Templates: the list (Create New Job, edit, duplicate, delete) and the template form.

The template form holds the job form's data and extra items under a name; a form with a
problem is shown again at once with what was typed, and nothing is saved.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from admin_web.deps import PathId, ServicesDep, SessionDep
from admin_web.flash import Flash, redirect_with_flash
from admin_web.fleet_frame import FleetFrame, fleet_frame
from admin_web.form_text import TextFormRoute
from admin_web.job_form_data import (
    TypedJob,
    clean_typed_job,
    form_text,
    problems_by_field,
    read_typed_job,
    typed_from,
)
from admin_web.job_form_page import FormState, job_type_of, look_up_box, render_form, seen_moment
from admin_web.pages import render_page
from cloudboxx import VehicleModel
from core.catalogue import vehicle_models
from core.container import Services
from core.errors import ChangedMeanwhile, Conflict, InvalidInput, ServiceUnavailable
from core.job_fields import InvalidJobData, JobType
from core.services import templates

router = APIRouter(prefix="/fleets/{fleet_id}/templates", route_class=TextFormRoute)
ACTIONS = frozenset({"save", "look_up", "add_item"})
TYPES = {"installation": JobType.INSTALLATION, "maintenance": JobType.MAINTENANCE}


@router.get("", name="templates")
async def show_templates(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep, type: str = ""
) -> Response:
    """The fleet's templates by name, of one job type or all."""
    frame = await fleet_frame(services, session, fleet_id)
    job_type = TYPES.get(type.strip().lower())
    async with services.uow.read_only() as uow:
        rows = await templates.list_templates(
            uow, frame.manager, fleet_id=fleet_id, job_type=job_type
        )
    try:
        names = {model.id: model.name for model in await vehicle_models(services.boxes)}
    except ServiceUnavailable:
        names = {}
    return render_page(
        request,
        "templates_list.html",
        {
            **frame.context("templates"),
            "rows": rows,
            "model_names": names,
            "shown_type": job_type.value.lower() if job_type else "",
        },
    )


@router.get("/new", name="new_template")
async def new_template(
    request: Request,
    fleet_id: PathId,
    services: ServicesDep,
    session: SessionDep,
    type: str = "installation",
) -> Response:
    """An empty template form."""
    frame = await fleet_frame(services, session, fleet_id)
    models = await vehicle_models(services.boxes)
    job_type = TYPES.get(type.strip().lower(), JobType.INSTALLATION)
    return _render(request, frame, FormState(TypedJob({"job_type": job_type.value})), models)


@router.post("/new", name="create_template")
async def create_template(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """Save the form as a new template."""
    frame = await fleet_frame(services, session, fleet_id)
    return await _save(request, services, frame, await request.form(), template_id=None)


@router.get("/{template_id:int}", name="edit_template")
async def edit_template(
    request: Request,
    fleet_id: PathId,
    template_id: PathId,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """A template's name, data and extra items in the form, to change."""
    frame = await fleet_frame(services, session, fleet_id)
    async with services.uow.read_only() as uow:
        template = await templates.show_template(
            uow, frame.manager, fleet_id=fleet_id, template_id=template_id
        )
    models = await vehicle_models(services.boxes)
    typed = typed_from(template.fields, template.extra_items, frame.fleet.time_zone)
    state = FormState(
        typed,
        template_name=template.name,
        blanks=0 if template.extra_items else 1,
        seen=template.updated_at.isoformat(),
    )
    return _render(request, frame, state, models, template_id=template_id)


@router.post("/{template_id:int}", name="update_template")
async def update_template(
    request: Request,
    fleet_id: PathId,
    template_id: PathId,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """Save the changed template; jobs made from it keep their data."""
    frame = await fleet_frame(services, session, fleet_id)
    async with services.uow.read_only() as uow:
        await templates.show_template(
            uow, frame.manager, fleet_id=fleet_id, template_id=template_id
        )
    return await _save(request, services, frame, await request.form(), template_id=template_id)


@router.post("/{template_id:int}/duplicate", name="duplicate_template")
async def duplicate_template(
    request: Request,
    fleet_id: PathId,
    template_id: PathId,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """A copy named "Copy of …", opened in the form to rename and change."""
    frame = await fleet_frame(services, session, fleet_id)
    async with services.uow() as uow:
        copy = await templates.duplicate_template(
            uow, frame.manager, fleet_id=fleet_id, template_id=template_id
        )
    edit = request.app.url_path_for(
        "edit_template", fleet_id=str(fleet_id), template_id=str(copy.id)
    )
    text = f"“{copy.name}” is a copy: rename it and change what differs."
    return redirect_with_flash(request, str(edit), Flash("success", text))


@router.post("/{template_id:int}/delete", name="delete_template")
async def delete_template(
    request: Request,
    fleet_id: PathId,
    template_id: PathId,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """Delete a template; jobs made from it stay as they are."""
    frame = await fleet_frame(services, session, fleet_id)
    async with services.uow() as uow:
        name = await templates.delete_template(
            uow, frame.manager, fleet_id=fleet_id, template_id=template_id
        )
    text = f"The template “{name}” was deleted. Jobs made from it keep their data."
    return redirect_with_flash(request, _list(request, fleet_id), Flash("success", text))


async def _save(
    request: Request,
    services: Services,
    frame: FleetFrame,
    form: FormData,
    *,
    template_id: int | None,
) -> Response:
    typed = read_typed_job(form)
    action = form_text(form, "action") or "save"
    state = FormState(typed, template_name=form_text(form, "name"), seen=form_text(form, "seen"))

    def again(state: FormState, status_code: int, models: list[VehicleModel]) -> Response:
        return _render(request, frame, state, models, status_code, template_id=template_id)

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
        async with services.uow() as uow:
            if template_id is None:
                saved = await templates.create_template(
                    uow,
                    frame.manager,
                    fleet_id=frame.fleet.id,
                    name=state.template_name,
                    fields=fields,
                    items=items,
                )
            else:
                saved = await templates.update_template(
                    uow,
                    frame.manager,
                    fleet_id=frame.fleet.id,
                    template_id=template_id,
                    name=state.template_name,
                    fields=fields,
                    items=items,
                    seen=seen_moment(state.seen),
                )
    except InvalidJobData as invalid:
        return again(state.with_problems(problems_by_field(invalid.problems)), 400, models)
    except (InvalidInput, Conflict) as refused:
        status_code = 409 if isinstance(refused, Conflict) else 400
        if isinstance(refused, ChangedMeanwhile):
            return again(state.with_notice(refused.message), status_code, models)
        return again(state.with_problems({"name": refused.message}), status_code, models)
    text = f"Template “{saved.name}” saved."
    return redirect_with_flash(request, _list(request, frame.fleet.id), Flash("success", text))


def _render(
    request: Request,
    frame: FleetFrame,
    state: FormState,
    models: list[VehicleModel],
    status_code: int = 200,
    *,
    template_id: int | None = None,
) -> Response:
    return render_form(
        request,
        frame,
        "template_form.html",
        state=state,
        models=models,
        active="templates",
        status_code=status_code,
        template_id=template_id,
        job_type=job_type_of(state.typed, JobType.INSTALLATION),
    )


def _list(request: Request, fleet_id: int) -> str:
    return str(request.app.url_path_for("templates", fleet_id=str(fleet_id)))
