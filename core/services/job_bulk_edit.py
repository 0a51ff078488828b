"""Bulk edit: one field set on the PENDING jobs of a selection, each checked with its other data.

The value is read once. Where its fit depends on a job's other data (a variant the job's vehicle
model takes, the other end of an access window) the jobs are grouped by that data and each group
is checked once by the one set of rules (core.job_fields), so 10,000 jobs cost a few checks and
a few UPDATEs. Jobs the value does not fit are left as they were, with the reason; a value that
fits none of them is refused with the reason, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import update

from cloudboxx import VehicleModel
from core.actors import Manager
from core.db.chunks import statement_chunks
from core.db.models import Job
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.job_fields import FIELD_NAMES, InvalidJobData, JobFields, as_form_text, clean_job_fields
from core.job_views import BulkResult
from core.moments import local_date
from core.services.audit import record_job_events
from core.services.job_records import ENUMS, fleet_of
from core.services.job_selection import (
    Columns,
    JobSelection,
    counted,
    locked_jobs,
    selection_conditions,
    skipped_jobs,
)
from core.status import JobStatus

BULK_FIELDS = (
    "service_date",
    "vehicle_model_id",
    "installation_variant",
    "central_lock_connection_type",
    "fuel_type",
    "configuration_preset",
    "brand",
    "model",
    "year",
    "instructions",
    "access_from",
    "access_until",
    "maintenance_type",
)
"""Fields a manager may set on many jobs at once (not VIN, plate or QNR: one vehicle each).

None of them is searched (job_records.SEARCHED), so a bulk edit leaves search_text as it is."""
MODEL_TAKES = ("installation_variant", "central_lock_connection_type", "fuel_type")
DEPENDS_ON: dict[str, tuple[str, ...]] = {
    "vehicle_model_id": (*MODEL_TAKES, "configuration_preset"),
    **{name: ("vehicle_model_id",) for name in (*MODEL_TAKES, "configuration_preset")},
    "access_from": ("access_until",),
    "access_until": ("access_from",),
}
"""The other data a field's value is checked with, besides the job type (maintenance only)."""
CHECKED_WITH_A_MODEL = frozenset({"configuration_preset"})
"""Fields whose value cannot be checked alone: a preset is one of a vehicle model's."""


async def change_jobs(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    selection: JobSelection,
    field: str,
    value: str,
    models: Iterable[VehicleModel],
) -> BulkResult:
    """Set one field on the PENDING jobs of the selection where it fits each one's other data.

    A value wrong in itself (a date that does not parse) or wrong for every PENDING job (a
    variant none of their vehicle models takes) is refused, and nothing changes.
    """
    if field not in BULK_FIELDS:
        raise InvalidInput("Choose a field that can be set on many jobs at once.")
    fleet = await fleet_of(uow, manager, fleet_id)
    rules = _Rules(
        field, value, list(models), fleet.time_zone, local_date(uow.clock.now(), fleet.time_zone)
    )
    rules.check_alone()
    where = selection_conditions(fleet_id, selection)
    others = ("job_type", *DEPENDS_ON.get(field, ()))
    pending = await locked_jobs(
        uow,
        [*where, Job.status == JobStatus.PENDING],
        Job.planned_fields,
        *(getattr(Job, name) for name in others),
    )
    groups: dict[tuple[Any, ...], list[Columns]] = {}
    for job in pending:
        groups.setdefault(tuple(getattr(job, name) for name in others), []).append(job)
    fitting: list[Columns] = []
    skipped: dict[str, int] = {}
    refusals: list[InvalidJobData] = []
    cleaned: JobFields | None = None
    for key, jobs in groups.items():
        try:
            cleaned = rules.check_with(dict(zip(others, key, strict=True)))
        except InvalidJobData as problem:
            refusals.append(problem)
            reason = problem.problems[0].message
            skipped[reason] = skipped.get(reason, 0) + len(jobs)
            continue
        fitting.extend(jobs)
    not_pending = await counted(uow, [*where, Job.status != JobStatus.PENDING], Job.status)
    for status, count in not_pending:
        skipped[status.lower()] = skipped.get(status.lower(), 0) + count
    reasons = skipped_jobs(selection, done=len(fitting), skipped=skipped)
    if refusals and cleaned is None:
        raise refusals[0]  # wrong for every job it could go to: say why, change nothing
    if cleaned is not None:
        await _write(uow, fleet_id, field, cleaned, fitting)
        await record_job_events(
            uow,
            actor=manager.audit_name,
            action="job.edited",
            fleet_id=fleet_id,
            details_by_job=((job.id, {"changed": [field], "bulk": True}) for job in fitting),
        )
    await uow.commit()
    return BulkResult("changed", len(fitting), reasons)


class _Rules:
    """core.job_fields' rules for one field's new value, with a job's other data or alone."""

    def __init__(
        self,
        field: str,
        value: str,
        models: list[VehicleModel],
        time_zone: str,
        today: date,
    ) -> None:
        self.field, self.value = field, value
        self.models, self.time_zone, self.today = models, time_zone, today

    def check_alone(self) -> None:
        """InvalidJobData if the value is wrong whatever job it goes to."""
        if self.field in CHECKED_WITH_A_MODEL:
            return
        # A maintenance job takes every field, so only the value's own problems show.
        self.check_with({"job_type": "MAINTENANCE"})

    def check_with(self, other: dict[str, Any]) -> JobFields:
        """The job data of a job with this other data and the new value, or InvalidJobData."""
        raw = {name: as_form_text(known, self.time_zone) for name, known in other.items()}
        raw[self.field] = self.value
        return clean_job_fields(raw, models=self.models, time_zone=self.time_zone, today=self.today)


async def _write(
    uow: UnitOfWork, fleet_id: int, field: str, cleaned: JobFields, jobs: Sequence[Columns]
) -> None:
    """The value onto the jobs, and the field into or out of their planned fields: one UPDATE
    per distinct planned_fields value (a handful) and chunk of ids."""
    typed = getattr(cleaned, field)
    stored = typed.value if field in ENUMS and typed is not None else typed
    by_planned: dict[tuple[str, ...], list[int]] = {}
    for job in jobs:
        by_planned.setdefault(tuple(job.planned_fields or ()), []).append(job.id)
    now = uow.clock.now()
    for planned, ids in by_planned.items():
        filled = (set(planned) - {field}) | ({field} if stored is not None else set())
        for chunk in statement_chunks(ids):
            await uow.session.execute(
                update(Job)
                .where(Job.id.in_(chunk), Job.fleet_id == fleet_id)
                .values(
                    {
                        field: stored,
                        "planned_fields": [name for name in FIELD_NAMES if name in filled],
                        "updated_at": now,
                    }
                )
                .execution_options(synchronize_session=False)
            )
