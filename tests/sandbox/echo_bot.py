"""A tiny test bot (not FleetCrew's): echoes text with a button that edits the message."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from telegram_sandbox import SANDBOX_BASE_FILE_URL, SANDBOX_BASE_URL, Sandbox, SandboxRequest

PRESSED = "Button pressed ✅"


async def greet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer /start with its payload and a button."""
    assert update.message is not None
    payload = " ".join(context.args or []) or "nothing"
    await update.message.reply_text(
        f"Hello <b>{update.message.from_user.first_name if update.message.from_user else '?'}</b>,"
        f" you opened {payload}",
        parse_mode="HTML",
        reply_markup=InlineKeyboardMarkup(
            [[InlineKeyboardButton("Press me", callback_data="press")]]
        ),
    )


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Repeat the text."""
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(f"You said: {update.message.text}")


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press with a toast and edit the message."""
    query = update.callback_query
    assert query is not None
    await query.answer("Done!")
    await query.edit_message_text(PRESSED)


def add_echo_handlers(application: Application) -> None:
    """The test bot's handler table."""
    application.add_handler(CommandHandler("start", greet))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_handler(CallbackQueryHandler(pressed))


def echo_application(sandbox: Sandbox) -> Application:
    """The echo bot, wired to the sandbox in-process, no sockets."""
    application = (
        ApplicationBuilder()
        .token(sandbox.token)
        .base_url(SANDBOX_BASE_URL)
        .base_file_url(SANDBOX_BASE_FILE_URL)
        .request(SandboxRequest(sandbox))
        .get_updates_request(SandboxRequest(sandbox))
        .build()
    )
    add_echo_handlers(application)
    return application
