"""Templates: the list and its row menu, the template form, duplicate and delete."""

from __future__ import annotations

import pytest

from core.extra_items import ExtraItem, ItemKind
from core.job_fields import JobType
from core.services import jobs, templates
from core.services.job_detail import show_job
from tests.factories import database_contents, job_fields, make_job
from tests.web.browsing import post_form, text_of, words_of
from tests.web.job_forms import form_values, job_of, new_job_of, problem_next_to, templates_of

STICKER = ExtraItem("Sticker on the windscreen", ItemKind.PHOTO, required=True)


async def make_template(uow, manager, fleet_id, name="EV setup – standard", **raw):
    async with uow() as work:
        return await templates.create_template(
            work,
            manager,
            fleet_id=fleet_id,
            name=name,
            fields=job_fields(**({"vehicle_model_id": "vw-id3", "fuel_type": "ELECTRIC"} | raw)),
            items=[STICKER],
        )


async def listed(uow, manager, fleet_id):
    async with uow.read_only() as work:
        return await templates.list_templates(work, manager, fleet_id=fleet_id)


async def test_the_list_shows_name_type_model_items_and_last_change_with_a_row_menu(
    signed_in, fleets, manager, uow
):
    template = await make_template(uow, manager, fleets["Berlin"], installation_variant="OBD")

    page = await signed_in.get(templates_of(fleets["Berlin"]))

    words = words_of(page)
    assert (
        "EV setup – standard Installation Volkswagen ID.3 · OBD 1 27 Nov 2026, 10:00 CET" in words
    )
    menu = f'href="{new_job_of(fleets["Berlin"])}?type=installation&amp;template={template.id}"'
    assert menu in page.text
    assert f'action="{templates_of(fleets["Berlin"])}/{template.id}/duplicate"' in page.text
    assert f'action="{templates_of(fleets["Berlin"])}/{template.id}/delete"' in page.text
    assert 'data-confirm="Delete the template “EV setup – standard”?' in text_of(page)


async def test_the_list_shows_one_job_type_when_asked(signed_in, fleets, manager, uow):
    await make_template(uow, manager, fleets["Berlin"])
    await make_template(
        uow,
        manager,
        fleets["Berlin"],
        name="Lock repair",
        job_type=JobType.MAINTENANCE.value,
        maintenance_type="REPAIR",
    )

    page = await signed_in.get(f"{templates_of(fleets['Berlin'])}?type=maintenance")

    assert ">Lock repair</a>" in page.text
    assert ">EV setup – standard</a>" not in page.text
    assert "Maintenance templates" in words_of(page)


async def test_a_new_template_is_saved_with_its_data_and_items_and_listed(
    signed_in, fleets, manager, uow
):
    response = await post_form(
        signed_in,
        f"{templates_of(fleets['Berlin'])}/new",
        {
            "name": "  EV   setup – standard ",
            "job_type": "INSTALLATION",
            "vehicle_model_id": "vw-id3",
            "fuel_type": "electric",
            "item-1-label": "Sticker on the windscreen",
            "item-1-kind": "PHOTO",
            "item-1-required": "on",
        },
    )

    assert response.headers["location"] == templates_of(fleets["Berlin"])
    [row] = await listed(uow, manager, fleets["Berlin"])
    assert (row.name, row.vehicle_model_id, row.extra_items) == ("EV setup – standard", "vw-id3", 1)
    page = await signed_in.get(response.headers["location"])
    assert "Template “EV setup – standard” saved." in text_of(page)


async def test_bad_template_input_is_named_next_to_each_field_and_changes_nothing(
    signed_in, fleets, uow
):
    before = await database_contents(uow)

    page = await post_form(
        signed_in,
        f"{templates_of(fleets['Berlin'])}/new",
        {"name": "E", "vin": "WVWZZZE1ZNP00030O", "item-1-label": "Tyres", "item-1-kind": "CHOICE"},
    )

    assert page.status_code == 400
    assert "is not a VIN" in (problem_next_to(page, "vin") or "")
    assert "a choice has 2 to 10 options" in (problem_next_to(page, "item-1") or "")
    assert form_values(page)["name"] == "E"
    assert await database_contents(uow) == before


