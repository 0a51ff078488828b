"""Bulk actions on every job matching the job table's filter, from the table's own form."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from core.db.models import Job
from core.job_views import BulkResult, SkippedJobs
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job, queued_messages
from tests.services.test_jobs import force
from tests.web.browsing import post_form, words_of
from tests.web.job_pages import bulk_of, flash_of, rows_of, table_of

PENDING = 53  # more than the table's page of 50


@pytest.fixture
async def berlin(uow, manager, links, fleets) -> dict[str, object]:
    """Berlin: 53 PENDING installation jobs, one ASSIGNED, one RUNNING, one maintenance job."""
    fleet = fleets["Berlin"]
    code = await connect_partner(uow, manager, links, fleet)
    pending = [await make_job(uow, manager, fleet, license_plate=f"B-PD {n}") for n in range(53)]
    assigned = await make_job(uow, manager, fleet, partner_code=code, license_plate="B-AS 1")
    running = await make_job(uow, manager, fleet, partner_code=code, license_plate="B-RU 1")
    await force(uow, running, JobStatus.RUNNING)
    maintenance = await make_job(uow, manager, fleet, job_type="maintenance")
    return {
        "code": code,
        "pending": pending,
        "assigned": assigned,
        "running": running,
        "maintenance": maintenance,
    }


def hidden(page, name: str) -> str:
    """The value of the bulk form's hidden field name."""
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)">', page.text)
    assert match is not None, name
    return html.unescape(match.group(1))


async def on_the_filter(client, fleet_id, action, *, filter_text, seen, **fields):
    """Send the bulk form with "Select all … matching this filter" ticked."""
    return await post_form(
        client,
        bulk_of(fleet_id),
        {
            "action": action,
            "scope": "filter",
            "job_type": fields.pop("job_type", "INSTALLATION"),
            "filter": filter_text,
            "seen": str(seen),
            "back": fields.pop("back", table_of(fleet_id)),
            **fields,
        },
    )


async def result_of(client, response) -> tuple[str, str] | None:
    assert response.status_code == 303
    return flash_of(await client.get(response.headers["location"]))


async def statuses(uow) -> dict[int, str]:
    async with uow.read_only() as work:
        return dict((await work.session.execute(select(Job.id, Job.status))).all())


async def test_the_table_offers_every_job_matching_its_filter_with_the_count_it_shows(
    signed_in, fleets, berlin
):
    page = await signed_in.get(f"{table_of(fleets['Berlin'])}?status=PENDING&sort=license_plate")

    assert len(rows_of(page)) == 50
    assert "Select all 53 jobs matching this filter, on every page" in words_of(page)
    assert (hidden(page, "job_type"), hidden(page, "filter"), hidden(page, "seen")) == (
        "INSTALLATION",
        "status=PENDING",
        "53",
    )
    assert 'form="bulk" name="scope" value="filter"' in page.text


async def test_assigning_every_job_matching_the_filter_gives_the_pending_ones_on_every_page(
    signed_in, uow, fleets, berlin
):
    page = await signed_in.get(table_of(fleets["Berlin"]))
    told_before = len(await queued_messages(uow))

    response = await on_the_filter(
        signed_in,
        fleets["Berlin"],
        "assign",
        filter_text=hidden(page, "filter"),
        seen=hidden(page, "seen"),
        partner=berlin["code"],
    )

    assert await result_of(signed_in, response) == (
        "warning",
        "53 assigned; 2 skipped: 1 already assigned, 1 running.",
    )
    now = await statuses(uow)
    assert {now[job] for job in berlin["pending"]} == {"ASSIGNED"}
    assert now[berlin["maintenance"]] == "PENDING"  # another table, another filter
    told = (await queued_messages(uow))[told_before:]
    assert [(key, values["count"]) for _, key, values, _, _ in told] == [("jobs.assigned_many", 53)]


