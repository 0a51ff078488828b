"""`/team` for the partner admin: a join link with its QR code, the members, removing one."""

from __future__ import annotations

from telegram import Update

from bot import callbacks, keyboards
from bot.context import BotContext
from bot.replies import acknowledge, edit, notify, reply
from bot.texts import Texts
from core.actors import TeamRole
from core.qr import qr_png
from core.services import teams
from core.views import TeamView


async def show_team(update: Update, context: BotContext) -> None:
    """Send a fresh team link as text and QR code, then the team with its buttons."""
    await _send_team_link(update, context)
    async with context.services.uow.read_only() as uow:
        view = await teams.show_team(uow, context.actor(update))
    t = context.texts
    await reply(update, render_team(t, view), reply_markup=keyboards.team(t, view))


async def new_team_link(update: Update, context: BotContext) -> None:
    """Another single-use team link, for the next technician."""
    query = update.callback_query
    assert query is not None
    await _send_team_link(update, context)
    await acknowledge(query)


async def back_to_team(update: Update, context: BotContext) -> None:
    """Show the team again in the message the buttons belong to."""
    query = update.callback_query
    assert query is not None
    async with context.services.uow.read_only() as uow:
        view = await teams.show_team(uow, context.actor(update))
    t = context.texts
    await acknowledge(query)
    await edit(query, render_team(t, view), keyboards.team(t, view))


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
    actor = context.actor(update)
    async with context.services.uow() as uow:
        removed = await teams.remove_technician(uow, actor, technician_id=technician_id)
    async with context.services.uow.read_only() as uow:
        view = await teams.show_team(uow, actor)
    t = context.texts
    await acknowledge(query, t("team.removed", name=removed.name))
    await edit(
        query,
        t("team.removed", name=removed.name) + "\n\n" + render_team(t, view),
        keyboards.team(t, view),
    )
    await notify(
        context, removed.telegram_user_id, "team.removed_you", partner=removed.partner_name
    )


def render_team(t: Texts, view: TeamView) -> str:
    """The team as a message: the partner, then one line per member."""
    lines = [
        t(
            "team.member_admin" if m.role == TeamRole.PARTNER_ADMIN else "team.member_technician",
            name=m.name,
        )
        for m in view.members
    ]
    if not any(m.role == TeamRole.TECHNICIAN for m in view.members):
        lines.append("\n" + t("team.no_technicians"))
    return t(
        "team.members", partner=view.partner_name, code=view.partner_code, members=""
    ) + "\n".join(lines)


async def _send_team_link(update: Update, context: BotContext) -> None:
    async with context.services.uow() as uow:
        link = await teams.create_team_link(
            uow, context.actor(update), links=context.services.links
        )
    hours = round(context.services.links.team_ttl.total_seconds() / 3600)
    chat = update.effective_chat
    assert chat is not None
    await chat.send_photo(
        qr_png(link.url),
        caption=context.texts(
            "team.link_caption", partner=link.partner_name, url=link.url, hours=hours
        ),
    )
