"""`fleetcrew import-csv`: a CSV file of jobs imported (or only checked) by the command line.

The command line acts as the operator, in any fleet; the same core services as the admin web
check and write the file (docs/csv.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.actors import Operator
from core.catalogue import vehicle_models
from core.container import Services
from core.errors import NotFound
from core.import_views import ImportOptions
from core.job_files import InvalidJobFile, LineProblem
from core.services.import_targets import fleet_named, template_named
from core.services.job_import import check_job_file, import_job_file

Outcome = tuple[tuple[LineProblem, ...], str]  # the problems (none: done) and the summary line


class UnknownTarget(Exception):
    """The fleet or template named does not exist (or is ambiguous); the message says so."""


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What the command line was asked: which file into which fleet, with which options."""

    fleet: str
    template: str | None
    prefer_template: bool
    partner: str | None
    dry_run: bool
    file_name: str
    data: bytes


async def import_or_check(services: Services, request: ImportRequest) -> Outcome:
    """Import the file (with dry_run: check it), as the operator; its problems and summary."""
    async with services.uow.read_only() as uow:
        try:
            fleet = await fleet_named(uow, request.fleet)
            template_id = (
                await template_named(uow, fleet.id, request.template) if request.template else None
            )
        except NotFound as exc:
            raise UnknownTarget(exc.message) from None
    models = await vehicle_models(services.boxes)
    options = ImportOptions(template_id, request.prefer_template, request.partner)
    max_rows = services.settings.csv_max_rows
    if request.dry_run:
        async with services.uow.read_only() as uow:
            check = await check_job_file(
                uow,
                Operator(),
                fleet_id=fleet.id,
                file_name=request.file_name,
                data=request.data,
                options=options,
                models=models,
                keep=False,
                max_rows=max_rows,
            )
        if not check.ok:
            return check.problems, _rejected(check.problem_count)
        return (), _imported("would import", fleet.name, check.assigned, check.pending)
    try:
        async with services.uow() as uow:
            result = await import_job_file(
                uow,
                Operator(),
                fleet_id=fleet.id,
                file_name=request.file_name,
                data=request.data,
                options=options,
                models=models,
                max_rows=max_rows,
            )
    except InvalidJobFile as refused:
        return refused.problems, _rejected(refused.total)
    return (), _imported("imported", fleet.name, result.assigned, result.pending)


def problem_line(problem: LineProblem) -> str:
    """`line N: column: message`; `line N: message` for a whole row, `file: …` for the file."""
    where = "file" if problem.line is None else f"line {problem.line}"
    parts = [where, problem.column, " ".join(problem.message.split())]
    return ": ".join(part for part in parts if part)


def _imported(verb: str, fleet: str, assigned: int, pending: int) -> str:
    rows = assigned + pending
    jobs = "job" if rows == 1 else "jobs"
    return f"{verb} {rows} {jobs} into {fleet}: {assigned} assigned, {pending} pending"


def _rejected(count: int) -> str:
    return f"rejected: {count} problem{'s' if count != 1 else ''}, nothing was imported"
