"""The bot: build_application() wires the one handler table of FleetCrew's Telegram face.

Order matters: the gate runs first (group -1) and meets the user once per update; deep-link
`/start` handlers come before plain `/start`; the fallbacks come last.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import (
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
from bot.callbacks import pattern
from bot.context import BotContext, BotData
from bot.gate import meet_user
from bot.handlers import checklist, errors, fallback, invitations, jobs, language, start, team
from bot.retry_after import RetryAfterLimiter
from bot.texts import CATALOGUES, DEFAULT_LANGUAGE, Texts
from core.container import Services
from core.settings import Settings

TELEGRAM_API = "https://api.telegram.org"
COMMANDS = ("start", "jobs", "help", "team", "lang")
GATE_GROUP = -1
CONCURRENT_UPDATES = 8

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
        # No JobQueue: FleetCrew's one scheduler is the runtime's (fleetcrew/scheduler.py).
        .job_queue(None)
        # Updates of different people at once: one technician's slow box does not hold up the
        # others. Handlers keep no state in memory, and every press re-checks in the database.
        .concurrent_updates(CONCURRENT_UPDATES)
    )
    if endpoint.request is not None:
        builder = builder.request(endpoint.request)
    if endpoint.get_updates_request is not None:
        builder = builder.get_updates_request(endpoint.get_updates_request)
    if not polling:
        builder = builder.updater(None)
    # Wait and retry when Telegram answers 429 "retry after N", sleeping the services' way.
    application: BotApplication = builder.rate_limiter(RetryAfterLimiter(services.sleep)).build()
    # A technician's press is a few small statements: SQLite runs them in place (see
    # UnitOfWorkFactory.in_place); the outbox's and the box commands' senders keep the thread.
    application.bot_data.services = replace(services, uow=services.uow.in_place())
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
            CommandHandler("jobs", jobs.list_jobs, has_args=False),
            CommandHandler("lang", language.ask_language, has_args=False),
            CommandHandler(["help", "team", "lang", "jobs"], fallback.answer_command_arguments),
            CallbackQueryHandler(
                invitations.accept_invitation, pattern(callbacks.ACCEPT_INVITATION, "token")
            ),
            CallbackQueryHandler(
                invitations.ask_to_decline, pattern(callbacks.ASK_TO_DECLINE, "token")
            ),
            CallbackQueryHandler(
                invitations.decline_invitation, pattern(callbacks.DECLINE_INVITATION, "token")
            ),
            CallbackQueryHandler(
                invitations.show_invitation_again, pattern(callbacks.SHOW_INVITATION, "token")
            ),
            CallbackQueryHandler(team.let_in, pattern(callbacks.LET_IN, "id")),
            CallbackQueryHandler(team.turn_away, pattern(callbacks.TURN_AWAY, "id")),
            CallbackQueryHandler(
                team.ask_to_remove_member, pattern(callbacks.ASK_REMOVE_MEMBER, "id")
            ),
            CallbackQueryHandler(team.remove_member, pattern(callbacks.REMOVE_MEMBER, "id")),
            CallbackQueryHandler(team.back_to_team, pattern(callbacks.SHOW_TEAM)),
            CallbackQueryHandler(team.new_team_link, pattern(callbacks.NEW_TEAM_LINK)),
            CallbackQueryHandler(
                language.set_language, pattern(callbacks.CHOOSE_LANGUAGE, "language")
            ),
            *job_handlers(),
            CallbackQueryHandler(fallback.answer_stale_button),
            MessageHandler(filters.TEXT & ~filters.COMMAND, receive_text),
            MessageHandler(filters.COMMAND, fallback.answer_unknown_command),
            MessageHandler(filters.PHOTO, receive_photo),
            MessageHandler(filters.Document.IMAGE, receive_image_file),
            MessageHandler(filters.ALL, fallback.answer_other_message),
        ]
    )
    application.add_error_handler(errors.report_error)


def job_handlers() -> list[CallbackQueryHandler[BotContext, None]]:
    """The buttons of /jobs, the job cards and the checklist."""
    c = callbacks
    return [
        CallbackQueryHandler(jobs.list_jobs, pattern(c.JOBS)),
        CallbackQueryHandler(jobs.show_job, pattern(c.SHOW_JOB, "id")),
        CallbackQueryHandler(jobs.start_job, pattern(c.START_JOB, "id")),
        CallbackQueryHandler(jobs.continue_job, pattern(c.CONTINUE_JOB, "id")),
        CallbackQueryHandler(jobs.ask_dispatch, pattern(c.ASK_DISPATCH, "id")),
        CallbackQueryHandler(jobs.dispatch_job, pattern(c.DISPATCH_TO, "id.id")),
        CallbackQueryHandler(jobs.command_vehicle, pattern(c.VEHICLE_COMMAND, "id.key")),
        CallbackQueryHandler(checklist.press(checklist.step_done), pattern(c.STEP_DONE, "id.key")),
        CallbackQueryHandler(
            checklist.press(checklist.step_pick), pattern(c.STEP_PICK, "id.key.n")
        ),
        CallbackQueryHandler(checklist.press(checklist.step_skip), pattern(c.STEP_SKIP, "id.key")),
        CallbackQueryHandler(checklist.press(checklist.step_back), pattern(c.STEP_BACK, "id.key")),
        CallbackQueryHandler(
            checklist.press(checklist.step_test, asks_box=True), pattern(c.STEP_TEST, "id.key")
        ),
        CallbackQueryHandler(
            checklist.press(checklist.label_confirm), pattern(c.LABEL_CONFIRM, "id.qnr")
        ),
        CallbackQueryHandler(
            checklist.press(checklist.cancel_question), pattern(c.QUESTION_CANCEL, "id")
        ),
        CallbackQueryHandler(checklist.press(checklist.ask_fail), pattern(c.ASK_FAIL, "id")),
        CallbackQueryHandler(
            checklist.press(checklist.fail_reason), pattern(c.FAIL_REASON, "id.key")
        ),
        CallbackQueryHandler(checklist.press(checklist.complete), pattern(c.COMPLETE, "id")),
        CallbackQueryHandler(
            checklist.press(checklist.setup_edit), pattern(c.SETUP_EDIT, "id.key")
        ),
        CallbackQueryHandler(
            checklist.press(checklist.setup_set), pattern(c.SETUP_SET, "id.key.n")
        ),
        CallbackQueryHandler(
            checklist.press(checklist.setup_apply, asks_box=True), pattern(c.SETUP_APPLY, "id")
        ),
    ]


async def receive_text(update: Update, context: BotContext) -> None:
    """Plain text: the company name the bot asked for, an answer for the job the chat is at,
    or something it did not expect."""
    if fallback.awaits_company_name(context):
        await invitations.receive_company_name(update, context)
    elif not await checklist.receive_text(update, context):
        await fallback.answer_text(update, context)


async def receive_photo(update: Update, context: BotContext) -> None:
    """A photo: for the job the chat is at, or something the bot did not expect."""
    if not await checklist.receive_photo(update, context):
        await fallback.answer_other_message(update, context)


async def receive_image_file(update: Update, context: BotContext) -> None:
    """A picture sent as a file: at a job's photo step, the bot asks for it as a photo."""
    if not await checklist.refuse_image_file(update, context):
        await fallback.answer_other_message(update, context)


async def register_commands(application: BotApplication) -> None:
    """Tell Telegram the bot's commands, in every language the bot speaks (setMyCommands)."""
    for code in CATALOGUES:
        t = Texts(code)
        commands = [BotCommand(command, t(f"command.{command}")) for command in COMMANDS]
        await application.bot.set_my_commands(
            commands, language_code=None if code == DEFAULT_LANGUAGE else code
        )
