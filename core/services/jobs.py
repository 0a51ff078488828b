"""A manager's jobs one at a time: create (Save or Save & Assign), edit, duplicate, delete, reopen.

Only PENDING jobs are edited (an ASSIGNED one is unassigned first, in the same step); RUNNING
jobs are neither edited nor deleted. Every change of status goes through move_job.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.actors import Manager
from core.db.models import ChecklistAnswer, FleetConnection, Job, ServicePartner
from core.db.uow import UnitOfWork
from core.errors import ChangedMeanwhile, Conflict, InvalidTransition
from core.extra_items import ExtraItem
from core.job_fields import JobFields
from core.job_views import JobSaved, PartnerChoice
from core.services.audit import record_event
from core.services.job_notices import tell_jobs_assigned, tell_jobs_taken_back, vehicle_of
from core.services.job_records import (
    accepted_partner,
    apply_fields,
    fields_of,
    fleet_job,
    fleet_of,
    items_of,
    planned_fields,
    replace_items,
    template_of,
)
from core.services.transitions import move_job
from core.status import InvitationStatus, JobStatus, with_article


async def create_job(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    fields: JobFields,
    items: Sequence[ExtraItem] = (),
    partner_code: str | None = None,
    template_id: int | None = None,
    creation_key: str | None = None,
) -> JobSaved:
    """Save a new job as PENDING, or, with a partner, Save & Assign it (ASSIGNED).

    creation_key is the form's own: the same form sent twice (a double click) saves one job,
    and the second send is answered with it.
    """
    await fleet_of(uow, manager, fleet_id)
    if creation_key is not None and (known := await _created_with(uow, fleet_id, creation_key)):
        return known
    template = await template_of(uow, manager, fleet_id, template_id) if template_id else None
    partner = await accepted_partner(uow, fleet_id, partner_code) if partner_code else None
    now = uow.clock.now()
    job = Job(
        fleet_id=fleet_id,
        status=JobStatus.PENDING,
        template_id=template.id if template else None,
        created_by_id=manager.id,
        created_at=now,
        updated_at=now,
        planned_fields=planned_fields(fields),
        creation_key=creation_key,
    )
    apply_fields(job, fields)
    try:
        async with uow.session.begin_nested():  # the same form's other send, a moment earlier
            uow.session.add(job)
    except IntegrityError:
        known = await _created_with(uow, fleet_id, creation_key or "")
        if known is None:
            raise
        return known
    await replace_items(uow, items, job_id=job.id)
    record_event(
        uow,
        actor=manager.audit_name,
        action="job.created",
        subject=f"job:{job.id}",
        fleet_id=fleet_id,
        details={
            "fields": sorted(job.planned_fields),
            "extra_items": len(items),
            "template": template.name if template else None,
        },
    )
    if partner is not None:
        job.partner_id = partner.id
        move_job(
            uow,
            job,
            JobStatus.ASSIGNED,
            actor=manager.audit_name,
            details={"partner_code": partner.partner_code},
        )
        await tell_jobs_assigned(uow, fleet_id=fleet_id, partner_id=partner.id, jobs=[job])
    await uow.commit()
    return JobSaved(
        job.id, fields.job_type, JobStatus(job.status), partner.name if partner else None
    )


async def update_job(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    job_id: int,
    fields: JobFields,
    items: Sequence[ExtraItem] = (),
    unassign: bool = False,
    seen: datetime | None = None,
) -> JobSaved:
    """Change a PENDING job's data; an ASSIGNED one only with unassign (it becomes PENDING).

    seen is the job's last change when the form was opened: a job changed since (in another
    tab, by another manager) is refused rather than overwritten.
    """
    job = await fleet_job(uow, manager, fleet_id, job_id, lock=True)
    if seen is not None and job.updated_at != seen:
        raise ChangedMeanwhile(
            "This job was changed since this form was opened, so nothing was saved: "
            "open it again to see the changes."
        )
    status = JobStatus(job.status)
    if status == JobStatus.ASSIGNED and unassign:
        if job.partner_id is not None:
            await tell_jobs_taken_back(
                uow, fleet_id=fleet_id, jobs_by_partner={job.partner_id: [job]}
            )
        job.partner_id = None
        move_job(uow, job, JobStatus.PENDING, actor=manager.audit_name, details={"to_edit": True})
    elif status != JobStatus.PENDING:
        raise _not_editable(status)
    before = fields_of(job).filled()
    apply_fields(job, fields)
    job.planned_fields = planned_fields(fields)
    job.updated_at = uow.clock.now()
    await replace_items(uow, items, job_id=job.id)
    after = fields.filled()
    changed = sorted(
        name for name in set(before) | set(after) if before.get(name) != after.get(name)
    )
    record_event(
        uow,
        actor=manager.audit_name,
        action="job.edited",
        subject=f"job:{job.id}",
        fleet_id=fleet_id,
        details={"changed": changed, "extra_items": len(items)},
    )
    await uow.commit()
    return JobSaved(job.id, fields.job_type, JobStatus(job.status), None)


async def duplicate_job(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_id: int
) -> JobSaved:
    """A new PENDING copy of a job's data and extra items, for another vehicle."""
    source = await fleet_job(uow, manager, fleet_id, job_id)
    fields = fields_of(source)
    items = await items_of(uow, job_id=source.id)
    now = uow.clock.now()
    copy = Job(
        fleet_id=fleet_id,
        status=JobStatus.PENDING,
        template_id=source.template_id,
        created_by_id=manager.id,
        created_at=now,
        updated_at=now,
        planned_fields=planned_fields(fields),
    )
    apply_fields(copy, fields)
    uow.session.add(copy)
    await uow.session.flush()
    await replace_items(uow, items, job_id=copy.id)
    record_event(
        uow,
        actor=manager.audit_name,
        action="job.created",
        subject=f"job:{copy.id}",
        fleet_id=fleet_id,
        details={"duplicate_of": source.id, "fields": sorted(copy.planned_fields)},
    )
    await uow.commit()
    return JobSaved(copy.id, fields.job_type, JobStatus.PENDING, None)


