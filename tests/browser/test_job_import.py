"""A manager imports jobs from CSV in a real browser, on a desktop and on a phone: a file with
errors is shown line by line, its failing rows downloaded; the fixed file is imported."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from playwright.async_api import FilePayload, Page, expect

from tests.browser.test_partners_and_teams import SIZES, failed_responses, sign_in
from tests.factories import connect_partner

pytestmark = pytest.mark.browser
HEADER = "license_plate,vin,vehicle_model_id,assigned_installer_company_id,service_date"


@pytest.fixture
async def partner_code(uow, manager, links, fleets) -> str:
    """Volt Installers, ACCEPTED for Berlin."""
    return await connect_partner(uow, manager, links, fleets["Berlin"])


def csv_file(name: str, *rows: str) -> FilePayload:
    """A file as the manager chooses it in the file dialog."""
    text = "\n".join([HEADER, *rows]) + "\n"
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


async def check(page: Page, file: FilePayload) -> None:
    await page.get_by_label("CSV file", exact=True).set_input_files(file)
    await page.get_by_role("button", name="Check file").click()


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("size", SIZES)
async def test_manager_fixes_a_file_with_errors_and_imports_it(
    live_server, browser, artifacts, manager, fleets, partner_code, size
):
    context = await browser.new_context(viewport=SIZES[size], accept_downloads=True)
    page = await context.new_page()
    failed = failed_responses(page)
    await sign_in(page, live_server, manager.email)
    await page.goto(f"{live_server}/fleets/{fleets['Berlin']}/jobs/installation")
    await page.get_by_role("link", name="Import CSV").first.click()
    await expect(page.get_by_role("heading", name="Import jobs from CSV")).to_be_visible()
    await page.screenshot(path=artifacts / f"import-start-{size}.png", full_page=True)

    broken = csv_file(
        "berlin-cars.csv",
        "B-IM 1,WVWZZZ1KZAW000001,vw-golf-8,,2026-12-01",
        f"B-IM 2,WVWZZZ1KZAWOOO002,vw-id3,{partner_code},2026-12-02",
        "B-IM 3,WVWZZZ1KZAW000003,vw-golf-8,,2026-02-30",
    )
    await check(page, broken)

    await expect(
        page.get_by_role("heading", name="berlin-cars.csv cannot be imported yet")
    ).to_be_visible()
    problems = page.get_by_role("region", name="Problems in berlin-cars.csv")
    await expect(problems.locator("tbody tr")).to_have_count(2)
    await expect(problems).to_contain_text("vin")
    await expect(problems).to_contain_text("service_date")
    await expect(page.get_by_role("button", name="Import 3 jobs")).to_have_count(0)
    await page.screenshot(path=artifacts / f"import-problems-{size}.png", full_page=True)
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Download the failing rows (CSV)").click()
    download = await downloading.value
    assert download.suggested_filename == "berlin-cars-failing-rows.csv"
    failing = await asyncio.to_thread(text_of, await download.path())
    assert "B-IM 2" in failing and "B-IM 3" in failing and "B-IM 1" not in failing

    fixed = csv_file(
        "berlin-cars-fixed.csv",
        "B-IM 1,WVWZZZ1KZAW000001,vw-golf-8,,2026-12-01",
        f"B-IM 2,WVWZZZ1KZAW000002,vw-id3,{partner_code},2026-12-02",
        "B-IM 3,WVWZZZ1KZAW000003,vw-golf-8,,2026-12-03",
    )
    await check(page, fixed)
    await expect(
        page.get_by_role("heading", name="berlin-cars-fixed.csv is ready to import")
    ).to_be_visible()
    await expect(page.locator(".preview-table tbody tr")).to_have_count(3)
    await expect(page.locator(".preview-table")).to_contain_text("Volt Installers")
    await page.screenshot(path=artifacts / f"import-ready-{size}.png", full_page=True)
    await page.get_by_role("button", name="Import 3 jobs").click()

    await expect(
        page.get_by_role("heading", name="3 jobs imported: 1 assigned, 2 pending")
    ).to_be_visible()
    history = page.locator(".history-table")
    await expect(history).to_contain_text("berlin-cars-fixed.csv")
    await page.screenshot(path=artifacts / f"import-done-{size}.png", full_page=True)
    await page.get_by_role("link", name="Show Installation Jobs").click()
    await expect(page.locator(".job-table tbody tr")).to_have_count(3)
    await expect(page.locator(".job-table")).to_contain_text("B-IM 2")
    # The check of the broken file answered 400, as a form with a problem does; nothing else.
    assert [line.split(" ", 1)[0] for line in failed] == ["400"]
    await context.close()


async def test_without_javascript_the_upload_and_import_are_plain_forms(
    live_server, browser, artifacts, manager, fleets, partner_code
):
    context = await browser.new_context(viewport=SIZES["phone"], java_script_enabled=False)
    page = await context.new_page()
    await sign_in(page, live_server, manager.email)
    await page.goto(f"{live_server}/fleets/{fleets['Berlin']}/jobs/import")
    good = csv_file("two.csv", f"B-NJ 1,,,{partner_code},", "B-NJ 2,,,,")

    await check(page, good)
    await page.get_by_role("button", name="Import 2 jobs").click()

    await expect(
        page.get_by_role("heading", name="2 jobs imported: 1 assigned, 1 pending")
    ).to_be_visible()
    await page.goto(f"{live_server}/fleets/{fleets['Berlin']}/jobs/installation")
    await expect(page.locator(".job-table tbody tr")).to_have_count(2)
    await page.screenshot(path=artifacts / "import-no-script-phone.png", full_page=True)
    await context.close()
