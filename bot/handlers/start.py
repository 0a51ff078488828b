"""`/start` with a deep link (an invitation, a team or a manager's link), `/start` and `/help`."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.invitations import invitation_text
from bot.replies import reply
from core.links import LinkKind, parse_start_payload
from core.services.invitations import preview_invitation
from core.services.joining import request_to_join
from core.services.manager_telegram import find_linked_manager, link_telegram_account


async def open_deep_link(update: Update, context: BotContext) -> None:
    """`/start <payload>`: an invitation, a team or a manager's link; the parser refuses others."""
    kind, token = parse_start_payload(" ".join(context.args or ()))
    if kind == LinkKind.INVITATION:
        await show_invitation(update, context, token)
    elif kind == LinkKind.MANAGER:
        await link_manager(update, context, token)
    else:
        await ask_to_join(update, context, token)


async def show_invitation(update: Update, context: BotContext, token: str) -> None:
    """Show what a fleet's invitation offers, with Accept and Decline for who may answer it."""
    async with context.services.uow.read_only() as uow:
        preview = await preview_invitation(uow, context.actor(update), token=token)
    t = context.texts
    await reply(update, invitation_text(t, preview), reply_markup=keyboards.invitation(t, token))


async def ask_to_join(update: Update, context: BotContext, token: str) -> None:
    """Ask to join the partner's team; the outbox brings its partner admin the request."""
    async with context.services.uow() as uow:
        requested = await request_to_join(uow, context.actor(update), token=token)
    await reply(
        update,
        context.texts(
            "team.join_requested", partner=requested.partner_name, code=requested.partner_code
        ),
    )


async def link_manager(update: Update, context: BotContext, token: str) -> None:
    """Link this Telegram account to the fleet manager whose link it is."""
    async with context.services.uow() as uow:
        linked = await link_telegram_account(uow, context.actor(update), token=token)
    key = "manager.linked" if linked.newly_linked else "manager.already_linked"
    await reply(
        update,
        context.texts(
            key,
            email=linked.email,
            organization=linked.organization_name,
            fleets=", ".join(linked.fleet_names),
        ),
    )


async def show_help(update: Update, context: BotContext) -> None:
    """What this user can do, by their role in a team (or as a linked fleet manager)."""
    chat = context.met
    t = context.texts
    membership = chat.membership
    if membership is None:
        async with context.services.uow.read_only() as uow:
            manager = await find_linked_manager(uow, chat.telegram_user_id)
        if manager is not None:
            summary = "manager.summary_on" if manager.daily_summary else "manager.summary_off"
            text = t(
                "help.manager",
                email=manager.email,
                organization=manager.organization_name,
                fleets=", ".join(manager.fleet_names),
                summary=t(summary),
            )
            await reply(update, text)
            return
        user = update.effective_user
        await reply(update, t("help.newcomer", name=user.first_name if user else chat.name))
        return
    key = "help.partner_admin" if membership.is_partner_admin else "help.technician"
    await reply(update, t(key, partner=membership.partner_name, code=membership.partner_code))
