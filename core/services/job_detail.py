"""The job page: every field, who has the job, and its record — timeline, answers, photos, diffs.

What the technician produces (answers, photos, box commands, override diffs, the access grant)
is read from its tables and put in the manager's words by core.services.job_record; the chat
fills them, the page shows them as they come. A photo is handed out only for its own job.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select

from core.actors import Manager
from core.db.models import (
    AccessGrant,
    AuditEvent,
    BoxCommand,
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
from core.errors import NotFound
from core.job_outcomes import failure_label
from core.job_record_views import PhotoFile
from core.job_views import JobActions, JobDetail, OverrideDiffRow, TimelineEntry
from core.services.job_record import answer_rows, command_rows, grant_rows, photo_rows
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
    commands = await _all(uow, BoxCommand, job.id, BoxCommand.requested_at)
    names = await _technician_names(uow, [job, *answers, *photos, *diffs, *grants])
    status = JobStatus(job.status)
    items = await items_of(uow, job_id=job.id)
    labels = [item.label for item in items]
    return JobDetail(
        id=job.id,
        fleet_id=fleet_id,
        time_zone=fleet.time_zone,
        status=status,
        fields=fields_of(job),
        planned_fields=frozenset(job.planned_fields),
        extra_items=items,
        partner_name=partner.name if partner else None,
        partner_code=partner.partner_code if partner else None,
        allow_override=allow_override,
        technician_name=names.get(job.technician_id),
        template_name=template.name if template else None,
        failure_reason=job.failure_reason,
        failure_note=job.failure_note,
        failure_label=failure_label(job.failure_reason),
        created_at=job.created_at,
        updated_at=job.updated_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        actions=JobActions.for_status(status),
        timeline=await _timeline(uow, fleet_id, job.id),
        answers=answer_rows(
            answers,
            photos,
            commands,
            names=names,
            extra_labels=labels,
            time_zone=fleet.time_zone,
        ),
        photos=photo_rows(photos, names=names, extra_labels=labels),
        override_diffs=tuple(
            OverrideDiffRow(
                d.field, d.planned_value, d.used_value, names.get(d.technician_id), d.at
            )
            for d in diffs
        ),
        grants=grant_rows(grants, commands, names=names),
        box_commands=command_rows(commands, extra_labels=labels, time_zone=fleet.time_zone),
    )


async def find_job_photo(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_id: int, photo_id: int
) -> PhotoFile:
    """A photo of a job of a fleet the manager manages; NotFound for any other job's photo."""
    job = await fleet_job(uow, manager, fleet_id, job_id)
    photo = await uow.session.get(JobPhoto, photo_id)
    if photo is None or photo.job_id != job.id:
        raise NotFound("This photo does not exist for this job (any more).")
    return PhotoFile(photo.stored_key, photo.mime_type or "image/jpeg")


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
