"""The job page reads the technician's record: answers by name, tests with what the box
reported, photos as images, the diff, the access and the box's follow-up, the failure."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx

from cloudboxx.demo import BERLIN_GOLF, BERLIN_NEW_1
from core.services import box_identity, box_live, checklists
from core.services.box_commands import send_due_follow_ups
from core.services.chats import meet_telegram_user
from tests.factories import connect_partner, database_contents, make_job
from tests.web.browsing import sign_in, words_of
from tests.web.job_forms import job_of
from tests.web.technician_work import (
    ADMIN,
    FITTED_BOX,
    complete,
    fail,
    golf_job,
    start,
    walk_to_tests,
)

_PHOTO = re.compile(
    r'<a href="([^"]+/photos/\d+)"><img src="\1" width="160" height="120" alt="([^"]+)"'
)


def browser(app) -> httpx.AsyncClient:
    """A second browser on the admin web, for another manager."""
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


def photos_on(page) -> dict[str, str]:
    """Each thumbnail's alt text and the address it shows and links to."""
    return {alt: url for url, alt in _PHOTO.findall(page.text)}


async def test_a_completed_job_shows_its_answers_by_name_and_the_tests_with_the_boxs_readings(
    signed_in, services, manager, links, fleets
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await complete(services, job_id)

    words = words_of(await signed_in.get(job_of(fleets["Berlin"], job_id)))

    assert "Vehicle confirmed typed 123456; matches the VIN Volt Installers admin" in words
    assert f"Box identified QNR {BERLIN_NEW_1}, read from the label" in words
    assert "Box plugged into the OBD port Done" in words
    assert "Card reader fitted Skipped Skipped: No card reader in the parts box." in words
    assert (
        "Configuration applied Vehicle model: Volkswagen Golf 8 (vw-golf-8); "
        "Installation variant: OBD; Central-lock connection: CAN bus; Fuel type: Diesel"
    ) in words
    assert (
        "Test: lock Passed The box reported: online · last heartbeat 27 Nov 2026, 10:00 CET "
        "· central lock locked · driving enabled"
    ) in words
    assert "Test: disable driving Passed The box reported: online" in words
    assert "driving disabled Volt Installers admin" in words
    assert "Fuel type PETROL DIESEL Volt Installers admin" in words
    assert "Lock the central lock Test: lock done · 1 attempt" in words


async def test_the_box_commands_show_their_flow_ids(signed_in, services, manager, links, fleets):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await complete(services, job_id)

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))

    flows = re.findall(r'<code class="flow-id">([^<]+)</code>', page.text)
    assert [flow.split("-")[0] for flow in flows] == ["test"] * 5 + ["secure"]
    assert (
        "Lock and disable driving securing the vehicle after the access ended "
        "waiting to be sent again · 0 attempts"
    ) in words_of(page)


async def test_the_photos_are_thumbnails_of_the_stored_copies(
    signed_in, services, manager, links, fleets
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await complete(services, job_id)

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))
    photos = photos_on(page)
    fitted = await signed_in.get(photos["Photo for Photo of the fitted box"])

    assert set(photos) == {"Photo for Box identified", "Photo for Photo of the fitted box"}
    assert fitted.status_code == 200
    assert fitted.content == FITTED_BOX
    assert fitted.headers["content-type"] == "image/png"
    assert fitted.headers["cache-control"] == "private, max-age=3600"
    assert fitted.headers["x-content-type-options"] == "nosniff"


