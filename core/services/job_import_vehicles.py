"""One job per vehicle and box: a VIN or QNR twice in a CSV file, or on an open job of the fleet."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from core.db.chunks import statement_chunks
from core.db.models import Job
from core.db.uow import UnitOfWork
from core.job_fields import JobFields
from core.job_files import FileRow, LineProblem
from core.status import JobStatus

OPEN = (JobStatus.PENDING, JobStatus.ASSIGNED, JobStatus.RUNNING)
SHOWN_LINES = 5
Vehicle = tuple[FileRow, JobFields]


def twice_in_file(rows: Sequence[Vehicle]) -> list[LineProblem]:
    """Each line of a VIN or QNR that is in the file more than once, naming the others."""
    problems = []
    for column, label in (("vin", "VIN"), ("qnr", "QNR")):
        lines: dict[str, list[int]] = {}
        for row, fields in rows:
            value = getattr(fields, column)
            if value is not None:
                lines.setdefault(value, []).append(row.line_of(column))
        for value, found in lines.items():
            if len(found) < 2:
                continue
            for line in found:
                others = [other for other in found if other != line]
                problems.append(
                    LineProblem(
                        line,
                        column,
                        f"The {label} {value} is in {listed_lines(others)} too: a file has each "
                        f"{label} once, one job per vehicle and box.",
                    )
                )
    return problems


async def on_open_jobs(
    uow: UnitOfWork, fleet_id: int, rows: Sequence[Vehicle]
) -> list[LineProblem]:
    """Each row whose VIN or QNR an open job of the fleet has already, naming that job."""
    problems = []
    for column, label in (("vin", "VIN"), ("qnr", "QNR")):
        attribute = getattr(Job, column)
        values = sorted({v for _, fields in rows if (v := getattr(fields, column)) is not None})
        open_jobs: dict[str, tuple[int, str]] = {}
        for chunk in statement_chunks(values):
            found = await uow.session.execute(
                select(attribute, Job.id, Job.status)
                .where(
                    Job.fleet_id == fleet_id,
                    attribute.in_(chunk),
                    Job.status.in_(OPEN),
                )
                .order_by(Job.id)
            )
            for value, job_id, status in found:
                open_jobs.setdefault(value, (job_id, status))
        for row, fields in rows:
            value = getattr(fields, column)
            if value in open_jobs:
                job_id, status = open_jobs[value]
                problems.append(
                    LineProblem(
                        row.line_of(column),
                        column,
                        f"The {label} {value} has an open job in this fleet already: job "
                        f"{job_id}, {status}. Finish or delete that job first, or leave this "
                        "row out.",
                    )
                )
    return problems


def listed_lines(lines: Sequence[int]) -> str:
    """ "line 4", "lines 3, 7, 9, 12, 15 and 20 more"."""
    shown = ", ".join(str(line) for line in lines[:SHOWN_LINES])
    more = len(lines) - SHOWN_LINES
    word = "line" if len(lines) == 1 else "lines"
    return f"{word} {shown}" + (f" and {more} more" if more > 0 else "")
