"""The demo's technician work: a job Tom is in the middle of, one done with photos and test
results, one that failed with its reason — written as the checklist services write them.

The steps come from the same checklist builder, the answers go through store_answer, status
changes through move_job, the access grant and its end through the access service, so the job
page and the chat show them exactly as they would real work. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from cloudboxx import (
    Box,
    CentralLockState,
    Command,
    Ignition,
    Reading,
    VehicleModel,
    VehicleState,
)
from cloudboxx.demo import BERLIN_GOLF, BERLIN_NEW_1, DEMO_BOXES, DEMO_VEHICLE_MODELS
from cloudboxx.wire_state import state_to_json
from core.checklist import Answer, Outcome, Step, StepKind
from core.db.models import AccessGrant, Fleet, Job, JobPhoto, Technician, TelegramChat
from core.db.uow import UnitOfWork
from core.job_outcomes import FailureReason, GrantEnd
from core.label_images import label_png, photo_without_code_png
from core.photo_store import PhotoStore
from core.services.access import end_access
from core.services.audit import record_event
from core.services.checklist_progress import Progress, load_progress, store_answer
from core.services.job_records import fields_of, planned_fields, search_text
from core.services.transitions import move_job
from core.services.work_access import Worker
from core.status import JobStatus

MODELS: Mapping[str, VehicleModel] = {model.id: model for model in DEMO_VEHICLE_MODELS}
TOM, TINA = 700002, 700003
ACTOR = "system:demo-seed"


async def seed_work(
    uow: UnitOfWork, fleet: Fleet, *, partner_id: int, photos: PhotoStore | None
) -> None:
    """Tom's running job, a succeeded and a failed one, in the fleet just seeded (Berlin)."""
    tom = await _member(uow, TOM)
    tina = await _member(uow, TINA)
    if tom is None or tina is None:
        return
    jobs = list(
        await uow.session.scalars(
            select(Job)
            .where(Job.fleet_id == fleet.id, Job.status == JobStatus.ASSIGNED)
            .order_by(Job.id)
        )
    )
    running = next((job for job in jobs if job.qnr == BERLIN_NEW_1), None)
    if running is not None:
        await _half_done(uow, running, tom)
    failing = next(
        (job for job in jobs if job.qnr is None and job.job_type == "INSTALLATION"), None
    )
    if failing is not None:
        await _failed(uow, failing, tina)
    golf = next(box for box in DEMO_BOXES if box.qnr == BERLIN_GOLF)
    await _succeeded(uow, fleet, golf, tom, partner_id, photos)


async def _member(uow: UnitOfWork, telegram_user_id: int) -> Worker | None:
    technician = await uow.session.scalar(
        select(Technician).where(Technician.telegram_user_id == telegram_user_id)
    )
    return Worker(technician) if technician is not None else None


async def _start(uow: UnitOfWork, job: Job, member: Worker, *, hours: int = 8) -> AccessGrant:
    now = uow.clock.now()
    if job.access_until is None or job.access_until < now + timedelta(hours=2):
        job.access_from, job.access_until = now - timedelta(hours=1), now + timedelta(hours=hours)
        job.planned_fields = planned_fields(fields_of(job))
    grant = AccessGrant(
        job_id=job.id,
        technician_id=member.id,
        qnr=job.qnr,
        starts_at=now,
        ends_at=job.access_until,
    )
    uow.session.add(grant)
    job.technician_id, job.started_at = member.id, now
    move_job(uow, job, JobStatus.RUNNING, actor=f"telegram:{member.technician.telegram_user_id}")
    await uow.session.flush()
    return grant


async def _half_done(uow: UnitOfWork, job: Job, tom: Worker) -> None:
    """Started by Tom: the vehicle confirmed, the box identified, fitted and wired; he goes on
    with the configuration, which the demo's simulated box takes for real."""
    await _start(uow, job, tom)
    progress = await load_progress(uow, job, MODELS)
    while (step := progress.current) is not None and step.kind not in (
        StepKind.SETUP,
        StepKind.TEST,
        StepKind.PHOTO,
    ):
        await store_answer(uow, progress, tom, step, _answer(progress, step))
    chat = await uow.session.get(TelegramChat, TOM)
    if chat is not None:
        chat.job_id = job.id


async def _failed(uow: UnitOfWork, job: Job, tina: Worker) -> None:
    """Tina started it and found the harness missing."""
    grant = await _start(uow, job, tina)
    progress = await load_progress(uow, job, MODELS)
    step = progress.current
    if step is not None and step.kind == StepKind.VEHICLE:
        await store_answer(uow, progress, tina, step, _answer(progress, step))
    job.failure_reason = FailureReason.WRONG_PARTS
    job.failure_note = "The CAN harness for this model was not in the kit; ordered a new one."
    job.finished_at, job.current_step, job.step_state = uow.clock.now(), None, None
    move_job(
        uow, job, JobStatus.FAILED, actor=f"telegram:{TINA}", details={"reason": "wrong_parts"}
    )
    await end_access(uow, job, grant, GrantEnd.FAILED, actor=f"telegram:{TINA}", models=MODELS)


