"""Acting on the test database the way the other face would, to see the admin web follow."""

from __future__ import annotations

from core.actors import TelegramUser
from core.db.uow import UnitOfWorkFactory
from core.services import invitations
from core.views import AcceptedInvitation
from tests.factories import token_of


async def accept(
    uow: UnitOfWorkFactory, url: str, company: str = "Volt Installers", telegram_id: int = 700001
) -> AcceptedInvitation:
    """Accept an invitation link the way the bot does for a new partner admin."""
    token = token_of(url)
    async with uow() as work:
        return await invitations.accept_invitation(
            work, TelegramUser(id=telegram_id, name="Vera"), token=token, company_name=company
        )


async def decline(uow: UnitOfWorkFactory, url: str, telegram_id: int = 700002) -> None:
    """Decline an invitation link the way the bot does."""
    async with uow() as work:
        await invitations.decline_invitation(
            work, TelegramUser(id=telegram_id, name="Dana"), token=token_of(url)
        )
