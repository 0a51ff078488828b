"""A technician's jobs in the chat: /jobs, the job card, Start, and the partner admin's dispatch.

Start locks the job's row before it looks at the status, so of many technicians pressing Start
at once exactly one wins; the others are told who has it. A job the partner admin dispatched to
someone is theirs to start. Start opens the access grant: from now until the end of the job's
access window, or for the configured maximum when the job has none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from sqlalchemy import func, or_, select

from cloudboxx import Command, VehicleModel
from core.actors import TelegramUser
from core.buttons import SHOW_JOB, MessageButton
from core.db.models import AccessGrant, Fleet, Job, ServicePartner, Technician
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, NotAllowed
from core.job_views import vehicle_name
from core.moments import show_moment
from core.services.access import WARN_BEFORE
from core.services.audit import record_event
from core.services.checklist_progress import (
    checklist_view,
    focus_chat,
    load_progress,
    setup_lines,
)
from core.services.job_notices import vehicle_of
from core.services.telegram_outbox import queue_message
from core.services.transitions import move_job
from core.services.work_access import Worker, open_grant, partner_job, worker
from core.status import JobStatus
from core.technician_views import (
    ChecklistView,
    Dispatch,
    JobCard,
    JobListEntry,
    MyJobs,
    TeamChoice,
)

CARD_COMMANDS = (
    Command.LOCK_CENTRAL_LOCK,
    Command.UNLOCK_CENTRAL_LOCK,
    Command.REQUEST_VEHICLE_STATE,
)
"""The vehicle commands on a running job's card while the access lasts."""
LIST_LIMIT = 30


async def list_my_jobs(uow: UnitOfWork, user: TelegramUser) -> MyJobs:
    """/jobs: my running jobs first, then the ones I may start; the partner admin sees all."""
    member = await worker(uow, user)
    partner = await uow.session.get_one(ServicePartner, member.partner_id)
    query = (
        select(Job, Fleet.name)
        .join(Fleet, Fleet.id == Job.fleet_id)
        .where(
            Job.partner_id == member.partner_id,
            Job.status.in_([JobStatus.ASSIGNED, JobStatus.RUNNING]),
        )
        .order_by(
            Job.status != JobStatus.RUNNING, Job.service_date.is_(None), Job.service_date, Job.id
        )
    )
    if not member.is_partner_admin:
        query = query.where(or_(Job.technician_id.is_(None), Job.technician_id == member.id))
    rows = (await uow.session.execute(query.limit(LIST_LIMIT * 3))).all()
    names = await _names(uow, {job.technician_id for job, _ in rows if job.technician_id})
    running, startable, others = [], [], []
    for job, fleet_name in rows:
        entry = JobListEntry(
            job_id=job.id,
            job_type=job.job_type,  # type: ignore[arg-type]
            status=JobStatus(job.status),
            vehicle=vehicle_of(job),
            fleet_name=fleet_name,
            service_date=job.service_date,
            technician_name=names.get(job.technician_id) if job.technician_id else None,
            mine=job.technician_id == member.id,
        )
        if job.status == JobStatus.RUNNING and entry.mine:
            running.append(entry)
        elif job.status == JobStatus.ASSIGNED and job.technician_id in (None, member.id):
            startable.append(entry)
        else:
            others.append(entry)
    return MyJobs(
        partner_name=partner.name,
        is_partner_admin=member.is_partner_admin,
        running=tuple(running[:LIST_LIMIT]),
        open=tuple(startable[:LIST_LIMIT]),
        others=tuple(others[:LIST_LIMIT]),
    )


async def show_job_card(
    uow: UnitOfWork, user: TelegramUser, *, job_id: int, models: Mapping[str, VehicleModel]
) -> JobCard:
    """A job of my partner as its card shows it."""
    member = await worker(uow, user)
    job = await partner_job(uow, member, job_id)
    return await _card(uow, member, job, models)


