"""A PTB Application over SandboxRequest: long polling and process_update both work."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Update
from telegram.ext import Application

from telegram_sandbox import (
    Sandbox,
    SandboxUser,
)

from .echo_bot import PRESSED, echo_application


@pytest.fixture
async def polling(sandbox: Sandbox) -> AsyncIterator[Application]:
    """The echo bot, long polling the sandbox until the test ends."""
    application = echo_application(sandbox)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=10)
        yield application
        await application.updater.stop()
        await application.stop()


async def test_a_polling_application_answers_and_edits_on_a_button_press(
    polling: Application, sandbox: Sandbox, petra: SandboxUser
) -> None:
    sandbox.open_link(petra.id, "https://t.me/FleetCrewTestBot?start=inv_abc")
    await sandbox.wait_for(lambda: len(sandbox.bot_messages(petra.id)) == 1)

    greeting = sandbox.last_bot_message(petra.id)
    assert greeting.text == "Hello Petra, you opened inv_abc"
    sandbox.press(petra.id, "Press me")
    await sandbox.wait_for(lambda: sandbox.last_bot_message(petra.id).edited)

    assert [m.text for m in sandbox.transcript(petra.id)] == ["/start inv_abc", PRESSED]
    assert [a.text for a in sandbox.callback_answers(petra.id)] == ["Done!"]


async def test_stopping_the_poller_confirms_what_it_fetched(
    sandbox: Sandbox, petra: SandboxUser
) -> None:
    application = echo_application(sandbox)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=10)
        sandbox.send_text(petra.id, "hello")
        await sandbox.wait_for(lambda: len(sandbox.bot_messages(petra.id)) == 1)
        await application.updater.stop()
        await application.stop()

    assert sandbox.take_updates() == []


async def test_updates_taken_by_hand_feed_process_update(
    sandbox: Sandbox, petra: SandboxUser
) -> None:
    application = echo_application(sandbox)
    sandbox.send_text(petra.id, "no polling here")
    async with application:
        for update in sandbox.take_updates():
            await application.process_update(Update.de_json(update, application.bot))

    assert sandbox.last_bot_message(petra.id).text == "You said: no polling here"
