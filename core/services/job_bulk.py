"""The same action on a selection of jobs, with a result per job: what was done, what was left why.

A job the action does not fit (a RUNNING one for delete, an ASSIGNED one for assign) is left as
it was and named in the result: "12 assigned; 3 skipped: 2 running, 1 already assigned".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select

from cloudboxx import VehicleModel
from core.actors import Manager
from core.db.models import AccessGrant, Job
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.job_fields import FIELD_NAMES, InvalidJobData, as_form_text, clean_job_fields
from core.job_outcomes import GrantEnd
from core.job_views import BulkResult, SkippedJob
from core.moments import local_date
from core.services.access import end_access
from core.services.audit import record_event
from core.services.job_notices import (
    tell_jobs_assigned,
    tell_jobs_taken_back,
    tell_partner_removed,
)
from core.services.job_records import (
    accepted_partner,
    apply_fields,
    fields_of,
    fleet_jobs,
    fleet_of,
    planned_fields,
)
from core.services.manager_telegram import tell_managers_job_failed
from core.services.transitions import move_job
from core.status import JobStatus

MAX_SELECTION = 1000
PARTNER_REMOVED = "partner_removed"
BULK_FIELDS = (
    "service_date",
    "vehicle_model_id",
    "installation_variant",
    "central_lock_connection_type",
    "fuel_type",
    "configuration_preset",
    "brand",
    "model",
    "year",
    "instructions",
    "access_from",
    "access_until",
    "maintenance_type",
)
"""Fields a manager may set on many jobs at once (not VIN, plate or QNR: one vehicle each)."""


async def assign_jobs(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_ids: Sequence[int], partner_code: str
) -> BulkResult:
    """Give PENDING jobs to a partner whose connection to the fleet is ACCEPTED."""
    jobs = await _selection(uow, manager, fleet_id, job_ids)
    partner = await accepted_partner(uow, fleet_id, partner_code)
    done, skipped = [], _missing(job_ids, jobs)
    for job in jobs:
        if job.status == JobStatus.ASSIGNED and job.partner_id == partner.id:
            skipped.append(SkippedJob(job.id, "already assigned"))
        elif job.status != JobStatus.PENDING:
            skipped.append(SkippedJob(job.id, job.status.lower()))
        else:
            job.partner_id = partner.id
            move_job(
                uow,
                job,
                JobStatus.ASSIGNED,
                actor=manager.audit_name,
                details={"partner_code": partner.partner_code},
            )
            done.append(job.id)
    given = [job for job in jobs if job.id in done]
    await tell_jobs_assigned(uow, fleet_id=fleet_id, partner_id=partner.id, jobs=given)
    await uow.commit()
    return BulkResult("assigned", tuple(done), tuple(skipped))


async def unassign_jobs(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_ids: Sequence[int]
) -> BulkResult:
    """Take ASSIGNED jobs back from their partner: they are PENDING again."""
    jobs = await _selection(uow, manager, fleet_id, job_ids)
    done, skipped = [], _missing(job_ids, jobs)
    taken: dict[int, list[Job]] = {}
    for job in jobs:
        if job.status != JobStatus.ASSIGNED:
            skipped.append(SkippedJob(job.id, job.status.lower()))
            continue
        if job.partner_id is not None:
            taken.setdefault(job.partner_id, []).append(job)
        job.partner_id = None
        move_job(uow, job, JobStatus.PENDING, actor=manager.audit_name)
        done.append(job.id)
    await tell_jobs_taken_back(uow, fleet_id=fleet_id, jobs_by_partner=taken)
    await uow.commit()
    return BulkResult("unassigned", tuple(done), tuple(skipped))


async def delete_jobs(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_ids: Sequence[int]
) -> BulkResult:
    """Delete the selected jobs but the RUNNING ones."""
    jobs = await _selection(uow, manager, fleet_id, job_ids)
    done, skipped = [], _missing(job_ids, jobs)
    taken: dict[int, list[Job]] = {}
    for job in jobs:
        if job.status == JobStatus.RUNNING:
            skipped.append(SkippedJob(job.id, "running"))
            continue
        if job.status == JobStatus.ASSIGNED and job.partner_id is not None:
            taken.setdefault(job.partner_id, []).append(job)
        record_event(
            uow,
            actor=manager.audit_name,
            action="job.deleted",
            subject=f"job:{job.id}",
            fleet_id=fleet_id,
            details={"status": job.status, "bulk": True},
        )
        done.append(job.id)
    await tell_jobs_taken_back(uow, fleet_id=fleet_id, jobs_by_partner=taken)
    for job in jobs:
        if job.id in done:
            await uow.session.delete(job)
    await uow.commit()
    return BulkResult("deleted", tuple(done), tuple(skipped))


async def change_jobs(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    job_ids: Sequence[int],
    field: str,
    value: str,
    models: Iterable[VehicleModel],
) -> BulkResult:
    """Set one field on the selected PENDING jobs, checked with each job's other data.

    A value that fits no selected job (a date that does not parse; a variant none of their
    vehicle models takes) is refused for all, and nothing changes; one that fits some leaves
    the others as they were, each with the reason.
    """
    if field not in BULK_FIELDS:
        raise InvalidInput("Choose a field that can be set on many jobs at once.")
    fleet = await fleet_of(uow, manager, fleet_id)
    known = list(models)
    today = local_date(uow.clock.now(), fleet.time_zone)
    jobs = await _selection(uow, manager, fleet_id, job_ids)
    done, skipped = [], _missing(job_ids, jobs)
    refused: list[InvalidJobData] = []
    for job in jobs:
        if job.status != JobStatus.PENDING:
            skipped.append(SkippedJob(job.id, job.status.lower()))
            continue
        current = fields_of(job)
        raw = {name: as_form_text(getattr(current, name), fleet.time_zone) for name in FIELD_NAMES}
        raw[field] = value
        try:
            fields = clean_job_fields(raw, models=known, time_zone=fleet.time_zone, today=today)
        except InvalidJobData as problem:
            refused.append(problem)
            skipped.append(SkippedJob(job.id, problem.problems[0].message))
            continue
        apply_fields(job, fields)
        job.planned_fields = planned_fields(fields)
        job.updated_at = uow.clock.now()
        record_event(
            uow,
            actor=manager.audit_name,
            action="job.edited",
            subject=f"job:{job.id}",
            fleet_id=fleet_id,
            details={"changed": [field], "bulk": True},
        )
        done.append(job.id)
    if refused and not done:
        raise refused[0]  # wrong for every job it could go to: say why, change nothing
    await uow.commit()
    return BulkResult("changed", tuple(done), tuple(skipped))


async def take_jobs_from_partner(
    uow: UnitOfWork, *, fleet_id: int, partner_id: int, actor: str
) -> tuple[int, int]:
    """A partner leaves the fleet: its ASSIGNED jobs there are PENDING again, its RUNNING ones
    FAILED ("partner removed", access grants ended). Part of the caller's work; the counts."""
    jobs = list(
        await uow.session.scalars(
            select(Job)
            .where(
                Job.fleet_id == fleet_id,
                Job.partner_id == partner_id,
                Job.status.in_([JobStatus.ASSIGNED, JobStatus.RUNNING]),
            )
            .with_for_update()
        )
    )
    now = uow.clock.now()
    unassigned = failed = 0
    for job in jobs:
        if job.status == JobStatus.ASSIGNED:
            job.partner_id = None
            move_job(uow, job, JobStatus.PENDING, actor=actor, details={"partner_removed": True})
            unassigned += 1
        else:
            job.failure_reason = PARTNER_REMOVED
            job.failure_note = "The service partner was removed from the fleet."
            job.finished_at = now
            move_job(uow, job, JobStatus.FAILED, actor=actor, details={"reason": PARTNER_REMOVED})
            await tell_managers_job_failed(uow, job)
            failed += 1
    await tell_partner_removed(
        uow, fleet_id=fleet_id, partner_id=partner_id, jobs_taken_back=unassigned + failed
    )
    for job in jobs:
        if job.status != JobStatus.FAILED:
            continue
        grants = await uow.session.scalars(
            select(AccessGrant).where(AccessGrant.job_id == job.id, AccessGrant.ended_at.is_(None))
        )
        for grant in grants:
            await end_access(uow, job, grant, GrantEnd.PARTNER_REMOVED, actor=actor, models={})
    return unassigned, failed


async def _selection(
    uow: UnitOfWork, manager: Manager, fleet_id: int, job_ids: Sequence[int]
) -> list[Job]:
    if not job_ids:
        raise InvalidInput("Select at least one job.")
    if len(set(job_ids)) > MAX_SELECTION:
        raise InvalidInput(f"Select at most {MAX_SELECTION} jobs at once.")
    return await fleet_jobs(uow, manager, fleet_id, job_ids)


def _missing(job_ids: Sequence[int], jobs: list[Job]) -> list[SkippedJob]:
    found = {job.id for job in jobs}
    return [
        SkippedJob(job_id, "not found") for job_id in dict.fromkeys(job_ids) if job_id not in found
    ]