async def test_deleting_every_job_matching_the_filter_asks_first_naming_the_count(
    signed_in, uow, fleets, berlin
):
    back = f"{table_of(fleets['Berlin'])}?q=b-&status=ASSIGNED&status=RUNNING"
    before = await database_contents(uow)

    asked = await on_the_filter(
        signed_in,
        fleets["Berlin"],
        "delete",
        filter_text="status=ASSIGNED&status=RUNNING&q=b-",
        seen=2,
        back=back,
    )

    assert asked.status_code == 200
    words = words_of(asked)
    assert "Delete all 2 jobs matching this filter?" in words
    assert "matching this filter (ASSIGNED or RUNNING; search “b-”)" in words
    assert await database_contents(uow) == before
    confirm = {name: hidden(asked, name) for name in ("scope", "job_type", "filter", "seen")}
    response = await post_form(
        signed_in,
        bulk_of(fleets["Berlin"]),
        {"action": "delete", "confirmed": "yes", "back": back, **confirm},
    )
    assert response.headers["location"] == back
    assert await result_of(signed_in, response) == ("warning", "1 deleted; 1 skipped: 1 running.")
    now = await statuses(uow)
    assert berlin["assigned"] not in now
    assert now[berlin["running"]] == "RUNNING"


@pytest.mark.parametrize(
    ("action", "fields", "message"),
    [
        ("assign", {"filter": "status=DONE"}, "Filter by a status that exists"),
        ("assign", {"filter": "status=PENDING&fleet=2"}, "not one the job table makes"),
        ("assign", {"filter": "status=PENDING&sort=-id"}, "not one the job table makes"),
        ("assign", {"filter": "PENDING"}, "not one the job table makes"),
        ("assign", {"filter": "from=31.12.2026"}, "“31.12.2026” is not a date"),
        ("assign", {"job_type": "LORRY"}, "not one the job table makes"),
        ("assign", {"seen": "many"}, "The number of jobs sent with the form is not a number"),
        ("assign", {"seen": "9" * 40}, "The number of jobs sent with the form is not a number"),
        (
            "assign",
            {"seen": "54"},
            "The jobs matching this filter changed since you looked (54 then, 53 now): "
            "look at the table again.",
        ),
        ("delete", {"seen": "7", "confirmed": "yes"}, "(7 then, 53 now)"),
        ("edit", {"field": "vin", "value": "WVWZZZ1KZAW000001"}, "Choose a field that can be set"),
        ("edit", {"field": "service_date", "value": "soon"}, "“soon” is not a date"),
        ("assign", {"partner": ""}, "Choose the service partner"),
        ("assign", {"partner": "ZZZZZ"}, "No service partner with the Partner ID ZZZZZ"),
    ],
    ids=[
        "unknown status",
        "unknown filter",
        "a sort is no filter",
        "not a query string",
        "bad date",
        "unknown job type",
        "count not a number",
        "count too long",
        "count changed",
        "count changed before deleting",
        "unknown field",
        "bad value",
        "no partner",
        "unknown partner",
    ],
)
async def test_a_forged_or_stale_filter_form_is_refused_with_a_message_and_changes_nothing(
    signed_in, uow, fleets, berlin, action, fields, message
):
    sent = {"filter": "status=PENDING", "seen": "53", "partner": berlin["code"], **fields}
    before = await database_contents(uow)

    response = await on_the_filter(
        signed_in,
        fleets["Berlin"],
        action,
        filter_text=sent.pop("filter"),
        seen=sent.pop("seen"),
        **sent,
    )

    kind, text = await result_of(signed_in, response)
    assert kind == "error"
    assert message in text
    assert await database_contents(uow) == before


def test_a_result_for_thousands_of_jobs_is_counted_not_listed():
    result = BulkResult("assigned", 10_000, (SkippedJobs("running", 12),))

    assert result.summary == "10,000 assigned; 12 skipped: 12 running"
