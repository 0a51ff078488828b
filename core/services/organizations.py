"""Mobility providers and their fleets, as an operator sets them up from the command line."""

from __future__ import annotations

from sqlalchemy import select

from core.db.models import Fleet, Organization
from core.db.uow import UnitOfWork
from core.errors import InvalidInput
from core.services.audit import record_event

DEFAULT_TIME_ZONE = "Europe/Berlin"
MAX_NAME_LENGTH = 120


async def provide_organization(
    uow: UnitOfWork, *, name: str, fleet_names: list[str], time_zone: str = DEFAULT_TIME_ZONE
) -> bool:
    """Create a mobility provider and whichever named fleets it lacks; True if anything was new."""
    clean = " ".join(name.split())
    fleets = [" ".join(fleet.split()) for fleet in fleet_names]
    if not clean:
        raise InvalidInput("Name the mobility provider.")
    if not fleets or not all(fleets):
        raise InvalidInput(f"Name at least one fleet for {clean}.")
    if max(len(text) for text in [clean, *fleets]) > MAX_NAME_LENGTH:
        raise InvalidInput(
            f"Names of providers and fleets have at most {MAX_NAME_LENGTH} characters."
        )
    organization_id, created = await ensure_organization(uow, clean, fleets, time_zone)
    if created:
        record_event(
            uow,
            actor="cli",
            action="organization.provided",
            subject=f"organization:{organization_id}",
            details={"fleets": fleets},
        )
    await uow.commit()
    return created


async def ensure_organization(
    uow: UnitOfWork, name: str, fleet_names: list[str], time_zone: str
) -> tuple[int, bool]:
    """The provider's id, creating it and any missing fleets; True if anything was new."""
    now = uow.clock.now()
    organization = await uow.session.scalar(select(Organization).where(Organization.name == name))
    created = organization is None
    if organization is None:
        organization = Organization(name=name, created_at=now)
        uow.session.add(organization)
        await uow.session.flush()
    known = set(
        await uow.session.scalars(
            select(Fleet.name).where(Fleet.organization_id == organization.id)
        )
    )
    missing = [fleet for fleet in dict.fromkeys(fleet_names) if fleet not in known]
    uow.session.add_all(
        Fleet(organization_id=organization.id, name=fleet, time_zone=time_zone, created_at=now)
        for fleet in missing
    )
    await uow.session.flush()
    return organization.id, created or bool(missing)
