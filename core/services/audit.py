"""Writing audit events, inside the transaction of the change they describe."""

from __future__ import annotations

from typing import Any

from core.db.models import AuditEvent
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
