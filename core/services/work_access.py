"""Whose job is this: the rules every technician's action checks on the server, first.

Callback data and typed text are user input; a button of another partner's job, of a job that
finished, or of a job another technician runs is refused here with a message that says why,
before anything changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select

from core.actors import TeamRole, TelegramUser
from core.db.models import AccessGrant, Fleet, FleetConnection, Job, Technician
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, NotAllowed, NotFound
from core.status import JobStatus


@dataclass(frozen=True, slots=True)
class Worker:
    """The team member acting: their row, and whether they lead the team."""

    technician: Technician

    @property
    def id(self) -> int:
        """The member's technician id."""
        return self.technician.id

    @property
    def partner_id(self) -> int:
        """The member's partner."""
        return self.technician.partner_id

    @property
    def is_partner_admin(self) -> bool:
        """Whether the member leads the team."""
        return self.technician.role == TeamRole.PARTNER_ADMIN


RunningWork = tuple[Worker, Job, AccessGrant]  # who acts, their running job, its open grant


async def worker(uow: UnitOfWork, user: TelegramUser) -> Worker:
    """The Telegram user as a member of a partner's team; NotAllowed for anyone else.

    Looked up once per unit of work.
    """
    known = uow.memo.get(("worker", user.id))
    if isinstance(known, Worker):
        return known
    technician = await uow.session.scalar(
        select(Technician).where(Technician.telegram_user_id == user.id)
    )
    if technician is None:
        raise NotAllowed(
            "You are not in a service partner's team (any more), so there are no jobs for you.",
            code=ErrorCode.NOT_IN_TEAM_ANY_MORE,
        )
    member = Worker(technician)
    uow.memo[("worker", user.id)] = member
    return member


async def partner_job(uow: UnitOfWork, member: Worker, job_id: int, *, lock: bool = False) -> Job:
    """A job of the member's partner; NotFound for any other (another partner's is not shown)."""
    query = select(Job).where(Job.id == job_id)
    if lock:
        query = query.with_for_update()
    return _of_partner(await uow.session.scalar(query), member)


def _of_partner(job: Job | None, member: Worker) -> Job:
    if job is None or job.partner_id != member.partner_id or job.status == JobStatus.PENDING:
        raise NotFound(
            "This job is not one of your partner's (any more).", code=ErrorCode.JOB_NOT_YOURS
        )
    return job


async def running_work(uow: UnitOfWork, user: TelegramUser, job_id: int) -> RunningWork:
    """worker() and running_job() at once: the member and the job in one statement, the grant
    and the fleet's terms in a second one once the job is locked.

    The grant is read after the lock, never in the statement that waits for it, so a grant
    ended by whoever held the lock (Complete, Revoke, the sweep) is seen as ended.
    """
    known = uow.memo.get(("worker", user.id))
    if isinstance(known, Worker):
        return (known, *await running_job(uow, known, job_id))
    row = (
        await uow.session.execute(_MEMBER_AND_JOB, {"job_id": job_id, "user_id": user.id})
    ).first()
    if row is None:  # no such member or no such job: the refusal says which, as worker() does
        member = await worker(uow, user)
        return (member, *await running_job(uow, member, job_id))
    technician, job = row
    member = Worker(technician)
    uow.memo[("worker", user.id)] = member
    return (member, *await _running(uow, member, _of_partner(job, member)))


async def running_job(uow: UnitOfWork, member: Worker, job_id: int) -> tuple[Job, AccessGrant]:
    """The member's RUNNING job with its open access grant, locked for the change to come.

    Refused when the job is done, runs for someone else, or the access to the vehicle ended.
    Looked up once per unit of work.
    """
    known = uow.memo.get(("running", member.id, job_id))
    if isinstance(known, tuple):
        return known
    return await _running(uow, member, await partner_job(uow, member, job_id, lock=True))


async def _running(uow: UnitOfWork, member: Worker, job: Job) -> tuple[Job, AccessGrant]:
    """The checks of running_job() on the locked job; its grant read with the fleet's terms."""
    known = uow.memo.get(("running", member.id, job.id))
    if isinstance(known, tuple):
        return known
    if job.status != JobStatus.RUNNING:
        raise NotAllowed(
            f"This job is {job.status} now, so nothing more can be done on it here.",
            code=ErrorCode.JOB_NOT_RUNNING,
            status=job.status,
        )
    if job.technician_id != member.id:
        raise NotAllowed(
            "Another technician is working on this job.", code=ErrorCode.NOT_YOUR_RUNNING_JOB
        )
    terms = {"fleet_id": job.fleet_id, "partner_id": job.partner_id}
    row = (
        await uow.session.execute(
            _TERMS_AND_GRANT, {**terms, "job_id": job.id, "technician_id": member.id}
        )
    ).first()
    assert row is not None  # a job's fleet exists (jobs go with their fleet)
    fleet, allow_override, grant = row
    uow.memo[("terms", job.id)] = (fleet, bool(allow_override))
    if grant is None or not _holds(grant, uow.clock.now()):
        raise NotAllowed(
            "Your access to this vehicle has ended, so this was not recorded.",
            code=ErrorCode.ACCESS_ENDED,
        )
    uow.memo[("running", member.id, job.id)] = (job, grant)
    return job, grant


async def open_grant(uow: UnitOfWork, job_id: int, technician_id: int) -> AccessGrant | None:
    """The technician's access grant on the job's vehicle that holds at this moment."""
    grant: AccessGrant | None = await uow.session.scalar(
        select(AccessGrant).where(
            AccessGrant.job_id == job_id,
            AccessGrant.technician_id == technician_id,
            AccessGrant.ended_at.is_(None),
        )
    )
    return grant if grant is not None and _holds(grant, uow.clock.now()) else None


def _holds(grant: AccessGrant, now: datetime) -> bool:
    return grant.ends_at is None or grant.ends_at > now


async def fleet_terms(uow: UnitOfWork, job: Job) -> tuple[Fleet, bool]:
    """The job's fleet, and whether the job's partner may override its planned values there.

    Read with the grant when the job was looked up as a running one in this unit of work.
    """
    known = uow.memo.get(("terms", job.id))
    if isinstance(known, tuple):
        return known
    terms = {"fleet_id": job.fleet_id, "partner_id": job.partner_id}
    row = (await uow.session.execute(_TERMS, terms)).first()
    assert row is not None  # a job's fleet exists (jobs go with their fleet)
    return row[0], bool(row[1])


# The statements every technician's action runs, built once: building one and its cache key
# took longer than SQLite took to run it (0.1 ms for the terms with the grant).
_MEMBER_AND_JOB = (
    select(Technician, Job)
    .join(Job, Job.id == bindparam("job_id"))
    .where(Technician.telegram_user_id == bindparam("user_id"))
    .with_for_update(of=Job)
)
_TERMS = (
    select(Fleet, FleetConnection.allow_override)
    .outerjoin(
        FleetConnection,
        (FleetConnection.fleet_id == Fleet.id)
        & (FleetConnection.partner_id == bindparam("partner_id")),
    )
    .where(Fleet.id == bindparam("fleet_id"))
)
_TERMS_AND_GRANT = _TERMS.add_columns(AccessGrant).outerjoin(
    AccessGrant,
    (AccessGrant.job_id == bindparam("job_id"))
    & (AccessGrant.technician_id == bindparam("technician_id"))
    & AccessGrant.ended_at.is_(None),
)
