"""Answering a fleet's invitation: Accept (naming a new company first) or Decline."""

from __future__ import annotations

from telegram import ForceReply, Update

from bot import callbacks
from bot.context import BotContext
from bot.replies import acknowledge, drop_buttons, reply
from core.services import invitations
from core.views import AcceptedInvitation


async def accept_invitation(update: Update, context: BotContext) -> None:
    """Accept for the partner admin's company, or ask a newcomer for their company's name."""
    query = update.callback_query
    assert query is not None and query.data is not None
    token = callbacks.decode(query.data).argument
    actor = context.actor(update)
    t = context.texts
    if context.met.membership is None:
        async with context.services.uow() as uow:
            await invitations.await_company_name(uow, actor, token=token)
        await acknowledge(query)
        await drop_buttons(query)
        await reply(update, t("invitation.ask_company_name"), reply_markup=ForceReply())
        return
    async with context.services.uow() as uow:
        accepted = await invitations.accept_invitation(uow, actor, token=token)
    await acknowledge(query)
    await drop_buttons(query)
    await reply(update, _accepted(context, accepted))


async def decline_invitation(update: Update, context: BotContext) -> None:
    """Turn the invitation down; the manager sees DECLINED."""
    query = update.callback_query
    assert query is not None and query.data is not None
    token = callbacks.decode(query.data).argument
    async with context.services.uow() as uow:
        declined = await invitations.decline_invitation(uow, context.actor(update), token=token)
    t = context.texts
    await acknowledge(query, t("invitation.declined_short"))
    await drop_buttons(query)
    await reply(update, t("invitation.declined", fleet=declined.fleet_name))


async def receive_company_name(update: Update, context: BotContext) -> None:
    """The newcomer's company name, after Accept: create the partner and connect the fleet."""
    message = update.message
    assert message is not None and message.text is not None
    async with context.services.uow() as uow:
        accepted = await invitations.accept_invitation_with_name(
            uow, context.actor(update), company_name=message.text
        )
    await reply(update, _accepted(context, accepted))


def _accepted(context: BotContext, accepted: AcceptedInvitation) -> str:
    key = "invitation.accepted_new" if accepted.partner_created else "invitation.accepted_existing"
    return context.texts(
        key,
        partner=accepted.partner_name,
        code=accepted.partner_code,
        fleet=accepted.fleet_name,
        provider=accepted.provider_name,
    )
