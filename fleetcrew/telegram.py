"""Which Telegram the bot talks to: the local sandbox, Telegram by polling, or by webhook.

No token configured → the sandbox, in this process (its Bot API, its web chat, polling it
in-process), on FleetCrew's clock. A token → Telegram (or the Bot API server at
FLEETCREW_TELEGRAM_BASE_URL), by webhook when FLEETCREW_PUBLIC_URL is set, else by long polling.
Either way the outbox's sender runs beside the bot, from the moment the bot has started.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from starlette.routing import BaseRoute
from telegram import Update

from bot.app import BotApplication, BotEndpoint, build_application, register_commands
from bot.outbox_sender import OutboxSender
from bot.webhook import WEBHOOK_PATH, webhook_route, webhook_secret
from cloudboxx.demo import DEMO_BOXES
from core.container import Services
from core.label_images import SYMBOLOGIES, label_png, photo_without_code_png
from core.services.demo import DEMO_TEAM
from core.settings import Settings
from telegram_sandbox import (
    SANDBOX_BASE_URL,
    Sandbox,
    SandboxRequest,
    bot_api_routes,
    sandbox_routes,
)

log = logging.getLogger(__name__)
SANDBOX_STATE_FILE = "sandbox.json"
SANDBOX_BOT_USERNAME = "FleetCrewBot"


class TelegramMode(StrEnum):
    """How updates reach the bot."""

    SANDBOX = "sandbox"
    POLLING = "polling"
    WEBHOOK = "webhook"


@dataclass
class TelegramFace:
    """The bot, the routes it adds to the web server, how it gets its updates, the outbox."""

    application: BotApplication
    mode: TelegramMode
    sender: OutboxSender
    routes: list[BaseRoute] = field(default_factory=list)
    sandbox: Sandbox | None = None
    webhook_url: str | None = None
    secret: str | None = None

    async def start(self) -> None:
        """Start the bot: register its commands, poll or set the webhook, send the outbox."""
        await self.application.initialize()
        await register_commands(self.application)
        await self.application.start()
        if self.mode == TelegramMode.WEBHOOK:
            assert self.webhook_url is not None
            await self.application.bot.set_webhook(
                self.webhook_url, secret_token=self.secret, allowed_updates=Update.ALL_TYPES
            )
        else:
            updater = self.application.updater
            assert updater is not None
            await updater.start_polling(allowed_updates=Update.ALL_TYPES)
        self.sender.start()
        log.info("The Telegram bot runs (%s).", self.mode)

    def stop_web_chat(self) -> None:
        """The web server begins to stop: the sandbox's web chat stops waiting for news."""
        if self.sandbox is not None:
            self.sandbox.stop_web_chat()

    async def stop(self) -> None:
        """Stop the outbox's sender, polling, the bot and the sandbox."""
        await self.sender.stop()
        updater = self.application.updater
        if updater is not None and updater.running:
            await updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()
        if self.sandbox is not None:
            await self.sandbox.aclose()


def build_telegram(settings: Settings, services: Services) -> TelegramFace:
    """The Telegram face these settings ask for."""
    if settings.sandbox_enabled:
        return _sandbox_face(settings, services)
    application = build_application(services, settings, polling=settings.public_url is None)
    sender = OutboxSender(application.bot, services)
    if settings.public_url is None:
        return TelegramFace(application, TelegramMode.POLLING, sender)
    secret = (
        settings.telegram_webhook_secret.get_secret_value()
        if settings.telegram_webhook_secret
        else webhook_secret(settings.secret_key.get_secret_value())
    )
    return TelegramFace(
        application,
        TelegramMode.WEBHOOK,
        sender,
        routes=[webhook_route(application, secret)],
        webhook_url=str(settings.public_url).rstrip("/") + WEBHOOK_PATH,
        secret=secret,
    )


def sandbox_endpoint(sandbox: Sandbox) -> BotEndpoint:
    """The sandbox, in-process, as the bot's Bot API (no sockets)."""
    return BotEndpoint(
        token=sandbox.token,
        server=SANDBOX_BASE_URL.removesuffix("/bot"),
        request=SandboxRequest(sandbox),
        get_updates_request=SandboxRequest(sandbox),
    )


def _sandbox_face(settings: Settings, services: Services) -> TelegramFace:
    clock = services.clock
    sandbox = Sandbox(
        bot_username=settings.telegram_bot_username or SANDBOX_BOT_USERNAME,
        clock=lambda: clock.now().timestamp(),
        state_file=settings.var_dir / SANDBOX_STATE_FILE,
    )
    for user_id, _role, name in DEMO_TEAM:
        first, _, last = name.partition(" ")
        sandbox.add_user(first, last_name=last or None, user_id=user_id, language_code="en")
    add_demo_sample_photos(sandbox)
    application = build_application(services, settings, endpoint=sandbox_endpoint(sandbox))
    return TelegramFace(
        application,
        TelegramMode.SANDBOX,
        OutboxSender(application.bot, services),
        routes=[
            *bot_api_routes(sandbox),
            *sandbox_routes(sandbox, exposed=settings.sandbox_exposed),
        ],
        sandbox=sandbox,
    )


def add_demo_sample_photos(sandbox: Sandbox) -> None:
    """What a sandbox user can send without a box at hand: each demo box's label, and no code.

    The labels take turns at QR, DataMatrix and Code 128, so the demo shows all three. Each is
    made when first shown or sent, not here: drawing them all would slow the start by a second.
    """
    for number, box in enumerate(DEMO_BOXES):
        symbology = SYMBOLOGIES[number % len(SYMBOLOGIES)]
        sandbox.add_sample_photo(f"Label of box {box.qnr}", partial(label_png, box.qnr, symbology))
    sandbox.add_sample_photo("A photo without a code", photo_without_code_png)
