"""Bot tests: the real PTB Application, in-process against the sandbox, on a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import BotEndpoint, build_application, register_commands
from bot.sandbox import SANDBOX_BASE_URL, Sandbox, SandboxRequest
from core.container import Services
from tests.bot.phone import Telegram
from tests.conftest import BOT_USERNAME

SANDBOX_SERVER = SANDBOX_BASE_URL.removesuffix("/bot")


def sandbox_endpoint(sandbox: Sandbox) -> BotEndpoint:
    """The sandbox, in-process, as the bot's Bot API."""
    return BotEndpoint(
        token=sandbox.token,
        server=SANDBOX_SERVER,
        request=SandboxRequest(sandbox),
        get_updates_request=SandboxRequest(sandbox),
    )


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A fresh local Telegram."""
    sandbox = Sandbox(bot_username=BOT_USERNAME)
    yield sandbox
    await sandbox.aclose()


@pytest.fixture
async def telegram(services: Services, sandbox: Sandbox) -> AsyncIterator[Telegram]:
    """FleetCrew's bot, initialized against the sandbox, its commands registered."""
    application = build_application(
        services, services.settings, endpoint=sandbox_endpoint(sandbox), polling=False
    )
    await application.initialize()
    await register_commands(application)
    yield Telegram(sandbox, application)
    await application.shutdown()
