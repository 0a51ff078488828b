"""Which jobs a bulk action is for: the ones ticked in a job table, or all that match its filter.

A filter means exactly what the table shows (every page, not from a cursor on). It carries how
many jobs the manager saw matching it; when that is not how many match now, the action is
refused before anything changes. The jobs an action changes are locked in id order (FOR UPDATE
on PostgreSQL; SQLite's BEGIN IMMEDIATE already serialises writers); the others are counted by
reason in SQL, never loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import InstrumentedAttribute

from core.db.models import Job
from core.db.uow import UnitOfWork
from core.errors import Conflict, InvalidInput
from core.job_views import SkippedJobs
from core.services.job_list import JobQuery, job_conditions

MAX_PICKED = 1000
Columns: TypeAlias = Row[*tuple[Any, ...]]
"""A row of some of a job's columns (by name: job.id, job.status)."""
NOT_FOUND = "not found"


@dataclass(frozen=True, slots=True)
class JobSelection:
    """Jobs ticked by id, or (with a query) every job matching a job table's filter.

    `seen` is how many jobs matched the filter when the manager looked.
    """

    job_ids: tuple[int, ...] = ()
    query: JobQuery | None = None
    seen: int = 0

    @classmethod
    def picked(cls, job_ids: Iterable[int]) -> JobSelection:
        """The jobs ticked in a table (at most MAX_PICKED), each once."""
        ids = tuple(dict.fromkeys(job_ids))
        if not ids:
            raise InvalidInput("Select at least one job.")
        if len(ids) > MAX_PICKED:
            raise InvalidInput(f"Select at most {MAX_PICKED} jobs at once.")
        return cls(job_ids=ids)

    @classmethod
    def matching(cls, query: JobQuery, *, seen: int) -> JobSelection:
        """Every job the table shows for query, on all its pages; seen of them when looked at."""
        if seen < 0:
            raise InvalidInput("A number of jobs is 0 or more.")
        return cls(query=query, seen=seen)


def selection_conditions(fleet_id: int, selection: JobSelection) -> list[ColumnElement[bool]]:
    """The selection as conditions on the jobs table (the fleet's jobs only)."""
    if selection.query is not None:
        return job_conditions(fleet_id, selection.query, with_status=True)
    return [Job.fleet_id == fleet_id, Job.id.in_(selection.job_ids)]


async def locked_jobs(
    uow: UnitOfWork,
    conditions: Sequence[ColumnElement[bool]],
    *columns: InstrumentedAttribute[Any],
) -> Sequence[Columns]:
    """The id and columns of every job meeting conditions, locked for the change, by id."""
    statement = select(Job.id, *columns).where(*conditions).order_by(Job.id).with_for_update()
    return (await uow.session.execute(statement)).all()


async def counted(
    uow: UnitOfWork,
    conditions: Sequence[ColumnElement[bool]],
    *columns: InstrumentedAttribute[Any],
) -> Sequence[Columns]:
    """How many jobs meet conditions per distinct value of columns: (values…, count) rows."""
    statement = select(*columns, func.count()).where(*conditions).group_by(*columns)
    return (await uow.session.execute(statement)).all()


def skipped_jobs(
    selection: JobSelection, *, done: int, skipped: Mapping[str, int]
) -> tuple[SkippedJobs, ...]:
    """The reasons jobs were left as they were, the most frequent first (ticked jobs that are
    not the fleet's are "not found"); Conflict if the filter's jobs are not the ones seen."""
    found = done + sum(skipped.values())
    if selection.query is not None and found != selection.seen:
        raise Conflict(
            f"The jobs matching this filter changed since you looked ({selection.seen:,} then, "
            f"{found:,} now): look at the table again."
        )
    reasons = dict(skipped)
    if selection.query is None and len(selection.job_ids) > found:
        reasons[NOT_FOUND] = len(selection.job_ids) - found
    ordered = sorted(reasons.items(), key=lambda reason: (-reason[1], reason[0]))
    return tuple(SkippedJobs(reason, count) for reason, count in ordered if count)
