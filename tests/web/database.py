"""Reading the test database, to show what a request did or did not write."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from core.actors import Manager, TelegramUser
from core.db.models import AuditEvent, FleetConnection, OutboxMail, ServicePartner
from core.db.uow import UnitOfWorkFactory
from core.links import DeepLinks, parse_start_payload
from core.services import invitations, partners
from core.views import AcceptedInvitation, InvitationLink

WRITTEN_BY_ACTIONS = (FleetConnection, ServicePartner, AuditEvent, OutboxMail)


async def count(uow: UnitOfWorkFactory, model: type[Any]) -> int:
    """How many rows a table has."""
    async with uow.read_only() as work:
        return int(await work.session.scalar(select(func.count()).select_from(model)) or 0)


async def snapshot(uow: UnitOfWorkFactory, *also: type[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a partner action could write, and of the tables in also, to compare."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    async with uow.read_only() as work:
        for model in (*WRITTEN_BY_ACTIONS, *also):
            table = model.__table__
            rows = await work.session.execute(select(table).order_by(*table.primary_key))
            state[table.name] = [tuple(row) for row in rows]
    return state


async def invite(
    uow: UnitOfWorkFactory,
    manager: Manager,
    links: DeepLinks,
    fleet_id: int,
    email: str = "partner@example.com",
) -> InvitationLink:
    """An invitation made through the service, as if the manager had sent the form."""
    async with uow() as work:
        return await partners.invite_partner(
            work, manager, fleet_id=fleet_id, email=email, allow_override=False, links=links
        )


async def accept(
    uow: UnitOfWorkFactory, url: str, company: str = "Volt Installers", telegram_id: int = 700001
) -> AcceptedInvitation:
    """Accept an invitation link the way the bot does for a new partner admin."""
    token = parse_start_payload(url.split("?start=", 1)[1])[1]
    async with uow() as work:
        return await invitations.accept_invitation(
            work, TelegramUser(id=telegram_id, name="Vera"), token=token, company_name=company
        )
