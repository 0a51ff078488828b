"""The bot: build_application() wires the one handler table of FleetCrew's Telegram face.

Order matters: the gate runs first (group -1) and meets the user once per update; deep-link
`/start` handlers come before plain `/start`; the fallbacks come last.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import callbacks
from bot.context import BotContext, BotData
from bot.gate import meet_user
from bot.handlers import errors, fallback, invitations, language, start, team
from bot.texts import CATALOGUES, DEFAULT_LANGUAGE, Texts
from core.container import Services
from core.settings import Settings

TELEGRAM_API = "https://api.telegram.org"
COMMANDS = ("start", "help", "team", "lang")
GATE_GROUP = -1
RETRIES_AFTER_429 = 2

BotApplication = Application[Any, BotContext, dict[Any, Any], dict[Any, Any], BotData, Any]


@dataclass(frozen=True, slots=True)
class BotEndpoint:
    """Where the bot's Bot API lives: Telegram, a self-hosted Bot API server, or the sandbox."""

    token: str
    server: str = TELEGRAM_API
    request: BaseRequest | None = None
    get_updates_request: BaseRequest | None = None


def endpoint_from_settings(settings: Settings) -> BotEndpoint:
    """Telegram itself, or the Bot API server at FLEETCREW_TELEGRAM_BASE_URL."""
    if settings.telegram_token is None:
        raise ValueError("no Telegram token configured")
    server = (
        str(settings.telegram_base_url).rstrip("/") if settings.telegram_base_url else TELEGRAM_API
    )
    return BotEndpoint(token=settings.telegram_token.get_secret_value(), server=server)


def build_application(
    services: Services,
    settings: Settings,
    *,
    endpoint: BotEndpoint | None = None,
    polling: bool = True,
) -> BotApplication:
    """The PTB Application with FleetCrew's handlers; without polling, updates come from outside."""
    endpoint = endpoint or endpoint_from_settings(settings)
    builder = (
        ApplicationBuilder()
        .token(endpoint.token)
        .base_url(f"{endpoint.server}/bot")
        .base_file_url(f"{endpoint.server}/file/bot")
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(Defaults(parse_mode=ParseMode.HTML))
    )
    if endpoint.request is not None:
        builder = builder.request(endpoint.request)
    if endpoint.get_updates_request is not None:
        builder = builder.get_updates_request(endpoint.get_updates_request)
    if not polling:
        builder = builder.updater(None)
    # Wait and retry when Telegram answers 429 "retry after N"; no throttling ahead of that, as a
    # service partner's bot stays far below Telegram's 30 messages a second.
    builder = builder.rate_limiter(
        AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=RETRIES_AFTER_429)
    )
    application: BotApplication = builder.build()
    application.bot_data.services = services
    add_handlers(application)
    return application


def add_handlers(application: BotApplication) -> None:
    """The one handler table."""
    application.add_handler(TypeHandler(Update, meet_user), group=GATE_GROUP)
    application.add_handlers(
        [
            CommandHandler("start", start.open_deep_link, has_args=True),
            CommandHandler(["start", "help"], start.show_help, has_args=False),
            CommandHandler("team", team.show_team, has_args=False),
            CommandHandler("lang", language.ask_language, has_args=False),
            CommandHandler(["help", "team", "lang"], fallback.answer_command_arguments),
            CallbackQueryHandler(invitations.accept_invitation, callbacks.PATTERNS["accept"]),
            CallbackQueryHandler(invitations.decline_invitation, callbacks.PATTERNS["decline"]),
            CallbackQueryHandler(team.ask_to_remove_member, callbacks.PATTERNS["ask_remove"]),
            CallbackQueryHandler(team.remove_member, callbacks.PATTERNS["remove"]),
            CallbackQueryHandler(team.back_to_team, callbacks.PATTERNS["show_team"]),
            CallbackQueryHandler(team.new_team_link, callbacks.PATTERNS["team_link"]),
            CallbackQueryHandler(language.set_language, callbacks.PATTERNS["language"]),
            CallbackQueryHandler(fallback.answer_stale_button),
            MessageHandler(filters.TEXT & ~filters.COMMAND, receive_text),
            MessageHandler(filters.COMMAND, fallback.answer_unknown_command),
            MessageHandler(filters.ALL, fallback.answer_other_message),
        ]
    )
    application.add_error_handler(errors.report_error)


async def receive_text(update: Update, context: BotContext) -> None:
    """Plain text: the company name the bot asked for, or something it did not expect."""
    if fallback.awaits_company_name(context):
        await invitations.receive_company_name(update, context)
    else:
        await fallback.answer_text(update, context)


async def register_commands(application: BotApplication) -> None:
    """Tell Telegram the bot's commands, in every language the bot speaks (setMyCommands)."""
    for code in CATALOGUES:
        t = Texts(code)
        commands = [BotCommand(command, t(f"command.{command}")) for command in COMMANDS]
        await application.bot.set_my_commands(
            commands, language_code=None if code == DEFAULT_LANGUAGE else code
        )
