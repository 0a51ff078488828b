"""A manager invites a partner in a real browser: the link shown once, a new one, the partner."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest
import zxingcpp
from PIL import Image
from playwright.async_api import Page, Route, expect

from tests.factories import PASSWORD, invite, token_of
from tests.web.database import accept

pytestmark = pytest.mark.browser
PAGE_TIME = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SIZES = {"desktop": {"width": 1100, "height": 900}, "phone": {"width": 390, "height": 844}}
SHOWN_ONCE = "This link is shown only now."


async def sign_in(page: Page, base: str, email: str) -> None:
    await page.goto(f"{base}/")
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()


async def open_partners_and_teams(page: Page) -> None:
    """From any page of a fleet, through the main menu."""
    await (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Partners & Teams")
        .click()
    )


def failed_responses(page: Page) -> list[str]:
    """Every response of 400 or more the page gets from now on (a missing favicon, say)."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0)
    return failed


@pytest.mark.parametrize("size", SIZES)
async def test_link_is_shown_once_and_a_new_link_replaces_it(
    live_server, browser, artifacts, manager, fleets, size, tmp_path
):
    context = await browser.new_context(viewport=SIZES[size], accept_downloads=True)
    page = await context.new_page()
    failed = failed_responses(page)
    page.on("dialog", lambda dialog: dialog.accept())
    partners_page = f"{live_server}/fleets/{fleets['Berlin']}/partners"
    await page.goto(partners_page)
    await page.get_by_label("E-mail address").fill(manager.email)
    await page.get_by_label("Password").fill("wrong password")
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "E-mail address or password is not correct."
    )
    await expect(page.get_by_label("E-mail address")).to_have_value(manager.email)
    await expect(page.get_by_label("Password")).to_be_focused()
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(partners_page)

    await page.get_by_label("Partner's e-mail address").fill("newpartner@demo.test")
    await page.get_by_label("Allow partner to override job configuration and data").check()
    await page.get_by_role("button", name="Invite").click()

    await expect(page).to_have_url(partners_page)
    flash = page.get_by_role("status").filter(has_text="newpartner@demo.test")
    await expect(flash).to_be_in_viewport()
    panel = page.locator("#invitation-link")
    await expect(panel).to_contain_text("Invitation link for newpartner@demo.test")
    await expect(panel).to_contain_text(SHOWN_ONCE)
    await expect(panel.get_by_role("img", name="QR code of the invitation link")).to_be_visible()
    first = await page.locator("#invitation-url").input_value()
    assert token_of(first)
    async with page.expect_download() as downloading:
        await panel.get_by_role("link", name="Download QR code (PNG)").click()
    download = await downloading.value
    assert download.suggested_filename == "fleetcrew-invitation-newpartner-demo-test-berlin.png"
    await download.save_as(tmp_path / download.suggested_filename)
    [code] = zxingcpp.read_barcodes(Image.open(tmp_path / download.suggested_filename))
    assert code.text == first
    row = page.locator(".partner", has_text="newpartner@demo.test")
    await expect(row).to_contain_text("Override enabled")
    await expect(page.locator("#status-pending")).to_contain_text("PENDING 1")
    await page.screenshot(path=artifacts / f"partners-link-shown-{size}.png", full_page=True)

    await page.reload()
    await expect(page.locator("#invitation-link")).to_have_count(0)
    await expect(page.get_by_text(first)).to_have_count(0)
    new_link = row.get_by_role("button", name="New link & QR")
    await expect(new_link).to_be_visible()
    await page.screenshot(path=artifacts / f"partners-after-reload-{size}.png", full_page=True)

    await new_link.click()
    await expect(page.locator("#invitation-link")).to_contain_text(SHOWN_ONCE)
    second = await page.locator("#invitation-url").input_value()
    assert second != first
    assert token_of(second)
    renewed = page.get_by_role("status").filter(has_text="A new invitation link")
    await expect(renewed).to_be_in_viewport()
    await expect(renewed).to_contain_text("newpartner@demo.test")
    await page.screenshot(path=artifacts / f"partners-new-link-{size}.png", full_page=True)

    await page.go_back()
    await expect(page.locator("#invitation-link")).to_have_count(0)
    await expect(page.locator(".flash-error")).to_have_count(0)

    await page.get_by_role("link", name="Outbox").click()
    await expect(page.locator(".fleet-switcher summary")).to_contain_text("Berlin")
    mail = page.locator(".mail-list li", has_text="newpartner@demo.test")
    await expect(mail).to_contain_text("Link replaced by a newer one")
    await expect(mail).to_contain_text("27 Nov 2026, 10:00 CET")
    await page.screenshot(path=artifacts / f"outbox-{size}.png", full_page=True)

    assert failed == []
    await context.close()


