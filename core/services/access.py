"""Access grants ending: on completion, when the window closes, on removal, on revocation.

Ending a grant is one change with three parts, all in the caller's transaction: the grant is
closed (so the next vehicle command is refused at once), a follow-up that secures the vehicle is
queued for the box sender, and the technician is told through the Telegram outbox (unless they
ended it themselves by completing or failing the job). The sweep ends every overdue grant with
one conditional UPDATE, so it is right after a restart and with several replicas.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import select, update

from cloudboxx import CentralLockConnectionType, VehicleModel
from core.actors import Manager
from core.db.models import AccessGrant, ChecklistAnswer, Fleet, Job, Technician, TelegramChat
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, NotAllowed
from core.job_outcomes import FailureReason, GrantEnd
from core.moments import show_moment
from core.services.box_commands import Purpose, record_intent, securing_command
from core.services.checklist_progress import focus_chat
from core.services.job_notices import vehicle_of
from core.services.job_records import fleet_job
from core.services.manager_telegram import tell_managers_job_failed
from core.services.telegram_outbox import queue_message
from core.services.transitions import move_job
from core.status import JobStatus

WARN_BEFORE = timedelta(minutes=15)
SYSTEM = "system:scheduler"
_TOLD = frozenset(
    {
        GrantEnd.WINDOW_CLOSED,
        GrantEnd.TECHNICIAN_REMOVED,
        GrantEnd.PARTNER_REMOVED,
        GrantEnd.REVOKED,
        GrantEnd.TAKEN_BACK,
    }
)


async def end_access(
    uow: UnitOfWork,
    job: Job,
    grant: AccessGrant,
    reason: GrantEnd,
    *,
    actor: str,
    models: Mapping[str, VehicleModel],
) -> bool:
    """Close the grant now, queue the vehicle's securing, tell the technician; True if queued."""
    if grant.ended_at is None:
        grant.ended_at, grant.end_reason = uow.clock.now(), reason
    return await secure_and_tell(uow, job, grant, reason, actor=actor, models=models)


async def secure_and_tell(
    uow: UnitOfWork,
    job: Job,
    grant: AccessGrant,
    reason: GrantEnd,
    *,
    actor: str,
    models: Mapping[str, VehicleModel],
) -> bool:
    """After a grant closed: the follow-up for the box, the word to the technician."""
    technician = (
        await uow.session.get(Technician, grant.technician_id) if grant.technician_id else None
    )
    if technician is not None:
        await focus_chat_away(uow, technician.telegram_user_id, job.id)
        if reason in _TOLD:
            queue_message(
                uow,
                telegram_user_id=technician.telegram_user_id,
                text_key=f"access.ended.{reason.value}",
                values={"vehicle": vehicle_of(job), "job": job.id},
                fleet_id=job.fleet_id,
            )
    qnr = grant.qnr or job.qnr
    if qnr is None:
        return False
    # Queued whenever the box is known: only the box knows whether it is in a car (one that is
    # not refuses, and the follow-up ends FAILED, "not installed", without being retried).
    model_id, lock = await _setup_of(uow, job)
    command = securing_command(
        models.get(model_id or "") if model_id else None,
        lock_connected=lock != CentralLockConnectionType.NONE,
    )
    if command is None:
        return False
    record_intent(
        uow,
        job,
        qnr=qnr,
        command=command,
        purpose=Purpose.SECURE,
        actor=actor,
        technician_id=grant.technician_id,
        grant_id=grant.id,
    )
    return True


async def focus_chat_away(uow: UnitOfWork, telegram_user_id: int, job_id: int) -> None:
    """The chat no longer sends typed answers to this job (another job's focus stays)."""
    chat = await uow.session.get(TelegramChat, telegram_user_id)
    if chat is not None and chat.job_id == job_id:
        await focus_chat(uow, telegram_user_id, None)


async def end_overdue_grants(uow: UnitOfWork, models: Mapping[str, VehicleModel]) -> int:
    """Every grant whose window has closed ends now; its RUNNING job FAILED. How many ended."""
    now = uow.clock.now()
    overdue = (AccessGrant.ended_at.is_(None), AccessGrant.ends_at <= now)
    job_ids = list(await uow.session.scalars(select(AccessGrant.job_id).where(*overdue)))
    if not job_ids:
        return 0
    # The jobs' locks first, in one order, as Complete and Fail take them (job, then grant).
    await uow.session.execute(
        select(Job.id).where(Job.id.in_(job_ids)).order_by(Job.id).with_for_update()
    )
    ended = (
        await uow.session.execute(
            update(AccessGrant)
            .where(*overdue)
            .values(ended_at=now, end_reason=GrantEnd.WINDOW_CLOSED)
            .returning(AccessGrant.id)
            .execution_options(synchronize_session=False)
        )
    ).scalars()
    grant_ids = list(ended)
    for grant_id in grant_ids:
        grant = await uow.session.get_one(AccessGrant, grant_id, populate_existing=True)
        job = await uow.session.get(Job, grant.job_id, with_for_update=True)
        if job is None:
            continue
        if job.status == JobStatus.RUNNING and job.technician_id == grant.technician_id:
            await fail_for(uow, job, FailureReason.ACCESS_WINDOW_ENDED, actor=SYSTEM)
        await secure_and_tell(uow, job, grant, GrantEnd.WINDOW_CLOSED, actor=SYSTEM, models=models)
    return len(grant_ids)


