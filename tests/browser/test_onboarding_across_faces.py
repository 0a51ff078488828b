"""The whole onboarding in one browser: the manager invites in the admin web, the partner
answers in the sandbox's web chat, and Partners & Teams shows the partner ACCEPTED."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from playwright.async_api import expect

from admin_web.app import create_app
from core.container import Services
from core.links import DeepLinks
from fleetcrew.links import SANDBOX_START_PATH
from fleetcrew.telegram import TelegramMode, build_telegram
from tests.browser.test_partners_and_teams import open_partners_and_teams
from tests.factories import PASSWORD
from tests.local_server import base_url, free_socket, served

pytestmark = pytest.mark.browser


@pytest.fixture
async def fleetcrew(services: Services) -> AsyncIterator[str]:
    """FleetCrew as `make run` serves it: admin web, sandbox and bot in one event loop, and
    links that open the sandbox."""
    sock = free_socket()
    url = base_url(sock)
    # Real waits: the senders running beside the web would otherwise move the test's clock on
    # each wait of theirs, and a minute of it passing before the page opens ends the flash
    # message that carries the invitation link (seen as a flaky test under load).
    services = replace(
        services, links=DeepLinks(f"{url}/{SANDBOX_START_PATH}"), sleep=asyncio.sleep
    )
    app = create_app(services)
    telegram = build_telegram(services.settings, services)
    assert telegram.mode == TelegramMode.SANDBOX
    app.router.routes.extend(telegram.routes)
    await telegram.start()
    try:
        async with served(app, stopping=telegram.stop_web_chat, sock=sock):
            yield url
    finally:
        await telegram.stop()


async def test_partner_accepts_in_the_sandbox_and_the_manager_sees_it(
    fleetcrew, browser, artifacts, manager, fleets
):
    context = await browser.new_context(viewport={"width": 1100, "height": 900})
    admin = await context.new_page()
    await admin.goto(f"{fleetcrew}/")
    await admin.get_by_label("E-mail address").fill(manager.email)
    await admin.get_by_label("Password").fill(PASSWORD)
    await admin.get_by_role("button", name="Sign in").click()
    await open_partners_and_teams(admin)
    await admin.get_by_label("Partner's e-mail address").fill("volt@installers.example")
    await admin.get_by_role("button", name="Invite").click()
    await expect(admin.locator("#invitation-link")).to_contain_text("volt@installers.example")

    async with context.expect_page() as opened:
        await admin.get_by_role("link", name="Open in sandbox").click()
    chat = await opened.value
    await expect(chat.get_by_role("note")).to_contain_text("Nothing here reaches Telegram.")
    await chat.get_by_label("First name").fill("Anna")
    await chat.get_by_label("Last name (optional)").fill("Schmidt")
    await chat.get_by_role("button", name="Create and open the link").click()

    messages = chat.get_by_role("log", name="Messages")
    await expect(messages).to_contain_text("Demo Mobility invites your company")
    await chat.get_by_role("button", name="✅ Accept").click()
    await expect(messages).to_contain_text("What is the name of your company")
    await chat.get_by_placeholder("Message").fill("Volt Installers")
    await chat.get_by_role("button", name="Send", exact=True).click()
    await expect(messages).to_contain_text("Welcome, Volt Installers!")
    welcome = await messages.inner_text()
    code = re.search(r"Your Partner ID is ([A-Z0-9]{5})", welcome).group(1)
    await chat.screenshot(path=artifacts / "sandbox-onboarding.png")

    await admin.reload()
    accepted = admin.get_by_role("list", name="ACCEPTED")
    row = accepted.locator(".partner", has_text="volt@installers.example")
    await expect(row).to_contain_text("Volt Installers")
    await expect(row).to_contain_text(code)
    await context.close()
