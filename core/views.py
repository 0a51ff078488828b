"""Frozen views that services hand to the bot and the admin web; never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.status import InvitationStatus


@dataclass(frozen=True, slots=True)
class FleetView:
    """A fleet as the fleet switcher shows it."""

    id: int
    name: str
    organization_name: str
    time_zone: str


@dataclass(frozen=True, slots=True)
class ManagerView:
    """A manager and the fleets they may switch between."""

    id: int
    email: str
    organization_name: str
    fleets: tuple[FleetView, ...]


@dataclass(frozen=True, slots=True)
class PartnerRow:
    """One line of Partners & Teams: an invitation or a standing connection."""

    connection_id: int
    fleet_id: int
    email: str
    status: InvitationStatus
    allow_override: bool
    partner_name: str | None
    partner_code: str | None
    invited_at: datetime
    expires_at: datetime | None
    link_expired: bool


@dataclass(frozen=True, slots=True)
class InvitationLink:
    """A pending invitation's deep link, for showing as text and QR code."""

    connection_id: int
    email: str
    url: str
    expires_at: datetime
    provider_name: str
    fleet_id: int
    fleet_name: str
    time_zone: str
    allow_override: bool


@dataclass(frozen=True, slots=True)
class InvitationPreview:
    """What the bot shows before someone accepts or declines an invitation."""

    provider_name: str
    fleet_name: str
    allow_override: bool
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class AcceptedInvitation:
    """The outcome of accepting: the partner (new or existing) now connected to the fleet."""

    partner_name: str
    partner_code: str
    provider_name: str
    fleet_name: str
    allow_override: bool
    partner_created: bool


@dataclass(frozen=True, slots=True)
class OutboxMailView:
    """An e-mail kept in the outbox, as the admin web lists it."""

    id: int
    recipient: str
    subject: str
    text_body: str
    created_at: datetime
