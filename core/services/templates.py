"""Templates: saved job data for recurring jobs — create, edit, delete, duplicate, list, show.

A job is created from a template by starting the job form with its data (and items); "Save as
Template" on the job form creates one from what the form holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.actors import Manager
from core.db.models import Template
from core.db.uow import UnitOfWork
from core.errors import ChangedMeanwhile, Conflict, InvalidInput
from core.extra_items import ExtraItem
from core.job_fields import JobFields, JobType
from core.job_views import TemplateDetail, TemplateRow
from core.services.audit import record_event
from core.services.job_records import (
    apply_fields,
    fields_of,
    fleet_of,
    items_by_template,
    items_of,
    replace_items,
    template_of,
)
from core.text import ensure_text

NAME_MIN, NAME_MAX = 2, 80


def clean_template_name(raw: str) -> str:
    """A template's name trimmed to single spaces, 2–80 characters, or InvalidInput."""
    name = " ".join(ensure_text(raw).split())
    if not NAME_MIN <= len(name) <= NAME_MAX:
        raise InvalidInput(f"A template's name has {NAME_MIN} to {NAME_MAX} characters.")
    return name


async def create_template(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    name: str,
    fields: JobFields,
    items: Sequence[ExtraItem] = (),
) -> TemplateDetail:
    """Save job data under a name, unique in the fleet."""
    await fleet_of(uow, manager, fleet_id)
    clean = clean_template_name(name)
    now = uow.clock.now()
    template = Template(fleet_id=fleet_id, name=clean, created_at=now, updated_at=now)
    apply_fields(template, fields)
    uow.session.add(template)
    await _flush_named(uow, clean)
    await replace_items(uow, items, template_id=template.id)
    record_event(
        uow,
        actor=manager.audit_name,
        action="template.created",
        subject=f"template:{template.id}",
        fleet_id=fleet_id,
        details={"name": clean},
    )
    await uow.commit()
    return TemplateDetail(template.id, fleet_id, clean, fields, tuple(items), now)


async def update_template(
    uow: UnitOfWork,
    manager: Manager,
    *,
    fleet_id: int,
    template_id: int,
    name: str,
    fields: JobFields,
    items: Sequence[ExtraItem] = (),
    seen: datetime | None = None,
) -> TemplateDetail:
    """Change a template's name, data and items; jobs made from it keep theirs.

    seen is the template's last change when the form was opened: one changed since (another tab,
    another manager) is refused rather than overwritten.
    """
    template = await template_of(uow, manager, fleet_id, template_id)
    if seen is not None and template.updated_at != seen:
        raise ChangedMeanwhile(
            "This template was changed since this form was opened, so nothing was saved: "
            "open it again to see the changes."
        )
    clean = clean_template_name(name)
    template.name = clean
    apply_fields(template, fields)
    template.updated_at = uow.clock.now()
    await _flush_named(uow, clean)
    await replace_items(uow, items, template_id=template.id)
    record_event(
        uow,
        actor=manager.audit_name,
        action="template.edited",
        subject=f"template:{template.id}",
        fleet_id=fleet_id,
        details={"name": clean},
    )
    await uow.commit()
    return TemplateDetail(template.id, fleet_id, clean, fields, tuple(items), template.updated_at)


async def duplicate_template(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, template_id: int
) -> TemplateDetail:
    """A copy named "Copy of …" (numbered when that name is taken)."""
    source = await template_of(uow, manager, fleet_id, template_id)
    taken = set(
        await uow.session.scalars(select(Template.name).where(Template.fleet_id == fleet_id))
    )
    name = f"Copy of {source.name}"[:NAME_MAX]
    number = 2
    while name in taken:
        name = f"Copy {number} of {source.name}"[:NAME_MAX]
        number += 1
    fields = fields_of(source)
    items = await items_of(uow, template_id=source.id)
    return await create_template(
        uow, manager, fleet_id=fleet_id, name=name, fields=fields, items=items
    )


async def delete_template(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, template_id: int
) -> str:
    """Delete a template (jobs made from it stay as they are); returns its name."""
    template = await template_of(uow, manager, fleet_id, template_id)
    record_event(
        uow,
        actor=manager.audit_name,
        action="template.deleted",
        subject=f"template:{template.id}",
        fleet_id=fleet_id,
        details={"name": template.name},
    )
    name = template.name
    await uow.session.delete(template)
    await uow.commit()
    return name


async def list_templates(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, job_type: JobType | None = None
) -> list[TemplateRow]:
    """The fleet's templates by name (of one job type, if given)."""
    await fleet_of(uow, manager, fleet_id)
    query = select(Template).where(Template.fleet_id == fleet_id)
    if job_type is not None:
        query = query.where(Template.job_type == job_type.value)
    templates = list(await uow.session.scalars(query.order_by(Template.name)))
    counts = await items_by_template(uow, [template.id for template in templates])
    return [
        TemplateRow(
            id=template.id,
            name=template.name,
            job_type=JobType(template.job_type),
            vehicle_model_id=template.vehicle_model_id,
            installation_variant=template.installation_variant,
            extra_items=counts.get(template.id, 0),
            updated_at=template.updated_at,
        )
        for template in templates
    ]


async def show_template(
    uow: UnitOfWork, manager: Manager, *, fleet_id: int, template_id: int
) -> TemplateDetail:
    """A template's name, data and items: to edit it, or to start a job from it."""
    template = await template_of(uow, manager, fleet_id, template_id)
    return TemplateDetail(
        id=template.id,
        fleet_id=fleet_id,
        name=template.name,
        fields=fields_of(template),
        extra_items=await items_of(uow, template_id=template.id),
        updated_at=template.updated_at,
    )


async def _flush_named(uow: UnitOfWork, name: str) -> None:
    try:
        await uow.session.flush()
    except IntegrityError:
        raise Conflict(f"This fleet has a template called “{name}” already.") from None
