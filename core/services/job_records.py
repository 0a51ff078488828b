"""Jobs and templates in the database: their data in and out, their items, their partner.

Shared by the job, bulk, template and job-list services; nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select

from cloudboxx import CentralLockConnectionType, FuelType, InstallationVariant
from core.actors import Manager, ensure_manages_fleet
from core.db.models import (
    ExtraItem as ExtraItemRow,
)
from core.db.models import (
    Fleet,
    FleetConnection,
    Job,
    JobData,
    ServicePartner,
    Template,
)
from core.db.uow import UnitOfWork
from core.errors import InvalidInput, NotFound
from core.extra_items import ExtraItem, ItemKind
from core.job_fields import FIELD_NAMES, JobFields, JobType, MaintenanceType
from core.status import InvitationStatus

SEARCHED = ("vin", "license_plate", "custom_name", "qnr")
SEARCH_TEXT_LENGTH = 240
ENUMS: dict[str, Any] = {
    "job_type": JobType,
    "fuel_type": FuelType,
    "installation_variant": InstallationVariant,
    "central_lock_connection_type": CentralLockConnectionType,
    "maintenance_type": MaintenanceType,
}
JOB_NOT_FOUND = "This job does not exist in this fleet (any more)."


async def fleet_job(
    uow: UnitOfWork, manager: Manager, fleet_id: int, job_id: int, *, lock: bool = False
) -> Job:
    """A job of a fleet the manager manages, or NotFound (also for another fleet's job)."""
    ensure_manages_fleet(manager, fleet_id)
    query = select(Job).where(Job.id == job_id, Job.fleet_id == fleet_id)
    job = await uow.session.scalar(query.with_for_update() if lock else query)
    if job is None:
        raise NotFound(JOB_NOT_FOUND)
    return job


async def fleet_jobs(
    uow: UnitOfWork, manager: Manager, fleet_id: int, job_ids: Sequence[int]
) -> list[Job]:
    """The fleet's jobs among job_ids, locked for the change, in the order given."""
    ensure_manages_fleet(manager, fleet_id)
    rows = await uow.session.scalars(
        select(Job).where(Job.id.in_(set(job_ids)), Job.fleet_id == fleet_id).with_for_update()
    )
    by_id = {job.id: job for job in rows}
    return [by_id[job_id] for job_id in dict.fromkeys(job_ids) if job_id in by_id]


async def fleet_of(uow: UnitOfWork, manager: Manager, fleet_id: int) -> Fleet:
    """A fleet the manager manages."""
    ensure_manages_fleet(manager, fleet_id)
    return await uow.session.get_one(Fleet, fleet_id)


def apply_fields(target: JobData, fields: JobFields) -> None:
    """Write job data onto a job or a template (enums as their values)."""
    for name, value in field_values(fields).items():
        setattr(target, name, value)
    if isinstance(target, Job):
        target.search_text = search_text(fields)


def field_values(fields: JobFields) -> dict[str, Any]:
    """Job data as the columns of a job or a template hold it (enums as their values)."""
    values = {}
    for name in FIELD_NAMES:
        value = getattr(fields, name)
        values[name] = value.value if name in ENUMS and value is not None else value
    return values


def fields_of(source: JobData) -> JobFields:
    """The job data of a job or a template."""
    values: dict[str, Any] = {}
    for name in FIELD_NAMES:
        value = getattr(source, name)
        values[name] = ENUMS[name](value) if name in ENUMS and value is not None else value
    return JobFields(**values)


def search_text(fields: JobFields) -> str:
    """VIN, plate, custom name and QNR in lower case: what the job table's search box searches."""
    words = (getattr(fields, name) for name in SEARCHED)
    return " ".join(word for word in words if word).lower()[:SEARCH_TEXT_LENGTH]


def planned_fields(fields: JobFields) -> list[str]:
    """The fields the manager filled in (the job type is not one: every job has it)."""
    return [name for name in fields.filled() if name != "job_type"]


async def replace_items(
    uow: UnitOfWork,
    items: Sequence[ExtraItem],
    *,
    job_id: int | None = None,
    template_id: int | None = None,
) -> None:
    """Make these the extra checklist items of a job or a template, in this order."""
    owner = (
        ExtraItemRow.job_id == job_id
        if job_id is not None
        else ExtraItemRow.template_id == template_id
    )
    await uow.session.execute(delete(ExtraItemRow).where(owner))
    uow.session.add_all(
        ExtraItemRow(
            job_id=job_id,
            template_id=template_id,
            position=position,
            label=item.label,
            kind=item.kind,
            required=item.required,
            options=list(item.options),
        )
        for position, item in enumerate(items, start=1)
    )


async def items_of(
    uow: UnitOfWork, *, job_id: int | None = None, template_id: int | None = None
) -> tuple[ExtraItem, ...]:
    """The extra checklist items of a job or a template, in order."""
    if job_id is not None:
        rows = await uow.session.execute(_JOB_ITEMS, {"job_id": job_id})
    else:
        rows = await uow.session.execute(_TEMPLATE_ITEMS, {"template_id": template_id})
    return tuple(
        ExtraItem(label=label, kind=ItemKind(kind), required=required, options=tuple(options))
        for label, kind, required, options in rows
    )


# Every checklist step a technician answers reads its job's items: the statement is built once,
# and reads the table's columns, not rows to keep track of.
_ITEM_TABLE = cast(Table, ExtraItemRow.__table__)
_ITEMS = select(
    _ITEM_TABLE.c.label, _ITEM_TABLE.c.kind, _ITEM_TABLE.c.required, _ITEM_TABLE.c.options
).order_by(_ITEM_TABLE.c.position)
_JOB_ITEMS = _ITEMS.where(_ITEM_TABLE.c.job_id == bindparam("job_id"))
_TEMPLATE_ITEMS = _ITEMS.where(_ITEM_TABLE.c.template_id == bindparam("template_id"))


async def items_by_template(uow: UnitOfWork, template_ids: Iterable[int]) -> dict[int, int]:
    """How many extra items each template has."""
    rows = await uow.session.scalars(
        select(ExtraItemRow.template_id).where(ExtraItemRow.template_id.in_(list(template_ids)))
    )
    counts: dict[int, int] = {}
    for template_id in rows:
        if template_id is not None:
            counts[template_id] = counts.get(template_id, 0) + 1
    return counts


async def accepted_partner(uow: UnitOfWork, fleet_id: int, partner_code: str) -> ServicePartner:
    """The partner with this Partner ID, if it is ACCEPTED for the fleet; InvalidInput otherwise.

    A partner is connected to a fleet only once it accepted: a PENDING or DECLINED invitation
    names no partner yet.
    """
    code = partner_code.strip().upper()
    partner = await uow.session.scalar(
        select(ServicePartner)
        .join(FleetConnection, FleetConnection.partner_id == ServicePartner.id)
        .where(
            ServicePartner.partner_code == code,
            FleetConnection.fleet_id == fleet_id,
            FleetConnection.status == InvitationStatus.ACCEPTED,
        )
        # Held until the caller commits: removing the partner from the fleet meanwhile waits,
        # so no job is left ASSIGNED to a partner the fleet no longer has.
        .with_for_update(read=True, of=FleetConnection)
    )
    if partner is None:
        raise InvalidInput(
            f"No service partner with the Partner ID {code[:10]} works for this fleet: jobs go "
            "to partners that accepted the fleet's invitation."
        )
    return partner


async def template_of(
    uow: UnitOfWork, manager: Manager, fleet_id: int, template_id: int
) -> Template:
    """A template of a fleet the manager manages, or NotFound."""
    ensure_manages_fleet(manager, fleet_id)
    template = await uow.session.scalar(
        select(Template).where(Template.id == template_id, Template.fleet_id == fleet_id)
    )
    if template is None:
        raise NotFound("This template does not exist in this fleet (any more).")
    return template


def overdue(status: str, service_date: date | None, today: date) -> bool:
    """An ASSIGNED job whose service date has passed."""
    return status == "ASSIGNED" and service_date is not None and service_date < today
