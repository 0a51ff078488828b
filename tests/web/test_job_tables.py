"""Installation Jobs and Maintenance Jobs: filters, chips, sorting, pages, the row menu, columns."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import httpx
import pytest

from admin_web.app import create_app
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, make_job, make_manager
from tests.services.test_jobs import force
from tests.web.browsing import post_form, sign_in, text_of, words_of
from tests.web.job_forms import DownGateway
from tests.web.job_pages import (
    chips_of,
    flash_of,
    row_html,
    rows_of,
    table_of,
)


@pytest.fixture
async def berlin(uow, manager, links, fleets) -> dict[str, int | str]:
    """Berlin's jobs in every status, a maintenance job, and a Munich job that never shows."""
    fleet = fleets["Berlin"]
    code = await connect_partner(uow, manager, links, fleet)
    jobs: dict[str, int | str] = {"code": code}
    jobs["pending"] = await make_job(
        uow,
        manager,
        fleet,
        license_plate="B-AA 1",
        vin="WVWZZZ1KZAW000001",
        vehicle_model_id="vw-golf-8",
        service_date="2026-12-05",
    )
    jobs["pool_car"] = await make_job(
        uow,
        manager,
        fleet,
        custom_name="Pool car",
        qnr="38429DA427AB7C25",
        service_date="2026-12-01",
    )
    for name, plate, date in (
        ("assigned", "B-CC 3", "2026-12-10"),
        ("overdue", "B-DD 4", "2026-11-20"),
        ("running", "B-EE 5", "2026-11-27"),
        ("failed", "B-FF 6", "2026-11-25"),
    ):
        jobs[name] = await make_job(
            uow, manager, fleet, partner_code=code, license_plate=plate, service_date=date
        )
    await force(uow, jobs["running"], JobStatus.RUNNING)
    await force(uow, jobs["failed"], JobStatus.RUNNING, JobStatus.FAILED)
    jobs["maintenance"] = await make_job(
        uow,
        manager,
        fleet,
        job_type="maintenance",
        maintenance_type="repair",
        license_plate="B-MM 9",
    )
    jobs["munich"] = await make_job(uow, manager, fleets["Munich"], license_plate="M-XX 1")
    return jobs


async def test_installation_jobs_shows_the_fleets_installation_jobs_newest_first(
    signed_in, fleets, berlin
):
    page = await signed_in.get(table_of(fleets["Berlin"]))

    assert page.status_code == 200
    assert rows_of(page) == [
        berlin[name] for name in ("failed", "running", "overdue", "assigned", "pool_car", "pending")
    ]
    assert "B-MM 9" not in page.text
    assert "M-XX 1" not in page.text
    words = words_of(page)
    assert "Installation Jobs 6 jobs" in words
    assert "Volkswagen Golf 8" in words  # the model's name, not its id
    assert "5 Dec 2026" in words
    assert f"Volt Installers ({berlin['code']})" in words


async def test_maintenance_jobs_shows_the_maintenance_jobs_and_offers_their_type_in_bulk_edit(
    signed_in, fleets, berlin
):
    maintenance = await signed_in.get(table_of(fleets["Berlin"], "maintenance"))
    installation = await signed_in.get(table_of(fleets["Berlin"]))

    assert rows_of(maintenance) == [berlin["maintenance"]]
    assert '<option value="maintenance_type"' in maintenance.text
    assert '<option value="maintenance_type"' not in installation.text


async def test_status_chips_count_every_status_and_filter_by_the_chosen_ones(
    signed_in, fleets, berlin
):
    page = await signed_in.get(table_of(fleets["Berlin"]), params={"status": "ASSIGNED"})

    assert rows_of(page) == [berlin["overdue"], berlin["assigned"]]
    chips = chips_of(page)
    counts = {label: count for label, (count, _) in chips.items()}
    assert counts == {
        "All": 6,
        "PENDING": 2,
        "ASSIGNED": 2,
        "RUNNING": 1,
        "SUCCEEDED": 0,
        "FAILED": 1,
    }
    # A chip adds its status to the filter, or takes it away again.
    assert chips["FAILED"][1] == f"{table_of(fleets['Berlin'])}?status=ASSIGNED&status=FAILED"
    assert chips["ASSIGNED"][1] == table_of(fleets["Berlin"])
    both = await signed_in.get(chips["FAILED"][1])
    assert rows_of(both) == [berlin["failed"], berlin["overdue"], berlin["assigned"]]


