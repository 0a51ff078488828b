"""The same action on many jobs at once: assign, unassign, delete, on ticked jobs or a whole filter.

Set-based: the jobs the action fits are locked and changed by a few statements whatever their
number (transitions.move_jobs for a status, one DELETE per chunk), with one audit event each in
one multi-row INSERT; the others are counted by reason in SQL and left as they were: "10,000
assigned; 3 skipped: 2 running, 1 already assigned". Each person of a partner hears once.
Bulk edit is core/services/job_bulk_edit.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select

from core.actors import Manager, ensure_manages_fleet
from core.db.chunks import statement_chunks
from core.db.models import AccessGrant, Job
from core.db.uow import UnitOfWork
from core.job_outcomes import GrantEnd
from core.job_views import BulkResult
from core.services.access import end_access
from core.services.audit import record_job_events
from core.services.job_notices import (
    JobBatch,
    job_batch,
    tell_jobs_counted_assigned,
    tell_jobs_counted_taken_back,
    tell_partner_removed,
    vehicle_of,
)
from core.services.job_records import accepted_partner
from core.services.job_selection import (
    Columns,
    JobSelection,
    counted,
    locked_jobs,
    selection_conditions,
    skipped_jobs,
)
from core.services.manager_telegram import tell_managers_job_failed
from core.services.transitions import move_job, move_jobs
from core.status import JobStatus

PARTNER_REMOVED = "partner_removed"
VEHICLE = (Job.license_plate, Job.custom_name, Job.vin)
"""What a partner recognises a job's vehicle by (job_notices.vehicle_of), as columns."""


async def assign_jobs(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    selection: JobSelection,
    partner_code: str,
) -> BulkResult:
    """Give the PENDING jobs of the selection to a partner ACCEPTED for the fleet."""
    ensure_manages_fleet(manager, fleet_id)
    partner = await accepted_partner(uow, fleet_id, partner_code)
    where = selection_conditions(fleet_id, selection)
    given = await locked_jobs(uow, [*where, Job.status == JobStatus.PENDING], *VEHICLE)
    skipped: dict[str, int] = {}
    others = [*where, Job.status != JobStatus.PENDING]
    for status, partner_id, count in await counted(uow, others, Job.status, Job.partner_id):
        mine = status == JobStatus.ASSIGNED and partner_id == partner.id
        reason = "already assigned" if mine else status.lower()
        skipped[reason] = skipped.get(reason, 0) + count
    reasons = skipped_jobs(selection, done=len(given), skipped=skipped)
    await move_jobs(
        uow,
        fleet_id=fleet_id,
        job_ids=[job.id for job in given],
        source=JobStatus.PENDING,
        target=JobStatus.ASSIGNED,
        actor=manager.audit_name,
        values={"partner_id": partner.id},
        details={"partner_code": partner.partner_code},
    )
    await tell_jobs_counted_assigned(
        uow, fleet_id=fleet_id, partner_id=partner.id, batch=job_batch(given)
    )
    await uow.commit()
    return BulkResult("assigned", len(given), reasons)


async def unassign_jobs(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, selection: JobSelection
) -> BulkResult:
    """Take the ASSIGNED jobs of the selection back from their partners: PENDING again."""
    ensure_manages_fleet(manager, fleet_id)
    where = selection_conditions(fleet_id, selection)
    taken = await locked_jobs(
        uow, [*where, Job.status == JobStatus.ASSIGNED], Job.partner_id, *VEHICLE
    )
    reasons = skipped_jobs(
        selection,
        done=len(taken),
        skipped=await _by_status(uow, [*where, Job.status != JobStatus.ASSIGNED]),
    )
    await move_jobs(
        uow,
        fleet_id=fleet_id,
        job_ids=[job.id for job in taken],
        source=JobStatus.ASSIGNED,
        target=JobStatus.PENDING,
        actor=manager.audit_name,
        values={"partner_id": None},
    )
    await tell_jobs_counted_taken_back(uow, fleet_id=fleet_id, batches=_by_partner(taken))
    await uow.commit()
    return BulkResult("unassigned", len(taken), reasons)


async def delete_jobs(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, selection: JobSelection
) -> BulkResult:
    """Delete the jobs of the selection but the RUNNING ones; their audit events stay.

    A job's extra items, checklist answers, photos, override diffs and access grants go with it
    (ON DELETE CASCADE); its box commands and a chat at its checklist forget it (SET NULL).
    """
    ensure_manages_fleet(manager, fleet_id)
    where = selection_conditions(fleet_id, selection)
    gone = await locked_jobs(
        uow, [*where, Job.status != JobStatus.RUNNING], Job.status, Job.partner_id, *VEHICLE
    )
    reasons = skipped_jobs(
        selection,
        done=len(gone),
        skipped=await _by_status(uow, [*where, Job.status == JobStatus.RUNNING]),
    )
    await record_job_events(
        uow,
        actor=manager.audit_name,
        action="job.deleted",
        fleet_id=fleet_id,
        details_by_job=(
            (job.id, {"status": job.status, "vehicle": vehicle_of(job), "bulk": True})
            for job in gone
        ),
    )
    assigned = [job for job in gone if job.status == JobStatus.ASSIGNED]
    await tell_jobs_counted_taken_back(uow, fleet_id=fleet_id, batches=_by_partner(assigned))
    for chunk in statement_chunks([job.id for job in gone]):
        await uow.session.execute(
            delete(Job)
            .where(Job.id.in_(chunk), Job.fleet_id == fleet_id)
            .execution_options(synchronize_session=False)
        )
    await uow.commit()
    return BulkResult("deleted", len(gone), reasons)


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


async def _by_status(uow: UnitOfWork, conditions: Sequence[Any]) -> dict[str, int]:
    """How many jobs meeting conditions are in each status, by the status' lower-case name."""
    return {status.lower(): count for status, count in await counted(uow, conditions, Job.status)}


def _by_partner(jobs: Sequence[Columns]) -> dict[int, JobBatch]:
    """The jobs (rows with partner_id and VEHICLE) as one batch per partner."""
    grouped: dict[int, list[Columns]] = {}
    for job in jobs:
        if job.partner_id is not None:
            grouped.setdefault(job.partner_id, []).append(job)
    return {partner_id: job_batch(rows) for partner_id, rows in grouped.items()}
