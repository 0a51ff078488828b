"""The job page: every field with the planned ones marked, the record, the timeline, actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.db.models import AccessGrant, ChecklistAnswer, Job, JobPhoto, OverrideDiff, Technician
from core.services import job_bulk
from core.services.job_detail import show_job
from core.services.job_selection import JobSelection
from core.status import JobStatus
from tests.conftest import START
from tests.factories import connect_partner, database_contents, make_job
from tests.services.test_jobs import force
from tests.web.browsing import post_form, text_of, words_of
from tests.web.job_forms import job_of

EMPTY_PLACES = [
    "No answers yet. The checklist answers and the results of the live box tests appear here",
    "No photos yet",
    "None: without override the technician cannot change a planned value.",
    "No access yet. The technician gets access to this vehicle when they start the job",
]


async def job_detail(uow, manager, fleet_id, job_id):
    async with uow.read_only() as work:
        return await show_job(work, manager, fleet_id=fleet_id, job_id=job_id)


async def record_the_technicians_work(uow, job_id: int, telegram_id: int = 810001) -> None:
    """What the chat will write for a job (the technician's issue), straight into its tables."""
    async with uow() as work:
        technician = await work.session.scalar(
            select(Technician).where(Technician.telegram_user_id == telegram_id)
        )
        job = await work.session.get_one(Job, job_id)
        job.technician_id = technician.id
        job.failure_reason = "vehicle_missing"
        job.failure_note = "The car was not in bay 4."
        later = START + timedelta(hours=1)
        work.session.add_all(
            [
                ChecklistAnswer(
                    job_id=job_id,
                    step="confirm_vehicle",
                    value={"value": "WVWZZZE1ZNP000301"},
                    technician_id=technician.id,
                    answered_at=later,
                ),
                JobPhoto(
                    job_id=job_id,
                    step="box_label",
                    telegram_file_id="file-1",
                    telegram_file_unique_id="unique-1",
                    technician_id=technician.id,
                    taken_at=later,
                ),
                OverrideDiff(
                    job_id=job_id,
                    field="fuel_type",
                    planned_value="PETROL",
                    used_value="DIESEL",
                    technician_id=technician.id,
                    at=later,
                ),
                AccessGrant(
                    job_id=job_id,
                    technician_id=technician.id,
                    qnr="0030000000000011",
                    starts_at=START,
                    ends_at=START + timedelta(hours=8),
                    ended_at=later,
                    end_reason="completed",
                ),
            ]
        )
        await work.commit()


async def test_the_page_shows_every_field_and_marks_the_planned_ones_read_only(
    signed_in, fleets, manager, uow
):
    job_id = await make_job(
        uow,
        manager,
        fleets["Berlin"],
        vin="WVWZZZE1ZNP000301",
        vehicle_model_id="vw-id3",
        fuel_type="ELECTRIC",
        access_until="2026-12-01T18:00",
    )

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))

    words = words_of(page)
    assert "WVWZZZE1ZNP000301 Installation job" in words
    assert "Vehicle model Volkswagen ID.3 (vw-id3) Read-only" in words
    assert "Fuel type Electric Read-only" in words
    assert "Access until 1 Dec 2026, 18:00 CET Read-only" in words
    assert "License plate —" in words
    assert "Created 27 Nov 2026, 10:00 CET" in words
    for sentence in EMPTY_PLACES:
        assert sentence in words
    assert "data-follow-url" not in page.text


async def test_with_override_the_planned_values_are_marked_as_the_partner_may_change_them(
    signed_in, fleets, manager, links, uow
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"], allow_override=True)
    job_id = await make_job(
        uow, manager, fleets["Berlin"], partner_code=code, vin="WVWZZZE1ZNP000301"
    )

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))

    words = words_of(page)
    assert "VIN WVWZZZE1ZNP000301 Planned" in words
    assert "Read-only" not in words
    assert "Override enabled" in words
    assert "None: the technician used every planned value so far." in words


async def test_the_timeline_says_who_did_what_when_in_the_fleets_time(
    signed_in, fleets, manager, links, uow, clock
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"], name="Volt Installers")
    job_id = await make_job(uow, manager, fleets["Berlin"])
    clock.advance(timedelta(minutes=20))
    async with uow() as work:
        await job_bulk.assign_jobs(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            selection=JobSelection.picked([job_id]),
            partner_code=code,
        )

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))

    words = words_of(page)
    assert "27 Nov 2026, 10:00 CET Created by manager@demo.test" in words
    assert (
        f"27 Nov 2026, 10:20 CET Assigned · PENDING → ASSIGNED; partner {code} by manager@demo.test"
        in words
    )
    assert "Service partner Volt Installers" in words