async def _succeeded(
    uow: UnitOfWork,
    fleet: Fleet,
    box: Box,
    tom: Worker,
    partner_id: int,
    photos: PhotoStore | None,
) -> None:
    """The Golf's box, installed by Tom: every step, the live tests with what the box reported,
    the photos; the access ended on completion and the vehicle secured."""
    assert box.vehicle is not None and box.config is not None
    now = uow.clock.now()
    job = Job(
        fleet_id=fleet.id,
        status=JobStatus.PENDING,
        created_at=now,
        updated_at=now,
        vin=box.vehicle.vin,
        license_plate=box.vehicle.license_plate,
        vehicle_model_id=box.config.vehicle_model_id,
        installation_variant=box.config.installation_variant,
        central_lock_connection_type=box.config.central_lock_connection_type,
        fuel_type=box.config.fuel_type,
        configuration_preset=box.config.configuration_preset,
        qnr=box.qnr,
        service_date=now.date(),
        search_text="",
    )
    model = MODELS[box.config.vehicle_model_id]
    job.brand, job.model = model.brand, model.model
    job.planned_fields = planned_fields(fields_of(job))
    job.search_text = search_text(fields_of(job))
    uow.session.add(job)
    await uow.session.flush()
    record_event(
        uow,
        actor=ACTOR,
        action="job.created",
        subject=f"job:{job.id}",
        fleet_id=fleet.id,
        details={"fields": sorted(job.planned_fields), "extra_items": 0, "template": None},
    )
    job.partner_id = partner_id
    move_job(uow, job, JobStatus.ASSIGNED, actor=ACTOR)
    grant = await _start(uow, job, tom)
    progress = await load_progress(uow, job, MODELS)
    while (step := progress.current) is not None:
        if step.kind == StepKind.PHOTO:
            answer = await _photo(uow, job, step, tom, photos)
        else:
            answer = _answer(progress, step)
        await store_answer(uow, progress, tom, step, answer)
    job.finished_at = uow.clock.now()
    move_job(uow, job, JobStatus.SUCCEEDED, actor=f"telegram:{TOM}")
    await end_access(uow, job, grant, GrantEnd.COMPLETED, actor=f"telegram:{TOM}", models=MODELS)


async def _photo(
    uow: UnitOfWork, job: Job, step: Step, member: Worker, photos: PhotoStore | None
) -> Answer:
    data = (
        label_png(job.qnr or BERLIN_GOLF)
        if step.key == "photo_label"
        else (photo_without_code_png())
    )
    key = await photos.put(data, suffix=".png") if photos is not None else None
    row = JobPhoto(
        job_id=job.id,
        step=step.key,
        telegram_file_id=f"demo-{job.id}-{step.key}",
        telegram_file_unique_id=f"demo-{job.id}-{step.key}",
        stored_key=key,
        size_bytes=len(data),
        mime_type="image/png",
        technician_id=member.id,
        taken_at=uow.clock.now(),
    )
    uow.session.add(row)
    await uow.session.flush()
    return Answer(Outcome.DONE, {"photo_id": row.id, "stored_key": key})


def _answer(progress: Progress, step: Step) -> Answer:
    """The answer a careful technician gives this step."""
    job = progress.job
    if step.kind == StepKind.VEHICLE:
        typed = (job.vin or "")[-6:] or (job.license_plate or "B-FC 1")
        return Answer(Outcome.DONE, typed, extra={"matched": "vin" if job.vin else "plate"})
    if step.kind == StepKind.QNR:
        return Answer(Outcome.DONE, job.qnr, extra={"from_label": False})
    if step.kind == StepKind.CHOICE:
        return Answer(Outcome.DONE, step.options[0] if step.options else None)
    if step.kind in (StepKind.TEXT, StepKind.NUMBER):
        return Answer(Outcome.DONE, "12345" if step.kind == StepKind.NUMBER else "Done as planned.")
    if step.kind == StepKind.SETUP:
        config = {
            name: getattr(job, name)
            for name in (
                "vehicle_model_id",
                "installation_variant",
                "central_lock_connection_type",
                "fuel_type",
                "configuration_preset",
            )
            if getattr(job, name)
        }
        return Answer(Outcome.DONE, config)
    if step.kind in (StepKind.TEST, StepKind.BOX_STATE):
        return Answer(
            Outcome.DONE,
            True,
            extra={"observed": _observed(job.qnr or "", step.command, progress.job.started_at)},
        )
    return Answer(Outcome.DONE, True)


def _observed(qnr: str, command: Command | None, at: datetime | None) -> dict[str, Any]:
    """What a healthy box reports after the command."""
    moment = at or datetime.now().astimezone()
    locked = command in (Command.LOCK_CENTRAL_LOCK, Command.LOCK_AND_DISABLE_DRIVING)
    driving = command != Command.DISABLE_DRIVING
    state = VehicleState(
        qnr=qnr,
        online=Reading(True, moment),
        last_heartbeat=moment,
        central_lock=Reading(
            CentralLockState.LOCKED if locked else CentralLockState.UNLOCKED, moment
        ),
        driving_enabled=Reading(driving, moment),
        ignition=Reading(Ignition.OFF, moment),
        board_voltage_in_volts=Reading(12.6, moment),
        key_fob_in_holder=Reading(True, moment),
    )
    return state_to_json(state)
