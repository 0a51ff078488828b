"""The one place where a job's or an invitation's status changes, with its audit event.

Every change of status is checked against core.status' transitions here, and nothing else
assigns a status (tests/unit/test_status_changes.py fails on any other assignment).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import update

from core.db.chunks import statement_chunks
from core.db.models import FleetConnection, Job
from core.db.uow import UnitOfWork
from core.services.audit import record_event, record_job_events
from core.status import (
    InvitationStatus,
    JobStatus,
    ensure_invitation_transition,
    ensure_transition,
)

JOB_ACTIONS = {
    (JobStatus.PENDING, JobStatus.ASSIGNED): "job.assigned",
    (JobStatus.ASSIGNED, JobStatus.PENDING): "job.unassigned",
    (JobStatus.ASSIGNED, JobStatus.RUNNING): "job.started",
    (JobStatus.RUNNING, JobStatus.SUCCEEDED): "job.succeeded",
    (JobStatus.RUNNING, JobStatus.FAILED): "job.failed",
    (JobStatus.RUNNING, JobStatus.ASSIGNED): "job.taken_back",
    (JobStatus.FAILED, JobStatus.ASSIGNED): "job.reopened",
    (JobStatus.FAILED, JobStatus.PENDING): "job.reopened",
}
INVITATION_ACTIONS = {
    InvitationStatus.ACCEPTED: "invitation.accepted",
    InvitationStatus.DECLINED: "invitation.declined",
}


def move_job(
    uow: UnitOfWork,
    job: Job,
    target: JobStatus,
    *,
    actor: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Move a job to target if the transitions allow it, and record who did it and when."""
    current = JobStatus(job.status)
    ensure_transition(current, target)
    job.status = target
    job.updated_at = uow.clock.now()
    record_event(
        uow,
        actor=actor,
        action=JOB_ACTIONS[(current, target)],
        subject=f"job:{job.id}",
        fleet_id=job.fleet_id,
        details={"from": current.value, "to": target.value, **(details or {})},
    )


async def move_jobs(
    uow: UnitOfWork,
    *,
    fleet_id: int,
    job_ids: Sequence[int],
    source: JobStatus,
    target: JobStatus,
    actor: str,
    values: Mapping[str, Any] | None = None,
    details: dict[str, Any] | None = None,
) -> list[int]:
    """move_job for many jobs of one status at once: set-based, one audit event per job moved.

    The caller has selected (and locked) the jobs in source; one UPDATE per VALUES_PER_STATEMENT
    moves them and sets values beside the status, one multi-row INSERT writes their audit
    events. A job not of the fleet or not in source is left alone, without an event. Jobs
    already loaded into this session are not refreshed. Returns the ids of the jobs moved.
    """
    ensure_transition(source, target)
    now = uow.clock.now()
    moved: list[int] = []
    for chunk in statement_chunks(list(dict.fromkeys(job_ids))):
        moved += await uow.session.scalars(
            update(Job)
            .where(Job.id.in_(chunk), Job.fleet_id == fleet_id, Job.status == source)
            .values(status=target, updated_at=now, **(values or {}))
            .returning(Job.id)
            .execution_options(synchronize_session=False)
        )
    event = {"from": source.value, "to": target.value, **(details or {})}
    await record_job_events(
        uow,
        actor=actor,
        action=JOB_ACTIONS[(source, target)],
        fleet_id=fleet_id,
        details_by_job=((job_id, event) for job_id in moved),
    )
    return moved


def move_invitation(
    uow: UnitOfWork,
    connection: FleetConnection,
    target: InvitationStatus,
    *,
    actor: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Answer an invitation (accepted or declined), recording who answered and when."""
    ensure_invitation_transition(InvitationStatus(connection.status), target)
    connection.status = target
    connection.answered_at = uow.clock.now()
    record_event(
        uow,
        actor=actor,
        action=INVITATION_ACTIONS[target],
        subject=f"fleet_connection:{connection.id}",
        fleet_id=connection.fleet_id,
        details=details,
    )
