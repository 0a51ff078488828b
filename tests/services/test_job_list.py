"""The job table: filters, sorting, keyset pages and counts per status."""

from __future__ import annotations

import pytest

from core.errors import InvalidInput
from core.job_fields import JobType
from core.services.job_list import JobQuery, JobSort, list_jobs, page_cursor, read_job_query
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job
from tests.services.test_jobs import force

INSTALLATION = JobType.INSTALLATION


async def page(uow, manager, fleet_id, **raw):
    query = read_job_query(INSTALLATION, raw)
    async with uow.read_only() as work:
        return await list_jobs(work, manager, fleet_id=fleet_id, query=query, limit=3)


async def every_page(uow, manager, fleet_id, **raw) -> list[int]:
    ids, cursor = [], None
    while True:
        found = await page(uow, manager, fleet_id, **raw, **({"after": cursor} if cursor else {}))
        ids += [row.id for row in found.rows]
        cursor = found.next_cursor
        if cursor is None:
            return ids


@pytest.fixture
async def fleet_jobs(uow, manager, links, fleets):
    """Eight Berlin installation jobs, a maintenance job and a Munich job that never show."""
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    plates = ["B-AA 1", "B-CC 3", None, "B-BB 2", "B-DD 4", "B-EE 5", "B-FF 6", "B-GG 7"]
    ids = []
    for number, plate in enumerate(plates):
        raw = {"license_plate": plate} if plate else {"custom_name": "No plate yet"}
        if number % 2:
            raw["service_date"] = f"2026-12-{10 - number:02d}"
        ids.append(
            await make_job(
                uow, manager, fleets["Berlin"], partner_code=code if number < 3 else None, **raw
            )
        )
    await force(uow, ids[0], JobStatus.RUNNING, JobStatus.FAILED)
    await make_job(uow, manager, fleets["Berlin"], job_type="maintenance", license_plate="B-MM 9")
    await make_job(uow, manager, fleets["Munich"], license_plate="M-XX 1")
    return ids, code


async def test_pages_follow_each_other_without_gaps_or_repeats(uow, manager, fleets, fleet_jobs):
    ids, _ = fleet_jobs

    assert await every_page(uow, manager, fleets["Berlin"]) == sorted(ids, reverse=True)
    assert (
        await every_page(uow, manager, fleets["Berlin"], sort="license_plate")
        == [
            ids[2],  # no plate sorts first
            ids[0],
            ids[3],
            ids[1],
            *ids[4:],
        ]
    )
    by_date = await every_page(uow, manager, fleets["Berlin"], sort="-service_date")
    assert by_date[:4] == [ids[1], ids[3], ids[5], ids[7]]


async def test_counts_per_status_ignore_the_status_filter_and_heed_the_others(
    uow, manager, fleets, fleet_jobs
):
    found = await page(uow, manager, fleets["Berlin"], status="ASSIGNED")

    assert found.counts[JobStatus.PENDING] == 5
    assert found.counts[JobStatus.ASSIGNED] == 2
    assert found.counts[JobStatus.FAILED] == 1
    assert found.total == 8
    assert {row.status for row in found.rows} == {JobStatus.ASSIGNED}


async def test_filters_by_partner_service_date_and_one_text_box(uow, manager, fleets, fleet_jobs):
    ids, code = fleet_jobs

    by_partner = await every_page(uow, manager, fleets["Berlin"], partner=code.lower())
    in_range = await every_page(uow, manager, fleets["Berlin"], **{"from": "2026-12-05"})
    text = await every_page(uow, manager, fleets["Berlin"], q="b-dd")
    custom = await every_page(uow, manager, fleets["Berlin"], q="plate yet")
    literal = await every_page(uow, manager, fleets["Berlin"], q="%")

    assert sorted(by_partner) == ids[:3]
    assert sorted(in_range) == [ids[1], ids[3], ids[5]]
    assert text == [ids[4]]
    assert custom == [ids[2]]
    assert literal == []


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"status": "DONE"}, "Filter by a status that exists"),
        ({"from": "yesterday"}, "is not a date"),
        ({"sort": "password"}, "Sort by one of the table's columns"),
        ({"q": "x" * 61}, "at most 60 characters"),
        ({"q": "b-\x00"}, "not valid UTF-8"),
    ],
)
def test_a_table_request_that_does_not_parse_is_refused(raw, words):
    with pytest.raises(InvalidInput, match=words):
        read_job_query(INSTALLATION, raw)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "WyJpZCIsdHJ1ZV0",  # a list too short
        "WyJsaWNlbnNlX3BsYXRlIix0cnVlLCJCIiwxXQ",  # another sort's cursor
        "WyJpZCIsdHJ1ZSwiMSIsMV0",  # an id that is not a number
        page_cursor(JobSort("id", descending=True), 2**31, 2**31),  # beyond any integer column
        "WyJpZCIsdHJ1ZSx0cnVlLHRydWVd",  # true for an id (JSON's true is a Python int)
    ],
)
async def test_a_page_cursor_that_does_not_parse_gets_a_clear_message_and_changes_nothing(
    uow, manager, fleets, fleet_jobs, cursor
):
    before = await database_contents(uow)

    with pytest.raises(InvalidInput, match="start again from the first page"):
        await page(uow, manager, fleets["Berlin"], after=cursor)

    assert await database_contents(uow) == before


async def test_the_maintenance_tab_shows_only_maintenance_jobs(uow, manager, fleets, fleet_jobs):
    async with uow.read_only() as work:
        found = await list_jobs(
            work, manager, fleet_id=fleets["Berlin"], query=JobQuery(JobType.MAINTENANCE)
        )

    assert [row.license_plate for row in found.rows] == ["B-MM 9"]
