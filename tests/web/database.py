"""Reading the test database, to show what a request did or did not write."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.actors import TelegramUser
from core.db.models import AuditEvent, FleetConnection, OutboxMail, ServicePartner
from core.db.uow import UnitOfWorkFactory
from core.services import invitations
from core.views import AcceptedInvitation
from tests.factories import token_of

WRITTEN_BY_ACTIONS = (FleetConnection, ServicePartner, AuditEvent, OutboxMail)


async def snapshot(uow: UnitOfWorkFactory, *also: type[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row a partner action could write, and of the tables in also, to compare."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    async with uow.read_only() as work:
        for model in (*WRITTEN_BY_ACTIONS, *also):
            table = model.__table__
            rows = await work.session.execute(select(table).order_by(*table.primary_key))
            state[table.name] = [tuple(row) for row in rows]
    return state


async def accept(
    uow: UnitOfWorkFactory, url: str, company: str = "Volt Installers", telegram_id: int = 700001
) -> AcceptedInvitation:
    """Accept an invitation link the way the bot does for a new partner admin."""
    token = token_of(url)
    async with uow() as work:
        return await invitations.accept_invitation(
            work, TelegramUser(id=telegram_id, name="Vera"), token=token, company_name=company
        )
