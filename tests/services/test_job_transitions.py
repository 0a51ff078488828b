"""Every change of a job's status, allowed or refused, goes through move_job and leaves a trace."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from core.db.models import AuditEvent, Job
from core.errors import InvalidTransition
from core.services.transitions import JOB_ACTIONS, move_job
from core.status import TRANSITIONS, JobStatus
from tests.factories import database_contents, make_job

PAIRS = list(itertools.product(JobStatus, JobStatus))


async def job_in(uow, manager, fleet_id, status: JobStatus) -> int:
    """A job walked to status along allowed transitions."""
    walks = {
        JobStatus.PENDING: [],
        JobStatus.ASSIGNED: [JobStatus.ASSIGNED],
        JobStatus.RUNNING: [JobStatus.ASSIGNED, JobStatus.RUNNING],
        JobStatus.SUCCEEDED: [JobStatus.ASSIGNED, JobStatus.RUNNING, JobStatus.SUCCEEDED],
        JobStatus.FAILED: [JobStatus.ASSIGNED, JobStatus.RUNNING, JobStatus.FAILED],
    }
    job_id = await make_job(uow, manager, fleet_id)
    async with uow() as work:
        job = await work.session.get_one(Job, job_id)
        for step in walks[status]:
            move_job(work, job, step, actor="test")
        await work.commit()
    return job_id


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
async def test_a_transition_is_done_with_its_audit_event_or_refused_changing_nothing(
    uow, manager, fleets, current, target
):
    job_id = await job_in(uow, manager, fleets["Berlin"], current)
    before = await database_contents(uow)

    async with uow() as work:
        job = await work.session.get_one(Job, job_id)
        if target in TRANSITIONS[current]:
            move_job(work, job, target, actor="manager:1")
            await work.commit()
            allowed = True
        else:
            refused = f"An? {current} job cannot become {target}"
            with pytest.raises(InvalidTransition, match=refused):
                move_job(work, job, target, actor="manager:1")
            await work.commit()  # whatever the refused move left would be written now
            assert job.status == current
            allowed = False

    if not allowed:
        assert await database_contents(uow) == before
        return
    async with uow.read_only() as work:
        status = (await work.session.get_one(Job, job_id)).status
        event = await work.session.scalar(
            select(AuditEvent)
            .where(AuditEvent.subject == f"job:{job_id}")
            .order_by(AuditEvent.id.desc())
        )
        assert status == target
        assert (event.action, event.actor) == (JOB_ACTIONS[(current, target)], "manager:1")
        assert event.details["from"] == current and event.details["to"] == target
