"""A manager works the job table in a real browser, on a desktop and on a phone: the Overview,
a status filter, a column configured away and back, two jobs unassigned at once, every job
matching the filter assigned or deleted at once (with and without JavaScript)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.async_api import Page, expect

from core.db.models import Job
from core.status import JobStatus
from tests.browser.test_partners_and_teams import SIZES, failed_responses, sign_in
from tests.factories import connect_partner, make_job, queued_messages
from tests.services.test_jobs import force

pytestmark = pytest.mark.browser
PLATES = ["B-EV 101", "B-EV 102", "B-EV 103", "B-EV 104"]


@pytest.fixture
async def berlin_jobs(uow, manager, links, fleets, clock) -> dict[str, list[int]]:
    """Berlin's installation jobs: 4 ASSIGNED (one overdue), 50 PENDING, 2 FAILED, 3 SUCCEEDED."""
    berlin = fleets["Berlin"]
    code = await connect_partner(uow, manager, links, berlin)
    assigned = []
    for number, plate in enumerate(PLATES):
        date = "2026-11-20" if number == 0 else "2026-12-10"
        assigned.append(
            await make_job(
                uow,
                manager,
                berlin,
                partner_code=code,
                license_plate=plate,
                vin=f"WVWZZZ1KZAW{number:06d}",
                vehicle_model_id="vw-golf-8",
                service_date=date,
            )
        )
    pending = [
        await make_job(
            uow, manager, berlin, license_plate=f"B-PD {number}", vehicle_model_id="vw-id3"
        )
        for number in range(50)
    ]
    finished = []
    for number, end in enumerate([JobStatus.FAILED, JobStatus.FAILED, *[JobStatus.SUCCEEDED] * 3]):
        job_id = await make_job(
            uow, manager, berlin, partner_code=code, license_plate=f"B-FN {number}"
        )
        await force(uow, job_id, JobStatus.RUNNING, end)
        async with uow() as work:
            job = await work.session.get_one(Job, job_id)
            job.finished_at = clock.now() - timedelta(days=number * 3)
            await work.commit()
        finished.append(job_id)
    return {"assigned": assigned, "pending": pending, "finished": finished}


async def rows_of(page: Page) -> list[str]:
    return await page.locator(".job-table tbody tr").all_inner_texts()


@pytest.mark.parametrize("size", SIZES)
async def test_manager_filters_configures_columns_and_unassigns_two_jobs(
    live_server, browser, artifacts, manager, fleets, berlin_jobs, size
):
    context = await browser.new_context(viewport=SIZES[size])
    page = await context.new_page()
    failed = failed_responses(page)
    await sign_in(page, live_server, manager.email)

    await expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    await expect(page.locator("#chart-summary")).to_contain_text(
        "5 jobs finished: 3 SUCCEEDED, 2 FAILED"
    )
    attention = page.get_by_role("list", name="ASSIGNED past their service date")
    await expect(attention).to_contain_text("B-EV 101")
    await page.screenshot(path=artifacts / f"overview-{size}.png", full_page=True)

    await (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Installation Jobs")
        .click()
    )
    table = page.locator(".job-table")
    await expect(table.locator("tbody tr")).to_have_count(50)
    await expect(page.get_by_role("link", name="Next page")).to_be_visible()
    await page.screenshot(path=artifacts / f"job-table-{size}.png", full_page=False)

    await (
        page.get_by_role("navigation", name="Filter by status")
        .get_by_role("link", name="FAILED")
        .click()
    )
    await expect(table.locator("tbody tr")).to_have_count(2)
    assert all("FAILED" in row for row in await rows_of(page))
    await (
        page.get_by_role("navigation", name="Filter by status")
        .get_by_role("link", name="FAILED")
        .click()
    )
    await (
        page.get_by_role("navigation", name="Filter by status")
        .get_by_role("link", name="ASSIGNED")
        .click()
    )
    await expect(table.locator("tbody tr")).to_have_count(4)
    await expect(table.locator("tr.overdue")).to_contain_text("B-EV 101")

    await page.get_by_label("Configure table columns").click()
    await page.get_by_role("checkbox", name="VIN", exact=True).uncheck()
    await page.get_by_role("button", name="Save columns").click()
    await expect(page.get_by_role("status")).to_contain_text("now shows these columns")
    await expect(table.get_by_role("columnheader", name="VIN")).to_have_count(0)
    await expect(table).not_to_contain_text("WVWZZZ1KZAW000000")
    await expect(table.locator("tbody tr")).to_have_count(4)  # the filter stayed
    await page.get_by_label("Configure table columns").click()
    await page.get_by_role("checkbox", name="VIN", exact=True).check()
    await page.get_by_role("button", name="Save columns").click()
    await expect(table.get_by_role("columnheader", name="VIN")).to_have_count(1)
    await expect(table).to_contain_text("WVWZZZ1KZAW000000")

    first, second = berlin_jobs["assigned"][:2]
    await page.get_by_role("checkbox", name=f"Select job {first}, B-EV 101").check()
    await page.get_by_role("checkbox", name=f"Select job {second}, B-EV 102").check()
    await expect(page.locator("[data-selected-count]")).to_have_text(" (2)")
    await page.screenshot(path=artifacts / f"job-table-selected-{size}.png")
    await page.locator(".bulk-menu summary").click()
    await page.screenshot(path=artifacts / f"job-table-bulk-{size}.png", full_page=False)
    await page.get_by_role("button", name="Unassign").click()

    await expect(page.get_by_role("status")).to_have_text("2 unassigned.")
    await expect(table.locator("tbody tr")).to_have_count(2)  # still ASSIGNED only
    await expect(table).not_to_contain_text("B-EV 101")
    pending_chip = page.get_by_role("navigation", name="Filter by status").get_by_role(
        "link", name="PENDING"
    )
    await expect(pending_chip).to_contain_text("52")
    await page.screenshot(path=artifacts / f"job-table-after-bulk-{size}.png", full_page=True)
    assert failed == []
    await context.close()


