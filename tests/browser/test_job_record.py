"""The job page's record in a real browser: photos load, nothing scrolls sideways on a phone,
and Revoke asks before it ends the technician's access."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.test_jobs_and_templates import SIZES, failed_responses, sign_in
from tests.web.technician_work import complete, golf_job, walk_to_tests

pytestmark = pytest.mark.browser
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("size", SIZES)
async def test_a_completed_jobs_record_shows_its_photos_and_fits_the_screen(
    live_server, browser, artifacts, services, manager, links, fleets, size
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await complete(services, job_id)
    page = await browser.new_page(viewport=SIZES[size])
    failed = failed_responses(page)

    await sign_in(page, live_server, manager.email, f"/fleets/{fleets['Berlin']}/jobs/{job_id}")
    thumbnail = page.get_by_role("img", name="Photo for Photo of the fitted box")
    await thumbnail.scroll_into_view_if_needed()
    await expect(thumbnail).to_be_visible()
    await page.wait_for_load_state("networkidle")

    assert await thumbnail.evaluate("image => image.complete && image.naturalWidth > 0")
    assert await page.evaluate(SIDEWAYS) == 0
    assert failed == []
    await page.screenshot(path=artifacts / f"job-record-completed-{size}.png", full_page=True)


async def test_revoke_asks_first_and_then_ends_the_access(
    live_server, browser, artifacts, services, manager, links, fleets
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await walk_to_tests(services, job_id)
    page = await browser.new_page(viewport=SIZES["phone"])
    await sign_in(page, live_server, manager.email, f"/fleets/{fleets['Berlin']}/jobs/{job_id}")
    asked: list[str] = []

    async def answer(dialog) -> None:
        asked.append(dialog.message)
        await (dialog.dismiss() if len(asked) == 1 else dialog.accept())

    page.on("dialog", answer)
    await page.get_by_role("button", name="Revoke access").click()
    await expect(page.locator("[data-job-status]")).to_contain_text("RUNNING")
    await page.get_by_role("button", name="Revoke access").click()

    await expect(page.get_by_role("status")).to_contain_text("access to job")
    await expect(page.locator("[data-job-status]")).to_contain_text("FAILED")
    assert asked[0].startswith("Revoke Volt Installers admin's access to B-FC 42 now?")
    assert await page.evaluate(SIDEWAYS) == 0
    await page.screenshot(path=artifacts / "job-record-revoked-phone.png", full_page=True)