async def test_a_photo_is_shown_only_under_its_own_job_of_a_fleet_the_manager_manages(
    signed_in, app, services, manager, other_manager, links, fleets, uow
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await complete(services, job_id)
    other_job = await make_job(uow, manager, fleets["Berlin"])
    page = await signed_in.get(job_of(fleets["Berlin"], job_id))
    url = photos_on(page)["Photo for Photo of the fitted box"]
    photo_id = url.rsplit("/", 1)[1]
    async with browser(app) as other:
        await sign_in(other, other_manager.email)
        before = await database_contents(uow)

        of_another_manager = await other.get(url)
        of_another_job = await signed_in.get(
            f"{job_of(fleets['Berlin'], other_job)}/photos/{photo_id}"
        )
        under_munich = await signed_in.get(f"{job_of(fleets['Munich'], job_id)}/photos/{photo_id}")
        unknown = await signed_in.get(f"{job_of(fleets['Berlin'], job_id)}/photos/999999")

    for response in (of_another_job, under_munich, unknown, of_another_manager):
        assert response.status_code == 404
        assert "image" not in response.headers["content-type"]
    assert await database_contents(uow) == before


async def test_the_access_ended_on_completion_and_the_follow_up_goes_from_pending_to_confirmed(
    signed_in, services, manager, links, fleets, boxes, clock
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await complete(services, job_id)
    url = job_of(fleets["Berlin"], job_id)

    waiting = words_of(await signed_in.get(url))
    boxes.set_faults(BERLIN_NEW_1, offline=True)
    await send_once(services, boxes)
    retrying = words_of(await signed_in.get(url))
    boxes.set_faults(BERLIN_NEW_1, offline=False)
    clock.advance(timedelta(seconds=3))
    await send_once(services, boxes)
    confirmed = words_of(await signed_in.get(url))

    ended = "ended 27 Nov 2026, 10:00 CET : the job was completed Ended"
    assert ended in waiting
    assert "Box follow-up: lock and disable driving: pending (not sent yet)" in waiting
    assert "Box follow-up: lock and disable driving: pending (attempt 1, last error:" in retrying
    assert "Box follow-up: lock and disable driving: confirmed 27 Nov 2026, 10:00 CET" in confirmed


async def send_once(services, boxes) -> None:
    """One round of the box sender, which finds the job's follow-up due."""
    assert await send_due_follow_ups(services.uow, boxes) == 1


async def test_a_failed_job_shows_the_reason_in_words_and_the_technicians_words(
    signed_in, services, manager, links, fleets
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await fail(services, job_id, "no_coverage", "Underground garage, no signal at all.")

    words = words_of(await signed_in.get(job_of(fleets["Berlin"], job_id)))

    assert "Why the job failed Reason: No coverage / no heartbeat" in words
    assert "The technician's words: Underground garage, no signal at all." in words
    assert ": the job failed Ended" in words
    # the box is planned but was never put in the car: only the box can say so, so it is asked
    assert "Box follow-up: lock and disable driving: pending (not sent yet)" in words


async def test_a_running_jobs_access_is_open_until_its_end(
    signed_in, services, manager, links, fleets
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await start(services, job_id)

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))

    words = words_of(page)
    assert "from 27 Nov 2026, 10:00 CET , open until 27 Nov 2026, 18:00 CET Active" in words


async def test_a_test_skipped_after_the_box_did_not_answer_shows_as_failed_with_the_error(
    signed_in, services, manager, links, fleets, boxes
):
    job_id = await golf_job(services, manager, links, fleets["Berlin"])
    await walk_to_tests(services, job_id)
    boxes.set_faults(BERLIN_NEW_1, offline=True)
    await box_live.run_test(services, ADMIN, job_id=job_id, step_key="test_state")
    models = await services.catalogue.by_id()
    async with services.uow() as work:
        await checklists.ask_skip(work, ADMIN, job_id=job_id, step_key="test_state", models=models)
    async with services.uow() as work:
        await checklists.answer_text(
            work, ADMIN, job_id=job_id, text="Basement, no signal here.", models=models
        )

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))

    words = words_of(page)
    assert (
        "Test: state request Failed Skipped Skipped: Basement, no signal here. "
        f"The box did not answer: The CloudBoxx {BERLIN_NEW_1} is offline"
    ) in words
    assert re.search(
        r"Request the vehicle state Test: state request failed · 1 attempt .*CET \S+", words
    )


async def test_a_maintenance_jobs_problem_step_shows_the_boxs_whole_state_and_configuration(
    signed_in, services, manager, links, fleets
):
    code = await connect_partner(services.uow, manager, links, fleets["Berlin"])
    async with services.uow() as work:
        await meet_telegram_user(work, ADMIN)
    job_id = await make_job(
        services.uow,
        manager,
        fleets["Berlin"],
        partner_code=code,
        job_type="MAINTENANCE",
        qnr=BERLIN_GOLF,
        maintenance_type="repair",
    )
    await start(services, job_id)
    await box_identity.answer_typed(services, ADMIN, "B-FC 101")  # the vehicle, by its plate
    await box_live.run_test(services, ADMIN, job_id=job_id, step_key="problem")
    await box_live.run_test(services, ADMIN, job_id=job_id, step_key="inspect_online")

    words = words_of(await signed_in.get(job_of(fleets["Berlin"], job_id)))

    assert "The problem and the box's state Passed The box's configuration: Vehicle model:" in words
    assert "Installation variant: Standard; Central-lock connection: Direct (wired)" in words
    assert re.search(r"The box reported: online · last heartbeat [^·]+ · central lock \w+ ", words)
    assert "mileage" in words
    assert "Inspection: box online Passed The box reported: online" in words
