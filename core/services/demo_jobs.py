"""The demo's templates and jobs written into its fleets as the job and template services do.

The same building blocks (apply_fields, planned_fields, replace_items, move_job, the same audit
events), within the seed's one unit of work, so a few hundred jobs take one flush rather than a
transaction each. Nothing here commits.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from core.db.models import Fleet, Job, Template
from core.db.uow import UnitOfWork
from core.demo_plan import plan_jobs
from core.demo_templates import DEMO_TEMPLATES
from core.errors import InvalidInput
from core.moments import local_date
from core.services.audit import record_event
from core.services.job_records import accepted_partner, apply_fields, planned_fields, replace_items
from core.services.transitions import move_job
from core.status import JobStatus


async def seed_templates(
    uow: UnitOfWork, fleet: Fleet, *, actor: str
) -> tuple[dict[str, int], bool]:
    """Create the demo templates the fleet lacks; their ids by name, and whether any is new."""
    now = uow.clock.now()
    rows = await uow.session.execute(
        select(Template.name, Template.id).where(Template.fleet_id == fleet.id)
    )
    known = {name: template_id for name, template_id in rows}
    missing = [template for template in DEMO_TEMPLATES if template.name not in known]
    added = []
    for template in missing:
        row = Template(fleet_id=fleet.id, name=template.name, created_at=now, updated_at=now)
        apply_fields(row, template.fields)
        added.append(row)
    uow.session.add_all(added)
    await uow.session.flush()
    for template, row in zip(missing, added, strict=True):
        await replace_items(uow, template.items, template_id=row.id)
        record_event(
            uow,
            actor=actor,
            action="template.created",
            subject=f"template:{row.id}",
            fleet_id=fleet.id,
            details={"name": template.name},
        )
        known[template.name] = row.id
    return known, bool(missing)


async def seed_jobs(
    uow: UnitOfWork,
    fleet: Fleet,
    *,
    templates: dict[str, int],
    partner_code: str,
    created_by_id: int | None,
    actor: str,
) -> bool:
    """The demo fleet's jobs, unless it has jobs already; whether any were created.

    Jobs planned as assigned go to the partner if it is ACCEPTED in the fleet, else stay PENDING.
    """
    if await uow.session.scalar(select(exists().where(Job.fleet_id == fleet.id))):
        return False
    now = uow.clock.now()
    plans = plan_jobs(fleet.name, today=local_date(now, fleet.time_zone), time_zone=fleet.time_zone)
    if not plans:
        return False
    try:
        partner = await accepted_partner(uow, fleet.id, partner_code)
    except InvalidInput:
        partner = None
    jobs = []
    for plan in plans:
        job = Job(
            fleet_id=fleet.id,
            status=JobStatus.PENDING,
            template_id=templates.get(plan.template) if plan.template else None,
            created_by_id=created_by_id,
            created_at=now,
            updated_at=now,
            planned_fields=planned_fields(plan.fields),
        )
        apply_fields(job, plan.fields)
        jobs.append(job)
    uow.session.add_all(jobs)
    await uow.session.flush()
    # The jobs are new, so replace_items has nothing to replace: without autoflush, their
    # items, events and assignments are written in one flush instead of one per job.
    with uow.session.no_autoflush:
        for plan, job in zip(plans, jobs, strict=True):
            if plan.items:
                await replace_items(uow, plan.items, job_id=job.id)
            record_event(
                uow,
                actor=actor,
                action="job.created",
                subject=f"job:{job.id}",
                fleet_id=fleet.id,
                details={
                    "fields": sorted(job.planned_fields),
                    "extra_items": len(plan.items),
                    "template": plan.template,
                },
            )
            if plan.assigned and partner is not None:
                job.partner_id = partner.id
                move_job(
                    uow,
                    job,
                    JobStatus.ASSIGNED,
                    actor=actor,
                    details={"partner_code": partner.partner_code},
                )
    return True
