"""Every job and template route refuses whoever does not manage the fleet, and changes nothing."""

from __future__ import annotations

import pytest

from core.services import templates
from core.status import JobStatus
from tests.factories import connect_partner, database_contents, job_fields, make_job
from tests.services.test_jobs import force
from tests.web.browsing import post_form, sign_in, text_of
from tests.web.job_forms import jobs_of, templates_of

ROUTES = [
    ("GET", "{jobs}/new", {}),
    ("GET", "{jobs}/new?template={template_id}", {}),
    ("POST", "{jobs}/new", {"vin": "WVWZZZE1ZNP000999"}),
    ("POST", "{jobs}/new", {"template_name": "Taken over", "action": "save_template"}),
    ("GET", "{jobs}/box-state?qnr=0030000000000011", {}),
    ("GET", "{job}", {}),
    ("GET", "{job}/live", {}),
    ("GET", "{job}/photos/1", {}),
    ("GET", "{job}/edit", {}),
    ("POST", "{job}/edit", {"custom_name": "Taken over", "unassign": "true"}),
    ("POST", "{job}/duplicate", {}),
    ("POST", "{job}/delete", {}),
    ("POST", "{job}/revoke", {}),
    ("POST", "{failed}/reopen", {"assign_again": "false"}),
    ("GET", "{templates}", {}),
    ("GET", "{templates}/new", {}),
    ("POST", "{templates}/new", {"name": "Taken over"}),
    ("GET", "{template}", {}),
    ("POST", "{template}", {"name": "Taken over"}),
    ("POST", "{template}/duplicate", {}),
    ("POST", "{template}/delete", {}),
]
IDS = [f"{method} {route} {sorted(data)}" for method, route, data in ROUTES]
ITEM_ROUTES = [route for route in ROUTES if "{job}" in route[1] or "{template}" in route[1]]
ITEM_IDS = [f"{method} {route}" for method, route, data in ITEM_ROUTES]


@pytest.fixture
async def berlin(uow, manager, links, fleets) -> dict[str, int]:
    """A PENDING job, a FAILED job and a template of the fleet Berlin."""
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    job_id = await make_job(uow, manager, fleets["Berlin"], license_plate="B-SECRET 1")
    failed = await make_job(uow, manager, fleets["Berlin"], partner_code=code)
    await force(uow, failed, JobStatus.RUNNING, JobStatus.FAILED)
    async with uow() as work:
        template = await templates.create_template(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            name="Berlin secret",
            fields=job_fields(vin="WVWZZZE1ZNP000301"),
        )
    return {"job": job_id, "failed": failed, "template": template.id}


async def request_route(client, method, route, data, fleet_id, ids):
    jobs = jobs_of(fleet_id)
    url = route.format(
        jobs=jobs,
        job=f"{jobs}/{ids['job']}",
        failed=f"{jobs}/{ids['failed']}",
        templates=templates_of(fleet_id),
        template=f"{templates_of(fleet_id)}/{ids['template']}",
        template_id=ids["template"],
    )
    if method == "GET":
        return await client.get(url)
    return await post_form(client, url, data)


def shows_nothing_of_berlin(response) -> bool:
    return all(secret not in response.text for secret in ("B-SECRET 1", "Berlin secret"))


@pytest.mark.parametrize(("method", "route", "data"), ROUTES, ids=IDS)
async def test_a_manager_of_another_organization_is_refused_and_nothing_changes(
    client, other_manager, fleets, berlin, uow, method, route, data
):
    await sign_in(client, other_manager.email)
    before = await database_contents(uow)

    response = await request_route(client, method, route, data, fleets["Berlin"], berlin)

    assert response.status_code == 404
    assert "This fleet does not exist, or you do not manage it." in text_of(response)
    assert shows_nothing_of_berlin(response)
    assert await database_contents(uow) == before


@pytest.mark.parametrize(("method", "route", "data"), ROUTES, ids=IDS)
async def test_a_manager_of_another_fleet_of_the_organization_is_refused_and_nothing_changes(
    client, munich_manager, fleets, berlin, uow, method, route, data
):
    await sign_in(client, munich_manager.email)
    before = await database_contents(uow)

    response = await request_route(client, method, route, data, fleets["Berlin"], berlin)

    assert response.status_code == 404
    assert shows_nothing_of_berlin(response)
    assert await database_contents(uow) == before


@pytest.mark.parametrize("who", ["another organization's manager", "the manager of both"])
@pytest.mark.parametrize(("method", "route", "data"), ITEM_ROUTES, ids=ITEM_IDS)
async def test_a_job_or_template_asked_for_under_another_fleet_is_not_found(
    client, other_manager, manager, other_fleets, fleets, berlin, uow, method, route, data, who
):
    # Their own fleet's address with Berlin's ids: Hamburg of Other Mobility, or Munich.
    mine = who == "the manager of both"
    await sign_in(client, manager.email if mine else other_manager.email)
    before = await database_contents(uow)

    fleet_id = fleets["Munich"] if mine else other_fleets["Hamburg"]
    response = await request_route(client, method, route, data, fleet_id, berlin)

    assert response.status_code == 404
    assert "does not exist in this fleet (any more)." in text_of(response)
    assert shows_nothing_of_berlin(response)
    assert await database_contents(uow) == before


@pytest.mark.parametrize("not_an_id", ["abc", "1.5", "-1", "0", "99999999999", "%20"])
@pytest.mark.parametrize(("method", "route", "data"), ITEM_ROUTES, ids=ITEM_IDS)
async def test_an_id_that_is_not_a_row_number_is_not_found_and_changes_nothing(
    signed_in, fleets, berlin, uow, method, route, data, not_an_id
):
    before = await database_contents(uow)
    ids = {name: not_an_id for name in ("job", "failed", "template")}

    response = await request_route(signed_in, method, route, data, fleets["Berlin"], ids)

    assert response.status_code == 404
    assert "This page does not exist." in text_of(response)
    assert await database_contents(uow) == before


POST_ROUTES = [route for route in ROUTES if route[0] == "POST"]


@pytest.mark.parametrize(
    ("method", "route", "data"), POST_ROUTES, ids=[f"{m} {r}" for m, r, _ in POST_ROUTES]
)
async def test_a_form_without_the_sessions_token_is_refused_and_changes_nothing(
    signed_in, fleets, berlin, uow, method, route, data
):
    before = await database_contents(uow)
    jobs = jobs_of(fleets["Berlin"])
    url = route.format(
        jobs=jobs,
        job=f"{jobs}/{berlin['job']}",
        failed=f"{jobs}/{berlin['failed']}",
        templates=templates_of(fleets["Berlin"]),
        template=f"{templates_of(fleets['Berlin'])}/{berlin['template']}",
    )

    response = await signed_in.post(url, data={**data, "csrf_token": "forged"})

    assert response.status_code == 403
    assert "This form has expired or was not sent from FleetCrew" in text_of(response)
    assert await database_contents(uow) == before
