"""`/team` for the partner admin: the team link with its QR code, who asks to join, the members."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import Update

from bot import callbacks, keyboards
from bot.context import BotContext
from bot.replies import acknowledge, edit, reply
from bot.texts import Html, Texts
from cloudboxx import VehicleModel
from core.actors import TeamRole
from core.errors import ServiceUnavailable
from core.moments import show_moment
from core.qr import qr_png
from core.services import joining, teams
from core.views import JoinAnswered, TeamView

AnswerRequest = Callable[..., Awaitable[JoinAnswered]]


async def show_team(update: Update, context: BotContext) -> None:
    """The team with its buttons; a team link with its QR code first when none works now."""
    actor = context.actor(update)
    async with context.services.uow.read_only() as uow:
        view = await teams.show_team(uow, actor)
    if view.link_expires_at is None:
        await _send_team_link(update, context)
        async with context.services.uow.read_only() as uow:
            view = await teams.show_team(uow, actor)
    t = context.texts
    await reply(update, render_team(t, view), reply_markup=keyboards.team(t, view))


async def new_team_link(update: Update, context: BotContext) -> None:
    """A new team link, which replaces the one before it; the team message shows until when."""
    query = update.callback_query
    assert query is not None
    await _send_team_link(update, context)
    await acknowledge(query)
    await _show_team_in(update, context)


async def back_to_team(update: Update, context: BotContext) -> None:
    """Show the team again in the message the buttons belong to."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query)
    await _show_team_in(update, context)


async def let_in(update: Update, context: BotContext) -> None:
    """The partner admin lets someone who asked into the team; they are welcomed."""
    await _answer_request(update, context, joining.approve_join_request)


async def turn_away(update: Update, context: BotContext) -> None:
    """The partner admin turns someone who asked away; they are told."""
    await _answer_request(update, context, joining.reject_join_request)


async def ask_to_remove_member(update: Update, context: BotContext) -> None:
    """Ask the partner admin to confirm removing a technician."""
    query = update.callback_query
    assert query is not None and query.data is not None
    technician_id = callbacks.decode(query.data).number
    async with context.services.uow.read_only() as uow:
        member = await teams.find_technician(
            uow, context.actor(update), technician_id=technician_id
        )
    t = context.texts
    await acknowledge(query)
    await edit(
        query, t("team.confirm_remove", name=member.name), keyboards.confirm_removal(t, member)
    )


async def remove_member(update: Update, context: BotContext) -> None:
    """Remove the technician (their access grants end); they and the admin are told."""
    query = update.callback_query
    assert query is not None and query.data is not None
    technician_id = callbacks.decode(query.data).number
    async with context.services.uow() as uow:
        removed = await teams.remove_technician(
            uow, context.actor(update), technician_id=technician_id, models=await _models(context)
        )
    t = context.texts
    await acknowledge(query, t("team.removed", name=removed.name))
    await _show_team_in(update, context, t("team.removed", name=removed.name))


async def _models(context: BotContext) -> Mapping[str, VehicleModel]:
    """The vehicle models, to secure a removed technician's vehicles the way each model can."""
    try:
        return await context.services.catalogue.by_id()
    except ServiceUnavailable:
        return {}  # then each box is asked to lock and disable driving


def render_team(t: Texts, view: TeamView) -> Html:
    """The team as a message: members, who asks to join, until when the team link works."""
    lines: list[str] = [
        t(
            "team.member_admin" if m.role == TeamRole.PARTNER_ADMIN else "team.member_technician",
            name=m.name,
        )
        for m in view.members
    ]
    if not any(m.role == TeamRole.TECHNICIAN for m in view.members):
        lines.append("\n" + t("team.no_technicians"))
    if view.waiting:
        lines.append("\n" + t("team.waiting"))
        lines.extend(t("team.waiting_member", name=row.name) for row in view.waiting)
    if view.link_expires_at is None:
        lines.append("\n" + t("team.no_link"))
    else:
        expires = show_moment(view.link_expires_at, view.time_zone)
        lines.append("\n" + t("team.link_valid", expires=expires))
    return t(
        "team.members",
        partner=view.partner_name,
        code=view.partner_code,
        members=Html("\n".join(lines)),
    )


async def _answer_request(update: Update, context: BotContext, answer: AnswerRequest) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    request_id = callbacks.decode(query.data).number
    async with context.services.uow() as uow:
        answered = await answer(uow, context.actor(update), request_id=request_id)
    t = context.texts
    outcome = t(
        "team.let_in" if answered.approved else "team.turned_away", name=answered.requester_name
    )
    await acknowledge(query, outcome)
    await _show_team_in(update, context, outcome)


async def _show_team_in(update: Update, context: BotContext, note: Html | None = None) -> None:
    """The team, after a note on what just happened, in the message whose button was pressed."""
    query = update.callback_query
    assert query is not None
    async with context.services.uow.read_only() as uow:
        view = await teams.show_team(uow, context.actor(update))
    t = context.texts
    text = render_team(t, view)
    await edit(query, Html(f"{note}\n\n{text}") if note else text, keyboards.team(t, view))


async def _send_team_link(update: Update, context: BotContext) -> None:
    async with context.services.uow() as uow:
        link = await joining.create_team_link(
            uow, context.actor(update), links=context.services.links
        )
    t = context.texts
    caption = t(
        "team.link_caption",
        partner=link.partner_name,
        url=link.url,
        expires=show_moment(link.expires_at, link.time_zone),
    )
    if link.replaced_one:
        caption = Html(f"{caption}\n\n{t('team.link_replaced')}")
    chat = update.effective_chat
    assert chat is not None
    await chat.send_photo(qr_png(link.url), caption=caption)