async def test_counts_follow_the_other_filters(signed_in, fleets, berlin):
    page = await signed_in.get(table_of(fleets["Berlin"]), params={"until": "2026-11-30"})

    assert rows_of(page) == [berlin["failed"], berlin["running"], berlin["overdue"]]
    counts = {label: count for label, (count, _) in chips_of(page).items()}
    assert counts["All"] == 3
    assert counts["PENDING"] == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "b-aa"}, ["pending"]),
        ({"q": "pool"}, ["pool_car"]),
        ({"q": "38429da4"}, ["pool_car"]),
        ({"q": "WVWZZZ1KZAW000001"}, ["pending"]),
        ({"from": "2026-12-01", "until": "2026-12-05"}, ["pool_car", "pending"]),
        ({"partner": "code"}, ["failed", "running", "overdue", "assigned"]),
        ({"partner": "code", "status": "FAILED"}, ["failed"]),
    ],
    ids=["plate", "custom name", "qnr", "vin", "service dates", "partner", "partner and status"],
)
async def test_filters_narrow_the_table(signed_in, fleets, berlin, params, expected):
    if params.get("partner") == "code":
        params = {**params, "partner": berlin["code"].lower()}

    page = await signed_in.get(table_of(fleets["Berlin"]), params=params)

    assert rows_of(page) == [berlin[name] for name in expected]
    assert "Clear filters" in page.text


async def test_a_filter_without_a_match_says_so(signed_in, fleets, berlin):
    page = await signed_in.get(table_of(fleets["Berlin"]), params={"q": "nothing like it"})

    assert rows_of(page) == []
    assert "No installation job matches these filters." in words_of(page)


async def test_a_header_sorts_the_table_by_its_column_and_again_the_other_way(
    signed_in, fleets, berlin
):
    table = table_of(fleets["Berlin"])
    page = await signed_in.get(table, params={"status": "PENDING"})
    assert f'href="{table}?status=PENDING&amp;sort=service_date">Service date' in page.text

    ascending = await signed_in.get(table, params={"status": "PENDING", "sort": "service_date"})
    assert rows_of(ascending) == [berlin["pool_car"], berlin["pending"]]
    assert 'class="col-service_date" aria-sort="ascending"' in ascending.text
    assert f'href="{table}?status=PENDING&amp;sort=-service_date">Service date' in ascending.text

    descending = await signed_in.get(table, params={"status": "PENDING", "sort": "-service_date"})
    assert rows_of(descending) == [berlin["pending"], berlin["pool_car"]]
    assert 'class="col-service_date" aria-sort="descending"' in descending.text


async def test_the_technician_column_shows_but_does_not_sort(signed_in, fleets, berlin):
    await post_form(
        signed_in,
        f"{table_of(fleets['Berlin'])}/columns",
        {"column": ["id", "technician"]},
    )

    page = await signed_in.get(table_of(fleets["Berlin"]))

    assert '<th scope="col" class="col-technician">\n          Technician' in page.text


async def test_next_page_goes_on_where_the_page_ended_and_first_page_comes_back(
    signed_in, uow, manager, fleets
):
    ids = [
        await make_job(uow, manager, fleets["Berlin"], license_plate=f"B-P {n}") for n in range(52)
    ]
    table = table_of(fleets["Berlin"])

    first = await signed_in.get(table)
    assert rows_of(first) == ids[::-1][:50]
    assert "First page" not in first.text
    next_url = _link(first, "Next page")
    assert "after=" in next_url

    second = await signed_in.get(next_url)
    assert rows_of(second) == [ids[1], ids[0]]
    assert "Next page" not in second.text
    assert _link(second, "First page") == table


