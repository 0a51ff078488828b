"""Revoke on the job page: the technician's access ends once, the vehicle is secured; a second
revoke, and any manager who does not manage the fleet, change nothing."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from admin_web.app import create_app
from core.catalogue import ModelCatalogue
from core.services.job_detail import show_job
from core.status import JobStatus
from tests.factories import database_contents
from tests.web.browsing import csrf_token, post_form, sign_in, text_of, words_of
from tests.web.job_forms import DownGateway, job_of
from tests.web.job_pages import flash_of
from tests.web.technician_work import golf_job, start, walk_to_tests


@pytest.fixture
async def running(services, manager, links, fleets) -> int:
    """A RUNNING Golf installation whose box is set up, its technician at the live tests."""
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await walk_to_tests(services, job_id)
    return job_id


def revoke_of(fleet_id: int, job_id: int) -> str:
    return f"{job_of(fleet_id, job_id)}/revoke"


async def test_revoke_ends_the_access_fails_the_job_and_secures_the_vehicle(
    signed_in, services, manager, fleets, running
):
    page = await signed_in.get(job_of(fleets["Berlin"], running))
    assert 'data-confirm="Revoke Volt Installers admin' in page.text

    response = await signed_in.post(
        revoke_of(fleets["Berlin"], running), data={"csrf_token": csrf_token(page)}
    )
    after = await signed_in.get(response.headers["location"])

    assert response.status_code == 303
    assert flash_of(after) == (
        "success",
        f"The technician's access to job {running} was revoked: the job FAILED, "
        "and the vehicle is being locked and immobilised.",
    )
    words = words_of(after)
    assert "Reason: A fleet manager revoked the access FleetCrew ended the job when" in words
    assert ": a fleet manager revoked it Ended" in words
    assert "Box follow-up: lock and disable driving: pending (not sent yet)" in words
    assert ">Revoke access</button>" not in after.text
    async with services.uow.read_only() as work:
        job = await show_job(work, manager, fleet_id=fleets["Berlin"], job_id=running)
    assert (job.status, job.failure_reason) == (JobStatus.FAILED, "access_revoked")


async def test_a_second_revoke_says_the_access_has_ended_already_and_changes_nothing(
    signed_in, uow, fleets, running
):
    await post_form(signed_in, revoke_of(fleets["Berlin"], running))
    before = await database_contents(uow)

    again = await post_form(signed_in, revoke_of(fleets["Berlin"], running))
    after = await signed_in.get(again.headers["location"])

    assert flash_of(after) == (
        "info",
        f"The access to job {running}'s vehicle has ended already; nothing was changed.",
    )
    assert await database_contents(uow) == before


async def test_without_the_gateways_models_revoke_asks_the_box_to_lock_and_disable_driving(
    services, manager, fleets, running, uow
):
    down = replace(services, catalogue=ModelCatalogue(DownGateway(), services.clock))
    transport = httpx.ASGITransport(app=create_app(down))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as browser:
        await sign_in(browser, manager.email)
        response = await post_form(browser, revoke_of(fleets["Berlin"], running))
        after = await browser.get(response.headers["location"])

    assert "Box follow-up: lock and disable driving: pending" in words_of(after)


@pytest.mark.parametrize("who", ["munich", "other organization", "both under Munich"])
async def test_a_manager_who_does_not_manage_the_jobs_fleet_cannot_revoke(
    app, manager, munich_manager, other_manager, other_fleets, fleets, uow, running, who
):
    email, fleet_id = {
        "munich": (munich_manager.email, fleets["Berlin"]),
        "other organization": (other_manager.email, other_fleets["Hamburg"]),
        "both under Munich": (manager.email, fleets["Munich"]),
    }[who]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as browser:
        await sign_in(browser, email)
        before = await database_contents(uow)

        response = await post_form(browser, revoke_of(fleet_id, running))

    assert response.status_code == 404
    assert "revoked" not in text_of(response)
    assert await database_contents(uow) == before


async def test_a_job_that_is_not_running_offers_no_revoke(
    signed_in, services, manager, links, fleets
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])

    assigned = await signed_in.get(job_of(fleets["Berlin"], job_id))
    await start(services, job_id)
    running = await signed_in.get(job_of(fleets["Berlin"], job_id))

    assert ">Revoke access</button>" not in assigned.text
    assert ">Revoke access</button>" in running.text
