"""Editing a job: PENDING as it is, ASSIGNED by unassigning, and a job that changed meanwhile."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.db.models import Template
from core.services import job_bulk
from core.services.job_detail import show_job
from core.services.job_selection import JobSelection
from core.status import JobStatus
from tests.factories import connect_partner, count, database_contents, make_job
from tests.services.test_jobs import force
from tests.web.browsing import post_form, text_of, words_of
from tests.web.job_forms import form_values, job_of, problem_next_to


@pytest.fixture
async def partner(uow, manager, links, fleets) -> str:
    """Volt Installers, ACCEPTED for Berlin."""
    return await connect_partner(uow, manager, links, fleets["Berlin"], name="Volt Installers")


async def job_detail(uow, manager, fleet_id, job_id):
    async with uow.read_only() as work:
        return await show_job(work, manager, fleet_id=fleet_id, job_id=job_id)


async def assign(uow, manager, fleet_id, job_id, partner):
    async with uow() as work:
        await job_bulk.assign_jobs(
            work,
            manager,
            fleet_id=fleet_id,
            selection=JobSelection.picked([job_id]),
            partner_code=partner,
        )


async def test_the_edit_form_holds_the_jobs_data_in_the_fleets_time(
    signed_in, fleets, manager, uow
):
    job_id = await make_job(
        uow,
        manager,
        fleets["Berlin"],
        vin="WVWZZZE1ZNP000301",
        vehicle_model_id="vw-id3",
        access_from="2026-12-01T08:00",
    )

    page = await signed_in.get(f"{job_of(fleets['Berlin'], job_id)}/edit")

    values = form_values(page)
    assert (values["vin"], values["vehicle_model_id"]) == ("WVWZZZE1ZNP000301", "vw-id3")
    assert values["access_from"] == "2026-12-01T08:00"
    assert "Save changes" in page.text


async def test_saving_a_pending_job_changes_its_data(signed_in, fleets, manager, uow):
    job_id = await make_job(uow, manager, fleets["Berlin"], vin="WVWZZZE1ZNP000301")

    response = await post_form(
        signed_in,
        f"{job_of(fleets['Berlin'], job_id)}/edit",
        {
            "license_plate": "B-FC 302",
            "item-1-label": "Mileage at handover",
            "item-1-kind": "NUMBER",
        },
    )

    assert response.headers["location"] == job_of(fleets["Berlin"], job_id)
    job = await job_detail(uow, manager, fleets["Berlin"], job_id)
    assert (job.fields.vin, job.fields.license_plate) == (None, "B-FC 302")
    assert [item.label for item in job.extra_items] == ["Mileage at handover"]
    assert [entry.action for entry in job.timeline][-1] == "job.edited"
    page = await signed_in.get(response.headers["location"])
    assert f"Job {job_id} was saved." in text_of(page)


async def test_an_assigned_job_is_unassigned_and_saved_in_one_step(
    signed_in, fleets, manager, uow, partner
):
    job_id = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    form = await signed_in.get(f"{job_of(fleets['Berlin'], job_id)}/edit")
    assert "Unassign and save" in form.text
    assert form_values(form)["unassign"] == "true"

    response = await post_form(
        signed_in,
        f"{job_of(fleets['Berlin'], job_id)}/edit",
        {"custom_name": "Blue van", "unassign": "true"},
    )

    job = await job_detail(uow, manager, fleets["Berlin"], job_id)
    assert (job.status, job.partner_name, job.fields.custom_name) == (
        JobStatus.PENDING,
        None,
        "Blue van",
    )
    page = await signed_in.get(response.headers["location"])
    assert "was unassigned from Volt Installers and saved; it is PENDING now." in text_of(page)


async def test_a_job_assigned_since_the_form_opened_comes_back_with_what_was_typed(
    signed_in, fleets, manager, uow, partner
):
    job_id = await make_job(uow, manager, fleets["Berlin"])
    await assign(uow, manager, fleets["Berlin"], job_id, partner)
    before = await database_contents(uow)

    page = await post_form(
        signed_in, f"{job_of(fleets['Berlin'], job_id)}/edit", {"custom_name": "Blue van"}
    )

    assert page.status_code == 409
    assert "Meanwhile this job was assigned to Volt Installers, so nothing was saved." in (
        text_of(page)
    )
    values = form_values(page)
    assert (values["custom_name"], values["unassign"]) == ("Blue van", "true")
    assert "Unassign and save" in page.text
    assert await database_contents(uow) == before


@pytest.mark.parametrize(
    ("statuses", "shown"),
    [
        ((JobStatus.RUNNING,), "is RUNNING now: a technician is working on it"),
        ((JobStatus.RUNNING, JobStatus.SUCCEEDED), "is SUCCEEDED now and is not edited any more"),
    ],
    ids=["running", "succeeded"],
)
async def test_a_job_that_cannot_be_edited_leads_to_its_page_and_refuses_the_form(
    signed_in, fleets, manager, uow, partner, statuses, shown
):
    job_id = await make_job(uow, manager, fleets["Berlin"], partner_code=partner)
    await force(uow, job_id, *statuses)
    before = await database_contents(uow)

    opened = await signed_in.get(f"{job_of(fleets['Berlin'], job_id)}/edit")
    led_to = await signed_in.get(opened.headers["location"])
    sent = await post_form(
        signed_in,
        f"{job_of(fleets['Berlin'], job_id)}/edit",
        {"custom_name": "Blue van", "unassign": "true"},
    )

    assert led_to.url.path == job_of(fleets["Berlin"], job_id)
    assert shown in text_of(led_to)
    assert sent.status_code == 409
    assert shown in text_of(sent)
    assert "Your changes were not saved; they are still here to copy." in text_of(sent)
    assert form_values(sent)["custom_name"] == "Blue van"
    assert "Save changes" not in sent.text
    assert await database_contents(uow) == before


async def test_bad_input_on_the_edit_form_changes_nothing(signed_in, fleets, manager, uow):
    job_id = await make_job(uow, manager, fleets["Berlin"], vin="WVWZZZE1ZNP000301")
    before = await database_contents(uow)

    page = await post_form(
        signed_in,
        f"{job_of(fleets['Berlin'], job_id)}/edit",
        {"vin": "WVWZZZE1ZNP00030", "vehicle_model_id": "vw-id3", "fuel_type": "DIESEL"},
    )

    assert page.status_code == 400
    assert "is not a VIN" in (problem_next_to(page, "vin") or "")
    assert "takes no fuel type DIESEL" in (problem_next_to(page, "fuel_type") or "")
    assert form_values(page)["vin"] == "WVWZZZE1ZNP00030"
    assert await database_contents(uow) == before


async def test_save_as_template_from_the_edit_form_leaves_the_job_as_it_was(
    signed_in, fleets, manager, uow
):
    job_id = await make_job(uow, manager, fleets["Berlin"], vin="WVWZZZE1ZNP000301")
    job_before = await job_detail(uow, manager, fleets["Berlin"], job_id)

    page = await post_form(
        signed_in,
        f"{job_of(fleets['Berlin'], job_id)}/edit",
        {"vin": "WVWZZZE1ZNP000302", "template_name": "Golf fleet", "action": "save_template"},
    )

    assert page.status_code == 200
    assert "Template “Golf fleet” saved. The job itself is not changed yet" in words_of(page)
    assert form_values(page)["vin"] == "WVWZZZE1ZNP000302"
    assert await count(uow, Template) == 1
    assert await job_detail(uow, manager, fleets["Berlin"], job_id) == job_before


async def test_the_edit_form_of_a_deleted_job_is_not_found(signed_in, fleets):
    page = await signed_in.get(f"{job_of(fleets['Berlin'], 4711)}/edit")

    assert page.status_code == 404
    assert "This job does not exist in this fleet (any more)." in text_of(page)


async def test_an_edit_form_from_before_another_save_changes_nothing(
    signed_in, uow, manager, fleets, clock
):
    from tests.web.browsing import csrf_token

    job_id = await make_job(uow, manager, fleets["Berlin"], license_plate="B-FC 11")
    first_tab = await signed_in.get(job_of(fleets["Berlin"], job_id) + "/edit")
    second_tab = await signed_in.get(job_of(fleets["Berlin"], job_id) + "/edit")
    clock.advance(timedelta(minutes=1))
    saved = await signed_in.post(
        job_of(fleets["Berlin"], job_id) + "/edit",
        data={**form_values(second_tab), "license_plate": "B-FC 12", "action": "save"},
    )
    assert saved.status_code == 303
    before = await database_contents(uow)

    late = await signed_in.post(
        job_of(fleets["Berlin"], job_id) + "/edit",
        data={
            **form_values(first_tab),
            "csrf_token": csrf_token(first_tab),
            "license_plate": "B-FC 13",
            "action": "save",
        },
    )

    assert late.status_code == 409
    assert "changed since this form was opened" in late.text
    assert await database_contents(uow) == before
