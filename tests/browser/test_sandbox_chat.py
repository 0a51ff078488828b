"""A person picks a user in the sandbox's web chat, opens a deep link and presses a button."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.async_api import Browser, expect
from starlette.applications import Starlette
from telegram.ext import Application

from cloudboxx.demo import BERLIN_NEW_2, DEMO_BOXES
from fleetcrew.telegram import add_demo_sample_photos
from telegram_sandbox import (
    Sandbox,
    sandbox_routes,
)
from tests.local_server import served
from tests.sandbox.echo_bot import PRESSED, echo_application

pytestmark = pytest.mark.browser
WAIT_MS = 15_000  # generous: a busy two-core machine runs Chromium, uvicorn and the bot at once


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    """A sandbox with two ready-made people."""
    sandbox = Sandbox(bot_username="FleetCrewTestBot", bot_name="FleetCrew Test")
    sandbox.add_user("Petra", "Admin", user_id=700001, language_code="de")
    sandbox.add_user("Tom", "Fitter", user_id=700002, language_code="en")
    yield sandbox
    await sandbox.aclose()


@pytest.fixture
async def echo_bot(sandbox: Sandbox) -> AsyncIterator[Application]:
    """The test's echo bot, long polling the sandbox in-process."""
    application = echo_application(sandbox)
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=10)
        yield application
        await application.updater.stop()
        await application.stop()


async def test_a_person_opens_a_deep_link_and_presses_the_bots_button(
    sandbox: Sandbox, echo_bot: Application, browser: Browser, artifacts: Path
) -> None:
    link = "https://t.me/FleetCrewTestBot?start=inv_abc123"
    async with served(
        Starlette(routes=sandbox_routes(sandbox)), stopping=sandbox.stop_web_chat
    ) as url:
        context = await browser.new_context(viewport={"width": 390, "height": 800})
        try:
            page = await context.new_page()
            page.set_default_timeout(WAIT_MS)

            await page.goto(f"{url}/sandbox")
            await expect(page.get_by_role("note")).to_contain_text("Nothing here reaches Telegram")
            await page.screenshot(path=artifacts / "sandbox-people.png", full_page=True)
            await page.get_by_role("link", name="Petra Admin").click()
            await expect(page.get_by_text("You are")).to_be_visible()
            await expect(page.get_by_text("No messages yet")).to_be_visible()

            await page.goto(f"{url}/sandbox/open?link={quote(link, safe='')}")
            remembered = page.locator("[data-open-as]").first
            await expect(remembered).to_contain_text("Petra Admin")
            await expect(remembered).to_contain_text("last used")
            await expect(remembered).to_be_focused()
            await page.screenshot(path=artifacts / "sandbox-open-link.png", full_page=True)
            await remembered.click()

            await expect(page).to_have_url(f"{url}/sandbox/chat/700001")
            reply = page.locator(".message.bot")
            await expect(reply).to_contain_text("Hello Petra, you opened inv_abc123")
            await expect(page.locator(".message.me")).to_contain_text("/start inv_abc123")
            await page.screenshot(path=artifacts / "sandbox-chat-greeting.png")
            await reply.get_by_role("button", name="Press me").click()

            await expect(reply).to_contain_text(PRESSED)
            await expect(reply).to_contain_text("edited")
            await expect(reply.get_by_role("button", name="Press me")).to_have_count(0)
            await expect(page.get_by_role("status")).to_have_text("Done!")
            await page.screenshot(path=artifacts / "sandbox-chat-pressed.png")

            await page.get_by_role("textbox", name="Message").fill("Is anyone there?")
            await page.get_by_role("textbox", name="Message").press("Enter")
            await expect(reply.last).to_contain_text("You said: Is anyone there?")
        finally:
            await context.close()
            await sandbox.aclose()  # ends the chat's long polls so uvicorn can stop at once

    assert [m.text for m in sandbox.bot_messages(700001)] == [
        PRESSED,
        "You said: Is anyone there?",
    ]


async def test_a_person_sends_a_sample_label_photo_with_the_keyboard(
    sandbox: Sandbox, browser: Browser, artifacts: Path
) -> None:
    add_demo_sample_photos(sandbox)
    label = f"Label of box {BERLIN_NEW_2}"
    async with served(
        Starlette(routes=sandbox_routes(sandbox)), stopping=sandbox.stop_web_chat
    ) as url:
        context = await browser.new_context(viewport={"width": 390, "height": 800})
        try:
            page = await context.new_page()
            page.set_default_timeout(WAIT_MS)
            await page.goto(f"{url}/sandbox/chat/700002")
            opener = page.get_by_role("button", name="Sample photos")

            await opener.focus()
            await page.keyboard.press("Enter")
            samples = page.get_by_role("region", name="Sample photos")
            await expect(samples.get_by_role("button")).to_have_count(len(DEMO_BOXES) + 1)
            await expect(samples.get_by_role("button").first).to_be_focused()
            await expect(opener).to_have_attribute("aria-expanded", "true")
            await page.keyboard.press("Escape")
            await expect(samples).to_be_hidden()
            await expect(opener).to_be_focused()
            await page.keyboard.press("Enter")
            await expect(samples.get_by_role("button").first).to_be_focused()
            await expect(samples.locator("img").last).to_have_js_property("complete", True)
            width = await page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, "the page scrolls sideways on a phone"
            await page.screenshot(path=artifacts / "sandbox-chat-samples.png")
            await page.keyboard.press("Tab")
            await expect(samples.get_by_role("button", name=label)).to_be_focused()
            await page.keyboard.press("Enter")

            await expect(samples).to_be_hidden()
            await expect(page.locator(".message.me img.photo")).to_have_count(1)
            await page.screenshot(path=artifacts / "sandbox-chat-sample-sent.png")
        finally:
            await context.close()
            await sandbox.aclose()

    (sent,) = sandbox.transcript(700002)
    assert sandbox.file_content(sent.photo_file_id or "") == sandbox.sample_photo(label)
