"""When the CloudBoxx service cannot be reached: what was typed stays, nothing is saved."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import httpx
import pytest

from admin_web.app import create_app
from tests.factories import database_contents, make_job
from tests.web.browsing import post_form, sign_in, text_of, words_of
from tests.web.job_forms import DownGateway, form_values, job_of, jobs_of, new_job_of, templates_of

DOWN = "The CloudBoxx service cannot be reached just now"


@pytest.fixture
async def signed_in_without_gateway(services, manager) -> AsyncIterator[httpx.AsyncClient]:
    """The manager signed in to an admin web whose CloudBoxx service is down."""
    app = create_app(replace(services, boxes=DownGateway()))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        await sign_in(client, manager.email)
        yield client


@pytest.mark.parametrize("form", ["/jobs/new", "/templates/new"])
async def test_an_empty_form_needs_the_models_and_says_the_service_is_down(
    signed_in_without_gateway, fleets, form
):
    page = await signed_in_without_gateway.get(f"/fleets/{fleets['Berlin']}{form}")

    assert page.status_code == 503
    assert "The CloudBoxx service is not available" in words_of(page)
    assert DOWN in text_of(page)


@pytest.mark.parametrize("route", ["new job", "edit", "new template"])
async def test_a_form_sent_meanwhile_comes_back_as_typed_and_nothing_is_saved(
    signed_in_without_gateway, fleets, manager, uow, route
):
    job_id = await make_job(uow, manager, fleets["Berlin"])
    url = {
        "new job": new_job_of(fleets["Berlin"]),
        "edit": f"{job_of(fleets['Berlin'], job_id)}/edit",
        "new template": f"{templates_of(fleets['Berlin'])}/new",
    }[route]
    before = await database_contents(uow)

    page = await post_form(
        signed_in_without_gateway,
        url,
        {"name": "EV setup", "vin": "WVWZZZE1ZNP000301", "vehicle_model_id": "vw-id3"},
    )

    assert page.status_code == 503
    assert f"{DOWN}" in text_of(page)
    assert "Nothing was saved." in text_of(page)
    values = form_values(page)
    assert (values["vin"], values["vehicle_model_id"]) == ("WVWZZZE1ZNP000301", "vw-id3")
    assert await database_contents(uow) == before


async def test_the_job_page_and_the_templates_list_still_show_naming_the_model_by_id(
    signed_in_without_gateway, fleets, manager, uow
):
    job_id = await make_job(uow, manager, fleets["Berlin"], vehicle_model_id="vw-id3")

    job_page = await signed_in_without_gateway.get(job_of(fleets["Berlin"], job_id))
    templates = await signed_in_without_gateway.get(templates_of(fleets["Berlin"]))

    assert job_page.status_code == 200
    assert "Vehicle model vw-id3 Read-only" in words_of(job_page)
    assert templates.status_code == 200


async def test_the_box_state_says_the_service_is_down(signed_in_without_gateway, fleets):
    page = await signed_in_without_gateway.get(
        f"{jobs_of(fleets['Berlin'])}/box-state", params={"qnr": "0030000000000011"}
    )

    assert page.status_code == 503
    assert DOWN in text_of(page)
