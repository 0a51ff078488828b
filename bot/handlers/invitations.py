"""Answering a fleet's invitation: Accept (naming a new company first), or Decline once confirmed.

The invitation's message always shows where it stands: its buttons while it may be answered,
the answer once it is given.
"""

from __future__ import annotations

from telegram import CallbackQuery, ForceReply, Update

from bot import callbacks, keyboards
from bot.context import BotContext
from bot.replies import acknowledge, edit, edit_message, reply
from bot.texts import Html, Texts
from core.moments import show_moment
from core.services import invitations
from core.views import AcceptedInvitation, InvitationPreview


async def accept_invitation(update: Update, context: BotContext) -> None:
    """Accept for the partner admin's company, or ask a newcomer for their company's name."""
    query = update.callback_query
    assert query is not None and query.data is not None
    token = callbacks.decode(query.data).argument
    actor = context.actor(update)
    t = context.texts
    if context.met.membership is None:
        message_id = query.message.message_id if query.message else None
        async with context.services.uow() as uow:
            preview = await invitations.await_company_name(
                uow, actor, token=token, message_id=message_id
            )
        await acknowledge(query)
        await edit(query, answered_text(t, preview, t("invitation.answer_naming")))
        await reply(update, t("invitation.ask_company_name"), reply_markup=ForceReply())
        return
    async with context.services.uow() as uow:
        accepted = await invitations.accept_invitation(uow, actor, token=token)
    await acknowledge(query)
    await edit(query, accepted_text(t, accepted))
    await reply(update, _welcome(t, accepted))


async def ask_to_decline(update: Update, context: BotContext) -> None:
    """Ask once whether to decline, in the invitation's own message."""
    query, token, preview = await _pressed_invitation(update, context)
    t = context.texts
    await acknowledge(query)
    await edit(
        query,
        t("invitation.confirm_decline", provider=preview.provider_name, fleet=preview.fleet_name),
        keyboards.confirm_decline(t, token),
    )


async def show_invitation_again(update: Update, context: BotContext) -> None:
    """Back from the question: the invitation with Accept and Decline again."""
    query, token, preview = await _pressed_invitation(update, context)
    t = context.texts
    await acknowledge(query)
    await edit(query, invitation_text(t, preview), keyboards.invitation(t, token))


async def decline_invitation(update: Update, context: BotContext) -> None:
    """Turn the invitation down; the manager sees DECLINED."""
    query = update.callback_query
    assert query is not None and query.data is not None
    token = callbacks.decode(query.data).argument
    async with context.services.uow() as uow:
        declined = await invitations.decline_invitation(uow, context.actor(update), token=token)
    t = context.texts
    await acknowledge(query, t("invitation.declined_short"))
    await edit(query, answered_text(t, declined, t("invitation.answer_declined")))


async def receive_company_name(update: Update, context: BotContext) -> None:
    """The newcomer's company name, after Accept: create the partner and connect the fleet."""
    message = update.message
    assert message is not None and message.text is not None
    async with context.services.uow() as uow:
        accepted = await invitations.accept_invitation_with_name(
            uow, context.actor(update), company_name=message.text
        )
    t = context.texts
    if accepted.invitation_message_id is not None:
        await edit_message(
            context, message.chat_id, accepted.invitation_message_id, accepted_text(t, accepted)
        )
    await reply(update, _welcome(t, accepted))


async def _pressed_invitation(
    update: Update, context: BotContext
) -> tuple[CallbackQuery, str, InvitationPreview]:
    """The pressed button's query, the invitation's token and what the invitation offers."""
    query = update.callback_query
    assert query is not None and query.data is not None
    token = callbacks.decode(query.data).argument
    async with context.services.uow.read_only() as uow:
        preview = await invitations.preview_invitation(uow, context.actor(update), token=token)
    return query, token, preview


def invitation_text(t: Texts, preview: InvitationPreview) -> str:
    """An invitation as the bot shows it before it is answered."""
    override = "invitation.override_on" if preview.allow_override else "invitation.override_off"
    return t(
        "invitation.preview",
        provider=preview.provider_name,
        fleet=preview.fleet_name,
        override=t(override),
        expires=show_moment(preview.expires_at, preview.time_zone),
    )


def answered_text(t: Texts, preview: InvitationPreview, answer: Html) -> str:
    """An invitation with its answer in place of the buttons."""
    return _answered(t, preview.provider_name, preview.fleet_name, answer)


def accepted_text(t: Texts, accepted: AcceptedInvitation) -> str:
    """An accepted invitation, naming the partner and its Partner ID."""
    answer = t(
        "invitation.answer_accepted", partner=accepted.partner_name, code=accepted.partner_code
    )
    return _answered(t, accepted.provider_name, accepted.fleet_name, answer)


def _answered(t: Texts, provider: str, fleet: str, answer: Html) -> str:
    return t("invitation.answered", provider=provider, fleet=fleet, answer=answer)


def _welcome(t: Texts, accepted: AcceptedInvitation) -> str:
    key = "invitation.accepted_new" if accepted.partner_created else "invitation.accepted_existing"
    return t(
        key,
        partner=accepted.partner_name,
        code=accepted.partner_code,
        fleet=accepted.fleet_name,
        provider=accepted.provider_name,
    )
