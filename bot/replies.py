"""Sending: answering the update at hand, and writing first to someone else (a notification)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import CallbackQuery, Update
from telegram.error import BadRequest, Forbidden

from bot.context import BotContext
from bot.texts import DEFAULT_LANGUAGE, Texts
from core.services.chats import chat_language

log = logging.getLogger(__name__)


async def reply(update: Update, text: str, **kwargs: Any) -> None:
    """Answer in the chat the update came from (after a button press, below its message)."""
    chat = update.effective_chat
    if chat is None:
        return
    await chat.send_message(text, **kwargs)


async def notify(context: BotContext, telegram_user_id: int, key: str, **values: object) -> None:
    """Write to another user in their language; a user who blocked the bot is only logged."""
    async with context.services.uow.read_only() as uow:
        language = await chat_language(uow, telegram_user_id, DEFAULT_LANGUAGE)
    try:
        await context.bot.send_message(telegram_user_id, Texts(language)(key, **values))
    except (Forbidden, BadRequest) as exc:
        log.info("Could not tell Telegram user %s (%s): %s", telegram_user_id, key, exc.message)


async def acknowledge(
    query: CallbackQuery, text: str | None = None, *, alert: bool = False
) -> None:
    """Answer a button press (the spinner stops); a query too old to answer is not an error.

    Telegram refuses answers after about 15 seconds (a bot restart, a slow box): what the press
    asked for has been done by then, so the handler goes on to show it.
    """
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as exc:
        log.info("Could not answer a button press: %s", exc.message)
