"""move_jobs, the set-based move_job: many jobs of one status moved by a few statements, each with
its audit event, and a transition the rules do not allow refused before anything is written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from core.db.chunks import VALUES_PER_STATEMENT
from core.db.models import AuditEvent, Job
from core.errors import InvalidTransition
from core.services.transitions import move_jobs
from core.status import JobStatus
from tests.factories import database_contents, make_partner


async def pending_jobs(uow, fleet_id: int, count: int) -> list[int]:
    """count PENDING jobs of the fleet, written at once (a test of moving, not of creating)."""
    async with uow() as work:
        now = work.clock.now()
        rows = [
            {
                "fleet_id": fleet_id,
                "job_type": "INSTALLATION",
                "status": "PENDING",
                "license_plate": f"B-MV {n}",
                "search_text": f"b-mv {n}",
                "planned_fields": ["license_plate"],
                "created_at": now,
                "updated_at": now,
            }
            for n in range(count)
        ]
        await work.session.execute(insert(Job), rows)
        await work.commit()
    async with uow.read_only() as work:
        return list(
            await work.session.scalars(
                select(Job.id).where(Job.fleet_id == fleet_id).order_by(Job.id)
            )
        )


async def test_moving_more_jobs_than_one_statement_takes_moves_each_with_one_audit_event(
    uow, fleets, clock
):
    berlin = fleets["Berlin"]
    job_ids = await pending_jobs(uow, berlin, VALUES_PER_STATEMENT + 3)
    partner_id = await make_partner(uow)
    clock.advance(timedelta(minutes=1))

    async with uow() as work:
        await move_jobs(
            work,
            fleet_id=berlin,
            job_ids=[*job_ids, job_ids[0]],  # a job named twice moves once
            source=JobStatus.PENDING,
            target=JobStatus.ASSIGNED,
            actor="manager:1",
            values={"partner_id": partner_id},
            details={"partner_code": "DEMO1"},
        )
        await work.commit()

    async with uow.read_only() as work:
        moved = (
            await work.session.execute(select(Job.status, Job.partner_id, Job.updated_at))
        ).all()
        events = list(await work.session.execute(select(AuditEvent.__table__)))
    assert set(moved) == {("ASSIGNED", partner_id, clock.now())}
    assert len(moved) == len(events) == VALUES_PER_STATEMENT + 3
    assert sorted(event.subject for event in events) == sorted(f"job:{i}" for i in job_ids)
    assert {(e.action, e.actor, e.fleet_id, e.at, str(e.details)) for e in events} == {
        (
            "job.assigned",
            "manager:1",
            berlin,
            clock.now(),
            str({"from": "PENDING", "to": "ASSIGNED", "partner_code": "DEMO1"}),
        )
    }


async def test_jobs_of_another_fleet_or_status_are_not_moved_nor_recorded(uow, fleets):
    berlin, munich = fleets["Berlin"], fleets["Munich"]
    berlin_jobs = await pending_jobs(uow, berlin, 2)
    munich_jobs = await pending_jobs(uow, munich, 1)
    async with uow() as work:
        await move_jobs(
            work,
            fleet_id=berlin,
            job_ids=berlin_jobs[:1],
            source=JobStatus.PENDING,
            target=JobStatus.ASSIGNED,
            actor="test",
        )
        await work.commit()

    async with uow() as work:
        moved = await move_jobs(
            work,
            fleet_id=berlin,
            job_ids=[*berlin_jobs, *munich_jobs],
            source=JobStatus.ASSIGNED,
            target=JobStatus.PENDING,
            actor="test",
        )
        await work.commit()

    assert moved == berlin_jobs[:1]
    async with uow.read_only() as work:
        statuses = dict(
            (await work.session.execute(select(Job.id, Job.status).order_by(Job.id))).all()
        )
        events = (
            await work.session.execute(
                select(AuditEvent.action, AuditEvent.subject).order_by(AuditEvent.id)
            )
        ).all()
    assert [statuses[i] for i in (*berlin_jobs, *munich_jobs)] == ["PENDING"] * 3
    assert events == [
        ("job.assigned", f"job:{berlin_jobs[0]}"),
        ("job.unassigned", f"job:{berlin_jobs[0]}"),
    ]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (JobStatus.PENDING, JobStatus.SUCCEEDED),
        (JobStatus.SUCCEEDED, JobStatus.PENDING),
        (JobStatus.PENDING, JobStatus.PENDING),
    ],
)
async def test_a_move_the_rules_do_not_allow_is_refused_and_writes_nothing(
    uow, fleets, source, target
):
    job_ids = await pending_jobs(uow, fleets["Berlin"], 3)
    before = await database_contents(uow)

    with pytest.raises(InvalidTransition):
        async with uow() as work:
            await move_jobs(
                work,
                fleet_id=fleets["Berlin"],
                job_ids=job_ids,
                source=source,
                target=target,
                actor="test",
            )
            await work.commit()
    assert await database_contents(uow) == before
