"""Writing a checked CSV file's jobs in one transaction, set-based: a few statements for any size.

Multi-row INSERTs (SQLAlchemy's insertmanyvalues) for the jobs, their extra items and their
`job.created` audit events; the rows with a partner move PENDING → ASSIGNED through move_jobs
(one UPDATE and its audit events per partner), and each partner's team hears once for the
whole import. Nothing here commits.

Each job carries a creation key of the import and its line, and RETURNING hands back (id, key):
asking instead for the ids in the rows' order (sort_by_parameter_order) makes SQLite insert one
row per statement, since it cannot tie new rowids to the rows' order in one statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert

from core.actors import FleetActor, Manager
from core.db.models import Base, Job
from core.db.models import ExtraItem as ExtraItemRow
from core.db.uow import UnitOfWork
from core.job_views import vehicle_name
from core.services.audit import record_job_events
from core.services.job_import_plan import ImportPartner, PlannedJob
from core.services.job_notices import JobBatch, tell_jobs_counted_assigned
from core.services.job_records import field_values, planned_fields, search_text
from core.services.transitions import move_jobs
from core.status import JobStatus


async def write_jobs(
    uow: UnitOfWork,
    actor: FleetActor,
    *,
    fleet_id: int,
    jobs: Sequence[PlannedJob],
    import_id: int,
) -> list[int]:
    """Create the planned jobs, PENDING or ASSIGNED, with their items and audit events; ids."""
    now = uow.clock.now()
    created_by = actor.id if isinstance(actor, Manager) else None
    rows = [
        {
            **field_values(job.fields),
            "fleet_id": fleet_id,
            "status": JobStatus.PENDING.value,
            "template_id": job.template.id if job.template else None,
            "created_by_id": created_by,
            "created_at": now,
            "updated_at": now,
            "planned_fields": planned_fields(job.fields),
            "search_text": search_text(job.fields),
            "creation_key": f"import:{import_id}:{job.row.line}",
        }
        for job in jobs
    ]
    if not rows:
        return []
    table = Base.metadata.tables[Job.__tablename__]
    inserted = await uow.session.execute(
        insert(table).returning(table.c.id, table.c.creation_key), rows
    )
    by_key = {key: job_id for job_id, key in inserted}
    ids = [by_key[row["creation_key"]] for row in rows]
    items = [
        {
            "job_id": job_id,
            "template_id": None,
            "position": position,
            "label": item.label,
            "kind": item.kind.value,
            "required": item.required,
            "options": list(item.options),
        }
        for job_id, job in zip(ids, jobs, strict=True)
        if job.template is not None
        for position, item in enumerate(job.template.items, start=1)
    ]
    if items:
        await uow.session.execute(insert(Base.metadata.tables[ExtraItemRow.__tablename__]), items)
    await record_job_events(
        uow,
        actor=actor.audit_name,
        action="job.created",
        fleet_id=fleet_id,
        details_by_job=(
            (job_id, _created_details(row, job, import_id))
            for job_id, row, job in zip(ids, rows, jobs, strict=True)
        ),
    )
    by_partner: dict[ImportPartner, list[int]] = {}
    for job_id, job in zip(ids, jobs, strict=True):
        if job.partner is not None:
            by_partner.setdefault(job.partner, []).append(job_id)
    for partner, job_ids in by_partner.items():
        await move_jobs(
            uow,
            fleet_id=fleet_id,
            job_ids=job_ids,
            source=JobStatus.PENDING,
            target=JobStatus.ASSIGNED,
            actor=actor.audit_name,
            values={"partner_id": partner.id},
            details={"partner_code": partner.code, "import": import_id},
        )
        vehicle = None
        if len(job_ids) == 1:
            only = next(job for job in jobs if job.partner == partner).fields
            vehicle = vehicle_name(job_ids[0], only.license_plate, only.custom_name, only.vin)
        await tell_jobs_counted_assigned(
            uow,
            fleet_id=fleet_id,
            partner_id=partner.id,
            batch=JobBatch(len(job_ids), vehicle),
        )
    return ids


def _created_details(row: dict[str, Any], job: PlannedJob, import_id: int) -> dict[str, Any]:
    """The `job.created` event's details as create_job writes them, and the import's id."""
    return {
        "fields": sorted(row["planned_fields"]),
        "extra_items": len(job.template.items) if job.template else 0,
        "template": job.template.name if job.template else None,
        "import": import_id,
    }