async def test_the_technicians_record_and_failure_are_shown_where_their_places_are(
    signed_in, fleets, manager, links, uow
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"], name="Volt Installers")
    job_id = await make_job(uow, manager, fleets["Berlin"], partner_code=code)
    await force(uow, job_id, JobStatus.RUNNING, JobStatus.FAILED)
    await record_the_technicians_work(uow, job_id)

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))

    words = words_of(page)
    assert "Technician Volt Installers admin" in words
    assert "Reason: vehicle_missing" in words
    assert "The technician's words: The car was not in bay 4." in words
    # Rows FleetCrew no longer writes (a step, a reason it does not know) read as they are.
    assert "Confirm vehicle WVWZZZE1ZNP000301 Volt Installers admin" in words
    assert "No copy stored: Telegram did not hand it over, or it was too large. Box label" in words
    assert "Fuel type PETROL DIESEL Volt Installers admin" in words
    assert "ended 27 Nov 2026, 11:00 CET : the job was completed" in words
    assert "Reopen for Volt Installers" in words
    assert "Reopen as PENDING" in words


async def test_a_running_job_is_followed_through_its_live_parts(
    signed_in, fleets, manager, links, uow
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    job_id = await make_job(uow, manager, fleets["Berlin"], partner_code=code)
    await force(uow, job_id, JobStatus.RUNNING)

    page = await signed_in.get(job_of(fleets["Berlin"], job_id))
    running = await signed_in.get(f"{job_of(fleets['Berlin'], job_id)}/live")
    await force(uow, job_id, JobStatus.SUCCEEDED)
    finished = await signed_in.get(f"{job_of(fleets['Berlin'], job_id)}/live")

    assert f'data-follow-url="{job_of(fleets["Berlin"], job_id)}/live"' in page.text
    assert "This page follows the job while it is RUNNING." in words_of(page)
    assert 'data-job-status="RUNNING"' in running.text
    assert "<html" not in running.text
    for part in ("status", "record", "timeline"):
        assert f'data-live-part="{part}"' in finished.text
    assert 'data-job-status="SUCCEEDED"' in finished.text
    assert "Succeeded" in words_of(finished)


async def test_duplicate_makes_a_pending_copy_and_opens_it_to_edit(
    signed_in, fleets, manager, links, uow
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    job_id = await make_job(
        uow, manager, fleets["Berlin"], partner_code=code, vin="WVWZZZE1ZNP000301"
    )

    response = await post_form(signed_in, f"{job_of(fleets['Berlin'], job_id)}/duplicate")

    copy_id = int(response.headers["location"].split("/")[-2])
    assert response.headers["location"] == f"{job_of(fleets['Berlin'], copy_id)}/edit"
    copy = await job_detail(uow, manager, fleets["Berlin"], copy_id)
    assert (copy.status, copy.fields.vin) == (JobStatus.PENDING, "WVWZZZE1ZNP000301")
    page = await signed_in.get(response.headers["location"])
    assert f"Job {copy_id} is a PENDING copy of job {job_id}." in text_of(page)


async def test_delete_removes_the_job_and_goes_back_to_its_table(signed_in, fleets, manager, uow):
    job_id = await make_job(
        uow, manager, fleets["Berlin"], job_type="MAINTENANCE", license_plate="B-FC 9"
    )

    response = await post_form(signed_in, f"{job_of(fleets['Berlin'], job_id)}/delete")

    assert response.headers["location"] == f"/fleets/{fleets['Berlin']}/jobs/maintenance"
    assert (await signed_in.get(job_of(fleets["Berlin"], job_id))).status_code == 404


async def test_a_running_job_is_not_deleted_and_its_page_says_why(
    signed_in, fleets, manager, links, uow
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"])
    job_id = await make_job(uow, manager, fleets["Berlin"], partner_code=code)
    await force(uow, job_id, JobStatus.RUNNING)
    before = await database_contents(uow)

    response = await post_form(signed_in, f"{job_of(fleets['Berlin'], job_id)}/delete")
    page = await signed_in.get(response.headers["location"])

    assert page.url.path == job_of(fleets["Berlin"], job_id)
    assert "A RUNNING job cannot be deleted: a technician is working on it." in text_of(page)
    assert ">Delete</button>" not in page.text
    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    ("assign_again", "status", "said"),
    [
        ("true", JobStatus.ASSIGNED, "was reopened and assigned to Volt Installers again."),
        ("false", JobStatus.PENDING, "was reopened as PENDING"),
    ],
    ids=["to the partner", "to planning"],
)
async def test_a_failed_job_is_reopened(
    signed_in, fleets, manager, links, uow, assign_again, status, said
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"], name="Volt Installers")
    job_id = await make_job(uow, manager, fleets["Berlin"], partner_code=code)
    await force(uow, job_id, JobStatus.RUNNING, JobStatus.FAILED)

    response = await post_form(
        signed_in, f"{job_of(fleets['Berlin'], job_id)}/reopen", {"assign_again": assign_again}
    )
    page = await signed_in.get(response.headers["location"])

    assert (await job_detail(uow, manager, fleets["Berlin"], job_id)).status == status
    assert said in text_of(page)
    assert "Reopened" in words_of(page)


async def test_a_job_that_did_not_fail_is_not_reopened(signed_in, fleets, manager, uow):
    job_id = await make_job(uow, manager, fleets["Berlin"])
    before = await database_contents(uow)

    response = await post_form(signed_in, f"{job_of(fleets['Berlin'], job_id)}/reopen")
    page = await signed_in.get(response.headers["location"])

    assert "Only a FAILED job can be reopened; this one is PENDING." in text_of(page)
    assert await database_contents(uow) == before
