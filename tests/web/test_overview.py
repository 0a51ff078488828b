"""The Overview, a fleet's home page: counts per status, the chart, what needs attention."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.db.models import Job
from core.status import JobStatus
from tests.factories import connect_partner, make_job
from tests.services.test_jobs import force
from tests.web.browsing import words_of
from tests.web.job_pages import overview_of, table_of


@pytest.fixture
async def berlin(uow, manager, links, fleets, clock) -> dict[str, int]:
    """Berlin: an overdue job, a FAILED and a SUCCEEDED one done yesterday, a maintenance job."""
    fleet = fleets["Berlin"]
    code = await connect_partner(uow, manager, links, fleet)
    jobs = {
        "overdue": await make_job(
            uow,
            manager,
            fleet,
            partner_code=code,
            license_plate="B-OD 1",
            service_date="2026-11-20",
        ),
        "on_time": await make_job(
            uow,
            manager,
            fleet,
            partner_code=code,
            license_plate="B-OT 2",
            service_date="2026-12-20",
        ),
        "failed": await make_job(uow, manager, fleet, partner_code=code, license_plate="B-FA 3"),
        "done": await make_job(uow, manager, fleet, partner_code=code, license_plate="B-OK 4"),
        "maintenance": await make_job(
            uow, manager, fleet, job_type="maintenance", license_plate="B-MT 5"
        ),
    }
    for name, end in (("failed", JobStatus.FAILED), ("done", JobStatus.SUCCEEDED)):
        await force(uow, jobs[name], JobStatus.RUNNING, end)
        async with uow() as work:
            job = await work.session.get_one(Job, jobs[name])
            job.finished_at = clock.now() - timedelta(days=1)
            await work.commit()
    return jobs


async def test_home_is_the_overview_of_the_first_fleet(signed_in, fleets):
    response = await signed_in.get("/")

    assert response.status_code == 303
    assert response.headers["location"] == overview_of(fleets["Berlin"])


async def test_overview_counts_jobs_per_status_with_links_to_the_filtered_tables(
    signed_in, fleets, berlin
):
    page = await signed_in.get(overview_of(fleets["Berlin"]))

    assert page.status_code == 200
    words = words_of(page)
    assert "Installation Jobs 4 PENDING 0 ASSIGNED 2 RUNNING 0 SUCCEEDED 1 FAILED 1" in words
    assert "Maintenance Jobs 1 PENDING 1 ASSIGNED 0" in words
    berlin_table = table_of(fleets["Berlin"])
    assert f'href="{berlin_table}?status=FAILED"' in page.text
    assert f'href="{table_of(fleets["Berlin"], "maintenance")}?status=PENDING"' in page.text


async def test_overview_charts_the_finished_jobs_and_says_the_same_in_words(
    signed_in, fleets, berlin
):
    page = await signed_in.get(overview_of(fleets["Berlin"]))

    summary = (
        "In the last 30 days, 2 jobs finished: 1 SUCCEEDED, 1 FAILED. "
        "The busiest day was 26 Nov with 2."
    )
    assert f'<p class="muted" id="chart-summary">{summary}</p>' in page.text
    assert page.text.count('role="img"') == 2  # a wide and a narrow drawing, one shown
    assert f'<desc id="chart-wide-desc">{summary}</desc>' in page.text
    assert "<title>26 Nov: 1 SUCCEEDED, 1 FAILED</title>" in page.text
    assert page.text.count('class="bar-succeeded"') == 2  # one bar in each drawing
    assert page.text.count('class="bar-failed"') == 2


async def test_overview_lists_failed_jobs_and_assigned_jobs_past_their_service_date(
    signed_in, fleets, berlin
):
    page = await signed_in.get(overview_of(fleets["Berlin"]))

    fleet = fleets["Berlin"]
    failed = page.text[
        page.text.index('id="attention-failed"') : page.text.index('id="attention-overdue"')
    ]
    overdue = page.text[page.text.index('id="attention-overdue"') :]
    assert f'href="/fleets/{fleet}/jobs/{berlin["failed"]}"' in failed
    assert f'href="/fleets/{fleet}/jobs/{berlin["overdue"]}"' in overdue
    assert "B-OT 2" not in page.text  # ASSIGNED, but not yet due
    assert (
        f'href="{table_of(fleet)}?status=ASSIGNED&amp;until=2026-11-26&amp;sort=service_date"'
        in (overdue)
    )


async def test_an_empty_fleets_overview_invites_the_manager_to_plan_a_job(signed_in, fleets):
    page = await signed_in.get(overview_of(fleets["Munich"]))

    words = words_of(page)
    assert "No jobs in Munich yet" in words
    assert "No job finished in the last 30 days." in words
    assert "No job has FAILED." in words
    assert f'href="/fleets/{fleets["Munich"]}/jobs/new?type=installation"' in page.text


@pytest.mark.parametrize(
    ("page_path", "switched_path"),
    [
        ("overview", "overview"),
        ("jobs/installation", "jobs/installation"),
        ("jobs/maintenance", "jobs/maintenance"),
        ("partners", "partners"),
        ("outbox", "outbox"),
    ],
)
async def test_the_fleet_switcher_keeps_the_kind_of_page(
    signed_in, fleets, page_path, switched_path
):
    page = await signed_in.get(f"/fleets/{fleets['Berlin']}/{page_path}")

    switcher = page.text[page.text.index('class="fleet-switcher"') : page.text.index("</details>")]
    assert f'<a href="/fleets/{fleets["Munich"]}/{switched_path}">Munich</a>' in switcher