async def start_job(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    job_id: int,
    access_max: timedelta,
    models: Mapping[str, VehicleModel],
) -> ChecklistView:
    """Start the job (RUNNING, access granted) and open its checklist at the first step.

    Pressing Start again on a job I run already just shows where its checklist stands.
    """
    member = await worker(uow, user)
    job = await partner_job(uow, member, job_id, lock=True)
    now = uow.clock.now()
    if job.status == JobStatus.RUNNING and job.technician_id == member.id:
        grant = await open_grant(uow, job.id, member.id)
        progress = await load_progress(uow, job, models)
        await focus_chat(uow, user.id, job.id)
        await uow.commit()
        return checklist_view(progress, grant)
    if job.status == JobStatus.RUNNING:
        name = (await _names(uow, {job.technician_id})).get(job.technician_id) or "Someone"
        raise NotAllowed(
            f"{name} has started this job already.", code=ErrorCode.JOB_TAKEN, name=name
        )
    if job.status != JobStatus.ASSIGNED:
        raise NotAllowed(
            f"This job is {job.status} and cannot be started.",
            code=ErrorCode.JOB_NOT_STARTABLE,
            status=job.status,
        )
    if job.technician_id is not None and job.technician_id != member.id:
        name = (await _names(uow, {job.technician_id})).get(job.technician_id) or "someone else"
        raise NotAllowed(
            f"The partner admin gave this job to {name}.",
            code=ErrorCode.JOB_DISPATCHED_ELSEWHERE,
            name=name,
        )
    fleet = await uow.session.get_one(Fleet, job.fleet_id)
    if job.access_from is not None and job.access_from > now:
        start = show_moment(job.access_from, fleet.time_zone)
        raise NotAllowed(
            f"The access to this vehicle begins on {start}.",
            code=ErrorCode.ACCESS_NOT_YET,
            start=start,
        )
    if job.access_until is not None and job.access_until <= now:
        end = show_moment(job.access_until, fleet.time_zone)
        raise NotAllowed(
            f"This job's access window is over ({end}). Ask the fleet manager for a new one.",
            code=ErrorCode.ACCESS_OVER,
            end=end,
        )
    ends_at = job.access_until or now + access_max
    grant = AccessGrant(
        job_id=job.id, technician_id=member.id, qnr=job.qnr, starts_at=now, ends_at=ends_at
    )
    uow.session.add(grant)
    job.technician_id = member.id
    job.started_at = now
    job.current_step, job.step_state = None, None
    move_job(
        uow, job, JobStatus.RUNNING, actor=user.audit_name, details={"access_until": str(ends_at)}
    )
    await focus_chat(uow, user.id, job.id)
    await uow.session.flush()
    progress = await load_progress(uow, job, models)
    uow.wake_at(ends_at - WARN_BEFORE)
    uow.wake_at(ends_at)
    await uow.commit()
    return checklist_view(progress, grant)


async def dispatch_choices(uow: UnitOfWork, user: TelegramUser, *, job_id: int) -> Dispatch:
    """Whom the partner admin may give the job to: the team, with how many jobs each runs."""
    member = await _admin(uow, user)
    job = await partner_job(uow, member, job_id)
    team = list(
        await uow.session.scalars(
            select(Technician)
            .where(Technician.partner_id == member.partner_id)
            .order_by(Technician.role.desc(), Technician.display_name)
        )
    )
    counts = dict(
        (
            await uow.session.execute(
                select(Job.technician_id, func.count())
                .where(Job.partner_id == member.partner_id, Job.status == JobStatus.RUNNING)
                .group_by(Job.technician_id)
            )
        ).tuples()
    )
    return Dispatch(
        card=await _card(uow, member, job, {}),
        team=tuple(TeamChoice(t.id, t.display_name, counts.get(t.id, 0)) for t in team),
    )


