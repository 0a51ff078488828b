"""Frozen views that services hand to the bot and the admin web; never ORM objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from core.actors import TeamRole
from core.buttons import MessageButton, Scalar
from core.status import InvitationStatus, LinkEnd, TelegramMessageStatus


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
    """A pending invitation's new deep link: shown once as text and QR code, and mailed."""

    connection_id: int
    email: str
    url: str
    link_hash: str
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
    time_zone: str


@dataclass(frozen=True, slots=True)
class AcceptedInvitation:
    """The outcome of accepting: the partner (new or existing) now connected to the fleet.

    invitation_message_id: the chat message that showed the invitation, when the answer came
    in a later message (the company's name), so the bot can show the answer there too.
    """

    partner_name: str
    partner_code: str
    provider_name: str
    fleet_name: str
    allow_override: bool
    partner_created: bool
    invitation_message_id: int | None = None


@dataclass(frozen=True, slots=True)
class OutboxMailView:
    """An e-mail kept in the outbox, as the admin web lists it.

    link_end says why the link the mail held no longer works (None: it still does, or the mail
    held no link).
    """

    id: int
    recipient: str
    subject: str
    text_body: str
    created_at: datetime
    holds_link: bool
    link_end: LinkEnd | None


@dataclass(frozen=True, slots=True)
class QueuedMessage:
    """A Telegram message a sender has claimed: whom to write to, in which language, what."""

    id: int
    telegram_user_id: int
    language: str | None  # None: the bot has not met the person (their chat is unknown)
    text_key: str
    values: Mapping[str, Scalar]
    buttons: tuple[tuple[MessageButton, ...], ...]


@dataclass(frozen=True, slots=True)
class UndeliveredMessage:
    """A Telegram message of a fleet that did not reach its recipient, as the Outbox lists it."""

    id: int
    telegram_user_id: int
    recipient_name: str | None  # None: the bot has not met the person
    text_key: str
    values: Mapping[str, Scalar]
    status: TelegramMessageStatus
    attempts: int
    created_at: datetime
    last_attempt_at: datetime | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class TeamMembership:
    """Where a Telegram user belongs: their partner and their role in its team."""

    technician_id: int
    partner_id: int
    partner_name: str
    partner_code: str
    role: TeamRole

    @property
    def is_partner_admin(self) -> bool:
        """Whether this member leads the partner's team."""
        return self.role == TeamRole.PARTNER_ADMIN


@dataclass(frozen=True, slots=True)
class ChatView:
    """A Telegram user as the bot meets them on each update: language, awaited reply, team."""

    telegram_user_id: int
    name: str
    language: str
    awaiting: str | None
    membership: TeamMembership | None


@dataclass(frozen=True, slots=True)
class TeamLinkView:
    """A partner's new team link: technicians open it to ask to join; it replaced the last one."""

    url: str
    partner_name: str
    expires_at: datetime
    time_zone: str
    replaced_one: bool


@dataclass(frozen=True, slots=True)
class TeamMemberRow:
    """One member of a partner's team, as the /team list shows them."""

    technician_id: int
    telegram_user_id: int
    name: str
    role: TeamRole
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class JoinRequestRow:
    """Someone waiting to be let into the team."""

    request_id: int
    telegram_user_id: int
    name: str
    requested_at: datetime


@dataclass(frozen=True, slots=True)
class TeamView:
    """A partner's team: members (partner admin first), who waits to join, the team link."""

    partner_name: str
    partner_code: str
    members: tuple[TeamMemberRow, ...]
    waiting: tuple[JoinRequestRow, ...]
    link_expires_at: datetime | None
    time_zone: str


@dataclass(frozen=True, slots=True)
class JoinRequested:
    """A request to join a team, sent to the team's partner admin."""

    request_id: int
    requester_name: str
    partner_name: str
    partner_code: str


@dataclass(frozen=True, slots=True)
class JoinAnswered:
    """The partner admin's answer to a request to join (the requester is told by the outbox)."""

    request_id: int
    approved: bool
    requester_name: str
    partner_name: str
    partner_code: str


@dataclass(frozen=True, slots=True)
class RemovedMember:
    """A technician taken out of a team, and how many access grants that ended."""

    name: str
    partner_name: str
    grants_ended: int
