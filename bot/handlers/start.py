"""`/start` with a deep link (an invitation or a team link), plain `/start` and `/help`."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.handlers.invitations import invitation_text
from bot.replies import reply
from core.links import LinkKind, parse_start_payload
from core.services.invitations import preview_invitation
from core.services.joining import request_to_join


async def open_deep_link(update: Update, context: BotContext) -> None:
    """`/start <payload>`: an invitation or a team link; anything else is refused by the parser."""
    kind, token = parse_start_payload(" ".join(context.args or ()))
    if kind == LinkKind.INVITATION:
        await show_invitation(update, context, token)
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


async def show_help(update: Update, context: BotContext) -> None:
    """What this user can do, by their role in a team."""
    chat = context.met
    t = context.texts
    membership = chat.membership
    if membership is None:
        user = update.effective_user
        await reply(update, t("help.newcomer", name=user.first_name if user else chat.name))
        return
    key = "help.partner_admin" if membership.is_partner_admin else "help.technician"
    await reply(update, t(key, partner=membership.partner_name, code=membership.partner_code))