async def test_second_press_of_invite_while_the_first_is_on_its_way_is_ignored(
    live_server, browser, manager, fleets
):
    context = await browser.new_context(viewport=SIZES["desktop"])
    page = await context.new_page()
    await sign_in(page, live_server, manager.email)
    await open_partners_and_teams(page)
    posts: list[str] = []
    answer_first = asyncio.Event()

    async def slow_server(route: Route) -> None:
        # The first Invite waits here until the manager has pressed again: a slow server.
        if route.request.method == "POST":
            posts.append(route.request.url)
            if len(posts) == 1:
                await answer_first.wait()
        await route.continue_()

    await page.route(f"**/fleets/{fleets['Berlin']}/partners", slow_server)
    await page.get_by_label("Partner's e-mail address").fill("twice@demo.test")
    invite = await page.get_by_role("button", name="Invite").bounding_box()
    assert invite is not None
    x, y = invite["x"] + invite["width"] / 2, invite["y"] + invite["height"] / 2
    async with page.expect_request(lambda request: request.method == "POST"):
        await page.mouse.click(x, y)
    await page.mouse.click(x, y)
    answer_first.set()

    await expect(page.locator("#invitation-link")).to_contain_text("twice@demo.test")
    await expect(page.locator(".flash-error")).to_have_count(0)
    await expect(page.locator(".partner", has_text="twice@demo.test")).to_have_count(1)
    assert len(posts) == 1
    await context.close()


async def test_manager_sees_the_partner_accepted_and_copies_its_partner_id(
    live_server, browser, artifacts, manager, fleets, uow
):
    context = await browser.new_context(
        viewport=SIZES["desktop"], permissions=["clipboard-read", "clipboard-write"]
    )
    page = await context.new_page()
    await sign_in(page, live_server, manager.email)
    await open_partners_and_teams(page)
    await page.get_by_label("Partner's e-mail address").fill("volt@installers.example")
    await page.get_by_role("button", name="Invite").click()
    link = await page.locator("#invitation-url").input_value()

    accepted = await accept(uow, link, company="Volt Installers")
    # The page's timers run on Playwright's clock, stopped while the copy button is checked.
    await page.clock.install(time=PAGE_TIME)
    await page.reload()
    await page.clock.pause_at(PAGE_TIME + timedelta(minutes=1))

    await expect(page.locator("#status-accepted")).to_contain_text("ACCEPTED 1")
    row = page.locator(".partner", has_text="Volt Installers")
    await expect(row.locator(".partner-id code")).to_have_text(accepted.partner_code)
    await expect(page.locator("#invitation-link")).to_have_count(0)
    copy = row.get_by_role("button", name=re.compile("Copy Partner ID"))
    await copy.click()
    await expect(copy).to_have_text("Copied")
    assert await page.evaluate("navigator.clipboard.readText()") == accepted.partner_code
    await page.clock.run_for(2000)
    await expect(copy).to_have_text("Copy")
    await page.clock.resume()
    await page.screenshot(path=artifacts / "partners-accepted.png", full_page=True)
    await context.close()


async def test_search_finds_a_partner_without_javascript_on_a_phone(
    live_server, browser, artifacts, manager, fleets, links, uow
):
    for number in range(6):
        invited = await invite(uow, manager, links, fleets["Berlin"], f"p{number}@example.com")
    await accept(uow, invited.url, company="Volt Installers")
    context = await browser.new_context(viewport=SIZES["phone"], java_script_enabled=False)
    page = await context.new_page()
    await sign_in(page, live_server, manager.email)
    await open_partners_and_teams(page)

    await page.get_by_role("searchbox", name="Search service partners").fill("volt")
    await page.get_by_role("button", name="Search").click()

    await expect(page.locator(".partner")).to_have_count(1)
    await expect(page.locator(".partner")).to_contain_text("Volt Installers")
    await expect(page.locator(".partner")).to_be_in_viewport()
    await expect(page.get_by_role("status")).to_contain_text("1 of 6 match “volt”.")
    await page.screenshot(path=artifacts / "partners-search-phone.png", full_page=True)
    await page.get_by_role("link", name="Show all").click()
    await expect(page.locator(".partner")).to_have_count(6)
    await page.screenshot(path=artifacts / "partners-six-phone.png", full_page=True)
    await context.close()
