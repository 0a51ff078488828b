"""Errors become readable pages, never a traceback or a JSON body."""

from __future__ import annotations

import pytest

from tests.web.browsing import post_form, text_of

BEYOND_INT32 = 3_000_000_000


async def test_unknown_page_is_a_readable_404(signed_in):
    response = await signed_in.get("/no/such/page")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "This page does not exist." in text_of(response)


async def test_fleet_address_that_is_not_a_number_is_a_404(signed_in):
    response = await signed_in.get("/fleets/berlin/partners")

    assert response.status_code == 404
    assert "This page does not exist." in text_of(response)


@pytest.mark.parametrize("fleet_id", [BEYOND_INT32, 0], ids=["beyond-int32", "zero"])
async def test_fleet_id_out_of_range_is_a_404(signed_in, fleet_id):
    response = await signed_in.get(f"/fleets/{fleet_id}/partners")

    assert response.status_code == 404
    assert "This page does not exist." in text_of(response)


@pytest.mark.parametrize("action", ["link", "resend", "override", "remove"])
async def test_connection_id_out_of_range_is_a_404(signed_in, fleets, action):
    base = f"/fleets/{fleets['Berlin']}/partners/{BEYOND_INT32}"

    response = await post_form(signed_in, f"{base}/{action}")

    assert response.status_code == 404
    assert "This page does not exist." in text_of(response)


async def test_form_address_opened_as_a_page_is_refused_readably(signed_in, fleets):
    response = await signed_in.get(f"/fleets/{fleets['Berlin']}/partners/1/remove")

    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/html")


async def test_pages_are_not_cached_or_framed(signed_in, fleets):
    response = await signed_in.get(f"/fleets/{fleets['Berlin']}/partners")

    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


async def test_pages_link_a_favicon_that_is_served(client):
    page = await client.get("/login")
    icon = await client.get("/static/favicon.svg")
    asked_anyway = await client.get("/favicon.ico")

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.text
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")
    assert asked_anyway.status_code == 308
    assert asked_anyway.headers["location"] == "/static/favicon.svg"