async def warn_ending_grants(uow: UnitOfWork) -> int:
    """Technicians whose access ends within WARN_BEFORE hear it, once per grant."""
    now = uow.clock.now()
    warned = (
        await uow.session.execute(
            update(AccessGrant)
            .where(
                AccessGrant.ended_at.is_(None),
                AccessGrant.warned_at.is_(None),
                AccessGrant.ends_at > now,
                AccessGrant.ends_at <= now + WARN_BEFORE,
            )
            .values(warned_at=now)
            .returning(AccessGrant.id)
            .execution_options(synchronize_session=False)
        )
    ).scalars()
    grant_ids = list(warned)
    for grant_id in grant_ids:
        grant = await uow.session.get_one(AccessGrant, grant_id)
        job = await uow.session.get(Job, grant.job_id)
        technician = (
            await uow.session.get(Technician, grant.technician_id) if grant.technician_id else None
        )
        if job is None or technician is None or grant.ends_at is None:
            continue
        fleet = await uow.session.get_one(Fleet, job.fleet_id)
        queue_message(
            uow,
            telegram_user_id=technician.telegram_user_id,
            text_key="access.ending_soon",
            values={
                "vehicle": vehicle_of(job),
                "end": show_moment(grant.ends_at, fleet.time_zone),
                "minutes": max(1, round((grant.ends_at - now).total_seconds() / 60)),
            },
            fleet_id=job.fleet_id,
        )
    return len(grant_ids)


async def fail_for(uow: UnitOfWork, job: Job, reason: FailureReason, *, actor: str) -> None:
    """A RUNNING job FAILED for a reason that is not the technician's choice; the fleet's
    managers who linked their Telegram hear of it."""
    job.failure_reason = reason
    job.failure_note = reason.label
    job.finished_at = uow.clock.now()
    job.step_state = None
    move_job(uow, job, JobStatus.FAILED, actor=actor, details={"reason": reason.value})
    await tell_managers_job_failed(uow, job)


async def revoke_access(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    job_id: int,
    models: Mapping[str, VehicleModel],
) -> bool:
    """The manager ends the technician's access on the job page: the job FAILED, the vehicle
    secured. Revoking an access that has ended already changes nothing (False)."""
    job = await fleet_job(uow, manager, fleet_id, job_id, lock=True)  # Complete may race this
    grant = await uow.session.scalar(
        select(AccessGrant).where(AccessGrant.job_id == job.id, AccessGrant.ended_at.is_(None))
    )
    if grant is None:
        return False
    if job.status != JobStatus.RUNNING:
        raise NotAllowed(
            f"This job is {job.status}; only a running job's access can be revoked.",
            code=ErrorCode.JOB_NOT_RUNNING,
            status=job.status,
        )
    await fail_for(uow, job, FailureReason.ACCESS_REVOKED, actor=manager.audit_name)
    await end_access(uow, job, grant, GrantEnd.REVOKED, actor=manager.audit_name, models=models)
    await uow.commit()
    return True


async def end_technicians_access(
    uow: UnitOfWork,
    technician_id: int,
    reason: GrantEnd,
    *,
    actor: str,
    models: Mapping[str, VehicleModel] | None = None,
) -> int:
    """Every open grant of the technician ends; their RUNNING jobs go back to ASSIGNED."""
    grants = list(
        await uow.session.scalars(
            select(AccessGrant).where(
                AccessGrant.technician_id == technician_id, AccessGrant.ended_at.is_(None)
            )
        )
    )
    for grant in grants:
        job = await uow.session.get(Job, grant.job_id, with_for_update=True)
        if job is None:
            continue
        # The job's lock taken, the grant as it is now: a Complete just before ended it already.
        await uow.session.refresh(grant)
        if grant.ended_at is not None:
            continue
        if job.status == JobStatus.RUNNING and job.technician_id == technician_id:
            job.technician_id = None
            job.step_state = None
            move_job(uow, job, JobStatus.ASSIGNED, actor=actor, details={"why": reason.value})
        await end_access(uow, job, grant, reason, actor=actor, models=models or {})
    return len(grants)


async def _setup_of(uow: UnitOfWork, job: Job) -> tuple[str | None, str | None]:
    """The job's vehicle model and lock connection as planned or as the technician set them."""
    model_id, lock = job.vehicle_model_id, job.central_lock_connection_type
    rows = await uow.session.execute(
        select(ChecklistAnswer.step, ChecklistAnswer.value).where(
            ChecklistAnswer.job_id == job.id,
            ChecklistAnswer.step.in_(["setup", "model", "lock_type", "problem"]),
        )
    )
    for step, answer in rows:
        value = answer.get("value")
        if step == "setup" and isinstance(value, dict):
            model_id = value.get("vehicle_model_id") or model_id
            lock = value.get("central_lock_connection_type") or lock
        elif step == "model" and isinstance(value, str):
            model_id = model_id or value
        elif step == "lock_type" and isinstance(value, str):
            lock = lock or value
        elif step == "problem" and isinstance(answer.get("config"), dict):
            config = answer["config"]
            model_id = model_id or config.get("vehicle_model_id")
            lock = lock or config.get("central_lock_connection_type")
    return model_id, lock