async def delete_job(uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_id: int) -> None:
    """Delete a job that is not RUNNING; its audit events stay."""
    job = await fleet_job(uow, manager, fleet_id, job_id, lock=True)
    if job.status == JobStatus.RUNNING:
        raise InvalidTransition("A RUNNING job cannot be deleted: a technician is working on it.")
    record_event(
        uow,
        actor=manager.audit_name,
        action="job.deleted",
        subject=f"job:{job.id}",
        fleet_id=fleet_id,
        details={"status": job.status, "vehicle": vehicle_of(job)},
    )
    if job.status == JobStatus.ASSIGNED and job.partner_id is not None:
        await tell_jobs_taken_back(uow, fleet_id=fleet_id, jobs_by_partner={job.partner_id: [job]})
    await uow.session.delete(job)
    await uow.commit()


async def reopen_job(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_id: int, assign_again: bool
) -> JobSaved:
    """Reopen a FAILED job: ASSIGNED to the same partner again, or back to PENDING."""
    job = await fleet_job(uow, manager, fleet_id, job_id, lock=True)
    if job.status != JobStatus.FAILED:
        raise InvalidTransition(f"Only a FAILED job can be reopened; this one is {job.status}.")
    failure = {"failure_reason": job.failure_reason, "failure_note": job.failure_note}
    partner_name = None
    if assign_again:
        partner = await uow.session.get(ServicePartner, job.partner_id) if job.partner_id else None
        if partner is None:
            raise Conflict("The partner of this job is gone: reopen it as PENDING instead.")
        await accepted_partner(uow, fleet_id, partner.partner_code)
        partner_name = partner.name
        move_job(
            uow,
            job,
            JobStatus.ASSIGNED,
            actor=manager.audit_name,
            details={"partner_code": partner.partner_code, **failure},
        )
        await tell_jobs_assigned(uow, fleet_id=fleet_id, partner_id=partner.id, jobs=[job])
    else:
        job.partner_id = None
        move_job(uow, job, JobStatus.PENDING, actor=manager.audit_name, details=failure)
    # A job open again carries no outcome: its failure stays in the timeline (the move's details).
    job.technician_id = None
    job.failure_reason = job.failure_note = None
    job.started_at = job.finished_at = None
    # Its checklist starts afresh: the next technician finds the car as it is now, not as the
    # failed run left it (the photos, box commands and access of that run stay on record).
    job.current_step = job.step_state = None
    await uow.session.execute(delete(ChecklistAnswer).where(ChecklistAnswer.job_id == job.id))
    await uow.commit()
    return JobSaved(job.id, fields_of(job).job_type, JobStatus(job.status), partner_name)


async def assignable_partners(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int
) -> list[PartnerChoice]:
    """The fleet's ACCEPTED partners, by name: whom Save & Assign may give a job."""
    await fleet_of(uow, manager, fleet_id)
    rows = await uow.session.execute(
        select(ServicePartner.partner_code, ServicePartner.name, FleetConnection.allow_override)
        .join(FleetConnection, FleetConnection.partner_id == ServicePartner.id)
        .where(
            FleetConnection.fleet_id == fleet_id,
            FleetConnection.status == InvitationStatus.ACCEPTED,
        )
        .order_by(ServicePartner.name)
    )
    return [PartnerChoice(code, name, override) for code, name, override in rows]


async def _created_with(uow: UnitOfWork, fleet_id: int, creation_key: str) -> JobSaved | None:
    job = await uow.session.scalar(
        select(Job).where(Job.fleet_id == fleet_id, Job.creation_key == creation_key)
    )
    if job is None:
        return None
    partner = await uow.session.get(ServicePartner, job.partner_id) if job.partner_id else None
    return JobSaved(
        job.id,
        fields_of(job).job_type,
        JobStatus(job.status),
        partner.name if partner else None,
        already_saved=True,
    )


def _not_editable(status: JobStatus) -> InvalidTransition:
    if status == JobStatus.RUNNING:
        return InvalidTransition("A RUNNING job cannot be edited: a technician is working on it.")
    if status == JobStatus.ASSIGNED:
        return InvalidTransition(
            "An ASSIGNED job is edited after unassigning it: choose Unassign and edit."
        )
    which = with_article(status, starts_sentence=True)
    return InvalidTransition(
        f"{which} job is not edited any more; duplicate it for a new job, or reopen it if it "
        "FAILED."
    )
