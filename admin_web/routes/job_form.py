"""New Job: Create New Job or Select from Templates, then Save, Save & Assign or Save as Template.

A form with a problem is shown again at once with what was typed and a message next to each
field (a redirect could not carry four thousand characters of instructions); nothing is saved.
The vehicle models are asked of the CloudBoxx gateway before any unit of work opens.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import Response

from admin_web.deps import PathId, ServicesDep, SessionDep, row_id
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
from admin_web.job_form_page import FormState, job_type_of, look_up_box, render_form
from cloudboxx import VehicleModel
from core.catalogue import vehicle_models
from core.container import Services
from core.errors import Conflict, InvalidInput, NotFound, ServiceUnavailable
from core.job_fields import InvalidJobData, JobType
from core.job_views import JobSaved, PartnerChoice, TemplateDetail, TemplateRow
from core.services import jobs, templates

KEY = re.compile(r"^[A-Za-z0-9_-]{16,32}$")  # as secrets.token_urlsafe(16) makes them
router = APIRouter(prefix="/fleets/{fleet_id}/jobs", route_class=TextFormRoute)
ACTIONS = frozenset({"save", "assign", "save_template", "look_up", "add_item"})
UNKNOWN_ACTION = "The form asked for something FleetCrew does not know, so nothing was saved."
TEMPLATE_GONE = (
    "The template this form started from does not exist in this fleet (any more). "
    "What you typed is kept: save it as a job of its own."
)


@dataclass(frozen=True, slots=True)
class NewJobChoices:
    """What New Job offers: partners for Save & Assign, templates, and the template chosen."""

    partners: list[PartnerChoice]
    templates: list[TemplateRow]
    template: TemplateDetail | None
    template_missing: bool


@router.get("/new", name="new_job")
async def new_job(
    request: Request,
    fleet_id: PathId,
    services: ServicesDep,
    session: SessionDep,
    type: str = "installation",
    template: str = "",
) -> Response:
    """An empty job form of a type, or one filled in from a template."""
    frame = await fleet_frame(services, session, fleet_id)
    job_type = (
        JobType.MAINTENANCE if type.strip().lower() == "maintenance" else JobType.INSTALLATION
    )
    choices = await _choices(services, frame, job_type, row_id(template) if template else None)
    models = await vehicle_models(services.boxes)
    key = secrets.token_urlsafe(16)
    state = FormState(TypedJob({"job_type": job_type.value}), creation_key=key)
    if choices.template is not None:
        chosen = choices.template
        state = FormState(
            _typed_from_template(chosen, frame.fleet.time_zone),
            blanks=0 if chosen.extra_items else 1,
            creation_key=key,
        )
        job_type = chosen.fields.job_type
    elif choices.template_missing:
        state = state.with_notice(
            "This template does not exist in this fleet (any more): start from an empty form, "
            "or choose another template."
        )
    return _render(request, frame, state, models, choices, job_type)


@router.post("/new", name="create_job")
async def create_job(
    request: Request, fleet_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """Save the form as a job (PENDING, or ASSIGNED with a partner), or as a template."""
    frame = await fleet_frame(services, session, fleet_id)
    form = await request.form()
    typed = read_typed_job(form)
    action = form_text(form, "action") or "save"
    job_type = job_type_of(typed, JobType.INSTALLATION)
    raw_template = form_text(form, "template_id")
    choices = await _choices(
        services, frame, job_type, row_id(raw_template) if raw_template else None
    )
    key = form_text(form, "creation_key")
    state = FormState(
        typed,
        template_name=form_text(form, "template_name"),
        creation_key=key if KEY.match(key) else secrets.token_urlsafe(16),
    )
    chosen_partner = form_text(form, "partner_code")

    def again(state: FormState, status_code: int, models: list[VehicleModel]) -> Response:
        return _render(
            request, frame, state, models, choices, job_type, status_code, chosen_partner
        )

    if choices.template_missing:
        return again(state.with_notice(TEMPLATE_GONE), 404, await _models_or_none(services))
    if action not in ACTIONS:
        return again(state.with_notice(UNKNOWN_ACTION), 400, await _models_or_none(services))
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
                    session.manager,
                    fleet_id=fleet_id,
                    name=state.template_name,
                    fields=fields,
                    items=items,
                )
            return redirect_with_flash(
                request,
                _new_job_url(request, fleet_id, job_type, saved_template.id),
                Flash(
                    "success",
                    f"Template “{saved_template.name}” saved. The form below is filled in from "
                    "it: Save or Save & Assign to make the job too.",
                ),
            )
        if action == "assign" and not chosen_partner:
            return again(
                state.with_problems(
                    {"partner_code": "Choose the service partner to assign the job to."}
                ),
                400,
                models,
            )
        async with services.uow() as uow:
            saved = await jobs.create_job(
                uow,
                session.manager,
                fleet_id=fleet_id,
                fields=fields,
                items=items,
                partner_code=chosen_partner if action == "assign" else None,
                template_id=choices.template.id if choices.template else None,
                creation_key=state.creation_key,
            )
    except InvalidJobData as invalid:
        return again(state.with_problems(problems_by_field(invalid.problems)), 400, models)
    except (InvalidInput, Conflict) as refused:
        where = "template_name" if action == "save_template" else "partner_code"
        status_code = 409 if isinstance(refused, Conflict) else 400
        return again(state.with_problems({where: refused.message}), status_code, models)
    except NotFound:
        return again(state.with_notice(TEMPLATE_GONE), 404, models)
    page = request.app.url_path_for("job_page", fleet_id=str(fleet_id), job_id=str(saved.job_id))
    return redirect_with_flash(request, str(page), Flash("success", saved_message(saved)))


def saved_message(saved: JobSaved) -> str:
    """What the page after Save says about the job just saved."""
    if saved.already_saved:
        return (
            f"This form was saved already, as job {saved.job_id}: nothing more was saved. "
            "To change the job, edit it; for another job, start a new one."
        )
    if saved.partner_name:
        return f"Job {saved.job_id} was saved and assigned to {saved.partner_name}."
    return f"Job {saved.job_id} was saved as PENDING. Assign it when you have chosen a partner."


async def _choices(
    services: Services, frame: FleetFrame, job_type: JobType, template_id: int | None
) -> NewJobChoices:
    manager = frame.manager
    async with services.uow.read_only() as uow:
        partners = await jobs.assignable_partners(uow, manager, fleet_id=frame.fleet.id)
        template = None
        if template_id:
            try:
                template = await templates.show_template(
                    uow, manager, fleet_id=frame.fleet.id, template_id=template_id
                )
            except NotFound:
                template = None
        # A template of the other job type is listed with its own kind.
        listed_type = template.fields.job_type if template else job_type
        rows = await templates.list_templates(
            uow, manager, fleet_id=frame.fleet.id, job_type=listed_type
        )
    missing = template_id is not None and template is None
    return NewJobChoices(partners, rows, template, missing)


def _render(
    request: Request,
    frame: FleetFrame,
    state: FormState,
    models: list[VehicleModel],
    choices: NewJobChoices,
    job_type: JobType,
    status_code: int = 200,
    chosen_partner: str = "",
) -> Response:
    return render_form(
        request,
        frame,
        "job_form.html",
        state=state,
        models=models,
        active=job_type.value.lower(),
        status_code=status_code,
        mode="new",
        job_type=job_type,
        partners=choices.partners,
        templates=choices.templates,
        template=choices.template,
        chosen_partner=chosen_partner,
    )


def _typed_from_template(template: TemplateDetail, time_zone: str) -> TypedJob:
    return typed_from(template.fields, template.extra_items, time_zone)


async def _models_or_none(services: Services) -> list[VehicleModel]:
    # Only to show the form again with its message: without the gateway the choice is empty.
    try:
        return await vehicle_models(services.boxes)
    except ServiceUnavailable:
        return []


def _new_job_url(request: Request, fleet_id: int, job_type: JobType, template_id: int) -> str:
    path = request.app.url_path_for("new_job", fleet_id=str(fleet_id))
    query = urlencode({"type": job_type.value.lower(), "template": template_id})
    return f"{path}?{query}"
