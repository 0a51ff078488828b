"""Mobility providers and their fleets, as an operator sets them up from the command line."""

from __future__ import annotations

import difflib

from sqlalchemy import select

from core.db.models import Fleet, Organization
from core.db.uow import UnitOfWork
from core.errors import InvalidInput, NotFound
from core.services.audit import record_event

DEFAULT_TIME_ZONE = "Europe/Berlin"
MAX_NAME_LENGTH = 120
SIMILAR_ENOUGH = 0.8  # difflib's ratio from which a known name is suggested: typos, not kin


class UnknownOrganization(NotFound):
    """No mobility provider has that name; suggestion is the closest known name, if any is close."""

    def __init__(self, name: str, suggestion: str | None) -> None:
        message = f"There is no mobility provider called “{name}”."
        if suggestion is not None:
            message += f" Did you mean “{suggestion}”?"
        super().__init__(message)
        self.suggestion = suggestion


async def organization_named(uow: UnitOfWork, name: str) -> Organization | None:
    """The provider of that name, whatever the case and spacing; an exact match comes first."""
    wanted = " ".join(name.split())
    # Compared in Python: SQLite's lower() folds ASCII only, and providers are few.
    known = list(await uow.session.scalars(select(Organization).order_by(Organization.id)))
    exact = [row for row in known if row.name == wanted]
    alike = [row for row in known if row.name.casefold() == wanted.casefold()]
    return next(iter(exact or alike), None)


async def find_organization(uow: UnitOfWork, name: str) -> Organization:
    """The provider of that name (see organization_named), or UnknownOrganization."""
    organization = await organization_named(uow, name)
    if organization is not None:
        return organization
    wanted = " ".join(name.split())
    names = {
        known.casefold(): known for known in await uow.session.scalars(select(Organization.name))
    }
    close = difflib.get_close_matches(wanted.casefold(), names, n=1, cutoff=SIMILAR_ENOUGH)
    raise UnknownOrganization(wanted, names[close[0]] if close else None)


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
    organization = await organization_named(uow, name)
    created = organization is None
    if organization is None:
        organization = Organization(name=name, created_at=now)
        uow.session.add(organization)
        await uow.session.flush()
    known = {
        fleet.casefold()
        for fleet in await uow.session.scalars(
            select(Fleet.name).where(Fleet.organization_id == organization.id)
        )
    }
    missing: dict[str, str] = {}  # by casefolded name: the first spelling given
    for fleet in fleet_names:
        if fleet.casefold() not in known:
            missing.setdefault(fleet.casefold(), fleet)
    uow.session.add_all(
        Fleet(organization_id=organization.id, name=fleet, time_zone=time_zone, created_at=now)
        for fleet in missing.values()
    )
    await uow.session.flush()
    return organization.id, created or bool(missing)