async def test_a_page_link_that_does_not_parse_leads_to_the_first_page_with_a_message(
    signed_in, uow, fleets, berlin
):
    before = await database_contents(uow)

    page = await signed_in.get(
        table_of(fleets["Berlin"]),
        params={"status": "ASSIGNED", "after": "bm90IGEgY3Vyc29y"},
        follow_redirects=True,
    )

    assert page.url.path == table_of(fleets["Berlin"])
    assert page.url.query == b"status=ASSIGNED"  # the filters stay, the cursor goes
    assert flash_of(page) == (
        "error",
        "This page link is not valid (any more): start again from the first page.",
    )
    assert rows_of(page) == [berlin["overdue"], berlin["assigned"]]
    assert await database_contents(uow) == before


async def test_a_page_link_of_another_order_is_refused(signed_in, uow, manager, fleets):
    for n in range(51):
        await make_job(uow, manager, fleets["Berlin"], license_plate=f"B-P {n}")
    first = await signed_in.get(table_of(fleets["Berlin"]))
    cursor = _link(first, "Next page").split("after=")[1]

    page = await signed_in.get(
        table_of(fleets["Berlin"]),
        params={"sort": "license_plate", "after": cursor},
        follow_redirects=True,
    )

    assert page.url.query == b"sort=license_plate"
    assert flash_of(page)[0] == "error"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "LOST"}, "Filter by a status that exists"),
        ({"from": "yesterday"}, "“yesterday” is not a date"),
        ({"until": "2026-13-01"}, "is not a date"),
        ({"sort": "password"}, "Sort by one of the table's columns."),
        ({"q": "x" * 61}, "Search for at most 60 characters."),
    ],
    ids=["status", "from", "until", "sort", "search"],
)
async def test_a_bad_filter_is_refused_with_a_message_and_changes_nothing(
    signed_in, uow, fleets, berlin, params, message
):
    before = await database_contents(uow)

    page = await signed_in.get(table_of(fleets["Berlin"]), params=params, follow_redirects=True)

    assert page.url.path == table_of(fleets["Berlin"])
    assert page.url.query == b""
    kind, text = flash_of(page)
    assert kind == "error"
    assert message in text
    assert await database_contents(uow) == before


async def test_row_menu_offers_only_what_each_row_allows(signed_in, fleets, berlin):
    page = await signed_in.get(table_of(fleets["Berlin"]))
    fleet = fleets["Berlin"]

    def offers(name: str) -> set[str]:
        row = row_html(page, berlin[name])
        job = f"/fleets/{fleet}/jobs/{berlin[name]}"
        found = {
            "edit": f'href="{job}/edit"' in row,
            "duplicate": f'action="{job}/duplicate"' in row,
            "delete": f'action="{job}/delete"' in row,
        }
        return {action for action, there in found.items() if there}

    assert offers("pending") == {"edit", "duplicate", "delete"}
    assert offers("assigned") == {"edit", "duplicate", "delete"}  # edit unassigns first
    assert offers("running") == {"duplicate"}
    assert offers("failed") == {"duplicate", "delete"}


async def test_each_row_links_to_its_job_page(signed_in, fleets, berlin):
    page = await signed_in.get(table_of(fleets["Berlin"]))

    link = f'<a class="job-link" href="/fleets/{fleets["Berlin"]}/jobs/{berlin["pending"]}">'
    assert link in row_html(page, berlin["pending"])


async def test_assigned_jobs_past_their_service_date_are_marked_overdue(signed_in, fleets, berlin):
    page = await signed_in.get(table_of(fleets["Berlin"]))

    assert "Overdue" in row_html(page, berlin["overdue"])
    assert "Overdue" not in row_html(page, berlin["assigned"])
    assert "Overdue" not in row_html(page, berlin["failed"])  # its date passed, but it is done


