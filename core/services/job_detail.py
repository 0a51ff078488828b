"""The job page: every field, who has the job, and its record — timeline, answers, photos, diffs.

What the technician produces (answers, photos, override diffs, the access grant) is read from
its tables; the chat fills them (the technician's issue), the page shows them as they come.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select

from core.actors import Manager
from core.db.models import (
    AccessGrant,
    AuditEvent,
    ChecklistAnswer,
    FleetConnection,
    JobPhoto,
    OverrideDiff,
    ServicePartner,
    Technician,
    TelegramChat,
    Template,
)
from core.db.models import Manager as ManagerRow
from core.db.uow import UnitOfWork
from core.job_views import (
    AnswerRow,
    GrantRow,
    JobActions,
    JobDetail,
    OverrideDiffRow,
    PhotoRow,
    TimelineEntry,
)
from core.services.job_records import fields_of, fleet_job, fleet_of, items_of
from core.status import JobStatus

SYSTEM = "FleetCrew"
T = TypeVar("T")


async def show_job(uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_id: int) -> JobDetail:
    """Everything about one job of a fleet the manager manages."""
    fleet = await fleet_of(uow, manager, fleet_id)
    job = await fleet_job(uow, manager, fleet_id, job_id)
    partner = await uow.session.get(ServicePartner, job.partner_id) if job.partner_id else None
    allow_override = bool(
        partner
        and await uow.session.scalar(
            select(FleetConnection.allow_override).where(
                FleetConnection.fleet_id == fleet_id, FleetConnection.partner_id == partner.id
            )
        )
    )
    template = await uow.session.get(Template, job.template_id) if job.template_id else None
    answers = await _all(uow, ChecklistAnswer, job.id, ChecklistAnswer.answered_at)
    photos = await _all(uow, JobPhoto, job.id, JobPhoto.taken_at)
    diffs = await _all(uow, OverrideDiff, job.id, OverrideDiff.at)
    grants = await _all(uow, AccessGrant, job.id, AccessGrant.starts_at)
    names = await _technician_names(uow, [job, *answers, *photos, *diffs, *grants])
    status = JobStatus(job.status)
    return JobDetail(
        id=job.id,
        fleet_id=fleet_id,
        time_zone=fleet.time_zone,
        status=status,
        fields=fields_of(job),
        planned_fields=frozenset(job.planned_fields),
        extra_items=await items_of(uow, job_id=job.id),
        partner_name=partner.name if partner else None,
        partner_code=partner.partner_code if partner else None,
        allow_override=allow_override,
        technician_name=names.get(job.technician_id),
        template_name=template.name if template else None,
        failure_reason=job.failure_reason,
        failure_note=job.failure_note,
        created_at=job.created_at,
        updated_at=job.updated_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        actions=JobActions.for_status(status),
        timeline=await _timeline(uow, fleet_id, job.id),
        answers=tuple(
            AnswerRow(a.step, a.value, names.get(a.technician_id), a.answered_at) for a in answers
        ),
        photos=tuple(
            PhotoRow(p.id, p.step, names.get(p.technician_id), p.taken_at) for p in photos
        ),
        override_diffs=tuple(
            OverrideDiffRow(
                d.field, d.planned_value, d.used_value, names.get(d.technician_id), d.at
            )
            for d in diffs
        ),
        grants=tuple(
            GrantRow(names.get(g.technician_id), g.starts_at, g.ends_at, g.ended_at, g.end_reason)
            for g in grants
        ),
    )


async def _all(uow: UnitOfWork, model: type[T], job_id: int, when: Any) -> list[T]:
    """A job's rows of one kind (answers, photos, diffs, grants), oldest first."""
    rows = await uow.session.scalars(
        select(model).where(model.job_id == job_id).order_by(when, model.id)  # type: ignore[attr-defined]
    )
    return list(rows)


async def _technician_names(uow: UnitOfWork, rows: Iterable[Any]) -> dict[int | None, str]:
    """The names of the technicians these rows name (those still in a team)."""
    ids = {row.technician_id for row in rows if row.technician_id is not None}
    if not ids:
        return {}
    found = await uow.session.execute(
        select(Technician.id, Technician.display_name).where(Technician.id.in_(ids))
    )
    return {technician_id: name for technician_id, name in found}


async def _timeline(uow: UnitOfWork, fleet_id: int, job_id: int) -> tuple[TimelineEntry, ...]:
    events = list(
        await uow.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.subject == f"job:{job_id}", AuditEvent.fleet_id == fleet_id)
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
    actors = await _actor_names(uow, (event.actor for event in events))
    return tuple(
        TimelineEntry(event.at, actors.get(event.actor, SYSTEM), event.action, event.details)
        for event in events
    )


async def _actor_names(uow: UnitOfWork, actors: Iterable[str]) -> dict[str, str]:
    """How people are named on the timeline: a manager by e-mail, a Telegram user by name."""
    manager_ids, telegram_ids = set(), set()
    for actor in actors:
        kind, _, number = actor.partition(":")
        if number.isdigit() and kind == "manager":
            manager_ids.add(int(number))
        elif number.isdigit() and kind == "telegram":
            telegram_ids.add(int(number))
    names: dict[str, str] = {}
    if manager_ids:
        for manager_id, email in await uow.session.execute(
            select(ManagerRow.id, ManagerRow.email).where(ManagerRow.id.in_(manager_ids))
        ):
            names[f"manager:{manager_id}"] = email
    if telegram_ids:
        for user_id, name in await uow.session.execute(
            select(TelegramChat.id, TelegramChat.name).where(TelegramChat.id.in_(telegram_ids))
        ):
            names[f"telegram:{user_id}"] = name
    return names
