"""Checking a CSV file of jobs against the fleet, before anything is written: every row, every rule.

Each row's job data goes through the job form's rules (core.job_fields), merged with a template
first when one applies. Beyond one row: the Partner IDs (one that does not exist, one not
ACCEPTED for this fleet), the templates the rows name, the options, a VIN or QNR twice in the
file or on an open job of the fleet. The outcome is the jobs to write, or every problem with its
line and column. Nothing here writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from cloudboxx import VehicleModel
from core.db.models import ExtraItem as ExtraItemRow
from core.db.models import FleetConnection, ServicePartner, Template
from core.db.uow import UnitOfWork
from core.extra_items import ExtraItem, ItemKind
from core.import_views import ImportOptions
from core.job_fields import FIELD_NAMES, InvalidJobData, JobFields, clean_job_fields
from core.job_files import (
    PARTNER_COLUMN,
    TEMPLATE_COLUMN,
    FileRow,
    JobFile,
    LineProblem,
    job_cells,
    listed_problems,
)
from core.services.job_import_vehicles import listed_lines, on_open_jobs, twice_in_file
from core.services.job_records import fields_of
from core.status import InvitationStatus

PARTNER_ID = re.compile(r"^[A-Z0-9]{5}$")
CHOSEN_PARTNER = "The partner chosen for every row: "


@dataclass(frozen=True, slots=True)
class ImportPartner:
    """A partner rows are assigned to."""

    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ImportTemplate:
    """A template applied to rows: its data as cells (only the filled ones), its extra items."""

    id: int
    name: str
    cells: Mapping[str, str]
    items: tuple[ExtraItem, ...]


@dataclass(frozen=True, slots=True)
class PlannedJob:
    """A row of the file as the job it becomes."""

    row: FileRow
    fields: JobFields
    partner: ImportPartner | None
    template: ImportTemplate | None


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The jobs a file's rows become, and its problems, listed: it is written only without any."""

    row_count: int
    jobs: tuple[PlannedJob, ...]
    problems: tuple[LineProblem, ...]
    template: ImportTemplate | None  # the option's
    problem_count: int = 0  # all of them, also those the list leaves out

    @property
    def ok(self) -> bool:
        """No problem: every row may be written."""
        return not self.problems

    @property
    def assigned(self) -> int:
        """How many of the jobs go to a partner (ASSIGNED)."""
        return sum(job.partner is not None for job in self.jobs)

    @property
    def pending(self) -> int:
        """How many of the jobs wait for a partner (PENDING)."""
        return len(self.jobs) - self.assigned


async def plan_import(
    uow: UnitOfWork,
    *,
    fleet_id: int,
    time_zone: str,
    file: JobFile,
    options: ImportOptions,
    models: Sequence[VehicleModel],
    today: date,
    lock: bool = False,
) -> ImportPlan:
    """The jobs the file becomes in this fleet, or every problem it has; lock holds the partners.

    With lock, the partners' connections to the fleet stay as they are until the caller
    commits (removing a partner meanwhile waits), as Save & Assign holds them.
    """
    problems = list(file.problems)
    templates = await _templates(uow, fleet_id, time_zone)
    chosen = None
    if options.template_id is not None:
        chosen = templates.get(options.template_id)
        if chosen is None:
            problems.append(
                LineProblem(
                    None,
                    None,
                    "The template chosen for every row does not exist in this fleet "
                    "(any more): choose another, or none.",
                )
            )
    named = {template.name.casefold(): template for template in templates.values()}
    codes = {_code(row) for row in file.rows} - {""}
    option_code = (options.partner_code or "").strip().upper()
    partners, refusals = await _partners(uow, fleet_id, codes | {option_code} - {""}, lock)
    for_all = None
    if option_code:
        for_all = partners.get(option_code)
        if for_all is None:
            problems.append(LineProblem(None, None, CHOSEN_PARTNER + refusals[option_code]))
        with_codes = [row.line_of(PARTNER_COLUMN) for row in file.rows if _code(row)]
        if with_codes:
            problems.append(
                LineProblem(
                    None,
                    None,
                    "Every row is to be assigned to the partner chosen for the import, but the "
                    f"file names partners too ({listed_lines(with_codes)}): clear the column "
                    f"{PARTNER_COLUMN}, or choose no partner for the import.",
                )
            )
    jobs = []
    vehicles = []
    for row in file.rows:
        template = _row_template(row, named, chosen, problems)
        fields, vehicle = _row_fields(row, template, options, models, time_zone, today, problems)
        vehicles.append((row, vehicle))
        code = _code(row)
        partner = for_all
        if code and not option_code:
            partner = partners.get(code)
            if partner is None:
                problems.append(
                    LineProblem(row.line_of(PARTNER_COLUMN), PARTNER_COLUMN, refusals[code])
                )
        if fields is not None:
            jobs.append(PlannedJob(row, fields, partner, template))
    problems += twice_in_file(vehicles)
    problems += await on_open_jobs(uow, fleet_id, vehicles)
    return ImportPlan(
        row_count=file.row_count,
        jobs=tuple(jobs),
        problems=listed_problems(problems),
        template=chosen,
        problem_count=len(problems),
    )


