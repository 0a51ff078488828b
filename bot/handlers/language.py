"""`/lang`: the user picks the language the bot writes in."""

from __future__ import annotations

from telegram import Update

from bot import callbacks, keyboards
from bot.context import BotContext
from bot.replies import acknowledge, edit
from bot.texts import Texts
from core.services.chats import choose_language


async def ask_language(update: Update, context: BotContext) -> None:
    """Offer the languages the bot speaks."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(context.texts("lang.choose"), reply_markup=keyboards.languages())


async def set_language(update: Update, context: BotContext) -> None:
    """Remember the chosen language and confirm in it."""
    query = update.callback_query
    assert query is not None and query.data is not None
    language = callbacks.decode(query.data).argument
    async with context.services.uow() as uow:
        await choose_language(uow, context.met.telegram_user_id, language)
    await acknowledge(query)
    await edit(query, Texts(language)("lang.chosen"))
