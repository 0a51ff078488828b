"""Writing audit events, inside the transaction of the change they describe."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert

from core.db.models import AuditEvent, Base
from core.db.uow import UnitOfWork


def record_event(
    uow: UnitOfWork,
    *,
    actor: str,
    action: str,
    subject: str,
    fleet_id: int | None = None,
    details: dict[str, Any] | None = None,
    flow_id: str | None = None,
) -> None:
    """Add an audit event to the unit of work; it is written when the work commits."""
    uow.session.add(
        AuditEvent(
            at=uow.clock.now(),
            actor=actor,
            action=action,
            subject=subject,
            fleet_id=fleet_id,
            details=details or {},
            flow_id=flow_id,
        )
    )


async def record_job_events(
    uow: UnitOfWork,
    *,
    actor: str,
    action: str,
    fleet_id: int,
    details_by_job: Iterable[tuple[int, dict[str, Any]]],
) -> None:
    """The same action on many jobs, one audit event each, in one multi-row INSERT (now)."""
    now = uow.clock.now()
    rows = [
        {
            "at": now,
            "actor": actor,
            "action": action,
            "subject": f"job:{job_id}",
            "fleet_id": fleet_id,
            "details": details,
            "flow_id": None,
        }
        for job_id, details in details_by_job
    ]
    if rows:
        # On the table: the ORM's bulk insert of the model costs more for 10,000 rows.
        await uow.session.execute(insert(Base.metadata.tables[AuditEvent.__tablename__]), rows)