def _code(row: FileRow) -> str:
    return row.values.get(PARTNER_COLUMN, "").strip().upper()


def _row_template(
    row: FileRow,
    named: Mapping[str, ImportTemplate],
    chosen: ImportTemplate | None,
    problems: list[LineProblem],
) -> ImportTemplate | None:
    """The row's own template wins over the import's, for that row."""
    name = " ".join(row.values.get(TEMPLATE_COLUMN, "").split())
    if not name:
        return chosen
    template = named.get(name.casefold())
    if template is None:
        known = sorted(t.name for t in named.values())
        listing = (
            f"its templates are {', '.join(known[:10])}{' …' if len(known) > 10 else ''}"
            if known
            else "it has no templates yet"
        )
        problems.append(
            LineProblem(
                row.line_of(TEMPLATE_COLUMN),
                TEMPLATE_COLUMN,
                f"This fleet has no template “{name[:80]}”: {listing}.",
            )
        )
    return template


def _row_fields(
    row: FileRow,
    template: ImportTemplate | None,
    options: ImportOptions,
    models: Sequence[VehicleModel],
    time_zone: str,
    today: date,
    problems: list[LineProblem],
) -> tuple[JobFields | None, JobFields]:
    """The row's job data (None if it has a problem), and its VIN and QNR either way: a row
    with a wrong date is still told that its VIN is in the file twice."""
    raw = {name: row.values[name] for name in FIELD_NAMES if name in row.values}
    given = set()
    if template is not None:
        for name, cell in template.cells.items():
            if options.prefer_template or not raw.get(name, "").strip():
                raw[name] = cell
                given.add(name)
    try:
        fields = clean_job_fields(raw, models=models, time_zone=time_zone, today=today)
    except InvalidJobData as bad:
        for problem in bad.problems:
            message = problem.message
            if template is not None and problem.field in given:
                message += f" (The value comes from the template “{template.name}”.)"
            problems.append(LineProblem(row.line_of(problem.field), problem.field, message))
        wrong = {problem.field for problem in bad.problems}
        vehicle = {name: raw.get(name) for name in ("vin", "qnr") if name not in wrong}
        return None, clean_job_fields(vehicle, models=models, time_zone=time_zone, today=today)
    return fields, fields


async def _partners(
    uow: UnitOfWork, fleet_id: int, codes: set[str], lock: bool
) -> tuple[dict[str, ImportPartner], dict[str, str]]:
    """The partners ACCEPTED for the fleet by Partner ID, and why each other code is refused."""
    refusals = {
        code: f"“{code[:20]}” is not a Partner ID: a Partner ID has 5 letters and digits, such "
        "as VEZ9A."
        for code in codes
        if not PARTNER_ID.match(code)
    }
    wanted = sorted(codes - set(refusals))
    found = {
        code: ImportPartner(partner_id, code, name)
        for partner_id, code, name in await uow.session.execute(
            select(ServicePartner.id, ServicePartner.partner_code, ServicePartner.name).where(
                ServicePartner.partner_code.in_(wanted)
            )
        )
    }
    connections = select(FleetConnection.partner_id, FleetConnection.status).where(
        FleetConnection.fleet_id == fleet_id,
        FleetConnection.partner_id.in_([partner.id for partner in found.values()]),
    )
    if lock:
        connections = connections.with_for_update(read=True)
    status: dict[int | None, str] = {
        partner_id: state for partner_id, state in await uow.session.execute(connections)
    }
    accepted = {}
    for code in wanted:
        partner = found.get(code)
        if partner is None:
            refusals[code] = (
                f"No service partner has the Partner ID {code}: the Partners page shows each "
                "partner's."
            )
        elif status.get(partner.id) == InvitationStatus.PENDING:
            refusals[code] = (
                f"{partner.name} ({code}) has not accepted this fleet's invitation yet: jobs "
                "go to partners that accepted it."
            )
        elif status.get(partner.id) != InvitationStatus.ACCEPTED:
            refusals[code] = (
                f"{partner.name} ({code}) does not work for this fleet: invite it on the "
                "Partners page; jobs go to partners that accepted the invitation."
            )
        else:
            accepted[code] = partner
    return accepted, refusals


async def _templates(uow: UnitOfWork, fleet_id: int, time_zone: str) -> dict[int, ImportTemplate]:
    templates = list(
        await uow.session.scalars(select(Template).where(Template.fleet_id == fleet_id))
    )
    items: dict[int, list[ExtraItem]] = {}
    rows = await uow.session.scalars(
        select(ExtraItemRow)
        .where(ExtraItemRow.template_id.in_([template.id for template in templates]))
        .order_by(ExtraItemRow.template_id, ExtraItemRow.position)
    )
    for item in rows:
        if item.template_id is not None:
            items.setdefault(item.template_id, []).append(
                ExtraItem(item.label, ItemKind(item.kind), item.required, tuple(item.options))
            )
    return {
        template.id: ImportTemplate(
            template.id,
            template.name,
            {
                name: cell
                for name, cell in job_cells(
                    fields_of(template), partner_code=None, time_zone=time_zone
                ).items()
                if cell and name in FIELD_NAMES
            },
            tuple(items.get(template.id, ())),
        )
        for template in templates
    }