async def test_a_template_name_too_short_or_in_use_is_refused_and_changes_nothing(
    signed_in, fleets, manager, uow
):
    await make_template(uow, manager, fleets["Berlin"])
    before = await database_contents(uow)

    short = await post_form(signed_in, f"{templates_of(fleets['Berlin'])}/new", {"name": "E"})
    taken = await post_form(
        signed_in, f"{templates_of(fleets['Berlin'])}/new", {"name": "EV setup – standard"}
    )

    assert short.status_code == 400
    assert problem_next_to(short, "name") == "A template's name has 2 to 80 characters."
    assert taken.status_code == 409
    assert problem_next_to(taken, "name") == (
        "This fleet has a template called “EV setup – standard” already."
    )
    assert await database_contents(uow) == before


async def test_editing_a_template_changes_it_and_leaves_jobs_made_from_it(
    signed_in, fleets, manager, uow
):
    template = await make_template(uow, manager, fleets["Berlin"])
    async with uow() as work:
        saved = await jobs.create_job(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            fields=template.fields,
            items=template.extra_items,
            template_id=template.id,
        )
    form = await signed_in.get(f"{templates_of(fleets['Berlin'])}/{template.id}")
    assert form_values(form)["name"] == "EV setup – standard"
    assert form_values(form)["item-1-label"] == "Sticker on the windscreen"

    response = await post_form(
        signed_in,
        f"{templates_of(fleets['Berlin'])}/{template.id}",
        {"name": "EV setup – Renault", "vehicle_model_id": "renault-zoe-e-tech"},
    )

    assert response.status_code == 303
    [row] = await listed(uow, manager, fleets["Berlin"])
    assert (row.name, row.vehicle_model_id, row.extra_items) == (
        "EV setup – Renault",
        "renault-zoe-e-tech",
        0,
    )
    async with uow.read_only() as work:
        job = await show_job(work, manager, fleet_id=fleets["Berlin"], job_id=saved.job_id)
    assert (job.fields.vehicle_model_id, job.extra_items) == ("vw-id3", (STICKER,))


async def test_duplicate_makes_a_copy_and_opens_it_to_rename(signed_in, fleets, manager, uow):
    template = await make_template(uow, manager, fleets["Berlin"])

    response = await post_form(
        signed_in, f"{templates_of(fleets['Berlin'])}/{template.id}/duplicate"
    )
    page = await signed_in.get(response.headers["location"])

    names = [row.name for row in await listed(uow, manager, fleets["Berlin"])]
    assert names == ["Copy of EV setup – standard", "EV setup – standard"]
    assert "“Copy of EV setup – standard” is a copy: rename it" in text_of(page)
    assert form_values(page)["name"] == "Copy of EV setup – standard"


async def test_delete_removes_the_template_and_jobs_made_from_it_stay(
    signed_in, fleets, manager, uow
):
    template = await make_template(uow, manager, fleets["Berlin"])
    job_id = await make_job(uow, manager, fleets["Berlin"], vin="WVWZZZE1ZNP000301")

    response = await post_form(signed_in, f"{templates_of(fleets['Berlin'])}/{template.id}/delete")
    page = await signed_in.get(response.headers["location"])

    assert await listed(uow, manager, fleets["Berlin"]) == []
    assert "The template “EV setup – standard” was deleted." in text_of(page)
    assert (await signed_in.get(job_of(fleets["Berlin"], job_id))).status_code == 200


@pytest.mark.parametrize("route", ["", "/duplicate", "/delete"])
async def test_a_template_deleted_meanwhile_is_not_found_and_nothing_changes(
    signed_in, fleets, uow, route
):
    before = await database_contents(uow)

    page = await post_form(
        signed_in, f"{templates_of(fleets['Berlin'])}/4711{route}", {"name": "X1"}
    )

    assert page.status_code == 404
    assert "This template does not exist in this fleet (any more)." in text_of(page)
    assert await database_contents(uow) == before
