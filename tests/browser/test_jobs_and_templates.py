"""A manager plans jobs in a real browser: a template, a job from it, Save & Assign, its page."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from core.db.models import Job, Template
from core.services import job_bulk
from core.services.job_selection import JobSelection
from core.status import JobStatus
from tests.factories import PASSWORD, connect_partner, count, make_job
from tests.services.test_jobs import force

pytestmark = pytest.mark.browser
SIZES = {"desktop": {"width": 1100, "height": 900}, "phone": {"width": 390, "height": 844}}


async def sign_in(page: Page, base: str, email: str, start: str) -> None:
    await page.goto(f"{base}{start}")
    await page.get_by_label("E-mail address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(f"{base}{start}")


def failed_responses(page: Page) -> list[str]:
    """Every response of 400 or more the page gets from now on."""
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else 0)
    return failed


@pytest.mark.parametrize("size", SIZES)
async def test_template_then_a_job_from_it_saved_and_assigned(
    live_server, browser, artifacts, manager, fleets, links, uow, size
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"], name="Volt Installers")
    berlin = f"/fleets/{fleets['Berlin']}"
    context = await browser.new_context(viewport=SIZES[size])
    page = await context.new_page()
    failed = failed_responses(page)
    page.on("dialog", lambda dialog: dialog.accept())
    await sign_in(page, live_server, manager.email, f"{berlin}/templates")
    await expect(page.get_by_text("No templates yet.")).to_be_visible()

    await page.get_by_role("link", name="New Template").click()
    await page.get_by_label("Template name").fill("EV setup – standard")
    await page.get_by_label("Vehicle model").select_option(label="Volkswagen ID.3")
    fuel = page.get_by_label("Fuel type")
    await expect(fuel.locator("option[value=PETROL]")).to_be_disabled()
    await expect(fuel.locator("option[value=ELECTRIC]")).to_be_enabled()
    await fuel.select_option("ELECTRIC")
    await page.get_by_label("Installation variant").select_option("STANDARD")
    await page.get_by_label("Configuration preset").select_option("carsharing")
    await page.get_by_label("Label").first.fill("Sticker on the windscreen")
    await page.get_by_label("Answered with").first.select_option("PHOTO")
    await page.get_by_label("Required").first.check()
    await page.screenshot(path=artifacts / f"template-form-{size}.png", full_page=True)
    await page.get_by_role("button", name="Save", exact=True).last.click()

    await expect(page).to_have_url(f"{live_server}{berlin}/templates")
    await expect(page.get_by_role("status")).to_contain_text(
        "Template “EV setup – standard” saved."
    )
    row = page.locator("tr", has_text="EV setup – standard")
    await expect(row).to_contain_text("Volkswagen ID.3")
    await page.screenshot(path=artifacts / f"templates-list-{size}.png", full_page=True)

    await row.get_by_label("Actions for EV setup – standard").click()
    await page.screenshot(path=artifacts / f"templates-menu-{size}.png")
    await row.get_by_role("link", name="Create New Job").click()
    await expect(page.get_by_role("heading", name="New Installation Job")).to_be_visible()
    await expect(
        page.get_by_text("Filled in from the template “EV setup – standard”")
    ).to_be_visible()
    await expect(page.get_by_label("Vehicle model")).to_have_value("vw-id3")
    await expect(page.get_by_label("Label").first).to_have_value("Sticker on the windscreen")
    await page.get_by_label("VIN").fill("WVWZZZE1ZNP000301")
    await page.get_by_label("License plate").fill("B-FC 301")
    await page.get_by_label("Service partner").select_option(label=f"Volt Installers ({code})")
    await page.screenshot(path=artifacts / f"job-form-{size}.png", full_page=True)
    await page.get_by_role("button", name="Save & Assign").click()

    await expect(page.get_by_role("status")).to_contain_text(
        "saved and assigned to Volt Installers"
    )
    await expect(page.get_by_role("heading", name=re.compile("B-FC 301"))).to_be_visible()
    await expect(page.locator("[data-job-status]")).to_contain_text("ASSIGNED")
    await expect(page.locator(".job-status")).to_contain_text("EV setup – standard")
    timeline = page.locator(".timeline")
    await expect(timeline).to_contain_text("Created")
    await expect(timeline).to_contain_text("Assigned")
    await expect(timeline).to_contain_text("27 Nov 2026, 10:00 CET")
    await page.screenshot(path=artifacts / f"job-page-{size}.png", full_page=True)

    # The job table lists it among the ASSIGNED ones.
    await (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Installation Jobs")
        .click()
    )
    await (
        page.get_by_role("navigation", name="Filter by status")
        .get_by_role("link", name="ASSIGNED")
        .click()
    )
    await expect(page.locator(".job-table tbody tr")).to_have_count(1)
    await expect(page.locator(".job-table")).to_contain_text("B-FC 301")
    await page.go_back()
    await page.go_back()

    # Back after Save: the form again (fetched anew), nothing saved twice.
    await page.go_back()
    await expect(page.get_by_role("heading", name="New Installation Job")).to_be_visible()
    assert await count(uow, Job) == 1
    assert await count(uow, Template) == 1
    assert failed == []
    await context.close()


async def test_a_double_click_on_save_saves_one_job(live_server, browser, manager, fleets, uow):
    berlin = f"/fleets/{fleets['Berlin']}"
    page = await browser.new_page()
    await sign_in(page, live_server, manager.email, f"{berlin}/jobs/new?type=maintenance")

    await page.get_by_label("Maintenance type").select_option("REPAIR")
    await page.get_by_label("Problem description").fill("Lock does not react")
    await page.get_by_role("button", name="Save", exact=True).last.dblclick()

    await expect(page.get_by_role("status")).to_contain_text("saved as PENDING")
    assert await count(uow, Job) == 1
    await expect(page.locator(".job-fields")).to_contain_text("Repair")


async def test_the_form_of_a_job_assigned_meanwhile_offers_unassign_and_save(
    live_server, browser, artifacts, manager, fleets, links, uow
):
    partner = await connect_partner(uow, manager, links, fleets["Berlin"], name="Volt Installers")
    job_id = await make_job(uow, manager, fleets["Berlin"], license_plate="B-FC 401")
    berlin = f"/fleets/{fleets['Berlin']}"
    page = await browser.new_page()
    await sign_in(page, live_server, manager.email, f"{berlin}/jobs/{job_id}/edit")
    await page.get_by_label("Custom name").fill("Blue van")
    async with uow() as work:
        await job_bulk.assign_jobs(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            selection=JobSelection.picked([job_id]),
            partner_code=partner,
        )

    await page.get_by_role("button", name="Save changes").click()

    await expect(page.get_by_role("alert")).to_contain_text("Meanwhile this job was assigned")
    await expect(page.get_by_label("Custom name")).to_have_value("Blue van")
    await page.screenshot(path=artifacts / "job-edit-assigned-meanwhile-desktop.png")
    await page.get_by_role("button", name="Unassign and save").click()
    await expect(page.get_by_role("status")).to_contain_text("unassigned from Volt Installers")
    await expect(page.locator("[data-job-status]")).to_contain_text("PENDING")
    await expect(page.locator(".job-fields")).to_contain_text("Blue van")


async def test_the_page_of_a_running_job_follows_it_until_it_ends(
    live_server, browser, manager, fleets, links, uow
):
    partner = await connect_partner(uow, manager, links, fleets["Berlin"])
    job_id = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    await force(uow, job_id, JobStatus.RUNNING)
    page = await browser.new_page()
    await page.clock.install()
    await sign_in(page, live_server, manager.email, f"/fleets/{fleets['Berlin']}/jobs/{job_id}")
    await expect(page.locator("[data-job-status]")).to_contain_text("RUNNING")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/live" in request.url else 0)

    await force(uow, job_id, JobStatus.SUCCEEDED)
    await page.clock.run_for(6000)

    await expect(page.locator("[data-job-status]")).to_contain_text("SUCCEEDED")
    await expect(page.locator(".timeline")).to_contain_text("Succeeded")
    await page.clock.run_for(30000)
    assert len(asked) == 1


async def test_a_maintenance_job_shows_the_boxs_state_as_its_qnr_is_typed(
    live_server, browser, artifacts, manager, fleets
):
    page = await browser.new_page(viewport=SIZES["phone"])
    new_job = f"/fleets/{fleets['Berlin']}/jobs/new?type=maintenance"
    await sign_in(page, live_server, manager.email, new_job)

    await page.get_by_label("QNR").press_sequentially("0030000000000011")

    state = page.locator("#box-state")
    await expect(state).to_contain_text("installed in B-FC 101")
    await expect(state).to_contain_text("Online")
    await page.get_by_label("QNR").fill("0030000000000013")
    await page.get_by_role("button", name="Look up").click()
    await expect(state).to_contain_text("Offline")
    await page.locator("#field-qnr").screenshot(path=artifacts / "box-state-phone.png")


async def test_without_javascript_the_server_explains_and_keeps_what_was_typed(
    live_server, browser, artifacts, manager, fleets, uow
):
    context = await browser.new_context(viewport=SIZES["desktop"], java_script_enabled=False)
    page = await context.new_page()
    await sign_in(page, live_server, manager.email, f"/fleets/{fleets['Berlin']}/jobs/new")

    await page.get_by_label("Vehicle model").select_option(label="Volkswagen ID.3")
    await page.get_by_label("Fuel type").select_option("PETROL")
    await page.get_by_label("VIN").fill("WVWZZZE1ZNP00030I")
    await page.get_by_label("Label").first.fill("Sticker on the windscreen")
    await page.get_by_role("button", name="Add an item").click()
    await page.get_by_label("Label").nth(1).fill("Mileage at handover")
    await page.get_by_label("VIN").press("Enter")

    summary = page.get_by_role("alert")
    await expect(summary).to_contain_text("Nothing was saved: please check these 2 fields")
    await expect(page.locator("#fuel_type-problem")).to_contain_text(
        "The Volkswagen ID.3 takes no fuel type PETROL; it takes ELECTRIC."
    )
    await expect(page.get_by_label("VIN")).to_have_value("WVWZZZE1ZNP00030I")
    await expect(page.get_by_label("Label").nth(1)).to_have_value("Mileage at handover")
    await page.screenshot(path=artifacts / "job-form-problems-desktop.png", full_page=True)
    await page.get_by_label("QNR").fill("0030000000000012")
    await page.get_by_role("button", name="Look up").click()
    await expect(page.locator("#box-state")).to_contain_text("installed in B-FC 102")
    assert await count(uow, Job) == 0

    await page.get_by_label("Fuel type").select_option("ELECTRIC")
    await page.get_by_label("VIN").fill("WVWZZZE1ZNP000301")
    await page.get_by_role("button", name="Save", exact=True).last.click()
    await expect(page.get_by_role("status")).to_contain_text("saved as PENDING")
    await context.close()
