"""The box state under the QNR field: what CloudBoxx last heard from one of the fleet's boxes."""

from __future__ import annotations

import pytest

from tests.web.browsing import words_of
from tests.web.job_forms import jobs_of


async def box_state(client, fleet_id: int, qnr: str):
    return await client.get(f"{jobs_of(fleet_id)}/box-state", params={"qnr": qnr})


async def test_an_installed_box_shows_its_connection_heartbeat_and_lock(signed_in, fleets):
    page = await box_state(signed_in, fleets["Berlin"], "0030 0000 0000 0011")

    assert page.status_code == 200
    words = words_of(page)
    assert "Box 0030000000000011 · installed in B-FC 101" in words
    assert "Connection Online" in words
    assert "Last heartbeat 27 Nov 2026" in words
    assert "Central lock Locked" in words or "Central lock Unlocked" in words
    assert "<html" not in page.text


async def test_an_offline_box_says_so(signed_in, fleets):
    page = await box_state(signed_in, fleets["Berlin"], "0030000000000013")

    assert "Connection Offline" in words_of(page)


async def test_a_box_not_yet_installed_says_so(signed_in, fleets):
    page = await box_state(signed_in, fleets["Berlin"], "0030000000000001")

    assert "not installed in a vehicle yet" in words_of(page)


@pytest.mark.parametrize(
    "qnr", ["00300000000000FF", "0089000000000011"], ids=["unknown", "another fleet's"]
)
async def test_a_box_that_is_not_the_fleets_reads_as_unknown(signed_in, fleets, qnr):
    page = await box_state(signed_in, fleets["Berlin"], qnr)

    assert page.status_code == 404
    assert f"No CloudBoxx with the QNR {qnr} belongs to the fleet Berlin." in words_of(page)
    assert "M-FC" not in page.text


async def test_text_that_is_not_a_qnr_is_named(signed_in, fleets):
    page = await box_state(signed_in, fleets["Berlin"], "38429DA4")

    assert page.status_code == 400
    assert "“38429DA4” is not a QNR." in words_of(page)
