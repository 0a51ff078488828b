"""The Overview: a fleet's jobs by status, what finished each day, and what needs attention."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select

from core.actors import Manager
from core.db.models import Job, ServicePartner, Technician
from core.db.uow import UnitOfWork
from core.job_fields import JobType
from core.job_views import DayCount, Overview
from core.moments import local_date
from core.services.job_list import job_row
from core.services.job_records import fleet_of
from core.status import JobStatus

CHART_DAYS = 30
ATTENTION = 10  # jobs listed under each "needs attention" heading


def _start_of(day: date, time_zone: str) -> datetime:
    """The moment a local day begins, in UTC."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(time_zone)).astimezone(UTC)


async def show_overview(uow: UnitOfWork, manager: Manager, *, fleet_id: int) -> Overview:
    """Counts per type and status, the last 30 days' finished jobs, FAILED and overdue ones."""
    fleet = await fleet_of(uow, manager, fleet_id)
    now = uow.clock.now()
    today = local_date(now, fleet.time_zone)
    counts = {job_type: {status: 0 for status in JobStatus} for job_type in JobType}
    for job_type, status, count in await uow.session.execute(
        select(Job.job_type, Job.status, func.count())
        .where(Job.fleet_id == fleet_id)
        .group_by(Job.job_type, Job.status)
    ):
        counts[JobType(job_type)][JobStatus(status)] = int(count)
    days = [today - timedelta(days=CHART_DAYS - 1 - n) for n in range(CHART_DAYS)]
    # Each local day as a range of UTC moments (exact across a clock change), counted in SQL
    # over the (fleet_id, finished_at) index: the database hands back 60 numbers, not rows.
    starts = [_start_of(day, fleet.time_zone) for day in [*days, today + timedelta(days=1)]]
    bucket = case(
        *((Job.finished_at < start, number - 1) for number, start in enumerate(starts[1:], 1)),
        else_=CHART_DAYS,
    )
    per_day = {day: [0, 0] for day in days}
    for number, status, count in await uow.session.execute(
        select(bucket, Job.status, func.count())
        .where(
            Job.fleet_id == fleet_id,
            Job.finished_at >= starts[0],
            Job.finished_at < starts[-1],
            Job.status.in_([JobStatus.SUCCEEDED, JobStatus.FAILED]),
        )
        .group_by(bucket, Job.status)
    ):
        per_day[days[number]][0 if status == JobStatus.SUCCEEDED else 1] += int(count)
    listed = (
        select(Job, ServicePartner.name, ServicePartner.partner_code, Technician.display_name)
        .outerjoin(ServicePartner, ServicePartner.id == Job.partner_id)
        .outerjoin(Technician, Technician.id == Job.technician_id)
        .where(Job.fleet_id == fleet_id)
        .limit(ATTENTION)
    )
    failed = await uow.session.execute(
        listed.where(Job.status == JobStatus.FAILED).order_by(Job.finished_at.desc(), Job.id.desc())
    )
    overdue = await uow.session.execute(
        listed.where(Job.status == JobStatus.ASSIGNED, Job.service_date < today).order_by(
            Job.service_date, Job.id
        )
    )
    return Overview(
        counts=counts,
        days=tuple(DayCount(day, done, lost) for day, (done, lost) in per_day.items()),
        failed=tuple(job_row(*row, today=today) for row in failed),
        overdue=tuple(job_row(*row, today=today) for row in overdue),
    )
