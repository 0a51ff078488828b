"""The job page: every field, who has the job, its record and timeline; duplicate, delete,
reopen, revoke the technician's access; and the job's photos, for this job's page only.

While a job is RUNNING the page follows it: its script asks for the live parts (status, record,
timeline) every few seconds and stops once the job is no longer RUNNING.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from admin_web.deps import PathId, ServicesDep, SessionDep
from admin_web.errors import show_errors_on
from admin_web.flash import Flash, redirect_with_flash
from admin_web.fleet_frame import FleetFrame, fleet_frame
from admin_web.form_text import TextFormRoute
from admin_web.fragments import render_fragment
from admin_web.job_labels import job_table_path
from admin_web.job_sections import field_sections
from admin_web.job_timeline import timeline_action, timeline_details
from admin_web.pages import render_page
from core.catalogue import vehicle_models
from core.container import Services
from core.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    NotFound,
    ServiceUnavailable,
)
from core.job_views import JobDetail, vehicle_name
from core.photo_store import PhotoMissing
from core.services import access, job_photos, jobs
from core.services.job_detail import find_job_photo, show_job
from core.status import JobStatus

router = APIRouter(prefix="/fleets/{fleet_id}/jobs", route_class=TextFormRoute)
FOLLOW_SECONDS = 5
PHOTO_CACHE = "private, max-age=3600"  # a photo's content never changes: its key is its hash
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
ON_THE_PAGE = (InvalidTransition, Conflict, InvalidInput)


@router.get("/{job_id:int}", name="job_page")
async def show_job_page(
    request: Request, fleet_id: PathId, job_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """Everything about one job, in the fleet's time zone."""
    frame = await fleet_frame(services, session, fleet_id)
    job = await _job(services, frame, job_id)
    models = await _model_names(services)
    return render_page(
        request,
        "job_page.html",
        {**_context(request, frame, job, models), "sections": field_sections(job, models)},
    )


