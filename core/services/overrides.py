"""Values a technician uses instead of the planned ones: refused, or recorded as a diff.

A field the manager filled in is read-only for the technician unless the partner's connection
to the fleet allows override; then the technician's value is recorded as an OverrideDiff
(field, planned value, value used, who, when) and the job keeps the planned one. A field the
manager left empty is the technician's to fill, and no diff is kept.
"""

from __future__ import annotations

from sqlalchemy import select

from core.actors import TelegramUser
from core.db.models import FleetConnection, Job, OverrideDiff, Technician
from core.db.uow import UnitOfWork
from core.errors import ErrorCode, NotAllowed, NotFound
from core.job_fields import FIELD_NAMES, as_form_text
from core.job_views import OverrideDiffRow
from core.services.audit import record_event


def may_change(field: str, planned_fields: frozenset[str], allow_override: bool) -> bool:
    """Whether a technician may use another value than the job's for this field — pure."""
    return field not in planned_fields or allow_override


async def use_value(
    uow: UnitOfWork, user: TelegramUser, *, job_id: int, field: str, value: str
) -> OverrideDiffRow | None:
    """Record that the technician used value for field on their partner's job (part of their
    work: no commit); the diff, or None where the field was not planned (nothing to compare)."""
    if field not in FIELD_NAMES:
        raise ValueError(f"not a job data field: {field}")
    technician = await uow.session.scalar(
        select(Technician).where(Technician.telegram_user_id == user.id)
    )
    job = await uow.session.get(Job, job_id)
    if technician is None or job is None or job.partner_id != technician.partner_id:
        raise NotFound("This job is not one of your partner's.", code=ErrorCode.JOB_NOT_YOURS)
    allowed = bool(
        await uow.session.scalar(
            select(FleetConnection.allow_override).where(
                FleetConnection.fleet_id == job.fleet_id,
                FleetConnection.partner_id == technician.partner_id,
            )
        )
    )
    planned = frozenset(job.planned_fields)
    if not may_change(field, planned, allowed):
        raise NotAllowed(
            "The fleet manager set this value, and your partner may not override it here.",
            code=ErrorCode.PLANNED_VALUE_READ_ONLY,
        )
    if field not in planned:
        return None
    diff = OverrideDiff(
        job_id=job.id,
        field=field,
        planned_value=as_form_text(getattr(job, field), "UTC") or None,
        used_value=value,
        technician_id=technician.id,
        at=uow.clock.now(),
    )
    uow.session.add(diff)
    record_event(
        uow,
        actor=user.audit_name,
        action="job.value_overridden",
        subject=f"job:{job.id}",
        fleet_id=job.fleet_id,
        details={"field": field, "planned": diff.planned_value, "used": value},
    )
    return OverrideDiffRow(field, diff.planned_value, value, technician.display_name, diff.at)
