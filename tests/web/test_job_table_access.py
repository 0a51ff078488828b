"""The Overview, the job tables, their columns and bulk actions refuse anyone else's fleet."""

from __future__ import annotations

import pytest

from tests.factories import connect_partner, database_contents, make_job
from tests.web.browsing import post_form, sign_in, text_of

ROUTES = [
    ("GET", "/fleets/{fleet}/overview", {}),
    ("GET", "/fleets/{fleet}/jobs/installation", {}),
    ("GET", "/fleets/{fleet}/jobs/maintenance", {}),
    ("GET", "/fleets/{fleet}/jobs/installation?status=ASSIGNED&q=b-aa&sort=vin", {}),
    ("GET", "/fleets/{fleet}/jobs/installation?after=bm90IGEgY3Vyc29y", {}),
    ("POST", "/fleets/{fleet}/jobs/installation/columns", {"column": ["vin"]}),
    ("POST", "/fleets/{fleet}/jobs/maintenance/columns", {"column": ["vin"]}),
    ("POST", "/fleets/{fleet}/jobs/bulk", {"action": "assign", "partner": "{code}"}),
    ("POST", "/fleets/{fleet}/jobs/bulk", {"action": "unassign"}),
    ("POST", "/fleets/{fleet}/jobs/bulk", {"action": "edit", "field": "year", "value": "2020"}),
    ("POST", "/fleets/{fleet}/jobs/bulk", {"action": "delete"}),
    ("POST", "/fleets/{fleet}/jobs/bulk", {"action": "delete", "confirmed": "yes"}),
]
ROUTE_IDS = [f"{method} {path} {data.get('action', '')}".strip() for method, path, data in ROUTES]


@pytest.fixture
async def berlin_job(uow, manager, links, fleets) -> tuple[int, str]:
    """An ASSIGNED Berlin job and its partner's Partner ID."""
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    job = await make_job(uow, manager, fleets["Berlin"], partner_code=code, license_plate="B-AA 1")
    return job, code


async def request_route(client, method, path, data, fleet_id, job_id, code):
    url = path.format(fleet=fleet_id)
    if method == "GET":
        return await client.get(url)
    sent = {
        name: value.format(code=code) if isinstance(value, str) else value
        for name, value in data.items()
    }
    if url.endswith("/bulk"):
        sent["job"] = [str(job_id)]
    return await post_form(client, url, sent)


@pytest.mark.parametrize(("method", "path", "data"), ROUTES, ids=ROUTE_IDS)
async def test_a_manager_of_another_provider_is_refused_and_nothing_changes(
    client, other_manager, fleets, berlin_job, uow, method, path, data
):
    job_id, code = berlin_job
    await sign_in(client, other_manager.email)
    before = await database_contents(uow)

    response = await request_route(client, method, path, data, fleets["Berlin"], job_id, code)

    assert response.status_code == 404
    assert "This fleet does not exist, or you do not manage it." in text_of(response)
    assert "B-AA 1" not in response.text
    assert await database_contents(uow) == before


@pytest.mark.parametrize(("method", "path", "data"), ROUTES, ids=ROUTE_IDS)
async def test_a_manager_of_another_fleet_of_the_provider_is_refused_and_nothing_changes(
    client, munich_manager, fleets, berlin_job, uow, method, path, data
):
    job_id, code = berlin_job
    await sign_in(client, munich_manager.email)
    before = await database_contents(uow)

    response = await request_route(client, method, path, data, fleets["Berlin"], job_id, code)

    assert response.status_code == 404
    assert "B-AA 1" not in response.text
    assert await database_contents(uow) == before


async def test_a_bulk_action_in_ones_own_fleet_does_not_reach_another_fleets_job(
    client, munich_manager, fleets, berlin_job, uow
):
    job_id, _ = berlin_job
    await sign_in(client, munich_manager.email)
    before = await database_contents(uow)

    response = await post_form(
        client,
        f"/fleets/{fleets['Munich']}/jobs/bulk",
        {"action": "unassign", "job": [str(job_id)]},
    )

    page = await client.get(response.headers["location"])
    assert "0 unassigned; 1 skipped: 1 not found." in text_of(page)
    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    "path",
    ["/fleets/0/overview", "/fleets/abc/jobs/installation", "/fleets/99999999999/jobs/maintenance"],
)
async def test_a_fleet_address_that_cannot_exist_is_not_found(signed_in, path):
    response = await signed_in.get(path)

    assert response.status_code == 404
