"""Templates: saved job data for recurring jobs, and jobs made from them."""

from __future__ import annotations

import pytest

from core.errors import Conflict, InvalidInput, NotFound
from core.extra_items import ExtraItem, ItemKind
from core.job_fields import JobType
from core.services import jobs, templates
from core.services.job_detail import show_job
from tests.factories import database_contents, job_fields

STICKER = ExtraItem("Sticker on the windscreen", ItemKind.PHOTO, required=True)


async def make_template(uow, manager, fleet_id, name="EV setup – standard", **raw):
    async with uow() as work:
        return await templates.create_template(
            work,
            manager,
            fleet_id=fleet_id,
            name=name,
            fields=job_fields(vehicle_model_id="vw-id3", fuel_type="ELECTRIC", **raw),
            items=[STICKER],
        )


async def test_a_template_is_saved_listed_and_shown_with_its_items(uow, manager, fleets):
    saved = await make_template(uow, manager, fleets["Berlin"])

    async with uow.read_only() as work:
        listed = await templates.list_templates(work, manager, fleet_id=fleets["Berlin"])
        shown = await templates.show_template(
            work, manager, fleet_id=fleets["Berlin"], template_id=saved.id
        )
    assert [(row.name, row.extra_items, row.job_type) for row in listed] == [
        ("EV setup – standard", 1, JobType.INSTALLATION)
    ]
    assert shown.fields.vehicle_model_id == "vw-id3"
    assert shown.extra_items == (STICKER,)


async def test_a_job_from_a_template_carries_its_data_items_and_name(uow, manager, fleets):
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

    async with uow.read_only() as work:
        detail = await show_job(work, manager, fleet_id=fleets["Berlin"], job_id=saved.job_id)
    assert (detail.template_name, detail.extra_items) == ("EV setup – standard", (STICKER,))
    assert detail.planned_fields == {"vehicle_model_id", "fuel_type"}


async def test_names_are_unique_per_fleet_and_checked(uow, manager, fleets):
    await make_template(uow, manager, fleets["Berlin"])
    await make_template(uow, manager, fleets["Munich"])  # another fleet: fine
    before = await database_contents(uow)

    with pytest.raises(Conflict, match="has a template called"):
        await make_template(uow, manager, fleets["Berlin"])
    for name in ("", "x", "y" * 81):
        with pytest.raises(InvalidInput, match="2 to 80 characters"):
            await make_template(uow, manager, fleets["Berlin"], name=name)

    assert await database_contents(uow) == before


async def test_duplicate_names_the_copy_and_edit_and_delete_change_the_template(
    uow, manager, fleets
):
    original = await make_template(uow, manager, fleets["Berlin"])
    async with uow() as work:
        first = await templates.duplicate_template(
            work, manager, fleet_id=fleets["Berlin"], template_id=original.id
        )
    async with uow() as work:
        second = await templates.duplicate_template(
            work, manager, fleet_id=fleets["Berlin"], template_id=original.id
        )
    async with uow() as work:
        await templates.update_template(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            template_id=first.id,
            name="Combustion with key holder",
            fields=job_fields(installation_variant="KEY_HOLDER"),
        )
    async with uow() as work:
        gone = await templates.delete_template(
            work, manager, fleet_id=fleets["Berlin"], template_id=second.id
        )

    async with uow.read_only() as work:
        names = [
            t.name for t in await templates.list_templates(work, manager, fleet_id=fleets["Berlin"])
        ]
    assert (first.name, second.name, gone) == (
        "Copy of EV setup – standard",
        "Copy 2 of EV setup – standard",
        "Copy 2 of EV setup – standard",
    )
    assert names == ["Combustion with key holder", "EV setup – standard"]


async def test_another_fleets_template_is_not_found(uow, manager, fleets):
    template = await make_template(uow, manager, fleets["Berlin"])
    before = await database_contents(uow)

    async with uow() as work:
        with pytest.raises(NotFound):
            await templates.show_template(
                work, manager, fleet_id=fleets["Munich"], template_id=template.id
            )
        with pytest.raises(NotFound):
            await templates.delete_template(
                work, manager, fleet_id=fleets["Munich"], template_id=template.id
            )
        with pytest.raises(NotFound):
            await jobs.create_job(
                work,
                manager,
                fleet_id=fleets["Munich"],
                fields=job_fields(),
                template_id=template.id,
            )
    assert await database_contents(uow) == before


async def test_a_template_form_from_before_another_save_changes_nothing(
    uow, manager, fleets, clock
):
    from datetime import timedelta

    from core.errors import ChangedMeanwhile

    template = await make_template(uow, manager, fleets["Berlin"])
    clock.advance(timedelta(minutes=1))
    async with uow() as work:
        await templates.update_template(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            template_id=template.id,
            name="EV setup – v2",
            fields=template.fields,
            seen=template.updated_at,
        )
    before = await database_contents(uow)

    with pytest.raises(ChangedMeanwhile):
        async with uow() as work:
            await templates.update_template(
                work,
                manager,
                fleet_id=fleets["Berlin"],
                template_id=template.id,
                name="EV setup – v3",
                fields=template.fields,
                seen=template.updated_at,
            )
    assert await database_contents(uow) == before