async def test_without_javascript_the_gear_menu_and_bulk_delete_still_work_on_a_phone(
    live_server, browser, artifacts, manager, fleets, berlin_jobs
):
    context = await browser.new_context(viewport=SIZES["phone"], java_script_enabled=False)
    page = await context.new_page()
    await sign_in(page, live_server, manager.email)
    await page.goto(f"{live_server}/fleets/{fleets['Berlin']}/jobs/installation?status=FAILED")
    table = page.locator(".job-table")

    await page.get_by_label("Configure table columns").click()
    await page.get_by_role("checkbox", name="Partner", exact=True).uncheck()
    await page.get_by_role("button", name="Save columns").click()
    await expect(table.get_by_role("columnheader", name="Partner")).to_have_count(0)

    first, second = berlin_jobs["finished"][:2]
    await page.get_by_role("checkbox", name=f"Select job {first}, B-FN 0").check()
    await page.get_by_role("checkbox", name=f"Select job {second}, B-FN 1").check()
    await page.locator(".bulk-menu summary").click()
    await page.get_by_role("button", name="Delete…").click()
    await expect(page.get_by_role("heading", name="Delete 2 jobs?")).to_be_visible()
    await page.screenshot(path=artifacts / "job-table-delete-phone.png")
    await page.get_by_role("button", name="Delete 2 jobs").click()

    await expect(page.locator(".flash")).to_have_text("2 deleted.")
    await expect(page.get_by_text("No installation job matches these filters.")).to_be_visible()

    await page.goto(f"{live_server}/fleets/{fleets['Berlin']}/jobs/installation?status=SUCCEEDED")
    await page.get_by_label("Select all 3 jobs matching this filter").check()
    await page.screenshot(path=artifacts / "job-table-select-matching-no-js-phone.png")
    await page.locator(".bulk-menu summary").click()
    await page.get_by_role("button", name="Delete…").click()
    await expect(
        page.get_by_role("heading", name="Delete all 3 jobs matching this filter?")
    ).to_be_visible()
    await expect(page.locator(".card")).to_contain_text("matching this filter (SUCCEEDED)")
    await page.get_by_role("button", name="Delete all 3 jobs").click()

    await expect(page.locator(".flash")).to_have_text("3 deleted.")
    await expect(page.get_by_text("No installation job matches these filters.")).to_be_visible()
    await context.close()


@pytest.mark.parametrize("size", SIZES)
async def test_manager_selects_every_job_matching_the_filter_and_assigns_them_at_once(
    live_server, browser, artifacts, uow, manager, fleets, berlin_jobs, size
):
    context = await browser.new_context(viewport=SIZES[size])
    page = await context.new_page()
    failed = failed_responses(page)
    await sign_in(page, live_server, manager.email)
    await page.goto(f"{live_server}/fleets/{fleets['Berlin']}/jobs/installation")
    table = page.locator(".job-table")
    await expect(table.locator("tbody tr")).to_have_count(50)
    select_matching = page.get_by_role("button", name="Select all 59 jobs matching this filter")
    banner = page.locator(".select-matching-banner")
    await expect(banner).to_be_hidden()
    await expect(page.get_by_label(re.compile("Select all 59 jobs"))).to_be_hidden()

    await page.get_by_label("Select every job on this page").check()
    await expect(banner).to_contain_text("All 50 jobs on this page are selected.")
    await select_matching.click()
    await expect(banner).to_contain_text("All 59 jobs matching this filter are selected.")
    await expect(page.locator("[data-selected-count]")).to_have_text(" (59)")
    await page.get_by_role("button", name="Clear selection").click()
    await expect(banner).to_be_hidden()
    await expect(page.locator("[data-selected-count]")).to_have_text("")
    await expect(page.get_by_label("Select every job on this page")).not_to_be_checked()

    await page.get_by_label("Select every job on this page").check()
    await select_matching.click()
    await page.screenshot(path=artifacts / f"job-table-select-matching-{size}.png")
    told_before = len(await queued_messages(uow))
    await page.locator(".bulk-menu summary").click()
    await page.get_by_role("button", name="Assign", exact=True).click()

    await expect(page.locator(".flash")).to_have_text(
        "50 assigned; 9 skipped: 4 already assigned, 3 succeeded, 2 failed."
    )
    chips = page.get_by_role("navigation", name="Filter by status")
    await expect(chips.get_by_role("link", name="ASSIGNED")).to_contain_text("54")
    await expect(chips.get_by_role("link", name="PENDING")).to_contain_text("0")
    told = (await queued_messages(uow))[told_before:]
    assert [(key, values["count"]) for _, key, values, _, _ in told] == [("jobs.assigned_many", 50)]
    await page.screenshot(path=artifacts / f"job-table-after-select-matching-{size}.png")
    assert failed == []
    await context.close()
