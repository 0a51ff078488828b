"""The one place where a job's or an invitation's status changes, with its audit event.

Every change of status is checked against core.status' transitions here, and nothing else
assigns a status (tests/unit/test_status_changes.py fails on any other assignment).
"""

from __future__ import annotations

from typing import Any

from core.db.models import FleetConnection, Job
from core.db.uow import UnitOfWork
from core.services.audit import record_event
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
