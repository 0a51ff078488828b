"""Bot tests: the real PTB Application, in-process against the sandbox, on a real database.

They run on SQLite, and on PostgreSQL too when CI provides one (FLEETCREW_TEST_POSTGRES_URL).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import build_application, register_commands
from bot.outbox_sender import OutboxSender
from core.clock import ManualClock
from core.container import Services
from fleetcrew.telegram import sandbox_endpoint
from telegram_sandbox import Sandbox
from tests.backends import database_url
from tests.bot.phone import Telegram
from tests.conftest import BOT_USERNAME

__all__ = ["database_url"]


@pytest.fixture
async def sandbox(clock: ManualClock) -> AsyncIterator[Sandbox]:
    """A fresh local Telegram, on the test's clock."""
    sandbox = Sandbox(bot_username=BOT_USERNAME, clock=lambda: clock.now().timestamp())
    yield sandbox
    await sandbox.aclose()


@pytest.fixture
async def telegram(services: Services, sandbox: Sandbox) -> AsyncIterator[Telegram]:
    """FleetCrew's bot, initialized against the sandbox, its commands registered, its outbox."""
    application = build_application(
        services, services.settings, endpoint=sandbox_endpoint(sandbox), polling=False
    )
    await application.initialize()
    await register_commands(application)
    yield Telegram(sandbox, application, services, OutboxSender(application.bot, services))
    await application.shutdown()
