"""Who is acting, and what they may see and do — pure rules that refuse with domain errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.errors import FleetNotFound


class TeamRole(StrEnum):
    """A Telegram user's role in a partner's team."""

    PARTNER_ADMIN = "PARTNER_ADMIN"
    TECHNICIAN = "TECHNICIAN"


@dataclass(frozen=True, slots=True)
class Manager:
    """A signed-in fleet manager and the fleets they manage."""

    id: int
    organization_id: int
    email: str
    fleet_ids: frozenset[int]

    @property
    def audit_name(self) -> str:
        """How the audit log names this manager."""
        return f"manager:{self.id}"


@dataclass(frozen=True, slots=True)
class Operator:
    """Whoever runs FleetCrew's command line on its server: may act in any fleet."""

    @property
    def audit_name(self) -> str:
        """How the audit log names the command line."""
        return "cli"


FleetActor = Manager | Operator
"""Who may import jobs into a fleet: a manager of it, or the command line."""


@dataclass(frozen=True, slots=True)
class TelegramUser:
    """Someone writing to the bot, as Telegram introduces them."""

    id: int
    name: str
    language: str = "en"

    @property
    def audit_name(self) -> str:
        """How the audit log names this Telegram user."""
        return f"telegram:{self.id}"


def ensure_manages_fleet(manager: Manager, fleet_id: int) -> None:
    """Raise NotFound unless the manager manages this fleet: another's is not even confirmed."""
    if fleet_id not in manager.fleet_ids:
        raise FleetNotFound("This fleet does not exist, or you do not manage it.")