@router.get("/{job_id:int}/live", name="job_live")
async def show_live_parts(
    request: Request, fleet_id: PathId, job_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """The parts of the job page that change while the job is RUNNING, for the page's script."""
    frame = await fleet_frame(services, session, fleet_id)
    job = await _job(services, frame, job_id)
    # Asked every few seconds: the catalogue's copy of the models, not the gateway each time.
    try:
        models = {model.id: model.name for model in (await services.catalogue.by_id()).values()}
    except ServiceUnavailable:
        models = {}
    return render_fragment(request, "job_live.html", _context(request, frame, job, models))


@router.get("/{job_id:int}/photos/{photo_id:int}", name="job_photo")
async def show_job_photo(
    fleet_id: PathId,
    job_id: PathId,
    photo_id: PathId,
    services: ServicesDep,
    session: SessionDep,
) -> Response:
    """A photo the technician sent for this job, as FleetCrew stored it."""
    frame = await fleet_frame(services, session, fleet_id)
    async with services.uow.read_only() as uow:
        photo = await find_job_photo(
            uow, frame.manager, fleet_id=fleet_id, job_id=job_id, photo_id=photo_id
        )
    if photo.stored_key is None:
        raise NotFound("No copy of this photo is stored.")
    try:
        data = await job_photos.photo_bytes(services, photo.stored_key)
    except PhotoMissing:
        raise NotFound("No copy of this photo is stored.") from None
    # Only an image type is sent as itself: a browser never runs what a row's type claims.
    media_type = photo.mime_type if photo.mime_type in PHOTO_TYPES else "application/octet-stream"
    return Response(data, media_type=media_type, headers={"cache-control": PHOTO_CACHE})


@router.post("/{job_id:int}/revoke", name="revoke_access")
async def revoke_access(
    request: Request, fleet_id: PathId, job_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """End the technician's access now: the job FAILED, the box asked to secure the vehicle."""
    frame = await fleet_frame(services, session, fleet_id)
    page = _page(request, fleet_id, job_id)
    show_errors_on(request, page, shows=(*ON_THE_PAGE, NotAllowed))
    try:
        models = await services.catalogue.by_id()
    except ServiceUnavailable:
        models = {}  # securing then asks the box to lock and disable driving, the safe default
    async with services.uow() as uow:
        revoked = await access.revoke_access(
            uow, frame.manager, fleet_id=fleet_id, job_id=job_id, models=models
        )
    if not revoked:
        text = f"The access to job {job_id}'s vehicle has ended already; nothing was changed."
        return redirect_with_flash(request, page, Flash("info", text))
    text = (
        f"The technician's access to job {job_id} was revoked: the job FAILED, "
        "and the vehicle is being locked and immobilised."
    )
    return redirect_with_flash(request, page, Flash("success", text))


@router.post("/{job_id:int}/duplicate", name="duplicate_job")
async def duplicate_job(
    request: Request, fleet_id: PathId, job_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """A new PENDING copy of the job, opened in the edit form to change what differs."""
    frame = await fleet_frame(services, session, fleet_id)
    async with services.uow() as uow:
        copy = await jobs.duplicate_job(uow, frame.manager, fleet_id=fleet_id, job_id=job_id)
    edit = request.app.url_path_for("edit_job", fleet_id=str(fleet_id), job_id=str(copy.job_id))
    text = (
        f"Job {copy.job_id} is a PENDING copy of job {job_id}. "
        "Change what differs for its vehicle and save it."
    )
    return redirect_with_flash(request, str(edit), Flash("success", text))


@router.post("/{job_id:int}/delete", name="delete_job")
async def delete_job(
    request: Request, fleet_id: PathId, job_id: PathId, services: ServicesDep, session: SessionDep
) -> Response:
    """Delete a job that is not RUNNING and go back to its table."""
    frame = await fleet_frame(services, session, fleet_id)
    job = await _job(services, frame, job_id)
    show_errors_on(request, _page(request, fleet_id, job_id), shows=ON_THE_PAGE)
    async with services.uow() as uow:
        await jobs.delete_job(uow, frame.manager, fleet_id=fleet_id, job_id=job_id)
    text = f"Job {job_id} ({_vehicle(job)}) was deleted."
    table = job_table_path(fleet_id, job.fields.job_type)
    return redirect_with_flash(request, table, Flash("success", text))


@router.post("/{job_id:int}/reopen", name="reopen_job")
async def reopen_job(
    request: Request,
    fleet_id: PathId,
    job_id: PathId,
    services: ServicesDep,
    session: SessionDep,
    assign_again: Annotated[bool, Form()] = False,
) -> Response:
    """Reopen a FAILED job: to its partner again (ASSIGNED), or back to planning (PENDING)."""
    frame = await fleet_frame(services, session, fleet_id)
    page = _page(request, fleet_id, job_id)
    show_errors_on(request, page, shows=ON_THE_PAGE)
    async with services.uow() as uow:
        saved = await jobs.reopen_job(
            uow, frame.manager, fleet_id=fleet_id, job_id=job_id, assign_again=assign_again
        )
    text = (
        f"Job {job_id} was reopened and assigned to {saved.partner_name} again."
        if saved.partner_name
        else f"Job {job_id} was reopened as PENDING: edit it or assign it to a partner."
    )
    return redirect_with_flash(request, page, Flash("success", text))


async def _job(services: Services, frame: FleetFrame, job_id: int) -> JobDetail:
    async with services.uow.read_only() as uow:
        return await show_job(uow, frame.manager, fleet_id=frame.fleet.id, job_id=job_id)


async def _model_names(services: Services) -> dict[str, str]:
    # The page still shows a job when the gateway is down, naming its model by id.
    try:
        return {model.id: model.name for model in await vehicle_models(services.boxes)}
    except ServiceUnavailable:
        return {}


def _context(
    request: Request, frame: FleetFrame, job: JobDetail, model_names: dict[str, str]
) -> dict[str, Any]:
    following = job.status == JobStatus.RUNNING
    live = request.app.url_path_for("job_live", fleet_id=str(job.fleet_id), job_id=str(job.id))
    return {
        **frame.context(job.fields.job_type.value.lower()),
        "job": job,
        "vehicle": _vehicle(job),
        "follow_url": str(live) if following else None,
        "follow_seconds": FOLLOW_SECONDS,
        "model_names": model_names,
        "timeline": [
            (entry, timeline_action(entry), timeline_details(entry)) for entry in job.timeline
        ],
    }


def _vehicle(job: JobDetail) -> str:
    fields = job.fields
    return vehicle_name(job.id, fields.license_plate, fields.custom_name, fields.vin)


def _page(request: Request, fleet_id: int, job_id: int) -> str:
    return str(request.app.url_path_for("job_page", fleet_id=str(fleet_id), job_id=str(job_id)))
