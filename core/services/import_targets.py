"""The fleet and template a command-line import names: by name or id, or why none fits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from core.db.models import Fleet, Organization, Template
from core.db.uow import UnitOfWork
from core.errors import NotFound


@dataclass(frozen=True, slots=True)
class FleetChoice:
    """A fleet as the command line names it."""

    id: int
    name: str
    organization: str


async def fleet_named(uow: UnitOfWork, name_or_id: str) -> FleetChoice:
    """The fleet with this id, or the one fleet with this name; NotFound says what to give."""
    wanted = name_or_id.strip()
    query = select(Fleet.id, Fleet.name, Organization.name).join(
        Organization, Organization.id == Fleet.organization_id
    )
    if wanted.isdigit() and len(wanted) < 10:
        found = (await uow.session.execute(query.where(Fleet.id == int(wanted)))).first()
        if found is not None:
            return FleetChoice(*found)
    rows = (await uow.session.execute(query.where(Fleet.name == wanted).order_by(Fleet.id))).all()
    if len(rows) == 1:
        return FleetChoice(*rows[0])
    if rows:
        listing = ", ".join(f"{fleet_id} ({organization})" for fleet_id, _, organization in rows)
        raise NotFound(
            f"Several organisations have a fleet called {wanted}: give its id, one of {listing}."
        )
    raise NotFound(f"There is no fleet {wanted[:120]}: give a fleet's name or id.")


async def template_named(uow: UnitOfWork, fleet_id: int, name: str) -> int:
    """The id of the fleet's template with this name (case does not matter), or NotFound."""
    templates = (
        await uow.session.execute(
            select(Template.id, Template.name).where(Template.fleet_id == fleet_id)
        )
    ).all()
    wanted = " ".join(name.split()).casefold()
    for template_id, template_name in templates:
        if template_name.casefold() == wanted:
            return int(template_id)
    names = ", ".join(sorted(template_name for _, template_name in templates)) or "none"
    raise NotFound(f"The fleet has no template {name[:80]}; its templates: {names}.")
