"""The job table: filters, sorting on a column, keyset pages (never OFFSET), counts per status.

A page's cursor is the last row's sort value and id, so the next page starts right after it
through the job table's indexes (ix_jobs_list*), however deep in the list it is.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from core.actors import Manager
from core.db.models import Job, ServicePartner, Technician
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.job_fields import JobType
from core.job_views import JobActions, JobPage, JobRow
from core.moments import local_date
from core.services.job_records import fleet_of, overdue
from core.status import JobStatus
from core.text import ensure_text

PAGE_SIZE = 50
MAX_ID = 2**31 - 1
MAX_SEARCH = 60
BAD_CURSOR = "This page link is not valid (any more): start again from the first page."
SORTS: dict[str, ColumnElement[Any] | InstrumentedAttribute[Any]] = {
    "id": Job.id,
    "status": Job.status,
    "vin": func.coalesce(Job.vin, ""),
    "license_plate": func.coalesce(Job.license_plate, ""),
    "custom_name": func.coalesce(Job.custom_name, ""),
    "qnr": func.coalesce(Job.qnr, ""),
    "vehicle_model_id": func.coalesce(Job.vehicle_model_id, ""),
    "service_date": func.coalesce(Job.service_date, date.min),
    "updated_at": Job.updated_at,
    "partner": func.coalesce(ServicePartner.name, ""),
}
"""The columns the table sorts on, each as an expression with no NULLs (keyset needs order)."""
SORT_COLUMNS = frozenset(SORTS)
"""The names of the columns the table sorts on, for the faces."""
DATES = frozenset({"service_date"})
MOMENTS = frozenset({"updated_at"})
NUMBERS = frozenset({"id"})


@dataclass(frozen=True, slots=True)
class JobFilter:
    """What the job table shows: statuses (none: all), a partner, a service-date range, text."""

    statuses: frozenset[JobStatus] = frozenset()
    partner_code: str | None = None
    service_from: date | None = None
    service_until: date | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class JobSort:
    """The column the table is sorted on, and which way."""

    column: str = "id"
    descending: bool = True


@dataclass(frozen=True, slots=True)
class JobQuery:
    """A job table request: which jobs, in what order, from where."""

    job_type: JobType
    filter: JobFilter = field(default_factory=JobFilter)
    sort: JobSort = field(default_factory=JobSort)
    cursor: str | None = None


def read_job_query(job_type: JobType, raw: Mapping[str, str | list[str]]) -> JobQuery:
    """A job table request from a query string's values, or InvalidInput saying what is wrong."""
    statuses = raw.get("status", [])
    status_list = [statuses] if isinstance(statuses, str) else list(statuses)
    try:
        chosen = frozenset(JobStatus(s.upper()) for s in status_list if s.strip())
    except ValueError:
        allowed = ", ".join(status.value for status in JobStatus)
        raise InvalidInput(f"Filter by a status that exists: {allowed}.") from None
    text = _one(raw, "q")
    if text is not None:
        ensure_text(text)
    if text is not None and len(text) > MAX_SEARCH:
        raise InvalidInput(f"Search for at most {MAX_SEARCH} characters.")
    sort_key = _one(raw, "sort") or "-id"  # newest first
    if sort_key.lstrip("-") not in SORTS:
        raise InvalidInput("Sort by one of the table's columns.")
    return JobQuery(
        job_type=job_type,
        filter=JobFilter(
            statuses=chosen,
            partner_code=(_one(raw, "partner") or "").upper() or None,
            service_from=_date(raw, "from"),
            service_until=_date(raw, "until"),
            text=text,
        ),
        sort=JobSort(column=sort_key.lstrip("-"), descending=sort_key.startswith("-")),
        cursor=_one(raw, "after"),
    )


def job_order(sort: JobSort) -> tuple[Any, Any]:
    """ORDER BY for a job table's sort: its column, then the id (one order for every page)."""
    column = SORTS[sort.column]
    return (column.desc(), Job.id.desc()) if sort.descending else (column.asc(), Job.id.asc())


async def list_jobs(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, query: JobQuery, limit: int = PAGE_SIZE
) -> JobPage:
    """One page of a fleet's jobs of one type, and the counts per status of the filtered set."""
    fleet = await fleet_of(uow, manager, fleet_id)
    sort_expression = SORTS[query.sort.column]
    statement = (
        select(Job, ServicePartner.name, ServicePartner.partner_code, Technician.display_name)
        .outerjoin(ServicePartner, ServicePartner.id == Job.partner_id)
        .outerjoin(Technician, Technician.id == Job.technician_id)
        .where(*job_conditions(fleet_id, query, with_status=True))
    )
    if query.cursor is not None:
        value, last_id = _read_cursor(query.cursor, query.sort)
        key = tuple_(sort_expression, Job.id)
        statement = statement.where(
            key < tuple_(value, last_id) if query.sort.descending else key > tuple_(value, last_id)
        )
    rows = (
        await uow.session.execute(statement.order_by(*job_order(query.sort)).limit(limit + 1))
    ).all()
    today = local_date(uow.clock.now(), fleet.time_zone)
    page = [
        job_row(job, name, code, technician, today=today)
        for job, name, code, technician in rows[:limit]
    ]
    next_cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next_cursor = page_cursor(
            query.sort, _sort_value(query.sort.column, last[0], last[1]), last[0].id
        )
    return JobPage(
        rows=tuple(page),
        next_cursor=next_cursor,
        counts=await job_counts(uow, fleet_id, query),
    )


