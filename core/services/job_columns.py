"""The columns each manager chose for each job table (the gear menu), kept per manager."""

from __future__ import annotations

from collections.abc import Sequence

from core.actors import Manager
from core.db.models import JobTableColumns
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.job_fields import JobType

JOB_COLUMNS = (
    "id",
    "status",
    "license_plate",
    "vin",
    "custom_name",
    "vehicle_model_id",
    "qnr",
    "service_date",
    "partner",
    "technician",
    "updated_at",
)
"""Every column a job table can show, in the order it shows them."""
DEFAULT_COLUMNS = (
    "id",
    "status",
    "license_plate",
    "vin",
    "vehicle_model_id",
    "service_date",
    "partner",
)


async def job_columns(uow: UnitOfWork, manager: Manager, *, job_type: JobType) -> tuple[str, ...]:
    """The columns this manager shows in this job table (the default until they choose)."""
    row = await uow.session.get(JobTableColumns, (manager.id, job_type.value))
    if row is None:
        return DEFAULT_COLUMNS
    return tuple(column for column in JOB_COLUMNS if column in row.columns)


async def choose_job_columns(
    uow: UnitOfWork, manager: Manager, *, job_type: JobType, columns: Sequence[str]
) -> tuple[str, ...]:
    """Keep the manager's choice of columns for this job table; at least one, all known."""
    unknown = set(columns) - set(JOB_COLUMNS)
    if unknown:
        raise InvalidInput("Choose columns the job table has.")
    if not columns:
        raise InvalidInput("Keep at least one column in the table.")
    chosen = [column for column in JOB_COLUMNS if column in columns]
    row = await uow.session.get(JobTableColumns, (manager.id, job_type.value))
    if row is None:
        uow.session.add(
            JobTableColumns(manager_id=manager.id, job_type=job_type.value, columns=chosen)
        )
    else:
        row.columns = chosen
    await uow.commit()
    return tuple(chosen)
