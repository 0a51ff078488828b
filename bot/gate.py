"""The gate: runs before every handler, meets the user once per update, stops newcomers early.

Someone in no team yet may open links, read the help, pick a language, answer an invitation
and name their company; anything else gets a friendly word on how to get in.
"""

from __future__ import annotations

import re

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot import callbacks
from bot.context import BotContext, client_language
from bot.replies import acknowledge, reply
from core.actors import TelegramUser
from core.services.chats import find_chat, meet_telegram_user
from core.services.invitations import is_awaiting_company_name
from core.services.processed_updates import take_in_update
from core.views import ChatView

_NEWCOMER_COMMANDS = re.compile(r"^/(start|help|lang)(@\w+)?(\s|$)")
_NEWCOMER_BUTTONS = (callbacks.INVITATION_NAMESPACE, callbacks.CHOOSE_LANGUAGE)


async def meet_user(update: Update, context: BotContext) -> None:
    """Load who is writing (remembering a first-timer); stop newcomers at team-only features."""
    user = update.effective_user
    if user is None or update.effective_chat is None:
        raise ApplicationHandlerStop  # nothing FleetCrew answers (e.g. a poll's answer)
    if update.message is None and update.callback_query is None:
        raise ApplicationHandlerStop  # edits, blocking the bot (my_chat_member): nothing to say
    if update.effective_chat.type != ChatType.PRIVATE:
        raise ApplicationHandlerStop  # the bot works in private chats only
    services = context.services
    async with services.uow() as uow:  # one unit of work: the update noted, the user met
        if not await take_in_update(uow, update.update_id):
            raise ApplicationHandlerStop  # delivered again: it was processed once already
        chat = await find_chat(uow, user.id)
        if chat is None:
            newcomer = TelegramUser(
                id=user.id, name=user.full_name, language=client_language(update)
            )
            chat = await meet_telegram_user(uow, newcomer)  # commits
        else:
            await uow.commit()
    context.chat = chat
    if chat.membership is None and not _open_to_newcomers(update, chat):
        if update.callback_query is not None:
            await acknowledge(update.callback_query)
        await reply(update, context.texts("gate.newcomer"))
        raise ApplicationHandlerStop


def _open_to_newcomers(update: Update, chat: ChatView) -> bool:
    if update.callback_query is not None:
        return (update.callback_query.data or "").startswith(_NEWCOMER_BUTTONS)
    message = update.message
    if message is None or message.text is None:
        return False
    if _NEWCOMER_COMMANDS.match(message.text):
        return True
    return not message.text.startswith("/") and is_awaiting_company_name(chat.awaiting)