async def test_while_cloudboxx_is_down_the_table_shows_model_ids(services, manager, berlin, fleets):
    app = create_app(replace(services, boxes=DownGateway()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)

        page = await client.get(table_of(fleets["Berlin"]))

    assert page.status_code == 200
    assert "vw-golf-8" in row_html(page, berlin["pending"])


async def test_an_empty_fleet_invites_the_manager_to_create_the_first_job(signed_in, fleets):
    page = await signed_in.get(table_of(fleets["Munich"], "maintenance"))

    words = words_of(page)
    assert "No maintenance jobs in Munich yet" in words
    assert f'href="/fleets/{fleets["Munich"]}/jobs/new?type=maintenance">New Job' in page.text
    assert "job-table" not in page.text


async def test_the_gear_menu_keeps_the_chosen_columns_for_this_manager_and_table(
    signed_in, app, uow, passwords, manager, fleets, berlin
):
    response = await post_form(
        signed_in,
        f"{table_of(fleets['Berlin'])}/columns",
        {"column": ["status", "qnr", "license_plate"], "back": f"{table_of(fleets['Berlin'])}?q=b"},
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"{table_of(fleets['Berlin'])}?q=b"
    shown = await signed_in.get(response.headers["location"])
    assert flash_of(shown) == (
        "success",
        "Installation Jobs now shows these columns: Status, License plate, QNR.",
    )
    page = await signed_in.get(table_of(fleets["Munich"]))  # in every fleet
    headers = [
        key
        for key in ("id", "status", "license_plate", "qnr", "vin")
        if f'class="col-{key}"' in page.text
    ]
    assert headers == ["status", "license_plate", "qnr"]
    maintenance = await signed_in.get(table_of(fleets["Berlin"], "maintenance"))
    assert 'class="col-vin"' in maintenance.text  # the other table keeps its columns
    await make_manager(
        uow,
        passwords,
        organization_id=fleets["organization"],
        fleet_ids=[fleets["Berlin"]],
        email="colleague@demo.test",
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        await sign_in(other, "colleague@demo.test")
        colleague = await other.get(table_of(fleets["Berlin"]))
    assert 'class="col-vin"' in colleague.text  # and so does everyone else


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([], "Keep at least one column in the table."),
        (["status", "password_hash"], "Choose columns the job table has."),
    ],
    ids=["none", "unknown"],
)
async def test_the_gear_menu_refuses_no_column_or_an_unknown_one(
    signed_in, uow, fleets, berlin, columns, message
):
    before = await database_contents(uow)

    response = await post_form(
        signed_in,
        f"{table_of(fleets['Berlin'])}/columns",
        {"column": columns},
    )

    page = await signed_in.get(response.headers["location"])
    assert flash_of(page) == ("error", message)
    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/fleets/1/jobs/installation",
        "//evil.example",
        "/fleets/2/jobs/installation",
        "/login",
    ],
)
async def test_the_gear_menu_leads_back_to_its_own_table_only(signed_in, fleets, back):
    response = await post_form(
        signed_in, f"{table_of(fleets['Berlin'])}/columns", {"column": "id", "back": back}
    )

    assert response.headers["location"] == table_of(fleets["Berlin"])


async def test_the_menu_shows_the_six_places_and_marks_the_current_one(signed_in, fleets):
    page = await signed_in.get(table_of(fleets["Berlin"], "maintenance"))

    menu = page.text[page.text.index('class="main-nav"') : page.text.index("</nav>")]
    berlin = fleets["Berlin"]
    for path in (
        "overview",
        "jobs/installation",
        "jobs/maintenance",
        "templates",
        "partners",
        "outbox",
    ):
        assert f'href="/fleets/{berlin}/{path}"' in menu
    assert 'aria-label="Maintenance Jobs" aria-current="page"' in menu
    assert text_of(page).count('aria-current="page"') == 2  # the menu's and the fleet switcher's


def _link(page: httpx.Response, label: str) -> str:
    match = re.search(
        rf'<a class="button secondary small" href="([^"]+)"[^>]*>{label}</a>', page.text
    )
    assert match is not None, f"the page has no {label} link"
    return html.unescape(match.group(1))
