"""`/start` with a deep link (an invitation or a team link), plain `/start` and `/help`."""

from __future__ import annotations

from telegram import Update

from bot import keyboards
from bot.context import BotContext
from bot.replies import notify, reply
from core.links import LinkKind, parse_start_payload
from core.services.invitations import preview_invitation
from core.services.teams import join_team

TIME_FORMAT = "%Y-%m-%d %H:%M"


async def open_deep_link(update: Update, context: BotContext) -> None:
    """`/start <payload>`: an invitation or a team link; anything else is refused by the parser."""
    kind, token = parse_start_payload(" ".join(context.args or ()))
    if kind == LinkKind.INVITATION:
        await show_invitation(update, context, token)
    else:
        await join_team_by_link(update, context, token)


async def show_invitation(update: Update, context: BotContext, token: str) -> None:
    """Show what a fleet's invitation offers, with Accept and Decline."""
    async with context.services.uow.read_only() as uow:
        preview = await preview_invitation(uow, token=token)
    t = context.texts
    override = "invitation.override_on" if preview.allow_override else "invitation.override_off"
    await reply(
        update,
        t(
            "invitation.preview",
            provider=preview.provider_name,
            fleet=preview.fleet_name,
            override=t(override),
            expires=preview.expires_at.strftime(TIME_FORMAT),
        ),
        reply_markup=keyboards.invitation(t, token),
    )


async def join_team_by_link(update: Update, context: BotContext, token: str) -> None:
    """Join the partner's team as a technician; the partner admin hears of it."""
    async with context.services.uow() as uow:
        joined = await join_team(uow, context.actor(update), token=token)
    await reply(
        update,
        context.texts("team.joined", partner=joined.partner_name, code=joined.partner_code),
    )
    for admin in joined.partner_admins:
        await notify(
            context,
            admin.telegram_user_id,
            "team.joined_admin",
            name=joined.technician_name,
            partner=joined.partner_name,
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
