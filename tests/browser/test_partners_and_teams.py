"""A manager invites a partner in a real browser and sees the partner accept."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.async_api import expect

from tests.factories import PASSWORD
from tests.web.database import accept

pytestmark = pytest.mark.browser
PAGE_TIME = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


async def test_manager_invites_a_partner_and_sees_it_accepted(
    live_server, browser, artifacts, manager, fleets, uow
):
    context = await browser.new_context(
        viewport={"width": 1100, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = await context.new_page()

    await page.goto(f"{live_server}/")
    await page.get_by_label("E-mail address").fill(manager.email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(f"{live_server}/fleets/{fleets['Berlin']}/partners")

    await page.get_by_label("Partner's e-mail address").fill("volt@installers.example")
    await page.get_by_label("Allow partner to override job configuration and data").check()
    await page.get_by_role("button", name="Invite").click()

    panel = page.locator("#invitation-link")
    await expect(panel).to_contain_text("Invitation link for volt@installers.example")
    await expect(panel.get_by_role("img", name="QR code of the invitation link")).to_be_visible()
    link = await page.locator("#invitation-url").input_value()
    assert link.startswith("https://t.me/FleetCrewTestBot?start=inv_")
    row = page.locator(".partner", has_text="volt@installers.example")
    await expect(row.locator(".tag-pending")).to_have_text("PENDING")
    await expect(row).to_contain_text("Override enabled")
    await page.screenshot(path=artifacts / "partners-and-teams.png", full_page=True)

    accepted = await accept(uow, link, company="Volt Installers")
    # The page's timers run on Playwright's clock, stopped while the copy button is checked.
    await page.clock.install(time=PAGE_TIME)
    await page.reload()
    await page.clock.pause_at(PAGE_TIME + timedelta(minutes=1))

    row = page.locator(".partner", has_text="Volt Installers")
    await expect(row.locator(".tag-accepted")).to_have_text("ACCEPTED")
    await expect(row.locator(".partner-id code")).to_have_text(accepted.partner_code)
    await expect(page.locator("#invitation-link")).to_have_count(0)
    copy = row.get_by_role("button", name=re.compile("Copy Partner ID"))
    await copy.click()
    await expect(copy).to_have_text("Copied")
    assert await page.evaluate("navigator.clipboard.readText()") == accepted.partner_code
    await page.clock.run_for(2000)
    await expect(copy).to_have_text("Copy")
    await page.clock.resume()

    await page.set_viewport_size({"width": 390, "height": 844})
    await page.screenshot(path=artifacts / "partners-and-teams-phone.png", full_page=True)
    await context.close()
