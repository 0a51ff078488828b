"""What the bot says to what it does not expect: other messages, commands and buttons."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.replies import acknowledge, reply
from core.services.invitations import is_awaiting_company_name

LONGEST_EXPECTED_TEXT = 1000  # characters; nothing FleetCrew asks for is longer


async def answer_text(update: Update, context: BotContext) -> None:
    """Plain text nobody asked for (the awaited company name is routed before this)."""
    message = update.message
    assert message is not None and message.text is not None
    key = "unexpected.too_long" if len(message.text) > LONGEST_EXPECTED_TEXT else "unexpected.text"
    await reply(update, context.texts(key))


async def answer_unknown_command(update: Update, context: BotContext) -> None:
    """A command the bot does not have."""
    await reply(update, context.texts("unexpected.command"))


async def answer_command_arguments(update: Update, context: BotContext) -> None:
    """A known command with something after it that it does not take."""
    message = update.message
    assert message is not None and message.text is not None
    command = message.text.split()[0].split("@")[0]
    await reply(update, context.texts("unexpected.arguments", command=command))


async def answer_other_message(update: Update, context: BotContext) -> None:
    """Stickers, photos, locations, voice, contacts …: not something the bot reads here."""
    await reply(update, context.texts("unexpected.message"))


async def answer_stale_button(update: Update, context: BotContext) -> None:
    """A button whose data no handler knows: from an old message, or forged."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query, context.texts("button.stale"), alert=True)


def awaits_company_name(context: BotContext) -> bool:
    """Whether the bot asked this user for their company's name."""
    return is_awaiting_company_name(context.met.awaiting)
