"""What every page of a fleet shows around its content: the manager, the fleet, the CSRF token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from core.actors import Manager, ensure_manages_fleet
from core.container import Services
from core.errors import NotFound
from core.moments import local_date
from core.services import accounts
from core.services.accounts import ActiveSession
from core.views import FleetView, ManagerView


@dataclass(frozen=True, slots=True)
class FleetFrame:
    """The signed-in manager and the fleet a page belongs to."""

    manager: Manager
    me: ManagerView
    fleet: FleetView
    csrf_token: str

    def context(self, active: str) -> dict[str, Any]:
        """What base.html needs: the header, the fleet switcher, the active tab, the token."""
        return {
            "me": self.me,
            "current_fleet": self.fleet,
            "csrf_token": self.csrf_token,
            "active": active,
        }

    def today(self, services: Services) -> date:
        """Today in the fleet's time zone."""
        return local_date(services.clock.now(), self.fleet.time_zone)


async def fleet_frame(services: Services, session: ActiveSession, fleet_id: int) -> FleetFrame:
    """The frame of a fleet the signed-in manager manages (NotAllowed for any other fleet)."""
    ensure_manages_fleet(session.manager, fleet_id)
    async with services.uow.read_only() as uow:
        me = await accounts.describe_manager(uow, session.manager)
    fleet = next((fleet for fleet in me.fleets if fleet.id == fleet_id), None)
    if fleet is None:
        raise NotFound("This fleet does not exist (any more).")
    return FleetFrame(session.manager, me, fleet, session.csrf_token)
