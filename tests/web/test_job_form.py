"""New Job: the form, Save, Save & Assign, Save as Template, and every kind of bad input."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from core.db.models import Job, Template
from core.extra_items import ExtraItem, ItemKind
from core.job_fields import JobType
from core.services import templates
from core.services.job_detail import show_job
from core.status import JobStatus
from tests.factories import (
    connect_partner,
    count,
    database_contents,
    invite,
    job_fields,
)
from tests.web.browsing import post_form, text_of, words_of
from tests.web.job_forms import form_values, new_job_of, problem_next_to

STICKER = ExtraItem("Sticker on the windscreen", ItemKind.PHOTO, required=True)
FILLED = {
    "job_type": "INSTALLATION",
    "vin": "WVWZZZE1ZNP000301",
    "license_plate": "b-fc 301",
    "vehicle_model_id": "vw-id3",
    "installation_variant": "STANDARD",
    "fuel_type": "ELECTRIC",
    "configuration_preset": "carsharing",
    "service_date": "2026-12-01",
    "access_from": "2026-12-01T08:00",
    "access_until": "2026-12-01T18:00",
    "instructions": "Parked in bay 4.\nAsk for Jan at the gate.",
    "item-1-label": "Sticker on the windscreen",
    "item-1-kind": "PHOTO",
    "item-1-required": "on",
    "item-2-label": "",
    "item-2-kind": "CONFIRM",
}


async def job_detail(uow, manager, fleet_id, job_id):
    async with uow.read_only() as work:
        return await show_job(work, manager, fleet_id=fleet_id, job_id=job_id)


def saved_job_id(response) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def test_the_form_offers_the_gateways_models_with_brand_model_and_what_each_takes(
    signed_in, fleets
):
    page = await signed_in.get(new_job_of(fleets["Berlin"]))

    assert page.status_code == 200
    assert '<optgroup label="Volkswagen">' in page.text
    assert ">Volkswagen ID.3</option>" in page.text
    offers = re.search(r'value="vw-id3" data-name="[^"]+" data-offers=\'([^\']+)\'', page.text)
    assert offers is not None
    assert json.loads(offers.group(1))["fuel_type"] == ["ELECTRIC"]
    assert "New Installation Job" in words_of(page)
    assert form_values(page)["job_type"] == "INSTALLATION"


async def test_the_maintenance_form_asks_for_the_type_of_visit_and_the_problem(signed_in, fleets):
    page = await signed_in.get(f"{new_job_of(fleets['Berlin'])}?type=maintenance")

    assert "New Maintenance Job" in words_of(page)
    assert form_values(page)["job_type"] == "MAINTENANCE"
    assert 'name="maintenance_type"' in page.text
    assert 'name="problem_description"' in page.text


async def test_save_keeps_the_job_pending_with_its_data_and_items_and_opens_its_page(
    signed_in, fleets, manager, uow
):
    response = await post_form(signed_in, new_job_of(fleets["Berlin"]), FILLED)

    job_id = saved_job_id(response)
    job = await job_detail(uow, manager, fleets["Berlin"], job_id)
    assert job.status == JobStatus.PENDING
    assert (job.fields.vin, job.fields.license_plate) == ("WVWZZZE1ZNP000301", "B-FC 301")
    assert job.fields.instructions == "Parked in bay 4.\nAsk for Jan at the gate."
    assert job.fields.access_from == datetime(2026, 12, 1, 7, 0, tzinfo=UTC)  # 08:00 in Berlin
    assert job.extra_items == (STICKER,)
    page = await signed_in.get(response.headers["location"])
    assert f"Job {job_id} was saved as PENDING." in text_of(page)


async def test_save_and_assign_gives_the_job_to_the_chosen_accepted_partner(
    signed_in, fleets, manager, links, uow
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"], name="Volt Installers")

    response = await post_form(
        signed_in,
        new_job_of(fleets["Berlin"]),
        {**FILLED, "partner_code": code, "action": "assign"},
    )

    job = await job_detail(uow, manager, fleets["Berlin"], saved_job_id(response))
    assert (job.status, job.partner_name) == (JobStatus.ASSIGNED, "Volt Installers")
    page = await signed_in.get(response.headers["location"])
    assert "was saved and assigned to Volt Installers." in text_of(page)


async def test_save_without_assign_leaves_a_chosen_partner_aside(
    signed_in, fleets, manager, links, uow
):
    code = await connect_partner(uow, manager, links, fleets["Berlin"])

    response = await post_form(
        signed_in, new_job_of(fleets["Berlin"]), {**FILLED, "partner_code": code}
    )

    job = await job_detail(uow, manager, fleets["Berlin"], saved_job_id(response))
    assert (job.status, job.partner_name) == (JobStatus.PENDING, None)


async def test_the_partner_list_holds_only_partners_accepted_for_this_fleet(
    signed_in, fleets, manager, links, uow
):
    await connect_partner(uow, manager, links, fleets["Berlin"], name="Volt Installers")
    await connect_partner(
        uow, manager, links, fleets["Munich"], name="Isar Service", admin_telegram_id=810002
    )
    await invite(uow, manager, links, fleets["Berlin"], email="pending@partners.test")

    page = await signed_in.get(new_job_of(fleets["Berlin"]))

    partner_list = re.search(r'<select id="partner_code".*?</select>', page.text, re.S)
    assert partner_list is not None
    names = re.findall(r"<option value=\"[A-Z0-9]+\">([^(<]+)", partner_list.group(0))
    assert [name.strip() for name in names] == ["Volt Installers"]


async def test_save_and_assign_without_a_partner_asks_for_one_and_changes_nothing(
    signed_in, fleets, manager, links, uow
):
    await connect_partner(uow, manager, links, fleets["Berlin"])
    before = await database_contents(uow)

    page = await post_form(signed_in, new_job_of(fleets["Berlin"]), {**FILLED, "action": "assign"})

    assert page.status_code == 400
    assert problem_next_to(page, "partner_code") == (
        "Choose the service partner to assign the job to."
    )
    assert form_values(page)["vin"] == "WVWZZZE1ZNP000301"
    assert await database_contents(uow) == before


@pytest.mark.parametrize("whose", ["another fleet's", "made up"])
async def test_save_and_assign_to_a_partner_not_accepted_here_is_refused_and_changes_nothing(
    signed_in, fleets, manager, links, uow, whose
):
    munich = await connect_partner(uow, manager, links, fleets["Munich"])
    code = munich if whose == "another fleet's" else "ZZZ99"
    before = await database_contents(uow)

    page = await post_form(
        signed_in,
        new_job_of(fleets["Berlin"]),
        {**FILLED, "partner_code": code, "action": "assign"},
    )

    assert page.status_code == 400
    assert f"No service partner with the Partner ID {code} works for this fleet" in (
        problem_next_to(page, "partner_code") or ""
    )
    assert form_values(page)["license_plate"] == "b-fc 301"
    assert await database_contents(uow) == before


BAD_INPUT = [
    ({"vin": "WVWZZZ1KZAW00000I"}, "vin", "is not a VIN"),
    ({"qnr": "12345"}, "qnr", "is not a QNR"),
    ({"vehicle_model_id": "tesla-cybertruck"}, "vehicle_model_id", "knows no vehicle model"),
    (
        {"vehicle_model_id": "vw-id3", "installation_variant": "KEY_HOLDER"},
        "installation_variant",
        "The Volkswagen ID.3 takes no installation variant KEY_HOLDER",
    ),
    (
        {"vehicle_model_id": "vw-id3", "fuel_type": "PETROL"},
        "fuel_type",
        "takes no fuel type PETROL; it takes ELECTRIC",
    ),
    (
        {"vehicle_model_id": "vw-golf-8", "central_lock_connection_type": "KEY_FOB"},
        "central_lock_connection_type",
        "takes no central-lock connection KEY_FOB",
    ),
    (
        {"vehicle_model_id": "vw-golf-8", "configuration_preset": "racing"},
        "configuration_preset",
        "takes no configuration preset racing",
    ),
    ({"configuration_preset": "carsharing"}, "configuration_preset", "choose the model first"),
    ({"fuel_type": "COAL"}, "fuel_type", "is not a fuel type"),
    ({"job_type": "REPAIRS"}, "job_type", "is not a job type"),
    ({"year": "1949"}, "year", "A year is a number from 1950 to 2027."),
    ({"year": "twenty"}, "year", "A year is a number from 1950 to 2027."),
    ({"service_date": "01.12.2026"}, "service_date", "is not a date"),
    ({"access_from": "tomorrow"}, "access_from", "is not a date and time"),
    (
        {"access_from": "2026-12-02T10:00", "access_until": "2026-12-01T10:00"},
        "access_until",
        "The access window ends before it starts.",
    ),
    ({"access_from": "2027-03-28T02:30"}, "access_from", "the clocks skip that hour"),
    ({"license_plate": "B-" + "X" * 19}, "license_plate", "at most 20 characters"),
    ({"maintenance_type": "REPAIR"}, "maintenance_type", "belongs to maintenance jobs only"),
    ({"item-1-label": "x"}, "extra_items.1", "Extra item 1: a label has 2 to 120 characters."),
    (
        {"item-1-label": "Tyres", "item-1-kind": "CHOICE", "item-1-options": "Summer"},
        "extra_items.1",
        "a choice has 2 to 10 options",
    ),
    ({"item-1-label": "Smell", "item-1-kind": "SMELL"}, "extra_items.1", "the kind is one of"),
    (
        {"item-1-label": "Mileage", "item-1-kind": "NUMBER", "item-1-options": "1\n2"},
        "extra_items.1",
        "only a choice has options",
    ),
    (
        {f"item-{n}-label": f"Check {n}" for n in range(1, 22)},
        "extra_items",
        "A job has at most 20 extra checklist items.",
    ),
]


@pytest.mark.parametrize(
    ("typed", "field", "message"), BAD_INPUT, ids=[case[1] for case in BAD_INPUT]
)
async def test_bad_input_is_named_next_to_its_field_kept_as_typed_and_changes_nothing(
    signed_in, fleets, uow, typed, field, message
):
    before = await database_contents(uow)

    page = await post_form(signed_in, new_job_of(fleets["Berlin"]), typed)

    assert page.status_code == 400
    where = "item-1" if field == "extra_items.1" else field  # an item row's message id
    assert message in (problem_next_to(page, where) or "")
    assert "Nothing was saved" in words_of(page)
    shown = form_values(page)
    for name, value in typed.items():
        if name != "item-1-kind":
            assert shown.get(name, "") == value, name
    assert await database_contents(uow) == before


async def test_every_problem_of_the_form_is_shown_at_once(signed_in, fleets, uow):
    before = await database_contents(uow)

    page = await post_form(
        signed_in,
        new_job_of(fleets["Berlin"]),
        {"vin": "short", "qnr": "nope", "item-1-label": "x", "year": "1800"},
    )

    assert "please check these 4 fields" in words_of(page)
    for field in ("vin", "qnr", "year"):
        assert problem_next_to(page, field)
    assert problem_next_to(page, "item-1")
    assert await database_contents(uow) == before


async def test_forged_and_unknown_fields_are_ignored(signed_in, fleets, manager, uow):
    response = await post_form(
        signed_in,
        new_job_of(fleets["Berlin"]),
        {
            "vin": "WVWZZZE1ZNP000301",
            "status": "SUCCEEDED",
            "fleet_id": str(fleets["Munich"]),
            "partner_id": "1",
            "planned_fields": "qnr",
            "item-x-label": "Forged row",
            "item-1-colour": "red",
        },
    )

    job_id = saved_job_id(response)
    assert response.headers["location"].startswith(f"/fleets/{fleets['Berlin']}/jobs/")
    job = await job_detail(uow, manager, fleets["Berlin"], job_id)
    assert (job.status, job.partner_name, job.planned_fields) == (
        JobStatus.PENDING,
        None,
        {"vin"},
    )
    assert job.extra_items == ()


async def test_an_unknown_action_is_refused_and_changes_nothing(signed_in, fleets, uow):
    before = await database_contents(uow)

    page = await post_form(signed_in, new_job_of(fleets["Berlin"]), {**FILLED, "action": "launch"})

    assert page.status_code == 400
    assert "The form asked for something FleetCrew does not know" in text_of(page)
    assert await database_contents(uow) == before


async def test_add_an_item_without_the_script_shows_another_row_and_saves_nothing(
    signed_in, fleets, uow
):
    before = await database_contents(uow)

    page = await post_form(
        signed_in, new_job_of(fleets["Berlin"]), {**FILLED, "action": "add_item"}
    )

    assert page.status_code == 200
    assert 'name="item-2-label"' in page.text
    assert form_values(page)["item-1-label"] == "Sticker on the windscreen"
    assert await database_contents(uow) == before


async def test_look_up_without_the_script_shows_the_boxs_state_and_saves_nothing(
    signed_in, fleets, uow
):
    before = await database_contents(uow)

    page = await post_form(
        signed_in,
        new_job_of(fleets["Berlin"]),
        {"job_type": "MAINTENANCE", "qnr": "0030000000000011", "action": "look_up"},
    )

    assert page.status_code == 200
    assert "Box 0030000000000011 · installed in B-FC 101" in words_of(page)
    assert form_values(page)["qnr"] == "0030000000000011"
    assert await database_contents(uow) == before


async def make_template(uow, manager, fleet_id, name="EV setup – standard"):
    async with uow() as work:
        return await templates.create_template(
            work,
            manager,
            fleet_id=fleet_id,
            name=name,
            fields=job_fields(vehicle_model_id="vw-id3", fuel_type="ELECTRIC"),
            items=[STICKER],
        )


async def test_a_template_fills_the_form_with_its_data_and_extra_items(
    signed_in, fleets, manager, uow
):
    template = await make_template(uow, manager, fleets["Berlin"])

    page = await signed_in.get(f"{new_job_of(fleets['Berlin'])}?template={template.id}")

    values = form_values(page)
    assert (values["vehicle_model_id"], values["fuel_type"]) == ("vw-id3", "ELECTRIC")
    assert values["item-1-label"] == "Sticker on the windscreen"
    assert values["item-1-kind"] == "PHOTO"
    assert values["template_id"] == str(template.id)
    assert "Filled in from the template “EV setup – standard”" in text_of(page)


async def test_a_job_saved_from_a_template_names_it(signed_in, fleets, manager, uow):
    template = await make_template(uow, manager, fleets["Berlin"])

    response = await post_form(
        signed_in, new_job_of(fleets["Berlin"]), {**FILLED, "template_id": str(template.id)}
    )

    job = await job_detail(uow, manager, fleets["Berlin"], saved_job_id(response))
    assert job.template_name == "EV setup – standard"


@pytest.mark.parametrize("asked", ["abc", "0", "99999999999", "another fleet's"])
async def test_a_template_that_is_not_this_fleets_gives_an_empty_form_saying_so(
    signed_in, fleets, manager, uow, asked
):
    munich = await make_template(uow, manager, fleets["Munich"], name="Munich secret")
    template = str(munich.id) if asked == "another fleet's" else asked

    page = await signed_in.get(f"{new_job_of(fleets['Berlin'])}?template={template}")

    assert page.status_code == 200
    assert "This template does not exist in this fleet (any more)" in text_of(page)
    assert "Munich secret" not in page.text
    assert "vehicle_model_id" not in form_values(page)


@pytest.mark.parametrize("forged", ["abc", "another fleet's"])
async def test_a_forged_template_in_the_form_is_refused_with_what_was_typed(
    signed_in, fleets, manager, uow, forged
):
    munich = await make_template(uow, manager, fleets["Munich"])
    before = await database_contents(uow)
    template_id = str(munich.id) if forged == "another fleet's" else forged

    page = await post_form(
        signed_in, new_job_of(fleets["Berlin"]), {**FILLED, "template_id": template_id}
    )

    assert page.status_code == 404
    assert "The template this form started from does not exist" in text_of(page)
    assert form_values(page)["vin"] == "WVWZZZE1ZNP000301"
    assert "template_id" not in form_values(page)
    assert await database_contents(uow) == before


async def test_save_as_template_keeps_the_forms_data_and_items_under_the_name(
    signed_in, fleets, manager, uow
):
    response = await post_form(
        signed_in,
        new_job_of(fleets["Berlin"]),
        {**FILLED, "template_name": "EV setup – standard", "action": "save_template"},
    )

    assert response.status_code == 303
    assert await count(uow, Job) == 0
    async with uow.read_only() as work:
        [row] = await templates.list_templates(work, manager, fleet_id=fleets["Berlin"])
        saved = await templates.show_template(
            work, manager, fleet_id=fleets["Berlin"], template_id=row.id
        )
    assert (saved.name, saved.fields.vin, saved.extra_items) == (
        "EV setup – standard",
        "WVWZZZE1ZNP000301",
        (STICKER,),
    )
    assert response.headers["location"] == (
        f"{new_job_of(fleets['Berlin'])}?type=installation&template={row.id}"
    )
    page = await signed_in.get(response.headers["location"])
    assert "Template “EV setup – standard” saved." in text_of(page)
    assert form_values(page)["vin"] == "WVWZZZE1ZNP000301"


@pytest.mark.parametrize(
    ("name", "message", "status"),
    [
        ("", "A template's name has 2 to 80 characters.", 400),
        ("EV setup – standard", "This fleet has a template called “EV setup – standard”", 409),
    ],
    ids=["no name", "a name in use"],
)
async def test_save_as_template_asks_for_a_free_name_and_changes_nothing(
    signed_in, fleets, manager, uow, name, message, status
):
    await make_template(uow, manager, fleets["Berlin"])
    before = await database_contents(uow)

    page = await post_form(
        signed_in,
        new_job_of(fleets["Berlin"]),
        {**FILLED, "template_name": name, "action": "save_template"},
    )

    assert page.status_code == status
    assert message in (problem_next_to(page, "template_name") or "")
    assert '<details class="save-template field has-problem" id="field-template_name" open>' in (
        page.text
    )
    assert form_values(page)["vin"] == "WVWZZZE1ZNP000301"
    assert await database_contents(uow) == before


async def test_save_as_template_with_bad_data_saves_no_template(signed_in, fleets, uow):
    before = await database_contents(uow)

    page = await post_form(
        signed_in,
        new_job_of(fleets["Berlin"]),
        {"vin": "nope", "template_name": "Broken", "action": "save_template"},
    )

    assert page.status_code == 400
    assert problem_next_to(page, "vin")
    assert await count(uow, Template) == 0
    assert await database_contents(uow) == before


async def test_templates_offered_are_the_fleets_own_of_the_jobs_type(
    signed_in, fleets, manager, uow
):
    await make_template(uow, manager, fleets["Berlin"], name="EV setup – standard")
    await make_template(uow, manager, fleets["Munich"], name="Munich only")
    async with uow() as work:
        await templates.create_template(
            work,
            manager,
            fleet_id=fleets["Berlin"],
            name="Lock repair",
            fields=job_fields(job_type=JobType.MAINTENANCE.value, maintenance_type="REPAIR"),
        )

    installation = await signed_in.get(new_job_of(fleets["Berlin"]))
    maintenance = await signed_in.get(f"{new_job_of(fleets['Berlin'])}?type=maintenance")

    assert ">EV setup – standard</option>" in installation.text
    assert "Lock repair" not in installation.text
    assert "Munich only" not in installation.text
    assert ">Lock repair</option>" in maintenance.text


async def test_the_same_new_job_form_sent_twice_saves_one_job(signed_in, uow, fleets):
    from core.db.models import Job
    from tests.factories import count

    form = await signed_in.get(new_job_of(fleets["Berlin"]))
    values = {**form_values(form), "license_plate": "B-FC 21", "action": "save"}

    first = await signed_in.post(new_job_of(fleets["Berlin"]), data=values)
    second = await signed_in.post(new_job_of(fleets["Berlin"]), data=values)

    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert await count(uow, Job) == 1
    page = await signed_in.get(second.headers["location"])
    assert "This form was saved already, as job" in page.text