async def job_counts(uow: UnitOfWork, fleet_id: int, query: JobQuery) -> dict[JobStatus, int]:
    """How many of the fleet's jobs of the query's type match its filters, by status."""
    statement = select(Job.status, func.count()).where(
        *job_conditions(fleet_id, query, with_status=False)
    )
    counts = {status: 0 for status in JobStatus}
    for status, count in await uow.session.execute(statement.group_by(Job.status)):
        counts[JobStatus(status)] = int(count)
    return counts


def job_conditions(
    fleet_id: int, query: JobQuery, *, with_status: bool = True
) -> list[ColumnElement[bool]]:
    """Which of the fleet's jobs a job table request matches, as conditions on the jobs alone."""
    wanted = query.filter
    conditions: list[ColumnElement[bool]] = [
        Job.fleet_id == fleet_id,
        Job.job_type == query.job_type.value,
    ]
    if with_status and wanted.statuses:
        conditions.append(Job.status.in_(sorted(wanted.statuses)))
    if wanted.partner_code is not None:
        partner = select(ServicePartner.id).where(
            ServicePartner.partner_code == wanted.partner_code
        )
        conditions.append(Job.partner_id.in_(partner.scalar_subquery()))
    if wanted.service_from is not None:
        conditions.append(Job.service_date >= wanted.service_from)
    if wanted.service_until is not None:
        conditions.append(Job.service_date <= wanted.service_until)
    if wanted.text:
        pattern = wanted.text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(Job.search_text.like(f"%{pattern}%", escape="\\"))
    return conditions


def job_row(
    job: Job, partner: str | None, code: str | None, technician: str | None, *, today: date
) -> JobRow:
    """A job as one line of a job table."""
    status = JobStatus(job.status)
    return JobRow(
        id=job.id,
        job_type=JobType(job.job_type),
        status=status,
        vin=job.vin,
        license_plate=job.license_plate,
        custom_name=job.custom_name,
        brand=job.brand,
        model=job.model,
        vehicle_model_id=job.vehicle_model_id,
        qnr=job.qnr,
        service_date=job.service_date,
        partner_name=partner,
        partner_code=code,
        technician_name=technician,
        created_at=job.created_at,
        updated_at=job.updated_at,
        overdue=overdue(job.status, job.service_date, today),
        actions=JobActions.for_status(status),
    )


def _sort_value(column: str, job: Job, partner: str | None) -> Any:
    if column == "partner":
        return partner or ""
    value = getattr(job, column)
    if value is None:
        return date.min if column in DATES else ""
    return value


def page_cursor(sort: JobSort, value: Any, job_id: int) -> str:
    """What a page link carries: the last row's sort value and id, to start right after it."""
    shown = value.isoformat() if isinstance(value, date | datetime) else value
    data = json.dumps([sort.column, sort.descending, shown, job_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


def _read_cursor(cursor: str, sort: JobSort) -> tuple[Any, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        column, descending, shown, job_id = data
        if column != sort.column or descending != sort.descending or not _an_id(job_id):
            raise ValueError("the cursor belongs to another order")
        return _typed(column, shown), job_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(BAD_CURSOR) from None


def _typed(column: str, shown: Any) -> Any:
    if column in DATES:
        return date.fromisoformat(shown)
    if column in MOMENTS:
        return datetime.fromisoformat(shown)
    if column in NUMBERS:
        if not _an_id(shown):
            raise ValueError("not an id")
        return shown
    if not isinstance(shown, str):
        raise ValueError("not a text")
    return shown


def _an_id(value: object) -> bool:
    # JSON's true is an int to Python, and an id over 2**31 fits no integer column.
    return type(value) is int and 1 <= value <= MAX_ID


def _one(raw: Mapping[str, str | list[str]], name: str) -> str | None:
    value = raw.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    text = (value or "").strip()
    return text or None


def _date(raw: Mapping[str, str | list[str]], name: str) -> date | None:
    text = _one(raw, name)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"“{text[:20]}” is not a date: write it as 2026-12-01 (year-month-day)."
        ) from None
