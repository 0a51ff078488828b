"""The one error handler: a domain error's message in the user's language, else an apology.

A user never sees a traceback; the log always has it (for the unexpected ones).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext, client_language
from bot.replies import acknowledge, reply
from bot.texts import Texts
from core.errors import DomainError
from core.services.chats import chat_language

log = logging.getLogger(__name__)


async def report_error(update: object, context: BotContext) -> None:
    """Tell the user what went wrong, in their language, without any details of the machinery.

    The update is then done with: no later handler group sees it (the gate may be what failed).
    """
    error = context.error
    if not isinstance(update, Update):
        log.error("Error outside an update", exc_info=error)
        return
    if isinstance(error, DomainError):
        log.info("Refused for Telegram user %s: %s", _user_id(update), error.message)
    else:
        log.error("Error while handling an update", exc_info=error)
    try:
        t = Texts(await _language(update, context))
        text = t.error(error) if isinstance(error, DomainError) else t("error.generic")
        if update.callback_query is not None:
            await acknowledge(update.callback_query)  # unless the handler already did
        await reply(update, text)
    except Exception:  # the error handler itself must never fail
        log.exception("Could not tell the user about an error")
    raise ApplicationHandlerStop


async def _language(update: Update, context: BotContext) -> str:
    user_id = _user_id(update)
    default = client_language(update)
    if user_id is None:
        return default
    try:
        async with context.services.uow.read_only() as uow:
            return await chat_language(uow, user_id, default)
    except Exception:  # the database may be what failed: the app's language will do
        log.warning("Could not read the language of Telegram user %s", user_id)
        return default


def _user_id(update: Update) -> int | None:
    return update.effective_user.id if update.effective_user else None
