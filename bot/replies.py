"""Sending: answering the update at hand; what FleetCrew says on its own goes via the outbox."""

from __future__ import annotations

import logging
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.context import BotContext

log = logging.getLogger(__name__)
NOT_MODIFIED = "message is not modified"


async def reply(update: Update, text: str, **kwargs: Any) -> None:
    """Answer in the chat the update came from (after a button press, below its message)."""
    chat = update.effective_chat
    if chat is None:
        return
    await chat.send_message(text, **kwargs)


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


async def edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Show text (and buttons) in the message whose button was pressed.

    A second tap of the same button edits to what is already there, which Telegram refuses as
    "not modified": the message already says it. A message too old for the bot to reach gets the
    text as a new message instead.
    """
    message = query.message
    if not isinstance(message, Message):
        await message_to(query, text, markup)
        return
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as exc:
        if NOT_MODIFIED not in exc.message.lower():
            raise


async def edit_message(context: BotContext, chat_id: int, message_id: int, text: str) -> None:
    """Show text in an earlier message of the chat (no buttons); one that is gone stays as it is.

    Telegram refuses to edit a message that was deleted or is too old: what it said is history.
    """
    try:
        await context.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
    except BadRequest as exc:
        log.info("Could not show the answer in message %s: %s", message_id, exc.message)


async def message_to(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Write to the person who pressed a button, in a new message."""
    await query.get_bot().send_message(query.from_user.id, text, reply_markup=markup)
