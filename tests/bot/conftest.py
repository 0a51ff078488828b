"""Bot tests: the real PTB Application, in-process against the sandbox, on a real database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import build_application, register_commands
from core.container import Services
from fleetcrew.telegram import sandbox_endpoint
from telegram_sandbox import Sandbox
from tests.bot.phone import Telegram
from tests.conftest import BOT_USERNAME


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