async def dispatch_job(
    uow: UnitOfWork,
    user: TelegramUser,
    *,
    job_id: int,
    technician_id: int,
    models: Mapping[str, VehicleModel],
) -> JobCard:
    """The partner admin gives an ASSIGNED job to one technician of the team, who is told."""
    member = await _admin(uow, user)
    job = await partner_job(uow, member, job_id, lock=True)
    if job.status != JobStatus.ASSIGNED:
        raise NotAllowed(
            f"This job is {job.status}; only a job nobody has started can be given to someone.",
            code=ErrorCode.JOB_NOT_STARTABLE,
            status=job.status,
        )
    technician = await uow.session.get(Technician, technician_id)
    if technician is None or technician.partner_id != member.partner_id:
        raise NotAllowed(
            "This person is not in your team (any more).", code=ErrorCode.NOT_IN_YOUR_TEAM
        )
    if job.technician_id != technician.id:
        job.technician_id = technician.id
        job.updated_at = uow.clock.now()
        record_event(
            uow,
            actor=user.audit_name,
            action="job.dispatched",
            subject=f"job:{job.id}",
            fleet_id=job.fleet_id,
            details={"technician": technician.display_name},
        )
        if technician.id != member.id:
            queue_message(
                uow,
                telegram_user_id=technician.telegram_user_id,
                text_key="jobs.dispatched_to_you",
                values={"vehicle": vehicle_of(job), "admin": member.technician.display_name},
                fleet_id=job.fleet_id,
                buttons=[[MessageButton("button.show_job", SHOW_JOB, job.id)]],
            )
    card = await _card(uow, member, job, models)
    await uow.commit()
    return card


async def _admin(uow: UnitOfWork, user: TelegramUser) -> Worker:
    member = await worker(uow, user)
    if not member.is_partner_admin:
        raise NotAllowed("Only the partner admin can do that.", code=ErrorCode.PARTNER_ADMIN_ONLY)
    return member


async def _card(
    uow: UnitOfWork, member: Worker, job: Job, models: Mapping[str, VehicleModel]
) -> JobCard:
    progress = await load_progress(uow, job, models)
    grant = (
        await open_grant(uow, job.id, member.id)
        if job.status == JobStatus.RUNNING and job.technician_id == member.id
        else None
    )
    names = await _names(uow, {job.technician_id}) if job.technician_id else {}
    model = progress.model()
    answered = sum(1 for step in progress.checklist.steps if step.key in progress.answers)
    commands: tuple[Command, ...] = ()
    if grant is not None and progress.qnr:
        commands = tuple(c for c in CARD_COMMANDS if model is None or c in model.commands)
    return JobCard(
        job_id=job.id,
        job_type=job.job_type,  # type: ignore[arg-type]
        status=JobStatus(job.status),
        fleet_name=progress.fleet.name,
        time_zone=progress.fleet.time_zone,
        vehicle=vehicle_name(job.id, job.license_plate, job.custom_name, job.vin),
        license_plate=job.license_plate,
        vin=job.vin,
        custom_name=job.custom_name,
        model_name=model.name
        if model
        else (" ".join(filter(None, [job.brand, job.model])) or None),
        qnr=progress.qnr,
        service_date=job.service_date,
        access_from=job.access_from,
        access_until=job.access_until,
        instructions=job.instructions,
        maintenance_type=job.maintenance_type,
        problem_description=job.problem_description,
        configuration=setup_lines(progress),
        extra_items=tuple(item.label for item in progress.sheet.extra_items),
        allow_override=progress.sheet.allow_override,
        technician_name=names.get(job.technician_id) if job.technician_id else None,
        running_by_me=grant is not None,
        may_start=job.status == JobStatus.ASSIGNED and job.technician_id in (None, member.id),
        may_dispatch=member.is_partner_admin and job.status == JobStatus.ASSIGNED,
        access_ends_at=grant.ends_at if grant is not None else None,
        commands=commands,
        steps_done=answered,
        steps_total=len(progress.checklist.steps),
    )


async def _names(uow: UnitOfWork, ids: set[int | None]) -> dict[int | None, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    rows = await uow.session.execute(
        select(Technician.id, Technician.display_name).where(Technician.id.in_(wanted))
    )
    return {row[0]: row[1] for row in rows.all()}
