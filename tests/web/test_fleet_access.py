"""A manager acts only on their own fleets: every fleet route refuses anyone else."""

from __future__ import annotations

import pytest

from tests.factories import database_contents, invite
from tests.web.browsing import post_form, sign_in, text_of

FLEET_ROUTES = [
    ("GET", "{base}", {}),
    ("GET", "{base}?q=partner", {}),
    ("GET", "{outbox}", {}),
    ("POST", "{base}", {"email": "intruder@example.com"}),
    ("POST", "{base}/{connection}/link", {}),
    ("POST", "{base}/{connection}/resend", {}),
    ("POST", "{base}/{connection}/override", {"allowed": "true"}),
    ("POST", "{base}/{connection}/remove", {}),
]
ROUTE_IDS = [f"{method} {route}" for method, route, _ in FLEET_ROUTES]


async def request_route(client, method, route, data, fleet_id, connection_id):
    url = route.format(
        base=f"/fleets/{fleet_id}/partners",
        outbox=f"/fleets/{fleet_id}/outbox",
        connection=connection_id,
    )
    if method == "GET":
        return await client.get(url)
    return await post_form(client, url, data)


@pytest.mark.parametrize(("method", "route", "data"), FLEET_ROUTES, ids=ROUTE_IDS)
async def test_manager_cannot_use_another_providers_fleet(
    client, manager, other_manager, fleets, links, uow, method, route, data
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    await sign_in(client, other_manager.email)
    before = await database_contents(uow)

    response = await request_route(
        client, method, route, data, fleets["Berlin"], link.connection_id
    )

    assert response.status_code == 404
    assert "This fleet does not exist, or you do not manage it." in text_of(response)
    assert "partner@example.com" not in response.text
    assert await database_contents(uow) == before


@pytest.mark.parametrize(("method", "route", "data"), FLEET_ROUTES, ids=ROUTE_IDS)
async def test_manager_cannot_use_a_fleet_of_their_provider_they_do_not_manage(
    client, manager, munich_manager, fleets, links, uow, method, route, data
):
    link = await invite(uow, manager, links, fleets["Berlin"])
    await sign_in(client, munich_manager.email)
    before = await database_contents(uow)

    response = await request_route(
        client, method, route, data, fleets["Berlin"], link.connection_id
    )

    assert response.status_code == 404
    assert await database_contents(uow) == before
